// Command loadtest measures MealBuddy's realtime delivery as the web app
// uses it: R rooms with N SSE clients subscribed as the room page
// subscribes (GET /api/realtime, then POST /api/realtime with the room
// page's keys, as the JS SDK does), messages sent at a fixed open-loop
// rate through the API, and eavesdroppers who subscribe to everything
// they can think of and must receive nothing. It prints the delivery
// latency (p50, p99, max), lost, duplicate and foreign deliveries, the
// message POST latency and the server's memory and CPU.
//
// It starts the server (`bin/mealbuddy serve --dev=false`) on 127.0.0.1
// on a data directory it seeds itself, or targets a running one with
// -server (on loopback, with -dir naming a directory this tool seeded).
// Every loop is bounded in count and time; it stops by itself. See
// `make loadtest` and docs/BENCHMARKS.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

type options struct {
	rooms, clients, eavesdroppers int
	rate                          float64
	duration, drain, postTimeout  time.Duration
	setupTimeout                  time.Duration
	parallel                      int
	layout                        bool

	bin, dir, server string
	serverEnv        []string
	port, pid        int
	posts            int
	keep             bool
	seedOnly         bool
}

// perRoom is the number of room clients in each room (a room holds at
// most ten people).
func (o options) perRoom() int { return o.clients / o.rooms }

func main() {
	var o options
	flag.IntVar(&o.rooms, "rooms", 100, "rooms (posts), each with clients/rooms members")
	flag.IntVar(&o.clients, "clients", 1000, "SSE clients subscribed as the room page, spread over the rooms (at most 10 a room)")
	flag.IntVar(&o.eavesdroppers, "eavesdroppers", 20, "SSE clients of another neighbourhood subscribing to every room they can; must receive nothing")
	flag.Float64Var(&o.rate, "rate", 20, "messages per second, in total")
	flag.DurationVar(&o.duration, "duration", 30*time.Second, "how long messages are sent")
	flag.DurationVar(&o.drain, "drain", 5*time.Second, "how long to wait for deliveries after the last send")
	flag.DurationVar(&o.postTimeout, "post-timeout", 30*time.Second, "give up on a message POST after this")
	flag.DurationVar(&o.setupTimeout, "setup-timeout", 3*time.Minute, "bound on connecting and subscribing every client")
	flag.IntVar(&o.parallel, "parallel", 64, "connections opened at once while connecting")
	flag.BoolVar(&o.layout, "layout", false, "also subscribe each client as every signed-in page does (the chat list's messages/*, memberships/* and my posts; notifications/*)")
	flag.StringVar(&o.bin, "bin", "bin/mealbuddy", "the server binary to start")
	flag.StringVar(&o.dir, "dir", "", "data directory (seeded when it has no "+manifestName+"); default: a temporary one, removed afterwards")
	flag.Func("server-env", "NAME=value in the environment of the server started here, e.g. GOMEMLIMIT=450MiB (repeatable)", func(v string) error {
		o.serverEnv = append(o.serverEnv, v)
		return nil
	})
	flag.StringVar(&o.server, "server", "", "target this running server (http://127.0.0.1:PORT) instead of starting one; needs -dir")
	flag.IntVar(&o.pid, "pid", 0, "with -server: its process id, for its memory and CPU")
	flag.IntVar(&o.port, "port", 8491, "port of the server started here, on 127.0.0.1")
	flag.IntVar(&o.posts, "posts", 0, "when seeding: also this many demo posts (the board of a city: 100000)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary data directory")
	flag.BoolVar(&o.seedOnly, "seed-only", false, "seed -dir and stop")
	flag.Parse()

	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func (o options) check() error {
	switch {
	case o.rooms < 1 || o.clients < o.rooms:
		return errors.New("need at least one room and one client a room")
	case o.perRoom() > 10:
		return fmt.Errorf("%d clients a room: a room holds at most 10 people; add rooms", o.perRoom())
	case o.rate <= 0 || o.duration <= 0:
		return errors.New("rate and duration must be positive")
	case o.server != "" && o.dir == "":
		return errors.New("-server needs -dir: the directory this tool seeded for that server")
	}
	if o.server != "" {
		u, err := url.Parse(o.server)
		if err != nil || u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1" {
			return errors.New("-server must be on loopback (http://127.0.0.1:PORT)")
		}
	}
	return nil
}

func run(o options) error {
	if err := o.check(); err != nil {
		return err
	}
	files, err := raiseFileLimit()
	if err != nil {
		return fmt.Errorf("open-files limit: %w", err)
	}
	if need := uint64(o.clients+o.eavesdroppers) + 200; files < need {
		return fmt.Errorf("the open-files limit is %d, %d connections need about %d: raise it (ulimit -n)", files, o.clients+o.eavesdroppers, need)
	}

	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "loadtest-data-"); err != nil {
			return err
		}
		if o.keep {
			fmt.Fprintln(os.Stderr, "data directory:", dir)
		} else {
			defer os.RemoveAll(dir)
		}
	}

	var m *manifest
	if o.server == "" {
		// Seeding is not interruptible but by the signal's default: it
		// leaves nothing running.
		if m, err = prepare(dir, o); err != nil {
			return err
		}
		if o.seedOnly {
			return nil
		}
	}
	// From here an interrupt ends the run cleanly, the server included.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var srv *server
	if o.server == "" {
		if srv, err = startServer(ctx, o.bin, dir, o.port, o.serverEnv); err != nil {
			return err
		}
		defer srv.stop()
	} else {
		if m, err = readManifest(dir); err == nil {
			m, err = m.shape(o.rooms, o.perRoom(), o.eavesdroppers)
		}
		if err != nil {
			return err
		}
		srv = &server{url: o.server, pid: o.pid}
	}

	res, err := measure(ctx, o, m, srv)
	if err != nil {
		return err
	}
	res.print(os.Stdout, o, srv)
	if res.foreign > 0 || res.lost > 0 {
		return fmt.Errorf("%d foreign and %d lost deliveries", res.foreign, res.lost)
	}
	return nil
}

// measure connects the clients, sends the messages and counts.
func measure(ctx context.Context, o options, m *manifest, srv *server) (*result, error) {
	streams, closeStreams := context.WithCancel(ctx)
	defer closeStreams()
	total := int(o.rate * o.duration.Seconds())
	l := newLoad(streams, total)

	var tabs []*tab
	for _, r := range m.Rooms {
		for _, p := range r.Members {
			t := &tab{post: r.Post, token: p.Token, keys: roomPage(r.Post)}
			if o.layout {
				t.keys = append(t.keys, layout(p.Id)...)
			}
			tabs = append(tabs, t)
		}
	}
	for i, p := range m.Eavesdroppers {
		tabs = append(tabs, &tab{token: p.Token, keys: eavesdropping(m.Rooms[i%len(m.Rooms)].Post)})
	}

	u := &usage{pid: srv.pid}
	go u.sample(streams)
	res := &result{started: time.Now()}

	setup, cancelSetup := context.WithTimeout(ctx, o.setupTimeout)
	defer cancelSetup()
	began := time.Now()
	hc := streamClient()
	res.connectFailed, res.connectErr = connectAll(setup, hc, srv.url, l, tabs, o.parallel)
	res.connectTime = time.Since(began)
	res.connected = len(tabs) - res.connectFailed
	if res.connectFailed > 0 {
		return nil, fmt.Errorf("%d of %d clients could not connect or subscribe: %v", res.connectFailed, len(tabs), res.connectErr)
	}
	res.idleRSS, _ = u.rss()
	fmt.Fprintf(os.Stderr, "connected %d clients in %s; sending %d messages at %g/s\n", len(tabs), res.connectTime.Round(time.Millisecond), total, o.rate)

	res.loadBefore = loadAverage()
	cpuBefore, _ := cpuTime(srv.pid)
	var self0 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self0)
	sending, stopSending := context.WithTimeout(ctx, o.duration+o.postTimeout+5*time.Second)
	defer stopSending()
	sendStart := time.Now()
	l.send(sending, postClient(o.postTimeout), srv.url, m, o.rate, 4096)
	select {
	case <-time.After(o.drain):
	case <-ctx.Done():
	}
	elapsed := time.Since(sendStart)
	res.loadAfter = loadAverage()
	if cpuAfter, err := cpuTime(srv.pid); err == nil && srv.pid != 0 {
		res.serverCPU = float64(cpuAfter-cpuBefore) / float64(elapsed)
	}
	var self1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self1)
	res.toolCPU = float64(rusageTime(self1)-rusageTime(self0)) / float64(elapsed)
	res.rss, res.peakRSS = u.rss()

	for _, t := range tabs {
		if t.conn != nil {
			t.conn.Close()
		}
	}
	res.count(l, m, tabs)
	return res, ctx.Err()
}

func rusageTime(r syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

var cpus = runtime.NumCPU()
