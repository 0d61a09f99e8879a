package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// raiseFileLimit lifts this process's open-files limit to its hard limit:
// every SSE connection is a file, on both ends. A server started here
// inherits the raised limit.
func raiseFileLimit() (uint64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, err
	}
	if l.Cur < l.Max {
		l.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return 0, err
		}
	}
	return l.Cur, nil
}

// server is the server under test, started here or already running.
type server struct {
	url    string
	pid    int // 0: unknown (not started here and no -pid)
	log    string
	exited chan error // nil when not started here
}

// startServer runs `bin serve` on dir, on 127.0.0.1:port, with
// --dev=false (dev mode logs every SQL statement) and env added to this
// process's environment, and waits until it answers /api/health.
func startServer(ctx context.Context, bin, dir string, port int, env []string) (*server, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	logFile, err := os.CreateTemp("", "loadtest-server-*.log")
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(bin, "serve", "--dir", dir, "--http", addr, "--dev=false",
		"--publicDir", filepath.Join(dir, "no-web-app"))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{url: "http://" + addr, pid: cmd.Process.Pid, log: logFile.Name(), exited: make(chan error, 1)}
	go func() { s.exited <- cmd.Wait() }()

	deadline := time.After(60 * time.Second)
	for {
		select {
		case err := <-s.exited:
			return nil, fmt.Errorf("the server exited (%v); its log: %s", err, s.log)
		case <-deadline:
			s.stop()
			return nil, fmt.Errorf("the server did not answer within 60 s; its log: %s", s.log)
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if res, err := http.Get(s.url + "/api/health"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
	}
}

// stop ends a server started here: SIGTERM, then SIGKILL after 10 s.
func (s *server) stop() {
	if s.exited == nil {
		return
	}
	p, err := os.FindProcess(s.pid)
	if err != nil {
		return
	}
	p.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		p.Kill()
		<-s.exited
	}
	s.exited = nil
}

// usage samples the server's resident memory and CPU time from /proc.
type usage struct {
	pid     int
	mu      sync.Mutex
	maxRSS  uint64 // bytes
	lastRSS uint64
}

func (u *usage) sample(ctx context.Context) {
	if u.pid == 0 {
		return
	}
	for {
		if rss, err := residentBytes(u.pid); err == nil {
			u.mu.Lock()
			u.lastRSS, u.maxRSS = rss, max(u.maxRSS, rss)
			u.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (u *usage) rss() (last, peak uint64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.lastRSS, u.maxRSS
}

func residentBytes(pid int) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS")
}

// cpuTime is the user and system time a process has used.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: fields count from the last ')'.
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(fields) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, _ := strconv.ParseUint(fields[11], 10, 64)
	stime, _ := strconv.ParseUint(fields[12], 10, 64)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks, nil
}
