package realtime_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/config"
	"mealbuddy/internal/sseclient"
	"mealbuddy/testsupport/testapp"
)

// A stream taken over from PocketBase's handler answers as net/http
// would: status, PocketBase's headers and its middlewares' (those of any
// other answer), chunked, PB_CONNECT first.
func TestStreamLooksLikePocketBases(t *testing.T) {
	w := newWorld(t)
	get := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, w.url+path, nil)
		req.Header.Set("Origin", "http://example.com")
		res, err := w.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	health := get("/api/health")
	health.Body.Close()
	res := get("/api/realtime")
	defer res.Body.Close()
	want := http.Header{}
	for name, values := range health.Header {
		switch name {
		case "Content-Type", "Content-Length", "Date":
		default:
			want[name] = values
		}
	}
	want.Set("Content-Type", "text/event-stream")
	want.Set("Cache-Control", "no-store")
	want.Set("X-Accel-Buffering", "no")
	for name := range want {
		if got := res.Header.Values(name); strings.Join(got, ",") != strings.Join(want.Values(name), ",") {
			t.Errorf("%s: %q, want %q", name, got, want.Values(name))
		}
	}
	if res.StatusCode != http.StatusOK || len(res.TransferEncoding) == 0 || res.TransferEncoding[0] != "chunked" {
		t.Errorf("status %d, transfer encoding %v", res.StatusCode, res.TransferEncoding)
	}
	r := bufio.NewReader(res.Body)
	var lines []string
	for len(lines) < 3 {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.TrimSpace(line))
	}
	if !strings.HasPrefix(lines[0], "id:") || lines[1] != "event:PB_CONNECT" || !strings.HasPrefix(lines[2], `data:{"clientId":"`) {
		t.Errorf("first event: %q", lines)
	}
}

// The stream keeps PocketBase's connection rules: the idle timeout an
// OnRealtimeConnectRequest hook sets ends it, and every message goes
// through the OnRealtimeMessageSend hooks.
func TestStreamKeepsPocketBasesHooks(t *testing.T) {
	app := testapp.New(t, config.Default())
	app.OnRealtimeConnectRequest().BindFunc(func(e *core.RealtimeConnectRequestEvent) error {
		e.IdleTimeout = 300 * time.Millisecond
		return e.Next()
	})
	var sent atomic.Int64
	app.OnRealtimeMessageSend().BindFunc(func(e *core.RealtimeMessageEvent) error {
		sent.Add(1)
		return e.Next()
	})
	srv := testapp.Serve(t, app)
	conn, err := sseclient.Dial(context.Background(), srv.Client(), srv.URL, func(sseclient.Event) {})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-conn.Done():
	case <-time.After(5 * time.Second):
		t.Error("the idle timeout set by a hook did not end the stream")
	}
	if sent.Load() != 1 {
		t.Errorf("%d messages went through OnRealtimeMessageSend, want PB_CONNECT", sent.Load())
	}
}

// A client that leaves is forgotten at once, without waiting for the
// idle timeout.
func TestStreamNoticesTheClientLeaving(t *testing.T) {
	app := testapp.New(t, config.Default())
	srv := testapp.Serve(t, app)
	conn, err := sseclient.Dial(context.Background(), srv.Client(), srv.URL, func(sseclient.Event) {})
	if err != nil {
		t.Fatal(err)
	}
	if n := app.SubscriptionsBroker().TotalClients(); n != 1 {
		t.Fatalf("%d clients registered, want 1", n)
	}
	conn.Close()
	for deadline := time.Now().Add(5 * time.Second); app.SubscriptionsBroker().TotalClients() != 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a client that left is still registered")
		}
	}
}

// Ending the app ends the streams: net/http's shutdown does not know them.
func TestStreamEndsWithTheApp(t *testing.T) {
	app := testapp.Open(t, t.TempDir(), config.Default())
	srv := httptest.NewServer(testapp.Handler(t, app))
	defer srv.Close()
	conn, err := sseclient.Dial(context.Background(), srv.Client(), srv.URL, func(sseclient.Event) {})
	if err != nil {
		t.Fatal(err)
	}
	app.Cleanup() // triggers OnTerminate
	select {
	case <-conn.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the stream outlived the app")
	}
}

// Over HTTP/2 a connection cannot be taken over: PocketBase's handler
// keeps it, with the same delivery.
func TestHTTP2KeepsPocketBasesHandler(t *testing.T) {
	app := testapp.New(t, config.Default())
	fastPasswords(t, app)
	srv := httptest.NewUnstartedServer(testapp.Handler(t, app))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close) // after the tabs close: it waits for their requests
	w := &world{t: t, app: app, url: srv.URL, http: srv.Client()}
	host, member := w.user(addrA), w.user(addrA)
	post := w.post(host)
	w.join(post, member)
	tab := w.connect(member, roomPage(post.Id)...)
	w.say(post, host, "h2")
	tab.expect("the message over HTTP/2", isMessage("h2"))
}
