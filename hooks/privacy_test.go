package hooks_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/testsupport/testapp"
)

// homeLat is the host's home latitude: a value no other field holds.
const homeLat = 37.50123

// withHome gives the host a home location, so that both private fields
// have something to leak.
func withHome(t testing.TB, w *world) {
	t.Helper()
	host := w.reload(t, "users", hostId)
	host.Set("location", types.GeoPoint{Lon: 127.0361, Lat: homeLat})
	if err := w.app.Save(host); err != nil {
		t.Fatal(err)
	}
	w.users["host"] = host
}

// usersIn returns every users record in a JSON answer: the answer itself,
// list items, and expanded relations at any depth (a users record is
// recognised by its collectionName).
func usersIn(v any) []map[string]any {
	var out []map[string]any
	switch x := v.(type) {
	case map[string]any:
		if x["collectionName"] == "users" {
			out = append(out, x)
		}
		for _, child := range x {
			out = append(out, usersIn(child)...)
		}
	case []any:
		for _, child := range x {
			out = append(out, usersIn(child)...)
		}
	}
	return out
}

// get performs an API request as actor and decodes the JSON answer.
func (w *world) get(t testing.TB, handler http.Handler, actor, method, url, body string) (int, any) {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if tok := w.token(t, actor); tok != "" {
		req.Header.Set("Authorization", tok)
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	raw, _ := io.ReadAll(rec.Body)
	var v any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, raw)
		}
	}
	return rec.Code, v
}

// TestHomesArePrivate reads users records through every way the API
// answers them and checks that address and location reach only their
// owner and superusers (SPEC §1).
func TestHomesArePrivate(t *testing.T) {
	w := newWorld(t)
	withHome(t, w)
	h := testapp.Handler(t, w.app)

	cases := []struct {
		name, actor, method, url, body string
		owner                          string // the one user whose home the actor may see ("" none, "*" all)
		users                          int    // users records the answer must hold
	}{
		{name: "a neighbour views the host", actor: "neighbour", method: "GET", url: usersURL + "/" + hostId, users: 1},
		{name: "a stranger views the host", actor: "stranger", method: "GET", url: usersURL + "/" + hostId, users: 1},
		{name: "the host views themself", actor: "host", method: "GET", url: usersURL + "/" + hostId, owner: hostId, users: 1},
		{name: "the host lists users (only themself)", actor: "host", method: "GET", url: usersURL, owner: hostId, users: 1},
		{name: "a superuser views the host", actor: "superuser", method: "GET", url: usersURL + "/" + hostId, owner: "*", users: 1},
		{name: "the board expands hosts", actor: "neighbour", method: "GET", url: postsURL + "?expand=host", users: 1},
		{name: "a member views the post with its host", actor: "member", method: "GET", url: postsURL + "/" + postId + "?expand=host", users: 1},
		{name: "the host reads messages with their authors", actor: "host", method: "GET", url: messagesURL + "?expand=author", users: 1},
		{name: "a member lists memberships with their users", actor: "member", method: "GET",
			url: membershipsURL + "?expand=user,post.host", owner: memberId, users: 3},
		{name: "a batch answers a join with its user and post host expanded", actor: "neighbour", method: "POST", url: "/api/batch",
			body:  `{"requests":[{"method":"POST","url":"` + membershipsURL + `?expand=user,post.host","body":{"post":"` + postId + `","user":"` + neighbourId + `"}}]}`,
			owner: neighbourId, users: 2},
		{name: "signing in answers one's own home", actor: "anonymous", method: "POST", url: "/api/collections/users/auth-with-password",
			body: `{"identity":"host@test.com","password":"` + testapp.Password + `"}`, owner: hostId, users: 1},
		{name: "a token refresh answers one's own home", actor: "host", method: "POST", url: "/api/collections/users/auth-refresh", owner: hostId, users: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := w.get(t, h, c.actor, c.method, c.url, c.body)
			if status != http.StatusOK {
				t.Fatalf("status %d: %v", status, body)
			}
			users := usersIn(body)
			if len(users) < c.users {
				t.Fatalf("found %d users records, want %d: %v", len(users), c.users, body)
			}
			for _, u := range users {
				own := c.owner == "*" || u["id"] == c.owner
				_, hasAddress := u["address"]
				_, hasLocation := u["location"]
				if own && (!hasAddress || !hasLocation) {
					t.Fatalf("%s misses its own address or location: %v", u["id"], u)
				}
				if !own && (hasAddress || hasLocation) {
					t.Fatalf("%s's home reached %s: %v", u["id"], c.actor, u)
				}
			}
		})
	}
}

// TestHomesCannotBeGuessed tries the oracles: filters that would match
// only when a neighbour's address or location has a given value.
func TestHomesCannotBeGuessed(t *testing.T) {
	w := newWorld(t)
	withHome(t, w)
	h := testapp.Handler(t, w.app)

	for _, filter := range []string{
		`host.address = "` + addrA + `"`,
		`host.location.lat > 37`,
		`memberships_via_post.user.address ~ "역삼"`,
	} {
		t.Run(filter, func(t *testing.T) {
			// The neighbour sees the post on the board, so only the filter
			// could hide it; a match would tell the host's home.
			status, body := w.get(t, h, "neighbour", "GET", postsURL+"?filter="+url.QueryEscape(filter), "")
			if status == http.StatusOK {
				if items := body.(map[string]any)["items"].([]any); len(items) != 0 {
					t.Fatalf("the filter matched: %v", items)
				}
			} else if status != http.StatusBadRequest {
				t.Fatalf("status %d", status)
			}
		})
	}

	t.Run("a realtime subscription to a user filtered by address is refused", func(t *testing.T) {
		status, _ := w.subscribeOverHTTP(t, h, "neighbour",
			`users/`+hostId+`?options=`+url.QueryEscape(`{"query":{"filter":"address = \"`+addrA+`\""}}`))
		if status != http.StatusForbidden {
			t.Fatalf("status %d, want 403", status)
		}
	})
	t.Run("a realtime subscription to a user without a filter is fine", func(t *testing.T) {
		if status, body := w.subscribeOverHTTP(t, h, "neighbour", `users/`+hostId); status != http.StatusNoContent {
			t.Fatalf("status %d: %v", status, body)
		}
	})
}

// subscribeOverHTTP sets a realtime client's subscriptions through the
// API, as the SDK does after the SSE connect.
func (w *world) subscribeOverHTTP(t testing.TB, h http.Handler, actor string, subs ...string) (int, any) {
	t.Helper()
	c := subscriptions.NewDefaultClient()
	w.app.SubscriptionsBroker().Register(c) // see subscribe: left registered
	b, _ := json.Marshal(map[string]any{"clientId": c.Id(), "subscriptions": subs})
	return w.get(t, h, actor, "POST", "/api/realtime", string(b))
}

// TestRealtimeHidesHomes: a neighbour subscribed to the host's record is
// told of a profile change without the host's address or location; the
// host's own tab gets them.
func TestRealtimeHidesHomes(t *testing.T) {
	w := newWorld(t)
	if _, err := apis.NewRouter(w.app); err != nil { // binds the realtime events
		t.Fatal(err)
	}
	neighbour := w.subscribe(t, "neighbour", "users/"+hostId)
	host := w.subscribe(t, "host", "users/"+hostId)
	withHome(t, w)

	e := neighbour.expect("the host's update", func(e event) bool { return e.Action == "update" })
	if _, ok := e.Raw["address"]; ok {
		t.Fatalf("the neighbour received the address: %v", e.Raw)
	}
	if _, ok := e.Raw["location"]; ok {
		t.Fatalf("the neighbour received the location: %v", e.Raw)
	}
	own := host.expect("their own update", func(e event) bool { return e.Action == "update" })
	if own.Raw["address"] != addrA || own.Raw["location"] == nil {
		t.Fatalf("the host's own tab misses their home: %v", own.Raw)
	}
}
