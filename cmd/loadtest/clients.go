package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mealbuddy/internal/schema"
	"mealbuddy/internal/sseclient"
)

// tab is one browser tab: a room page of its room, or an eavesdropper.
type tab struct {
	post  string // the room; "" for an eavesdropper
	token string
	keys  []string
	conn  *sseclient.Conn

	mu        sync.Mutex
	seen      map[seenKey]int // deliveries per subscription key and message
	latencies []time.Duration
	foreign   []string // what it should never have received
}

type seenKey struct {
	key string
	seq int
}

// roomPage is what the web app's room page subscribes (stores/group,
// stores/room and stores/order), with pb.filter's quoting; layout what
// every signed-in page adds (stores/chats and stores/notifications).
func roomPage(post string) []string {
	ofPost := fmt.Sprintf("post = '%s'", post)
	return []string{
		"posts/" + post,
		sseclient.Key("memberships/*", "filter", ofPost, "expand", "user"),
		sseclient.Key("messages/*", "filter", ofPost, "expand", "author"),
		sseclient.Key("order_items/*", "filter", ofPost),
	}
}

func layout(me string) []string {
	return []string{"messages/*", "memberships/*",
		sseclient.Key("posts/*", "filter", fmt.Sprintf("memberships_via_post.user ?= '%s'", me)),
		"notifications/*"}
}

// eavesdropping is what an outsider tries on a room they are not in: no
// filter, PocketBase's old spelling, filters that are always true, and
// the room's own subscriptions.
func eavesdropping(post string) []string {
	return append([]string{
		schema.Messages + "/*",
		schema.Messages,
		schema.Memberships + "/*",
		sseclient.Key(schema.Messages+"/*", "filter", fmt.Sprintf("post = '%s' || 1=1", post)),
		sseclient.Key(schema.Messages+"/*", "filter", "post != ''", "expand", "author"),
	}, roomPage(post)...)
}

// messageKeys are the keys of t that a message of its room answers.
func (t *tab) messageKeys() int {
	n := 0
	for _, k := range t.keys {
		if strings.HasPrefix(k, schema.Messages+"/*") || k == schema.Messages {
			n++
		}
	}
	return n
}

// onEvent accounts for one event: a message of its own room (the body
// names its send sequence number), or anything else, which is foreign
// for an eavesdropper and for a message of another room.
func (t *tab) onEvent(l *load, e sseclient.Event) {
	var data struct {
		Action string `json:"action"`
		Record struct {
			Post string `json:"post"`
			Body string `json:"body"`
		} `json:"record"`
	}
	_ = json.Unmarshal(e.Data, &data)
	t.mu.Lock()
	defer t.mu.Unlock()
	isMessage := strings.HasPrefix(e.Name, schema.Messages)
	if t.post == "" || isMessage && data.Record.Post != t.post {
		t.foreign = append(t.foreign, e.Name+" "+data.Action+" "+string(e.Data))
		return
	}
	seq, ok := parseSeq(data.Record.Body)
	if !isMessage || data.Action != "create" || !ok {
		return // the room's other events: none are made during the run
	}
	k := seenKey{e.Name, seq}
	t.seen[k]++
	if t.seen[k] == 1 {
		if sent := l.sentAt(seq); !sent.IsZero() {
			t.latencies = append(t.latencies, e.At.Sub(sent))
		}
	}
}

func parseSeq(body string) (int, bool) {
	rest, ok := strings.CutPrefix(body, bodyPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// connectAll opens every tab, at most parallel at a time, within the
// context's time.
func connectAll(ctx context.Context, hc *http.Client, base string, l *load, tabs []*tab, parallel int) (failed int, firstErr error) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var fails atomic.Int64
	slots := make(chan struct{}, parallel)
	for _, t := range tabs {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			fails.Add(1)
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			t.seen = map[seenKey]int{}
			conn, err := sseclient.Dial(l.streams, hc, base, func(e sseclient.Event) { t.onEvent(l, e) })
			if err == nil {
				t.conn = conn
				err = conn.Subscribe(ctx, t.token, t.keys...)
			}
			if err != nil {
				fails.Add(1)
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return int(fails.Load()), firstErr
}

// streamClient is the HTTP client of the event streams: one connection
// each, however many.
func streamClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost:   64, // the subscription POSTs: as many as connect at once
		ResponseHeaderTimeout: 30 * time.Second,
		DisableCompression:    true,
	}}
}
