package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/hooks"
	"mealbuddy/testsupport/testapp"
)

const (
	itemsURL = "/api/collections/order_items/records"
	orderURL = "/api/mealbuddy/posts/" + postId + "/order"

	memberItemId    = "imember00000000"
	neighbourItemId = "ineighbour00000"
)

// The order world: the test world's post (host, member; the banned user
// is out) with the neighbour joined too, a minimum order of 20,000원, and
// a sheet of the member's 치킨 (18,000 × 1) and the neighbour's 떡볶이
// (4,500 × 2): itemsTotal 27,000.
func withSheet(t testing.TB, w *world) {
	t.Helper()
	w.join(t, postId, neighbourId)
	p := w.reload(t, "posts", postId)
	p.Set("minOrderAmount", 20000)
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	w.item(t, memberId, "치킨", 18000, 1, memberItemId)
	w.item(t, neighbourId, "떡볶이", 4500, 2, neighbourItemId)
}

func (w *world) item(t testing.TB, user, name string, price, quantity int, id ...string) *core.Record {
	t.Helper()
	return w.create(t, "order_items", map[string]any{"post": postId, "user": user, "name": name, "price": price, "quantity": quantity}, id...)
}

// place places the order as the route does.
func (w *world) place(t testing.TB, fee int) {
	t.Helper()
	if _, err := hooks.PlaceOrder(w.app, postId, fee, "카카오뱅크 3333-01-2345678 호스트", ""); err != nil {
		t.Fatalf("placing the order: %v", err)
	}
}

func ordered(t testing.TB, w *world) { withSheet(t, w); w.place(t, 3000) }

func delivered(t testing.TB, w *world) {
	ordered(t, w)
	w.setStatus(t, "delivered")
}

func (w *world) setStatus(t testing.TB, status string) {
	t.Helper()
	p := w.reload(t, "posts", postId)
	p.Set("status", status)
	if err := w.app.Save(p); err != nil {
		t.Fatalf("status %s: %v", status, err)
	}
}

// membershipOf returns the stored membership of user in the world's post.
func (w *world) membershipOf(t testing.TB, user string) *core.Record {
	m, err := w.app.FindFirstRecordByFilter("memberships", "post = {:p} && user = {:u}", dbx.Params{"p": postId, "u": user})
	if err != nil {
		if t == nil {
			panic(err)
		}
		t.Fatalf("membership of %s: %v", user, err)
	}
	return m
}

func (w *world) mark(t testing.TB, user, field string, set bool) {
	t.Helper()
	m := w.membershipOf(t, user)
	if set {
		m.Set(field, "2026-01-01 00:00:00.000Z")
	} else {
		m.Set(field, "")
	}
	if err := w.app.Save(m); err != nil {
		t.Fatalf("%s %s: %v", field, user, err)
	}
}

// wantStage asserts the stored post's status and itemsTotal, and that
// itemsTotal equals the rows.
func wantStage(status string, total int) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		p := w.reload(t, "posts", postId)
		if p.GetString("status") != status || p.GetInt("itemsTotal") != total {
			t.Fatalf("post is %s with itemsTotal %d, want %s with %d", p.GetString("status"), p.GetInt("itemsTotal"), status, total)
		}
		w.checkTotal(t, postId)
	}
}

// checkTotal asserts SPEC §1: itemsTotal = Σ price × quantity of the rows.
func (w *world) checkTotal(t testing.TB, post string) {
	t.Helper()
	if err := w.totalErr(post); err != nil {
		t.Fatal(err)
	}
}

func (w *world) totalErr(post string) error {
	var row struct {
		Total int `db:"itemsTotal"`
		Sum   int `db:"sum"`
	}
	err := w.app.DB().NewQuery(`SELECT itemsTotal,
		(SELECT COALESCE(SUM(price * quantity), 0) FROM order_items WHERE post = posts.id) AS sum
		FROM posts WHERE id = {:id}`).Bind(dbx.Params{"id": post}).One(&row)
	if err == nil && row.Total != row.Sum {
		err = fmt.Errorf("itemsTotal %d != %d of the rows", row.Total, row.Sum)
	}
	return err
}

// wantDue asserts a membership's dues and marks.
func wantDue(user string, amount, share int, confirmed bool) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		m := w.membershipOf(t, user)
		if m.GetInt("amountDue") != amount || m.GetInt("feeShare") != share || m.GetDateTime("confirmedAt").IsZero() == confirmed {
			t.Fatalf("%s owes %d (share %d, confirmed %q), want %d (share %d, confirmed %v)",
				user, m.GetInt("amountDue"), m.GetInt("feeShare"), m.GetString("confirmedAt"), amount, share, confirmed)
		}
	}
}

func wantItems(user string, n int) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		if got := w.count(t, "order_items", dbx.HashExp{"post": postId, "user": user}); got != n {
			t.Fatalf("%s has %d items, want %d", user, got, n)
		}
	}
}

func itemBody(name string, price, quantity int) string {
	if quantity == 0 {
		return fmt.Sprintf(`{"post":%q,"name":%q,"price":%d}`, postId, name, price)
	}
	return fmt.Sprintf(`{"post":%q,"name":%q,"price":%d,"quantity":%d}`, postId, name, price, quantity)
}

// itemWrites is what an item's create writes: the item, and the post's
// itemsTotal (see committed).
var itemWrites = writes{creates: 1, updates: 1}

// placed are the events of the order route placing the order of a post
// with n memberships of which told are payers besides the host: the post,
// the dues of every membership and the host's account, and the room's
// message; the payers hear what to send. The route answers the post.
func placed(n, told int) map[string]int {
	return plus(committed(customRoute, writes{creates: 1, updates: 1 + n + 1, notices: told}), map[string]int{"OnRecordEnrich": 1})
}

// TestOrderSheet: one scenario per rule of the sheet (SPEC §1 order_items).
func TestOrderSheet(t *testing.T) {
	add := func(name, actor, body string, status int, events map[string]int, contains []string, before, after func(testing.TB, *world)) scenario {
		return scenario{name: name, actor: actor, method: http.MethodPost, url: itemsURL, body: body,
			status: status, contains: contains, events: events, before: before, after: after}
	}
	var (
		added      = committed(createRequest, itemWrites)
		notAdded   = refusedByModel(createRequest, "Create")
		outOfRange = refusedByValidation(createRequest, "Create")
		locked     = refusedByModel(updateRequest, "Update")
	)
	scenarios := []scenario{
		add("a member puts an item on the sheet, as themself", "member", itemBody("양념치킨", 19000, 2), 200, added,
			[]string{`"user":"` + memberId + `"`, `"quantity":2`}, withSheet, wantStage("recruiting", 65000)),
		add("quantity is 1 when omitted", "member", itemBody("콜라", 2000, 0), 200, added, []string{`"quantity":1`}, withSheet, wantStage("recruiting", 29000)),
		add("a free item is a line too", "member", itemBody("서비스 음료", 0, 1), 200, added, []string{`"price":0`}, withSheet, wantStage("recruiting", 27000)),
		add("the host orders too", "host", itemBody("후라이드 반마리", 9000, 1), 200, added, []string{`"user":"` + hostId + `"`}, withSheet, wantStage("recruiting", 36000)),
		add("a price is required", "member", fmt.Sprintf(`{"post":%q,"name":"무료?"}`, postId), 400, refusedByRequest(createRequest),
			[]string{code("price", "validation_required")}, withSheet, wantStage("recruiting", 27000)),
		add("a name of spaces is refused", "member", itemBody("   ", 1000, 1), 400, outOfRange,
			[]string{code("name", "validation_required")}, withSheet, wantStage("recruiting", 27000)),
		add("a quantity of 21 is refused", "member", itemBody("치킨무", 500, 21), 400, outOfRange,
			[]string{`"quantity":{"code":`}, withSheet, wantStage("recruiting", 27000)),
		add("a neighbour who did not join cannot order", "neighbour", itemBody("피자", 20000, 1), 400, notAdded,
			[]string{code("post", "not_member")}, nil, wantItems(neighbourId, 0)),
		add("a stranger cannot see the post", "stranger", itemBody("피자", 20000, 1), 404, refusedByRequest(createRequest),
			[]string{`"status":404`}, nil, wantItems(strangerId, 0)),
		add("nobody orders for someone else", "member", fmt.Sprintf(`{"post":%q,"user":%q,"name":"남의 것","price":1000}`, postId, hostId), 400,
			noHooks(), []string{"Failed to create record"}, withSheet, wantItems(hostId, 0)), // the create rule
		add("the 21st item of a member is refused", "member", itemBody("하나 더", 1000, 1), 400, notAdded, []string{code("post", "too_many_items")},
			func(t testing.TB, w *world) {
				withSheet(t, w)
				for i := range 19 {
					w.item(t, memberId, fmt.Sprintf("반찬 %d", i), 100, 1)
				}
			}, wantItems(memberId, 20)),
		add("the sheet is locked once the order is placed", "member", itemBody("늦은 주문", 1000, 1), 400, notAdded,
			[]string{code("post", "order_locked")}, ordered, wantStage("ordered", 27000)),
		{name: "a member changes their own item", actor: "member", method: http.MethodPatch, url: itemsURL + "/" + memberItemId,
			body: `{"quantity":2,"note":"덜 맵게"}`, status: 200, contains: []string{`"note":"덜 맵게"`, `"quantity":2`},
			events: committed(updateRequest, writes{updates: 2}), // the item and the post's itemsTotal
			before: withSheet, after: wantStage("recruiting", 45000)},
		{name: "another member's item cannot be changed", actor: "member", method: http.MethodPatch, url: itemsURL + "/" + neighbourItemId,
			body: `{"quantity":5}`, status: 404, contains: []string{`"status":404`}, events: noHooks(), // the update rule
			before: withSheet, after: wantStage("recruiting", 27000)},
		{name: "an item cannot move to another member (dashboard)", actor: "superuser", method: http.MethodPatch, url: itemsURL + "/" + memberItemId,
			body: `{"user":"` + hostId + `"}`, status: 400, contains: []string{code("user", "immutable_field")}, events: locked,
			before: withSheet, after: wantItems(memberId, 1)},
		{name: "a locked item cannot be changed", actor: "member", method: http.MethodPatch, url: itemsURL + "/" + memberItemId,
			body: `{"quantity":3}`, status: 400, contains: []string{code("post", "order_locked")}, events: locked,
			before: ordered, after: wantStage("ordered", 27000)},
		{name: "a member takes their item off the sheet", actor: "member", method: http.MethodDelete, url: itemsURL + "/" + memberItemId,
			status: 204, events: committed(deleteRequest, writes{deletes: 1, updates: 1}), before: withSheet, after: wantStage("recruiting", 9000)},
		{name: "a locked item cannot be taken off", actor: "member", method: http.MethodDelete, url: itemsURL + "/" + memberItemId,
			status: 400, contains: []string{code("post", "order_locked")}, events: refusedByModel(deleteRequest, "Delete"),
			before: ordered, after: wantStage("ordered", 27000)},
		{name: "everyone in the room sees the whole sheet", actor: "member", method: http.MethodGet, url: itemsURL,
			status: 200, contains: []string{`"totalItems":2`, "떡볶이"}, events: read(listRequest, 2), before: withSheet},
		{name: "a neighbour outside the room sees none of it", actor: "stranger", method: http.MethodGet, url: itemsURL,
			status: 200, contains: []string{`"totalItems":0`}, excludes: []string{"떡볶이"}, events: read(listRequest, 0), before: withSheet},
		{name: "items follow the membership: leaving takes them", actor: "member", method: http.MethodDelete, url: membershipsURL + "/" + memberMembershipId,
			status: 204, before: withSheet, after: all(wantItems(memberId, 0), wantStage("recruiting", 9000)),
			// the membership and its item; the leave notice; the post after each
			events: committed(deleteRequest, writes{deletes: 2, creates: 1, updates: 2})},
		{name: "items follow the membership: a ban takes them", actor: "host", method: http.MethodPost, url: bansURL,
			body: `{"post":"` + postId + `","user":"` + memberId + `"}`, status: 200, contains: []string{`"user":"` + memberId + `"`},
			// the ban and its message; the membership and its item; the post
			// after each; the member hears of the ban
			events: committed(createRequest, writes{creates: 2, deletes: 2, updates: 2, notices: 1}),
			before: withSheet, after: all(wantItems(memberId, 0), wantStage("recruiting", 9000))},
		{name: "items follow the membership: account deletion takes them", actor: "member", method: http.MethodPost,
			url: "/api/mealbuddy/account/delete", body: `{"password":"` + testapp.Password + `"}`, status: 204, before: withSheet,
			// the lockout's attempt, reserved and given back; the user, its
			// membership and item; the leave message; the post after each;
			// 안녕하세요 loses its author
			events: committed(customRoute, writes{creates: 1 + 1, deletes: 1 + 3, updates: 2, emptied: 1}),
			after:  all(wantItems(memberId, 0), wantStage("recruiting", 9000))},
		{name: "deleting the post deletes its sheet", actor: "host", method: http.MethodDelete, url: postsURL + "/" + postId,
			status: 204, before: withSheet,
			// the post, 3 memberships, the ban, 5 messages, 2 items; the two
			// members hear of it, and the 4 notifications about the post
			// lose their post
			events: committed(deleteRequest, writes{deletes: 1 + 3 + 1 + 5 + 2, notices: 2, emptied: 4}),
			after: func(t testing.TB, w *world) {
				if n := w.count(t, "order_items", nil); n != 0 {
					t.Fatalf("%d items left", n)
				}
			}},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

// TestPlacingTheOrder: the order route and what it writes (SPEC §3, §6).
func TestPlacingTheOrder(t *testing.T) {
	place := func(name, actor, body string, status int, events map[string]int, contains []string, before, after func(testing.TB, *world)) scenario {
		return scenario{name: name, actor: actor, method: http.MethodPost, url: orderURL, body: body,
			status: status, contains: contains, events: events, before: before, after: after}
	}
	good := `{"deliveryFee":3000,"payAccount":"  카카오뱅크 3333-01-2345678 호스트 ","payLink":"https://qr.kakaopay.com/abc"}`
	notPlaced := wantStage("recruiting", 27000)
	// the route refuses before it writes anything
	routeRefuses := noHooks()
	// the host's row refuses the account or the link inside the order's
	// transaction: the post's save ran, and nothing of it committed
	rowRefuses := map[string]int{
		"OnModelAfterCreateSuccess": 0, "OnModelAfterUpdateSuccess": 0, "OnModelAfterDeleteSuccess": 0,
	}
	// the post's model hook refuses the stage
	hookRefuses := refusedByModel(customRoute, "Update")
	scenarios := []scenario{
		place("the host places the order", "host", good, 200, placed(3, 2),
			[]string{`"status":"ordered"`, `"deliveryFee":3000`, `"itemsTotal":27000`}, withSheet,
			all(wantStage("ordered", 27000),
				wantDue(memberId, 19500, 1500, false), wantDue(neighbourId, 10500, 1500, false), wantDue(hostId, 0, 0, true),
				wantLastSystem("주문했어요! 배달비 3,000원을 2명이 나눠 1인당 1,500원이에요. 각자 '보낼 금액'을 확인하고 송금해 주세요."),
				func(t testing.TB, w *world) {
					p := w.reload(t, "posts", postId)
					h := w.membershipOf(t, hostId)
					if p.GetDateTime("orderedAt").IsZero() || h.GetString("payAccount") != "카카오뱅크 3333-01-2345678 호스트" ||
						h.GetString("payLink") != "https://qr.kakaopay.com/abc" {
						t.Fatalf("orderedAt %q, payAccount %q, payLink %q", p.GetString("orderedAt"), h.GetString("payAccount"), h.GetString("payLink"))
					}
				})),
		place("the host's own items make them a payer, settled at once", "host", `{"deliveryFee":4000,"payAccount":"토스 1000-1234"}`, 200,
			placed(3, 2), []string{`"status":"ordered"`, `"deliveryFee":4000`},
			func(t testing.TB, w *world) { withSheet(t, w); w.item(t, hostId, "순살", 10000, 1) },
			all(wantDue(hostId, 11340, 1340, true), wantDue(memberId, 19340, 1340, false), wantDue(neighbourId, 10340, 1340, false))),
		place("a member without items owes nothing", "host", `{"deliveryFee":3000,"payAccount":"토스 1000-1234"}`, 200,
			placed(4, 2), // the fourth owes nothing and is not told
			[]string{`"status":"ordered"`},
			func(t testing.TB, w *world) { withSheet(t, w); w.join(t, postId, strangerId) },
			all(wantDue(strangerId, 0, 0, false), wantDue(memberId, 19500, 1500, false))),
		place("only the host places the order", "member", good, 400, routeRefuses, []string{code("post", "not_host")}, withSheet, notPlaced),
		place("a stranger cannot see the post", "stranger", good, 404, routeRefuses, []string{`"status":404`}, withSheet, notPlaced),
		place("nobody has an item", "host", good, 400, hookRefuses, []string{code("post", "no_items")}, nil, wantStage("recruiting", 0)),
		place("the sheet is below the minimum order", "host", good, 400, hookRefuses, []string{code("post", "below_min_order")},
			func(t testing.TB, w *world) {
				withSheet(t, w)
				p := w.reload(t, "posts", postId)
				p.Set("minOrderAmount", 30000)
				if err := w.app.Save(p); err != nil {
					t.Fatal(err)
				}
			}, notPlaced),
		place("an order is placed once", "host", good, 400, routeRefuses, []string{code("status", "invalid_status")}, ordered,
			all(wantStage("ordered", 27000), wantDue(memberId, 19500, 1500, false))),
		place("a closed group can be ordered", "host", good, 200, placed(3, 2), []string{`"status":"ordered"`},
			func(t testing.TB, w *world) { withSheet(t, w); w.setStatus(t, "closed") }, wantStage("ordered", 27000)),
		place("a cancelled group cannot", "host", good, 400, routeRefuses, []string{code("status", "invalid_status")},
			func(t testing.TB, w *world) { withSheet(t, w); w.setStatus(t, "cancelled") }, wantStage("cancelled", 27000)),
		place("the fee is required", "host", `{"payAccount":"토스 1000-1234"}`, 400, routeRefuses,
			[]string{code("deliveryFee", "validation_required")}, withSheet, notPlaced),
		place("the fee is at most 100,000", "host", `{"deliveryFee":100001,"payAccount":"토스 1000-1234"}`, 400, routeRefuses,
			[]string{code("deliveryFee", "validation_out_of_range")}, withSheet, notPlaced),
		place("the fee is whole won", "host", `{"deliveryFee":1500.5,"payAccount":"토스 1000-1234"}`, 400, routeRefuses,
			[]string{code("deliveryFee", "validation_only_int_constraint")}, withSheet, notPlaced),
		place("an account of one character", "host", `{"deliveryFee":3000,"payAccount":" 토 "}`, 400, rowRefuses,
			[]string{code("payAccount", "validation_min_text_constraint")}, withSheet, notPlaced),
		place("an account of invisible characters", "host", `{"deliveryFee":3000,"payAccount":"\u200b\u200b\u200b"}`, 400, routeRefuses,
			[]string{code("payAccount", "validation_required")}, withSheet, notPlaced),
		place("a link that is not https", "host", `{"deliveryFee":3000,"payAccount":"토스 1000-1234","payLink":"http://toss.me/x"}`, 400, rowRefuses,
			[]string{code("payLink", "validation_invalid_url")}, withSheet, notPlaced),
		{name: "the records API cannot place an order", actor: "host", method: http.MethodPatch, url: postsURL + "/" + postId,
			body: `{"status":"ordered"}`, status: 400, contains: []string{code("status", "invalid_status")},
			events: refusedByRequest(updateRequest), before: withSheet, after: notPlaced},
		{name: "nor can the dashboard", actor: "superuser", method: http.MethodPatch, url: postsURL + "/" + postId,
			body: `{"status":"ordered"}`, status: 400, contains: []string{code("status", "invalid_status")},
			events: refusedByRequest(updateRequest), before: withSheet, after: notPlaced},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

// TestOrderLocks: once the order is placed, what it was computed from and
// who is in it stay as they are until it is done or cancelled.
func TestOrderLocks(t *testing.T) {
	patch := func(name, body, field, code_ string) scenario {
		return scenario{name: name, actor: "host", method: http.MethodPatch, url: postsURL + "/" + postId, body: body,
			status: 400, contains: []string{code(field, code_)}, before: ordered, after: wantStage("ordered", 27000)}
	}
	scenarios := []scenario{
		patch("the head-count is locked", `{"targetCount":5}`, "targetCount", "order_locked"),
		patch("the minimum order is locked", `{"minOrderAmount":1000}`, "minOrderAmount", "order_locked"),
		patch("the fee is locked", `{"deliveryFee":0}`, "deliveryFee", "order_locked"),
		patch("itemsTotal is the server's", `{"itemsTotal":1}`, "itemsTotal", "immutable_field"),
		patch("orderedAt is the server's", `{"orderedAt":"2020-01-01 00:00:00.000Z"}`, "orderedAt", "immutable_field"),
		patch("a reason without cancelling", `{"cancelReason":"그냥"}`, "cancelReason", "immutable_field"),
		{name: "the title may still change", actor: "host", method: http.MethodPatch, url: postsURL + "/" + postId,
			body: `{"title":"치킨 주문 완료"}`, status: 200, contains: []string{`"title":"치킨 주문 완료"`}, before: ordered},
		{name: "nobody leaves", actor: "member", method: http.MethodDelete, url: membershipsURL + "/" + memberMembershipId,
			status: 400, contains: []string{code("post", "order_locked")}, before: ordered, after: wantItems(memberId, 1)},
		{name: "nobody is banned", actor: "host", method: http.MethodPost, url: bansURL,
			body: `{"post":"` + postId + `","user":"` + memberId + `"}`, status: 400, contains: []string{code("post", "order_locked")},
			before: ordered, after: wantItems(memberId, 1)},
		{name: "the post is not deleted", actor: "host", method: http.MethodDelete, url: postsURL + "/" + postId,
			status: 400, contains: []string{code("status", "order_locked")}, before: delivered, after: wantStage("delivered", 27000)},
		{name: "a member's account is not deleted", actor: "member", method: http.MethodPost, url: "/api/mealbuddy/account/delete",
			body: `{"password":"` + testapp.Password + `"}`, status: 400, contains: []string{code("user", "open_order")},
			before: ordered, after: wantItems(memberId, 1)},
		{name: "the host's account is not deleted", actor: "host", method: http.MethodPost, url: "/api/mealbuddy/account/delete",
			body: `{"password":"` + testapp.Password + `"}`, status: 400, contains: []string{code("user", "open_order")},
			before: ordered, after: wantStage("ordered", 27000)},
		{name: "nor from the dashboard", actor: "superuser", method: http.MethodDelete, url: usersURL + "/" + memberId,
			status: 400, contains: []string{code("user", "open_order")}, before: ordered, after: wantItems(memberId, 1)},
		{name: "nobody joins an ordered group", actor: "stranger", method: http.MethodPost, url: membershipsURL,
			body: `{"post":"` + postId + `","user":"` + strangerId + `"}`, status: 404, contains: []string{`"status":404`}, before: ordered},
		{name: "a neighbour cannot join an ordered group", actor: "banned", method: http.MethodPost, url: membershipsURL,
			body: `{"post":"` + postId + `","user":"` + bannedId + `"}`, status: 400, contains: []string{code("post", "banned")}, before: ordered},
		{name: "once done, the group may be deleted", actor: "host", method: http.MethodDelete, url: postsURL + "/" + postId,
			status: 204, before: func(t testing.TB, w *world) { delivered(t, w); w.setStatus(t, "done") }},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

// TestJoiningAfterTheSheet: every status after recruiting answers
// post_closed to a neighbour who tries to join.
func TestJoiningAfterTheSheet(t *testing.T) {
	for _, stage := range []struct {
		name   string
		before func(testing.TB, *world)
	}{
		{"ordered", ordered},
		{"delivered", delivered},
		{"done", func(t testing.TB, w *world) { delivered(t, w); w.setStatus(t, "done") }},
		{"cancelled", func(t testing.TB, w *world) { withSheet(t, w); w.setStatus(t, "cancelled") }},
	} {
		scenario{name: "joining a " + stage.name + " group", actor: "neighbour", method: http.MethodPost, url: membershipsURL,
			body: `{"post":"` + postId + `","user":"` + neighbourId + `"}`, status: 400, contains: []string{code("post", "post_closed")},
			before: func(t testing.TB, w *world) {
				stage.before(t, w)
				// the neighbour of the order world is a member: take them out
				// through the dashboard's view of a finished group
				if _, err := w.app.DB().Delete("memberships", dbx.HashExp{"post": postId, "user": neighbourId}).Execute(); err != nil {
					t.Fatal(err)
				}
			}}.test(t)
	}
}

var _ = strings.Contains
