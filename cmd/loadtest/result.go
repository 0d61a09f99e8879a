package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// result is what a run measured.
type result struct {
	started       time.Time
	connected     int
	connectFailed int
	connectErr    error
	connectTime   time.Duration

	sent, accepted, skipped int
	failures                map[string]int
	posts                   []time.Duration

	expected, delivered, lost, duplicates, foreign int
	unanswered                                     int // deliveries of messages whose POST failed
	latencies                                      []time.Duration
	foreignSample                                  []string

	idleRSS, rss, peakRSS uint64
	serverCPU, toolCPU    float64 // cores
	loadBefore, loadAfter string  // the machine's 1-minute load average
}

// count compares what every tab received with what it should have: each
// accepted message of its room once on each of its message subscriptions.
func (r *result) count(l *load, m *manifest, tabs []*tab) {
	r.sent = len(l.sent) - int(l.skipped.Load())
	r.skipped = int(l.skipped.Load())
	l.mu.Lock()
	r.failures, r.posts = l.failures, l.posts
	l.mu.Unlock()
	r.accepted = len(r.posts)

	perRoom := map[string]int{}
	for seq := range l.ok {
		if l.ok[seq].Load() {
			perRoom[m.Rooms[seq%len(m.Rooms)].Post]++ // as send chose it
		}
	}
	for _, t := range tabs {
		t.mu.Lock()
		r.foreign += len(t.foreign)
		for _, f := range t.foreign {
			if len(r.foreignSample) < 5 {
				r.foreignSample = append(r.foreignSample, f)
			}
		}
		if t.post != "" {
			want := perRoom[t.post] * t.messageKeys()
			got := 0
			for k, n := range t.seen {
				if l.ok[k.seq].Load() {
					got++
				} else {
					r.unanswered++
				}
				r.duplicates += n - 1
			}
			r.expected += want
			r.delivered += got
			r.lost += max(want-got, 0)
			r.latencies = append(r.latencies, t.latencies...)
		}
		t.mu.Unlock()
	}
}

func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= 100*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
}

// loadAverage is the machine's 1-minute load average.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func mb(b uint64) string { return fmt.Sprintf("%d MB", b>>20) }

func (r *result) print(w io.Writer, o options, srv *server) {
	rooms := o.rooms
	fmt.Fprintf(w, "\nMealBuddy realtime load, %s, %d CPUs (shared by the server and this tool)\n", r.started.Format("2006-01-02 15:04"), cpus)
	fmt.Fprintf(w, "server      %s (pid %d) %s\n", srv.url, srv.pid, strings.Join(o.serverEnv, " "))
	fmt.Fprintf(w, "clients     %d room clients in %d rooms (%d each%s) + %d eavesdroppers, connected in %s\n",
		o.clients, rooms, o.perRoom(), map[bool]string{true: ", with the layout's subscriptions", false: ""}[o.layout], o.eavesdroppers, ms(r.connectTime))
	fmt.Fprintf(w, "messages    %d sent at %g/s for %s: %d accepted, %d skipped (too many in flight), failures %v\n",
		r.sent, o.rate, o.duration, r.accepted, r.skipped, r.failures)
	fmt.Fprintf(w, "delivery    p50 %s, p99 %s, max %s\n", ms(percentile(r.latencies, .5)), ms(percentile(r.latencies, .99)), ms(percentile(r.latencies, 1)))
	fmt.Fprintf(w, "            %d expected, %d delivered, %d lost, %d duplicates, %d foreign (of the accepted messages)\n", r.expected, r.delivered, r.lost, r.duplicates, r.foreign)
	if r.unanswered > 0 {
		fmt.Fprintf(w, "            and %d deliveries of messages whose POST failed (stored, but answered too late)\n", r.unanswered)
	}
	for _, f := range r.foreignSample {
		fmt.Fprintf(w, "            foreign: %.200s\n", f)
	}
	fmt.Fprintf(w, "POST        p50 %s, p99 %s, max %s\n", ms(percentile(r.posts, .5)), ms(percentile(r.posts, .99)), ms(percentile(r.posts, 1)))
	if srv.pid != 0 {
		fmt.Fprintf(w, "server      RSS %s connected and idle, %s at the end, %s at most; CPU %.0f%% of a core while sending\n",
			mb(r.idleRSS), mb(r.rss), mb(r.peakRSS), 100*r.serverCPU)
	}
	fmt.Fprintf(w, "this tool   CPU %.0f%% of a core while sending\n", 100*r.toolCPU)
	fmt.Fprintf(w, "machine     load average %s before sending, %s after (other work on the machine shows here)\n", r.loadBefore, r.loadAfter)
	fmt.Fprintf(w, "\n| connected | rooms | msg/s | delivery p50 | p99 | max | lost | dup | foreign | POST p50 | POST p99 | server RSS (max) | server CPU |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(w, "| %d | %d | %g | %s | %s | %s | %d | %d | %d | %s | %s | %s | %.0f%% |\n",
		r.connected, rooms, o.rate, ms(percentile(r.latencies, .5)), ms(percentile(r.latencies, .99)), ms(percentile(r.latencies, 1)),
		r.lost, r.duplicates, r.foreign, ms(percentile(r.posts, .5)), ms(percentile(r.posts, .99)), mb(r.peakRSS), 100*r.serverCPU)
}
