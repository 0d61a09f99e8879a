package realtime_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/internal/sseclient"
	"mealbuddy/testsupport/testapp"
)

const (
	addrA = "서울특별시 강남구 역삼동"
	addrB = "서울특별시 종로구 청운동"
)

// world is the real app served over real HTTP, with real SSE clients.
type world struct {
	t    *testing.T
	app  *tests.TestApp
	url  string
	http *http.Client
	n    int // names made so far
}

func newWorld(t *testing.T) *world {
	t.Helper()
	app := testapp.New(t, config.Default())
	fastPasswords(t, app)
	srv := testapp.Serve(t, app)
	return &world{t: t, app: app, url: srv.URL, http: srv.Client()}
}

// fastPasswords lowers the bcrypt cost of this test database's users:
// the tests make a hundred of them.
func fastPasswords(t testing.TB, app core.App) {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	users.Fields.GetByName("password").(*core.PasswordField).Cost = 4
	if err := app.Save(users); err != nil {
		t.Fatal(err)
	}
}

func (w *world) user(address string) *core.Record {
	w.t.Helper()
	w.n++
	return testapp.User(w.t, w.app, fmt.Sprintf("u%d@test.com", w.n), fmt.Sprintf("사람%d", w.n), address)
}

func (w *world) post(host *core.Record, id ...string) *core.Record {
	w.t.Helper()
	return testapp.Create(w.t, w.app, "posts", map[string]any{
		"title": "족발 같이 시켜요", "category": "jokbal_bossam", "host": host.Id, "targetCount": 10,
	}, id...)
}

func (w *world) join(post, u *core.Record) *core.Record {
	w.t.Helper()
	return testapp.Create(w.t, w.app, "memberships", map[string]any{"post": post.Id, "user": u.Id})
}

// say sends a message as u through the API, as the web app does.
func (w *world) say(post, u *core.Record, body string) string {
	w.t.Helper()
	var m struct {
		Id string `json:"id"`
	}
	w.do(u, http.MethodPost, "/api/collections/messages/records", map[string]any{"post": post.Id, "body": body}, http.StatusOK, &m)
	return m.Id
}

// do sends an API request as u and checks its status.
func (w *world) do(u *core.Record, method, path string, body any, status int, out any) {
	w.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, w.url+path, r)
	req.Header.Set("Content-Type", "application/json")
	if u != nil {
		req.Header.Set("Authorization", testapp.Token(w.t, u))
	}
	res, err := w.http.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		w.t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, got)
	}
	if out != nil {
		if err := json.Unmarshal(got, out); err != nil {
			w.t.Fatal(err)
		}
	}
}

func (w *world) reload(collection, id string) *core.Record {
	w.t.Helper()
	r, err := w.app.FindRecordById(collection, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// --- subscription keys, as the web app's stores make them ---------------------

func ofPost(post string) string { return fmt.Sprintf("post = '%s'", post) }

// roomPage is what the room page subscribes (room, group and order stores).
func roomPage(post string) []string {
	return []string{
		sseclient.Key("messages/*", "filter", ofPost(post), "expand", "author"),
		"posts/" + post,
		sseclient.Key("memberships/*", "filter", ofPost(post), "expand", "user"),
		sseclient.Key("order_items/*", "filter", ofPost(post)),
	}
}

// chatList is what every signed-in page subscribes (ChatList.start).
func chatList(me string) []string {
	return []string{
		"messages/*",
		"memberships/*",
		sseclient.Key("posts/*", "filter", fmt.Sprintf("memberships_via_post.user ?= '%s'", me)),
	}
}

// board is what the board subscribes (Board.start).
func board(me string) []string {
	return []string{"posts/*", sseclient.Key("memberships/*", "filter", fmt.Sprintf("user = '%s'", me))}
}

// --- clients ------------------------------------------------------------------

// client is one browser tab: an SSE connection and what it received.
type client struct {
	w      *world
	u      *core.Record
	conn   *sseclient.Conn
	events chan received
	mu     sync.Mutex
	all    []received
}

type received struct {
	Key    string
	Action string
	Record map[string]any
	Raw    string
}

func (r received) collection() string { c, _, _ := strings.Cut(r.Key, "/"); return c }

// connect opens a tab for u (nil: a guest) subscribed to keys.
func (w *world) connect(u *core.Record, keys ...string) *client {
	w.t.Helper()
	c := &client{w: w, u: u, events: make(chan received, 1)}
	conn, err := sseclient.Dial(context.Background(), w.http, w.url, func(e sseclient.Event) {
		var data struct {
			Action string         `json:"action"`
			Record map[string]any `json:"record"`
		}
		if err := json.Unmarshal(e.Data, &data); err != nil {
			w.t.Errorf("event %s: %v", e.Name, err)
			return
		}
		r := received{Key: e.Name, Action: data.Action, Record: data.Record, Raw: string(e.Data)}
		c.mu.Lock()
		c.all = append(c.all, r)
		c.mu.Unlock()
		select { // wakes expect; received() has the event anyway
		case c.events <- r:
		default:
		}
	})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(conn.Close)
	c.conn = conn
	// As the SDK does when a page's stores subscribe one after another:
	// every request carries all the keys so far.
	for i := range keys {
		c.subscribe(keys[:i+1]...)
	}
	return c
}

func (c *client) subscribe(keys ...string) {
	c.w.t.Helper()
	token := ""
	if c.u != nil {
		token = testapp.Token(c.w.t, c.u)
	}
	if err := c.conn.Subscribe(context.Background(), token, keys...); err != nil {
		c.w.t.Fatal(err)
	}
}

// expect waits until n events received so far match (1 when n is
// omitted), failing as soon as any received event matches forbidden.
// Events of different commits may reach a client in either order, so
// it looks at everything received, not at what came next.
func (c *client) expect(what string, match func(received) bool, forbidden ...func(received) bool) {
	c.w.t.Helper()
	c.expectN(1, what, match, forbidden...)
}

func (c *client) expectN(n int, what string, match func(received) bool, forbidden ...func(received) bool) {
	c.w.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		got := 0
		for _, e := range c.received() {
			for _, f := range forbidden {
				if f(e) {
					c.w.t.Fatalf("%s received %s %s %v before %s", c.name(), e.Key, e.Action, e.Record, what)
				}
			}
			if match(e) {
				got++
			}
		}
		if got >= n {
			return
		}
		select {
		case <-c.events:
		case <-deadline:
			c.w.t.Fatalf("%s received %s %d times, want %d", c.name(), what, got, n)
		}
	}
}

func (c *client) name() string {
	if c.u == nil {
		return "a guest"
	}
	return c.u.GetString("name")
}

// received returns everything received so far.
func (c *client) received() []received {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]received(nil), c.all...)
}

// never fails if anything received so far matches.
func (c *client) never(what string, match func(received) bool) {
	c.w.t.Helper()
	for _, e := range c.received() {
		if match(e) {
			c.w.t.Fatalf("%s received %s: %s %s %v", c.name(), what, e.Key, e.Action, e.Record)
		}
	}
}

// settle waits a little for events that are still on their way: the
// events of one commit reach different clients independently.
func settle() { time.Sleep(300 * time.Millisecond) }

func isMessage(body string) func(received) bool {
	return func(e received) bool {
		return e.collection() == "messages" && e.Action == "create" && e.Record["body"] == body
	}
}

func inRoom(post string) func(received) bool {
	return func(e received) bool { return e.Record["post"] == post || e.Record["id"] == post }
}

func anything(received) bool { return true }
