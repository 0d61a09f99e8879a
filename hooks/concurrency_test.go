package hooks_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/clock"
	"mealbuddy/testsupport/testapp"
)

// client is a minimal HTTP client of the real server, as the JS SDK would
// call it.
type client struct {
	t    testing.TB
	base string
}

type reply struct {
	status int
	body   string
}

func (c client) do(method, path, token, body string) reply {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Error(err)
		return reply{}
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Error(err)
		return reply{}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{res.StatusCode, string(b)}
}

// crowd creates n users in the world's neighbourhood and returns their
// records and tokens.
func (w *world) crowd(t testing.TB, n int) ([]*core.Record, []string) {
	t.Helper()
	users := make([]*core.Record, n)
	tokens := make([]string, n)
	for i := range n {
		users[i] = w.user(t, fmt.Sprintf("crowd%010d", i), fmt.Sprintf("crowd%d@test.com", i), fmt.Sprintf("이웃%d", i), addrA)
		tokens[i] = testapp.Token(t, users[i])
	}
	return users, tokens
}

// race runs fn(i) for i in [0, n) at the same instant.
func race(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

func joinBody(post, user string) string {
	return `{"post":"` + post + `","user":"` + user + `"}`
}

// 40 people race for the last 5 seats: exactly 5 get in.
func TestConcurrentJoinsTakeExactlyTheFreeSeats(t *testing.T) {
	w := newWorld(t)
	c := client{t, testapp.Serve(t, w.app).URL}
	setTarget(t, w, 7) // host + member + 5 free seats
	users, tokens := w.crowd(t, 40)

	statuses := make([]reply, len(users))
	race(len(users), func(i int) {
		statuses[i] = c.do("POST", membershipsURL, tokens[i], joinBody(postId, users[i].Id))
	})

	joined, full := 0, 0
	for i, r := range statuses {
		switch {
		case r.status == 200:
			joined++
		case r.status == 400 && strings.Contains(r.body, `"code":"post_full"`):
			full++
		default:
			t.Errorf("user %d: %d %s", i, r.status, r.body)
		}
	}
	if joined != 5 || full != 35 {
		t.Fatalf("joined %d, refused as full %d; want 5 and 35", joined, full)
	}
	if n := w.checkCount(t, postId); n != 7 {
		t.Fatalf("rows = %d, want 7", n)
	}
	if s := w.reload(t, "posts", postId).GetString("status"); s != "full" {
		t.Fatalf("status = %s, want full", s)
	}
	if n := len(w.systemMessages(t, postId)); n != len(worldSystemMessages)+5 {
		t.Fatalf("system messages = %d, want one per join", n)
	}
}

// Joins, leaves, bans, target changes and admin deletes interleave; the
// count always equals the rows and never exceeds the target, and nobody
// gets a 5xx.
func TestInterleavedChangesKeepTheCount(t *testing.T) {
	w := newWorld(t)
	c := client{t, testapp.Serve(t, w.app).URL}
	users, tokens := w.crowd(t, 24)
	hostToken := w.token(t, "host")

	var mu sync.Mutex
	var replies []reply
	record := func(r reply) {
		mu.Lock()
		replies = append(replies, r)
		mu.Unlock()
	}

	race(len(users), func(i int) {
		rnd := rand.New(rand.NewPCG(uint64(i), 42))
		for range 6 {
			switch rnd.IntN(5) {
			case 0, 1: // join
				record(c.do("POST", membershipsURL, tokens[i], joinBody(postId, users[i].Id)))
			case 2: // leave, if in
				m, err := w.app.FindFirstRecordByFilter("memberships", "post={:p} && user={:u}",
					dbx.Params{"p": postId, "u": users[i].Id})
				if err == nil {
					record(c.do("DELETE", membershipsURL+"/"+m.Id, tokens[i], ""))
				}
			case 3: // the host moves the target between 5 and 10
				record(c.do("PATCH", postURL(), hostToken, fmt.Sprintf(`{"targetCount":%d}`, 5+rnd.IntN(6))))
			case 4: // the dashboard removes someone
				m, err := w.app.FindFirstRecordByFilter("memberships", "post={:p} && role='member'", dbx.Params{"p": postId})
				if err == nil {
					record(c.do("DELETE", membershipsURL+"/"+m.Id, w.su, ""))
				}
			}
			if _, err := w.countErr(postId); err != nil {
				t.Error(err)
			}
		}
	})

	for _, r := range replies {
		if r.status >= 500 || r.status == 0 {
			t.Fatalf("got %d: %s", r.status, r.body)
		}
	}
	n := w.checkCount(t, postId)
	p := w.reload(t, "posts", postId)
	want := "recruiting"
	if n >= p.GetInt("targetCount") {
		want = "full"
	}
	if p.GetString("status") != want {
		t.Fatalf("status %s with %d/%d", p.GetString("status"), n, p.GetInt("targetCount"))
	}
}

// Deleting the post or an account while people join never leaves
// orphans, miscounts or 5xx.
func TestDeletesDuringJoins(t *testing.T) {
	for _, victim := range []string{"post", "host account", "member account"} {
		t.Run(victim, func(t *testing.T) {
			w := newWorld(t)
			c := client{t, testapp.Serve(t, w.app).URL}
			setTarget(t, w, 10)
			users, tokens := w.crowd(t, 12)

			replies := make([]reply, len(users)+1)
			race(len(users)+1, func(i int) {
				if i < len(users) {
					replies[i] = c.do("POST", membershipsURL, tokens[i], joinBody(postId, users[i].Id))
					return
				}
				switch victim {
				case "post":
					replies[i] = c.do("DELETE", postURL(), w.token(t, "host"), "")
				case "host account":
					replies[i] = c.do("POST", "/api/mealbuddy/account/delete", w.token(t, "host"), `{"password":"`+testapp.Password+`"}`)
				case "member account":
					replies[i] = c.do("POST", "/api/mealbuddy/account/delete", w.token(t, "member"), `{"password":"`+testapp.Password+`"}`)
				}
			})
			for i, r := range replies {
				if r.status >= 500 || r.status == 0 {
					t.Fatalf("request %d got %d: %s", i, r.status, r.body)
				}
			}
			if r := replies[len(users)]; r.status != 204 {
				t.Fatalf("delete: %d %s", r.status, r.body)
			}

			if victim == "member account" {
				n := w.checkCount(t, postId)
				joined := 0
				for _, r := range replies[:len(users)] {
					if r.status == 200 {
						joined++
					}
				}
				if n != 1+joined {
					t.Fatalf("rows %d, want host + %d joined", n, joined)
				}
				return
			}
			// the post is gone with everything in it
			for _, coll := range []string{"posts", "memberships", "bans", "messages"} {
				field := "post"
				if coll == "posts" {
					field = "id"
				}
				if n := w.count(t, coll, dbx.HashExp{field: postId}); n != 0 {
					t.Fatalf("%s rows of the deleted post: %d", coll, n)
				}
			}
		})
	}
}

// However many messages a user fires at once, 20 are stored within the
// window and the rest get 429 rate_limited; refused messages don't count.
func TestMessageRateLimitUnderConcurrency(t *testing.T) {
	w := newWorld(t)
	// The window reads the app's clock: fixed at the start, so a slow
	// machine cannot let the burst straddle the 10 seconds.
	now := time.Now()
	clock.Set(w.app, clock.Fixed(&now))
	c := client{t, testapp.Serve(t, w.app).URL}
	w.join(t, postId, neighbourId)
	member := w.token(t, "neighbour")
	// refused sends must not count
	for range 5 {
		if r := c.do("POST", messagesURL, member, `{"post":"`+postId+`","body":"   "}`); r.status != 400 {
			t.Fatalf("blank message: %d", r.status)
		}
	}

	replies := make([]reply, 30)
	race(len(replies), func(i int) {
		replies[i] = c.do("POST", messagesURL, member, fmt.Sprintf(`{"post":"%s","body":"메시지 %d"}`, postId, i))
	})
	ok, limited := 0, 0
	for _, r := range replies {
		switch {
		case r.status == 200:
			ok++
		case r.status == 429 && strings.Contains(r.body, `"code":"rate_limited"`):
			limited++
		default:
			t.Fatalf("%d %s", r.status, r.body)
		}
	}
	if ok != 20 || limited != 10 {
		t.Fatalf("accepted %d, limited %d; want 20 and 10", ok, limited)
	}
	if n := w.count(t, "messages", dbx.HashExp{"author": neighbourId}); n != 20 {
		t.Fatalf("stored %d messages of the sender, want 20", n)
	}
	// another user is not throttled by the member's burst
	if r := c.do("POST", messagesURL, w.token(t, "host"), `{"post":"`+postId+`","body":"저는 괜찮죠?"}`); r.status != 200 {
		t.Fatalf("host: %d %s", r.status, r.body)
	}
	// the window slides: 10 seconds after the last of the burst, the
	// sender may speak again. The burst's messages carry PocketBase's
	// created stamps, which are wall time; every one of them is before
	// time.Now() here, however long the burst took.
	now = time.Now().Add(sendWindow)
	if r := c.do("POST", messagesURL, member, `{"post":"`+postId+`","body":"이제 돼요?"}`); r.status != 200 {
		t.Fatalf("after the window: %d %s", r.status, r.body)
	}
}

// sendWindow is the message window of hooks/messages.go.
const sendWindow = 10 * time.Second
