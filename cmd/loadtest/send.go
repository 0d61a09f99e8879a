package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// bodyPrefix starts every message body, followed by its sequence number.
const bodyPrefix = "부하 "

// load is one run: the messages sent and when.
type load struct {
	streams context.Context // the event streams' lifetime
	sent    []atomic.Int64  // unix nanoseconds at which message seq was sent; 0: not (yet)
	ok      []atomic.Bool   // its POST answered 200

	mu       sync.Mutex
	posts    []time.Duration // POST latencies of the accepted messages
	failures map[string]int  // refused or failed POSTs by reason
	skipped  atomic.Int64    // sends not started: too many in flight
}

func newLoad(streams context.Context, total int) *load {
	return &load{streams: streams, sent: make([]atomic.Int64, total), ok: make([]atomic.Bool, total), failures: map[string]int{}}
}

func (l *load) sentAt(seq int) time.Time {
	if seq < 0 || seq >= len(l.sent) {
		return time.Time{}
	}
	if n := l.sent[seq].Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// send posts len(l.sent) messages at rate per second, open loop: on
// schedule whatever the server's answers take, spread over the rooms and,
// within a room, over its members (the rate limit is 20 messages per
// 10 s per user). At most maxInFlight are outstanding; a send that would
// exceed it is skipped and counted.
func (l *load) send(ctx context.Context, hc *http.Client, base string, m *manifest, rate float64, maxInFlight int) {
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	inFlight := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	for seq := range l.sent {
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-time.After(time.Until(start.Add(time.Duration(seq) * interval))):
		}
		r := m.Rooms[seq%len(m.Rooms)]
		author := r.Members[(seq/len(m.Rooms))%len(r.Members)]
		select {
		case inFlight <- struct{}{}:
		default:
			l.skipped.Add(1)
			continue
		}
		wg.Go(func() {
			defer func() { <-inFlight }()
			l.post(ctx, hc, base, seq, r.Post, author.Token)
		})
	}
	wg.Wait()
}

func (l *load) post(ctx context.Context, hc *http.Client, base string, seq int, post, token string) {
	body, _ := json.Marshal(map[string]string{"post": post, "body": fmt.Sprintf("%s%d", bodyPrefix, seq)})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/collections/messages/records", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	began := time.Now()
	l.sent[seq].Store(began.UnixNano())
	res, err := hc.Do(req)
	took := time.Since(began)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.failures["error"]++
		return
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		l.failures[res.Status]++
		return
	}
	l.ok[seq].Store(true)
	l.posts = append(l.posts, took)
}

// postClient is the HTTP client of the message POSTs.
func postClient(timeout time.Duration) *http.Client {
	return &http.Client{Timeout: timeout, Transport: &http.Transport{MaxIdleConnsPerHost: 512, DisableCompression: true}}
}
