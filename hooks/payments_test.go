package hooks_test

import (
	"net/http"
	"strings"
	"testing"
)

// membershipURL is the URL of user's membership of the world's post,
// known only once the world is built.
func membershipURL(user string) func(w *world) string {
	return func(w *world) string { return membershipsURL + "/" + w.membershipOfNoT(user) }
}

func (w *world) membershipOfNoT(user string) string {
	m, err := w.app.FindFirstRecordByFilter("memberships", "post = '"+postId+"' && user = '"+user+"'")
	if err != nil {
		return "missing"
	}
	return m.Id
}

func wantMark(user, field string, set bool) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		m := w.membershipOf(t, user)
		if m.GetDateTime(field).IsZero() == set {
			t.Fatalf("%s's %s = %q, want set=%v", user, field, m.GetString(field), set)
		}
		// the server's time, never the client's
		if set && strings.HasPrefix(m.GetString(field), "2001-") {
			t.Fatalf("%s's %s kept the client's time %q", user, field, m.GetString(field))
		}
	}
}

// TestPayments: one scenario per rule of SPEC §6 step 3.
func TestPayments(t *testing.T) {
	const clientTime = `"2001-01-01 00:00:00.000Z"`
	update := func(name, actor, user, body string, status int, events map[string]int, contains []string, before, after func(testing.TB, *world)) scenario {
		s := scenario{name: name, actor: actor, method: http.MethodPatch, urlFn: membershipURL(user), body: body,
			status: status, contains: contains, events: events, before: before, after: after}
		if status == 200 {
			s.excludes = []string{`"2001-01-01`} // the server's time, never the client's
		}
		return s
	}
	confirmedMember := func(t testing.TB, w *world) { ordered(t, w); w.mark(t, memberId, "confirmedAt", true) }
	var (
		// the membership and the room's message of the mark; the other
		// side hears of it (the host of a payment sent, the member of its
		// confirmation)
		marked = committed(updateRequest, writes{updates: 1, creates: 1, notices: 1})
		// taking a mark back: the room's message tells, nobody else
		unmarked = committed(updateRequest, writes{updates: 1, creates: 1})
		saved    = committed(updateRequest, writes{updates: 1})
		// the membership's request hook: who may set which mark
		notYours = refusedByRequest(updateRequest)
		// the membership's model hook: the order's stage and the dues
		notNow = refusedByModel(updateRequest, "Update")
	)
	scenarios := []scenario{
		update("a member marks their payment sent, in server time", "member", memberId, `{"paidAt":`+clientTime+`}`, 200, marked,
			[]string{`"paidAt":"` + dateString(worldNow)}, ordered,
			all(wantMark(memberId, "paidAt", true), wantLastSystem("멤버 님이 송금했어요."))),
		update("and may take it back until the host confirms", "member", memberId, `{"paidAt":""}`, 200, unmarked, []string{`"paidAt":""`},
			func(t testing.TB, w *world) { ordered(t, w); w.mark(t, memberId, "paidAt", true) },
			all(wantMark(memberId, "paidAt", false), wantLastSystem("멤버 님이 송금 표시를 취소했어요."))),
		update("but not after", "member", memberId, `{"paidAt":""}`, 400, notNow, []string{code("paidAt", "payment_not_open")},
			func(t testing.TB, w *world) {
				ordered(t, w)
				w.mark(t, memberId, "paidAt", true)
				w.mark(t, memberId, "confirmedAt", true)
			},
			wantMark(memberId, "paidAt", true)),
		update("before the order is placed nothing is paid", "member", memberId, `{"paidAt":`+clientTime+`}`, 400, notNow,
			[]string{code("paidAt", "payment_not_open")}, withSheet, wantMark(memberId, "paidAt", false)),
		update("a member who owes nothing pays nothing", "stranger", strangerId, `{"paidAt":`+clientTime+`}`, 400, notNow,
			[]string{code("paidAt", "payment_not_open")},
			func(t testing.TB, w *world) { withSheet(t, w); w.join(t, postId, strangerId); w.place(t, 3000) },
			wantMark(strangerId, "paidAt", false)),
		update("the host confirms a member's payment", "host", memberId, `{"confirmedAt":`+clientTime+`}`, 200, marked,
			[]string{`"confirmedAt":"` + dateString(worldNow)}, ordered,
			all(wantMark(memberId, "confirmedAt", true), wantLastSystem("방장이 멤버 님의 송금을 확인했어요."))),
		update("cash happens: confirmed without paidAt, and cleared again", "host", memberId, `{"confirmedAt":""}`, 200, unmarked,
			[]string{`"confirmedAt":""`, `"paidAt":""`}, confirmedMember,
			all(wantMark(memberId, "confirmedAt", false), wantLastSystem("방장이 멤버 님의 송금 확인을 취소했어요."))),
		update("a member cannot confirm their own payment", "member", memberId, `{"confirmedAt":`+clientTime+`}`, 400, notYours,
			[]string{code("confirmedAt", "immutable_field")}, ordered, wantMark(memberId, "confirmedAt", false)),
		update("the host cannot mark a member's payment sent", "host", memberId, `{"paidAt":`+clientTime+`}`, 400, notYours,
			[]string{code("paidAt", "immutable_field")}, ordered, wantMark(memberId, "paidAt", false)),
		update("another member cannot touch a member's row", "neighbour", memberId, `{"paidAt":`+clientTime+`}`, 404,
			noHooks(), []string{`"status":404`}, ordered, wantMark(memberId, "paidAt", false)), // the update rule
		update("the host's own share stays settled", "host", hostId, `{"confirmedAt":""}`, 400, notYours,
			[]string{code("confirmedAt", "immutable_field")}, ordered, wantDue(hostId, 0, 0, true)),
		update("dues are the server's", "member", memberId, `{"amountDue":0}`, 400, notNow,
			[]string{code("amountDue", "immutable_field")}, ordered, wantDue(memberId, 19500, 1500, false)),
		update("even in the dashboard", "superuser", memberId, `{"amountDue":100,"feeShare":100}`, 400, notNow,
			[]string{code("amountDue", "immutable_field")}, ordered, wantDue(memberId, 19500, 1500, false)),
		update("the host corrects where to send the money", "host", hostId, `{"payAccount":"토스뱅크 1000-2000-3000 호스트","payLink":"https://toss.me/host"}`, 200,
			saved, []string{`"payAccount":"토스뱅크 1000-2000-3000 호스트"`, `"payLink":"https://toss.me/host"`}, ordered, nil),
		update("an account on a member's row is refused", "member", memberId, `{"payAccount":"내 계좌"}`, 400, notYours,
			[]string{code("payAccount", "immutable_field")}, ordered, nil),
		update("a remittance link is https", "host", hostId, `{"payLink":"http://toss.me/host"}`, 400, notNow,
			[]string{code("payLink", "validation_invalid_url")}, ordered, nil),
		update("once done, payments no longer change", "host", memberId, `{"confirmedAt":""}`, 400, notNow,
			[]string{code("confirmedAt", "payment_not_open")},
			func(t testing.TB, w *world) {
				delivered(t, w)
				w.mark(t, memberId, "confirmedAt", true)
				w.setStatus(t, "done")
			},
			wantMark(memberId, "confirmedAt", true)),
		update("a member still marks the room read", "member", memberId, `{"lastReadAt":"2030-01-01 00:00:00.000Z"}`, 200, saved,
			[]string{`"lastReadAt":"2030-01-01 00:00:00.000Z"`}, ordered, nil),
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

// TestOrderStages: delivery, done (by hand and by itself), cancellation
// and the final states (SPEC §6 steps 4–6).
func TestOrderStages(t *testing.T) {
	setStatus := func(name, body string, status int, events map[string]int, contains []string, before, after func(testing.TB, *world)) scenario {
		return scenario{name: name, actor: "host", method: http.MethodPatch, url: postsURL + "/" + postId, body: body,
			status: status, contains: contains, events: events, before: before, after: after}
	}
	confirmAll := func(t testing.TB, w *world) {
		w.mark(t, memberId, "confirmedAt", true)
		w.mark(t, neighbourId, "confirmedAt", true)
	}
	invalid := []string{code("status", "invalid_status")}
	var (
		// the post and the room's message of its stage; both members hear
		// of it (the payers of a delivery or settlement, everyone of a
		// cancellation)
		staged  = committed(updateRequest, writes{updates: 1, creates: 1, notices: 2})
		refused = refusedByModel(updateRequest, "Update")
	)
	scenarios := []scenario{
		setStatus("the food arrives", `{"status":"delivered"}`, 200, staged,
			[]string{`"status":"delivered"`, `"deliveredAt":"` + dateString(worldNow)}, ordered,
			all(wantStage("delivered", 27000), wantLastSystem("음식이 도착했어요! 찾아가 주세요."), func(t testing.TB, w *world) {
				if w.reload(t, "posts", postId).GetDateTime("deliveredAt").IsZero() {
					t.Fatal("no deliveredAt")
				}
			})),
		setStatus("the arrival names the pickup spot", `{"status":"delivered"}`, 200, staged,
			[]string{`"status":"delivered"`, `"pickupSpot":"GS25 역삼점 앞"`},
			func(t testing.TB, w *world) {
				withSheet(t, w)
				p := w.reload(t, "posts", postId)
				p.Set("pickupSpot", "GS25 역삼점 앞")
				if err := w.app.Save(p); err != nil {
					t.Fatal(err)
				}
				w.place(t, 3000)
			}, wantLastSystem("음식이 도착했어요! 픽업 장소: GS25 역삼점 앞")),
		setStatus("the host may close the settlement by hand", `{"status":"done"}`, 200, staged, []string{`"status":"done"`}, delivered,
			all(wantStage("done", 27000), wantLastSystem("정산이 끝났어요. 맛있게 드세요!"))),
		{name: "the last confirmation after delivery settles the group by itself", actor: "host", method: http.MethodPatch,
			urlFn: membershipURL(neighbourId), body: `{"confirmedAt":"2001-01-01 00:00:00.000Z"}`, status: 200,
			contains: []string{`"user":"` + neighbourId + `"`, `"confirmedAt":"` + dateString(worldNow)},
			// the membership and the post; the confirmation's message and the
			// settlement's; the neighbour hears of the confirmation, both
			// payers of the settlement
			events: committed(updateRequest, writes{updates: 2, creates: 2, notices: 1 + 2}),
			before: func(t testing.TB, w *world) { delivered(t, w); w.mark(t, memberId, "confirmedAt", true) },
			after: all(wantStage("done", 27000), wantLastSystem("정산이 끝났어요. 맛있게 드세요!"), func(t testing.TB, w *world) {
				if w.reload(t, "posts", postId).GetDateTime("doneAt").IsZero() {
					t.Fatal("no doneAt")
				}
			})},
		setStatus("everyone confirmed before the food arrived: delivery settles it", `{"status":"delivered"}`, 200,
			// the arrival's message and the settlement's; the payers hear of the settlement
			committed(updateRequest, writes{updates: 1, creates: 2, notices: 2}),
			[]string{`"status":"done"`}, func(t testing.TB, w *world) { ordered(t, w); confirmAll(t, w) }, wantStage("done", 27000)),
		setStatus("done cannot be set before delivery", `{"status":"done"}`, 400, refused, invalid, ordered, wantStage("ordered", 27000)),
		setStatus("delivered cannot be set before the order", `{"status":"delivered"}`, 400, refused, invalid, withSheet, wantStage("recruiting", 27000)),
		setStatus("cancel while recruiting, with a reason", `{"status":"cancelled","cancelReason":" 가게가 문을 닫았어요 "}`, 200, staged,
			[]string{`"status":"cancelled"`, `"cancelReason":"가게가 문을 닫았어요"`}, withSheet,
			all(wantStage("cancelled", 27000), wantLastSystem("방장이 모집을 취소했어요. 사유: 가게가 문을 닫았어요"))),
		setStatus("cancel a full group", `{"status":"cancelled"}`, 200, staged, []string{`"status":"cancelled"`},
			func(t testing.TB, w *world) { withSheet(t, w); setTarget(t, w, 3) }, wantLastSystem("방장이 모집을 취소했어요.")),
		setStatus("cancel a closed group", `{"status":"cancelled"}`, 200, staged, []string{`"status":"cancelled"`},
			func(t testing.TB, w *world) { withSheet(t, w); w.setStatus(t, "closed") }, wantStage("cancelled", 27000)),
		setStatus("cancel an order that was placed: the dues stay as a record", `{"status":"cancelled"}`, 200, staged,
			[]string{`"status":"cancelled"`}, ordered,
			all(wantStage("cancelled", 27000), wantDue(memberId, 19500, 1500, false))),
		setStatus("no cancelling once the food is here", `{"status":"cancelled"}`, 400, refused, invalid, delivered, wantStage("delivered", 27000)),
		setStatus("done is final", `{"status":"delivered"}`, 400, refused, invalid,
			func(t testing.TB, w *world) { delivered(t, w); w.setStatus(t, "done") }, wantStage("done", 27000)),
		setStatus("cancelled is final", `{"status":"recruiting"}`, 400, refused, invalid,
			func(t testing.TB, w *world) { withSheet(t, w); w.setStatus(t, "cancelled") }, wantStage("cancelled", 27000)),
		setStatus("an ordered group is not closed", `{"status":"closed"}`, 400, refused, invalid, ordered, wantStage("ordered", 27000)),
		{name: "a cancelled sheet is final too", actor: "member", method: http.MethodPost, url: itemsURL,
			body: itemBody("취소 후 주문", 1000, 1), status: 400, contains: []string{code("post", "order_locked")},
			events: refusedByModel(createRequest, "Create"),
			before: func(t testing.TB, w *world) { withSheet(t, w); w.setStatus(t, "cancelled") }, after: wantStage("cancelled", 27000)},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}
