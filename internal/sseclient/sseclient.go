// Package sseclient is a PocketBase realtime client that talks to the
// server the way the official JS SDK does: one `GET /api/realtime` event
// stream, the clientId from its PB_CONNECT event, and `POST /api/realtime`
// with the whole list of subscription keys, each key spelled as the SDK
// spells it (Key). The realtime tests and cmd/loadtest use it, so that
// both exercise the path a browser takes.
package sseclient

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Event is one server-sent event other than PB_CONNECT. Name is the
// subscription key it answers (the SDK dispatches on it); Data the JSON
// `{"action":…, "record":…}`.
type Event struct {
	Name string
	Data []byte
	At   time.Time // when it was read
}

// Conn is one open event stream.
type Conn struct {
	ID string // the clientId of PB_CONNECT

	base   string
	http   *http.Client
	body   io.Closer
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

// Dial opens the event stream of the server at base (e.g.
// http://127.0.0.1:8090) and waits for PB_CONNECT. Every later event is
// passed to onEvent, in order, from the stream's own goroutine; the stream
// ends with ctx, Close or the server.
func Dial(ctx context.Context, hc *http.Client, base string, onEvent func(Event)) (*Conn, error) {
	streamCtx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(streamCtx, http.MethodGet, base+"/api/realtime", nil)
	if err != nil {
		cancel()
		return nil, err
	}
	req.Header.Set("Accept", "text/event-stream")
	res, err := hc.Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		cancel()
		return nil, fmt.Errorf("GET /api/realtime: %s", res.Status)
	}

	c := &Conn{base: base, http: hc, body: res.Body, cancel: cancel, done: make(chan struct{})}
	r := bufio.NewReader(res.Body)
	first, err := readEvent(r)
	if err != nil || first.Name != "PB_CONNECT" {
		c.Close()
		return nil, fmt.Errorf("no PB_CONNECT: %v", err)
	}
	var connect struct {
		ClientID string `json:"clientId"`
	}
	if err := json.Unmarshal(first.Data, &connect); err != nil || connect.ClientID == "" {
		c.Close()
		return nil, fmt.Errorf("PB_CONNECT %q: %v", first.Data, err)
	}
	c.ID = connect.ClientID

	go func() {
		defer c.Close()
		for {
			e, err := readEvent(r)
			if err != nil {
				return
			}
			onEvent(e)
		}
	}()
	return c, nil
}

// readEvent reads one event: `id:`, `event:` and `data:` lines up to a
// blank line, as PocketBase writes them (subscriptions.Message.WriteSSE).
func readEvent(r *bufio.Reader) (Event, error) {
	var e Event
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return e, err
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
			if e.Name != "" || e.Data != nil {
				e.At = time.Now()
				return e, nil
			}
		case bytes.HasPrefix(line, []byte("event:")):
			e.Name = string(bytes.TrimSpace(line[len("event:"):]))
		case bytes.HasPrefix(line, []byte("data:")):
			e.Data = append(e.Data, bytes.TrimPrefix(line[len("data:"):], []byte(" "))...)
		}
	}
}

// Subscribe replaces the connection's subscriptions with keys, signed in
// with token ("" for a guest), as the SDK's sendSubscriptions does.
func (c *Conn) Subscribe(ctx context.Context, token string, keys ...string) error {
	if keys == nil {
		keys = []string{}
	}
	body, _ := json.Marshal(map[string]any{"clientId": c.ID, "subscriptions": keys})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/api/realtime", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusNoContent {
		return &StatusError{Status: res.StatusCode, Body: string(msg)}
	}
	return nil
}

// StatusError is a refused subscription request.
type StatusError struct {
	Status int
	Body   string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("POST /api/realtime: %d %s", e.Status, e.Body)
}

// Done is closed when the stream has ended.
func (c *Conn) Done() <-chan struct{} { return c.done }

// Close ends the stream. It is safe to call more than once.
func (c *Conn) Close() {
	c.once.Do(func() {
		c.cancel()
		c.body.Close()
		close(c.done)
	})
}

// Key is the subscription key the JS SDK sends for topic (`messages/*`,
// `posts/ID`) with the query options given as name, value pairs in the
// order the caller's options object names them: the topic alone without
// options, otherwise `topic?options=` and the URI-encoded
// `{"query":{…}}` (RealtimeService.subscribe). The key is also the name of
// the events that answer it.
func Key(topic string, query ...string) string {
	if len(query) == 0 {
		return topic
	}
	if len(query)%2 != 0 {
		panic("sseclient.Key: query needs name, value pairs")
	}
	var b strings.Builder
	b.WriteString(`{"query":{`)
	for i := 0; i < len(query); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsonString(query[i]))
		b.WriteByte(':')
		b.WriteString(jsonString(query[i+1]))
	}
	b.WriteString(`}}`)
	sep := "?"
	if strings.Contains(topic, "?") {
		sep = "&"
	}
	return topic + sep + "options=" + encodeURIComponent(b.String())
}

// jsonString is JSON.stringify of a string: unlike json.Marshal it leaves
// <, > and & as they are.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// encodeURIComponent is JavaScript's: everything but A–Z a–z 0–9 and
// - _ . ! ~ * ' ( ) is percent-encoded as UTF-8.
func encodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if 'A' <= ch && ch <= 'Z' || 'a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9' || strings.IndexByte("-_.!~*'()", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&15])
	}
	return b.String()
}
