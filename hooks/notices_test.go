package hooks_test

import (
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"mealbuddy/internal/notify"
	"mealbuddy/testsupport/testapp"
)

// TestWhoHearsOfWhat: each event of SPEC §7 produces exactly the right
// notifications for exactly the right people, and none for the person who
// acted. Each case starts from a fresh world, acts through the real API,
// and compares the notifications that appeared.
func TestWhoHearsOfWhat(t *testing.T) {
	type act struct{ actor, method, url, body string }
	cases := []struct {
		name   string
		before func(testing.TB, *world)
		act    func(w *world) act
		want   []string // "actor:kind", sorted
		text   string   // a part of one notification's title or body
	}{
		{"a join: the host hears", nil,
			func(*world) act { return act{"neighbour", "POST", membershipsURL, joinBody(postId, neighbourId)} },
			[]string{"host:joined"}, "이웃 님이 참여했어요"},
		{"the join that fills the group: the host hears both", func(t testing.TB, w *world) { setTarget(t, w, 3) },
			func(*world) act { return act{"neighbour", "POST", membershipsURL, joinBody(postId, neighbourId)} },
			[]string{"host:full", "host:joined"}, "인원이 다 모였어요"},
		{"the host filling the group by the target: nobody", nil,
			func(*world) act { return act{"host", "PATCH", postsURL + "/" + postId, `{"targetCount":2}`} },
			nil, ""},
		{"a ban: the banned member hears, with the reason", nil,
			func(*world) act {
				return act{"host", "POST", bansURL, `{"post":"` + postId + `","user":"` + memberId + `","reason":"도배"}`}
			},
			[]string{"member:banned"}, "사유: 도배"},
		{"the order: every payer hears what to send and where, the host nothing", withSheet,
			func(*world) act {
				return act{"host", "POST", orderURL, `{"deliveryFee":3000,"payAccount":"카카오뱅크 3333-01-2345678 호스트"}`}
			},
			[]string{"member:ordered", "neighbour:ordered"}, "보낼 금액 19,500원 — 카카오뱅크 3333-01-2345678 호스트"},
		{"a member without items is not asked to pay",
			func(t testing.TB, w *world) { withSheet(t, w); w.join(t, postId, strangerId) },
			func(*world) act {
				return act{"host", "POST", orderURL, `{"deliveryFee":3000,"payAccount":"카카오뱅크 3333-01"}`}
			},
			[]string{"member:ordered", "neighbour:ordered"}, ""},
		{"a payment sent: the host hears", ordered,
			func(w *world) act {
				return act{"member", "PATCH", membershipsURL + "/" + w.membershipOf(nil, memberId).Id, `{"paidAt":"2001-01-01 00:00:00.000Z"}`}
			},
			[]string{"host:paid"}, "멤버 님이 송금했어요"},
		{"a payment confirmed: the member hears", ordered,
			func(w *world) act {
				return act{"host", "PATCH", membershipsURL + "/" + w.membershipOf(nil, memberId).Id, `{"confirmedAt":"2001-01-01 00:00:00.000Z"}`}
			},
			[]string{"member:confirmed"}, "방장이 송금을 확인했어요"},
		{"the delivery: the payers hear where to pick up", ordered,
			func(*world) act { return act{"host", "PATCH", postsURL + "/" + postId, `{"status":"delivered"}`} },
			[]string{"member:delivered", "neighbour:delivered"}, "음식이 도착했어요"},
		{"the last confirmation settles the group: the member hears both",
			func(t testing.TB, w *world) { delivered(t, w); w.mark(t, neighbourId, "confirmedAt", true) },
			func(w *world) act {
				return act{"host", "PATCH", membershipsURL + "/" + w.membershipOf(nil, memberId).Id, `{"confirmedAt":"2001-01-01 00:00:00.000Z"}`}
			},
			[]string{"member:confirmed", "member:done", "neighbour:done"}, "정산이 끝났어요"},
		{"a cancellation: every member hears, with the reason", withSheet,
			func(*world) act {
				return act{"host", "PATCH", postsURL + "/" + postId, `{"status":"cancelled","cancelReason":"가게 휴무"}`}
			},
			[]string{"member:cancelled", "neighbour:cancelled"}, "사유: 가게 휴무"},
		{"the post's deletion: every member hears", nil,
			func(*world) act { return act{"host", "DELETE", postsURL + "/" + postId, ""} },
			[]string{"member:deleted"}, "모집 글이 삭제되었어요"},
		{"a leave tells nobody", nil,
			func(*world) act { return act{"member", "DELETE", membershipsURL + "/" + memberMembershipId, ""} },
			nil, ""},
		{"a message tells nobody", nil,
			func(*world) act {
				return act{"member", "POST", messagesURL, `{"post":"` + postId + `","body":"배고파요"}`}
			},
			nil, ""},
		{"a refused join tells nobody", func(t testing.TB, w *world) { setTarget(t, w, 2) },
			func(*world) act { return act{"neighbour", "POST", membershipsURL, joinBody(postId, neighbourId)} },
			nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			if c.before != nil {
				c.before(t, w)
			}
			notify.Wait(w.app)
			var before []string
			if err := w.app.DB().Select("id").From("notifications").Column(&before); err != nil {
				t.Fatal(err)
			}
			a := c.act(w)
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(a.method, a.url, strings.NewReader(a.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", w.token(t, a.actor))
			testapp.Handler(t, w.app).ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			notify.Wait(w.app)

			var rows []struct {
				User  string `db:"user"`
				Kind  string `db:"kind"`
				Title string `db:"title"`
				Body  string `db:"body"`
			}
			if err := w.app.DB().Select("user", "kind", "title", "body").From("notifications").
				Where(dbx.NotIn("id", toAny(before)...)).All(&rows); err != nil {
				t.Fatal(err)
			}
			actors := map[string]string{hostId: "host", memberId: "member", neighbourId: "neighbour", strangerId: "stranger", bannedId: "banned"}
			var got []string
			found := c.text == ""
			for _, r := range rows {
				got = append(got, actors[r.User]+":"+r.Kind)
				if strings.Contains(r.Title+" "+r.Body, c.text) {
					found = true
				}
				if actors[r.User] == a.actor {
					t.Errorf("%s was told of their own action: %s %s", a.actor, r.Title, r.Body)
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, c.want) {
				t.Fatalf("notified %v, want %v (request %d %s)", got, c.want, rec.Code, rec.Body)
			}
			if !found {
				t.Fatalf("no notification says %q: %+v", c.text, rows)
			}
		})
	}
}

func toAny(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return append(out, "") // NOT IN () is not SQL
}
