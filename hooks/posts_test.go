package hooks_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/types"
)

func postURL() string { return postsURL + "/" + postId }

// future returns a deadline d after the worlds' clock (worldNow) in
// PocketBase's date format.
func future(d time.Duration) string {
	return dateString(worldNow.Add(d))
}

// dateString is t in PocketBase's date format, as records store it.
func dateString(t time.Time) string {
	dt, _ := types.ParseDateTime(t)
	return dt.String()
}

// expire moves the post's deadline a minute before the world's clock, as
// time would; the model refuses to set a past deadline, so the test
// writes the column.
func expire(t testing.TB, w *world, post string) {
	t.Helper()
	_, err := w.app.DB().Update("posts", dbx.Params{"deadline": dateString(w.now.Add(-time.Minute))},
		dbx.HashExp{"id": post}).Execute()
	if err != nil {
		t.Fatal(err)
	}
}

// setStatus writes a status directly, for setting up a state.
func setStatus(t testing.TB, w *world, post, status string) {
	t.Helper()
	p := w.reload(t, "posts", post)
	p.Set("status", status)
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
}

func wantPost(field string, want any) func(t testing.TB, w *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		p := w.reload(t, "posts", postId)
		if got := p.GetString(field); got != fmt.Sprint(want) {
			t.Fatalf("post %s = %q, want %v", field, got, want)
		}
		w.checkCount(t, postId)
	}
}

// unchanged asserts that the post is as the world built it.
func unchanged(t testing.TB, w *world) {
	t.Helper()
	p := w.reload(t, "posts", postId)
	if p.GetString("title") != "족발 같이 시켜요" || p.GetString("status") != "recruiting" ||
		p.GetInt("targetCount") != 4 || p.GetString("host") != hostId || p.GetString("address") != addrA {
		t.Fatalf("post changed: %v", p.PublicExport())
	}
	w.checkCount(t, postId)
}

func TestPostRules(t *testing.T) {
	host := func(name, body string, status int, events map[string]int, contains []string, after func(testing.TB, *world)) scenario {
		return scenario{name: name, actor: "host", method: http.MethodPatch, url: postURL(), body: body,
			status: status, contains: contains, events: events, after: after}
	}
	immutable := func(field string) []string { return []string{code(field, "immutable_field")} }
	invalid := []string{code("status", "invalid_status")}
	var (
		saved      = committed(updateRequest, writes{updates: 1})
		refused    = refusedByModel(updateRequest, "Update")
		newPost    = committed(createRequest, writes{creates: 2}) // the post and its host's membership
		notCreated = refusedByModel(createRequest, "Create")
		outOfRange = refusedByValidation(createRequest, "Create")
	)

	scenarios := []scenario{
		// server-set fields
		host("host cannot hand the post over", `{"host":"`+memberId+`"}`, 400, refused, immutable("host"), unchanged),
		host("host cannot move the post", `{"address":"`+addrB+`"}`, 400, refused, immutable("address"), unchanged),
		host("host cannot set joinedCount", `{"joinedCount":4}`, 400, refused, immutable("joinedCount"), unchanged),
		host("sending the current values back is fine",
			`{"host":"`+hostId+`","address":"`+addrA+`","joinedCount":2,"title":"족발 같이 시켜요"}`, 200, saved,
			[]string{`"title":"족발 같이 시켜요"`, `"joinedCount":2`}, unchanged),
		{name: "superuser cannot change joinedCount either", actor: "superuser", method: http.MethodPatch, url: postURL(),
			body: `{"joinedCount":3}`, status: 400, contains: immutable("joinedCount"), events: refused, after: unchanged},
		{name: "superuser cannot change the host either", actor: "superuser", method: http.MethodPatch, url: postURL(),
			body: `{"host":"` + neighbourId + `"}`, status: 400, contains: immutable("host"), events: refused, after: unchanged},
		{name: "create ignores client joinedCount, status and address", actor: "neighbour", method: http.MethodPost, url: postsURL,
			body:   `{"title":"피자","category":"pizza","targetCount":3,"joinedCount":3,"status":"closed","address":"` + addrB + `"}`,
			status: 200, contains: []string{`"joinedCount":1`, `"status":"recruiting"`, `"address":"` + addrA + `"`}, events: newPost},
		{name: "create with a forged host is refused", actor: "neighbour", method: http.MethodPost, url: postsURL,
			body:   `{"title":"피자","category":"pizza","targetCount":3,"host":"` + hostId + `"}`,
			status: 400, contains: []string{"Failed to create record"}, events: noHooks(), // the create rule
			after: func(t testing.TB, w *world) {
				if n := w.count(t, "posts", nil); n != 1 {
					t.Fatalf("posts = %d, want 1", n)
				}
			}},

		// field limits
		{name: "unknown category", actor: "host", method: http.MethodPost, url: postsURL,
			body: `{"title":"피자","category":"sushi","targetCount":3}`, status: 400, contains: []string{`"category":{"code":"validation_invalid_value"`},
			events: outOfRange},
		{name: "target above 10", actor: "host", method: http.MethodPost, url: postsURL,
			body: `{"title":"피자","category":"pizza","targetCount":11}`, status: 400, contains: []string{`"targetCount":{"code":`}, events: outOfRange},
		{name: "target of 1", actor: "host", method: http.MethodPost, url: postsURL,
			body: `{"title":"피자","category":"pizza","targetCount":1}`, status: 400, contains: []string{`"targetCount":{"code":`}, events: outOfRange},
		{name: "fractional fee", actor: "host", method: http.MethodPost, url: postsURL,
			body: `{"title":"피자","category":"pizza","targetCount":3,"deliveryFee":3000.5}`, status: 400, contains: []string{`"deliveryFee":{"code":`},
			events: outOfRange},
		{name: "title too short", actor: "host", method: http.MethodPost, url: postsURL,
			body: `{"title":"피","category":"pizza","targetCount":3}`, status: 400, contains: []string{`"title":{"code":"validation_min_text_constraint"`},
			events: outOfRange},

		// deadline
		{name: "deadline in the past at create", actor: "host", method: http.MethodPost, url: postsURL,
			body:   `{"title":"피자","category":"pizza","targetCount":3,"deadline":"` + future(-time.Hour) + `"}`,
			status: 400, contains: []string{code("deadline", "invalid_deadline")}, events: notCreated},
		{name: "deadline 8 days ahead at create", actor: "host", method: http.MethodPost, url: postsURL,
			body:   `{"title":"피자","category":"pizza","targetCount":3,"deadline":"` + future(8*24*time.Hour) + `"}`,
			status: 400, contains: []string{code("deadline", "invalid_deadline")}, events: notCreated},
		{name: "deadline 6 days ahead at create", actor: "host", method: http.MethodPost, url: postsURL,
			body:   `{"title":"피자","category":"pizza","targetCount":3,"deadline":"` + future(6*24*time.Hour) + `"}`,
			status: 200, contains: []string{`"title":"피자"`, `"deadline":"` + future(6*24*time.Hour) + `"`}, events: newPost},
		host("deadline moved into the past", `{"deadline":"`+future(-time.Hour)+`"}`, 400, refused,
			[]string{code("deadline", "invalid_deadline")}, unchanged),
		host("deadline cleared", `{"deadline":""}`, 200, saved, []string{`"deadline":""`}, nil),
		host("an expired deadline left as it is does not block other edits", `{"title":"제목만 바꿔요"}`, 200, saved,
			[]string{`"title":"제목만 바꿔요"`}, nil).withBefore(func(t testing.TB, w *world) { expire(t, w, postId) }),

		// targetCount
		host("target below the field minimum", `{"targetCount":1}`, 400, refused, []string{`"targetCount":{"code":`}, unchanged),
		host("target below joinedCount", `{"targetCount":2}`, 400, refused, []string{code("targetCount", "target_below_joined")},
			wantPost("targetCount", 4)).
			withBefore(func(t testing.TB, w *world) { w.join(t, postId, neighbourId) }),
		host("target lowered to joinedCount makes the post full", `{"targetCount":2}`, 200, saved,
			[]string{`"status":"full"`}, wantPost("status", "full")),
		host("target raised on a full post reopens recruiting", `{"targetCount":5}`, 200, saved,
			[]string{`"status":"recruiting"`, `"targetCount":5`}, wantPost("status", "recruiting")).
			withBefore(func(t testing.TB, w *world) { setTarget(t, w, 2) }),

		// status transitions
		host("close a recruiting post", `{"status":"closed"}`, 200, saved, []string{`"status":"closed"`}, wantPost("status", "closed")),
		host("close a full post", `{"status":"closed"}`, 200, saved, []string{`"status":"closed"`}, nil).
			withBefore(func(t testing.TB, w *world) { setTarget(t, w, 2) }),
		host("reopen a closed post", `{"status":"recruiting"}`, 200, saved, []string{`"status":"recruiting"`}, nil).
			withBefore(func(t testing.TB, w *world) { setStatus(t, w, postId, "closed") }),
		host("reopening a closed post that is full becomes full", `{"status":"recruiting"}`, 200, saved, []string{`"status":"full"`}, nil).
			withBefore(func(t testing.TB, w *world) { setTarget(t, w, 2); setStatus(t, w, postId, "closed") }),
		host("reopen after the deadline", `{"status":"recruiting"}`, 400, refused, invalid, wantPost("status", "closed")).
			withBefore(func(t testing.TB, w *world) { setStatus(t, w, postId, "closed"); expire(t, w, postId) }),
		host("reopen with a new deadline", `{"status":"recruiting","deadline":"`+future(time.Hour)+`"}`, 200, saved,
			[]string{`"status":"recruiting"`}, nil).
			withBefore(func(t testing.TB, w *world) { setStatus(t, w, postId, "closed"); expire(t, w, postId) }),
		host("recruiting cannot be set to full by hand", `{"status":"full"}`, 400, refused, invalid, unchanged),
		host("full cannot be set to recruiting by hand", `{"status":"recruiting"}`, 400, refused, invalid, wantPost("status", "full")).
			withBefore(func(t testing.TB, w *world) { setTarget(t, w, 2) }),
		host("unknown status", `{"status":"archived"}`, 400, refused, []string{`"status":{"code":`}, unchanged),

		// delete cascades
		{name: "deleting a post deletes its memberships, bans and messages without system messages",
			actor: "host", method: http.MethodDelete, url: postURL(), status: 204,
			// the post, 2 memberships, 1 ban, 4 messages: no system message
			// is written; the member hears of it, and the world's 3
			// notifications lose their post
			events: committed(deleteRequest, writes{deletes: 8, notices: 1, emptied: 3}),
			after: func(t testing.TB, w *world) {
				for _, c := range []string{"memberships", "bans", "messages"} {
					if n := w.count(t, c, dbx.HashExp{"post": postId}); n != 0 {
						t.Fatalf("%s left: %d", c, n)
					}
				}
			}},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

func setTarget(t testing.TB, w *world, target int) {
	t.Helper()
	p := w.reload(t, "posts", postId)
	p.Set("targetCount", target)
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
}

func (s scenario) withBefore(fn func(testing.TB, *world)) scenario {
	s.before = fn
	return s
}

func (s scenario) withAfter(fn func(testing.TB, *world)) scenario {
	s.after = fn
	return s
}
