package hooks_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/pocketbase/dbx"
)

// What the room's requests write (see committed).
var (
	// a join: the membership, its message in the room, the post's count;
	// the host hears of it
	joinWrites = writes{creates: 2, updates: 1, notices: 1}
	// a leave: the membership goes, its message, the post's count
	leaveWrites = writes{deletes: 1, creates: 1, updates: 1}
	// a ban: the ban and its message, the membership goes, the post's
	// count; the banned user hears of it
	banWrites = writes{creates: 2, deletes: 1, updates: 1, notices: 1}
)

func joinAs(actor, user string) scenario {
	return scenario{actor: actor, method: http.MethodPost, url: membershipsURL,
		body: `{"post":"` + postId + `","user":"` + user + `"}`}
}

// wantJoined asserts the post's count (equal to its rows) and status.
func wantJoined(n int, status string) func(t testing.TB, w *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		if got := w.checkCount(t, postId); got != n {
			t.Fatalf("joined = %d, want %d", got, n)
		}
		if got := w.reload(t, "posts", postId).GetString("status"); got != status {
			t.Fatalf("status = %q, want %q", got, status)
		}
	}
}

// wantLastSystem asserts the newest system message of the post.
func wantLastSystem(body string) func(t testing.TB, w *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		msgs := w.systemMessages(t, postId)
		if len(msgs) == 0 || msgs[len(msgs)-1] != body {
			t.Fatalf("system messages %q, want the last to be %q", msgs, body)
		}
	}
}

func all(checks ...func(testing.TB, *world)) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		for _, c := range checks {
			c(t, w)
		}
	}
}

// the world's system messages before any scenario
var worldSystemMessages = []string{"멤버 님이 입장했습니다.", "강퇴자 님이 입장했습니다.", "강퇴자 님이 강퇴되었습니다."}

func noNewSystemMessage(t testing.TB, w *world) {
	t.Helper()
	if got := w.systemMessages(t, postId); !slices.Equal(got, worldSystemMessages) {
		t.Fatalf("system messages changed: %q", got)
	}
}

func TestJoinRules(t *testing.T) {
	refused := func(name, code_ string, before func(testing.TB, *world)) scenario {
		s := joinAs("neighbour", neighbourId)
		s.name, s.status, s.contains = name, 400, []string{code("post", code_)}
		s.events = refusedByModel(createRequest, "Create")
		s.before = before
		s.after = all(func(t testing.TB, w *world) {
			if n := w.checkCount(t, postId); n != 2 {
				t.Fatalf("joined = %d, want 2", n)
			}
		}, noNewSystemMessage)
		return s
	}
	fill := func(t testing.TB, w *world) { setTarget(t, w, 2) }
	closeIt := func(t testing.TB, w *world) { setStatus(t, w, postId, "closed") }
	banNeighbour := func(t testing.TB, w *world) { w.ban(t, postId, neighbourId) }

	scenarios := []scenario{
		func() scenario {
			s := joinAs("neighbour", neighbourId)
			s.name, s.status = "a neighbour joins", 200
			s.contains = []string{`"role":"member"`, `"user":"` + neighbourId + `"`}
			s.events = committed(createRequest, joinWrites)
			s.after = all(wantJoined(3, "recruiting"), wantLastSystem("이웃 님이 입장했습니다."))
			return s
		}(),
		func() scenario {
			s := joinAs("neighbour", neighbourId)
			s.name, s.status = "the last seat makes the post full", 200
			s.contains = []string{`"user":"` + neighbourId + `"`}
			full := joinWrites
			full.notices++ // the host also hears that the group is full
			s.events = committed(createRequest, full)
			s.before = func(t testing.TB, w *world) { setTarget(t, w, 3) }
			s.after = wantJoined(3, "full")
			return s
		}(),
		func() scenario {
			s := joinAs("neighbour", neighbourId)
			s.name, s.status = "a forged role is ignored", 200
			s.body = `{"post":"` + postId + `","user":"` + neighbourId + `","role":"host"}`
			s.contains = []string{`"role":"member"`}
			s.excludes = []string{`"role":"host"`}
			s.events = committed(createRequest, joinWrites)
			return s
		}(),
		func() scenario {
			s := joinAs("neighbour", memberId)
			s.name, s.status, s.contains = "joining for someone else", 400, []string{"Failed to create record"}
			s.events = noHooks() // the create rule
			s.after = wantJoined(2, "recruiting")
			return s
		}(),
		func() scenario {
			s := joinAs("neighbour", neighbourId)
			s.name, s.status, s.contains = "a post that does not exist", 404, []string{`"status":404`}
			s.events = refusedByRequest(createRequest)
			s.body = `{"post":"nopost000000000","user":"` + neighbourId + `"}`
			return s
		}(),
		refused("full", "post_full", fill),
		refused("closed", "post_closed", closeIt),
		refused("closed and full: closed wins", "post_closed", func(t testing.TB, w *world) { fill(t, w); closeIt(t, w) }),
		refused("deadline passed", "deadline_passed", func(t testing.TB, w *world) { expire(t, w, postId) }),
		refused("deadline passed, closed and full: deadline wins", "deadline_passed",
			func(t testing.TB, w *world) { fill(t, w); closeIt(t, w); expire(t, w, postId) }),
		refused("banned", "banned", banNeighbour),
		refused("banned, deadline passed, closed and full: banned wins", "banned",
			func(t testing.TB, w *world) { fill(t, w); closeIt(t, w); expire(t, w, postId); banNeighbour(t, w) }),
		func() scenario {
			s := joinAs("member", memberId)
			s.name, s.status, s.contains = "already a member wins over everything", 400, []string{code("post", "already_member")}
			s.events = refusedByModel(createRequest, "Create")
			s.before = func(t testing.TB, w *world) { fill(t, w); closeIt(t, w); expire(t, w, postId) }
			return s
		}(),
		func() scenario {
			s := joinAs("banned", bannedId)
			s.name, s.status = "a lifted ban lets the user join again", 200
			s.contains = []string{`"role":"member"`, `"user":"` + bannedId + `"`}
			s.events = committed(createRequest, joinWrites)
			s.before = func(t testing.TB, w *world) {
				if err := w.app.Delete(w.reload(t, "bans", banId)); err != nil {
					t.Fatal(err)
				}
			}
			s.after = wantJoined(3, "recruiting")
			return s
		}(),
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

func TestLeaveRules(t *testing.T) {
	leave := func(actor string) scenario {
		return scenario{actor: actor, method: http.MethodDelete, url: membershipsURL + "/" + memberMembershipId}
	}
	hostLeaves := func(actor string) scenario {
		return scenario{actor: actor, method: http.MethodDelete,
			urlFn: func(w *world) string { return membershipsURL + "/" + w.hostMembership(t) }}
	}
	scenarios := []scenario{
		func() scenario {
			s := leave("member")
			s.name, s.status = "a member leaves", 204
			s.events = committed(deleteRequest, leaveWrites)
			s.after = all(wantJoined(1, "recruiting"), wantLastSystem("멤버 님이 퇴장했습니다."))
			return s
		}(),
		func() scenario {
			s := leave("member")
			s.name, s.status = "leaving a full post reopens recruiting", 204
			s.events = committed(deleteRequest, leaveWrites)
			s.before = func(t testing.TB, w *world) { setTarget(t, w, 2) }
			s.after = wantJoined(1, "recruiting")
			return s
		}(),
		func() scenario {
			s := leave("member")
			s.name, s.status = "leaving a closed post keeps it closed", 204
			s.events = committed(deleteRequest, leaveWrites)
			s.before = func(t testing.TB, w *world) { setStatus(t, w, postId, "closed") }
			s.after = wantJoined(1, "closed")
			return s
		}(),
		func() scenario {
			s := hostLeaves("host")
			s.name, s.status, s.contains = "the host cannot leave", 400, []string{code("user", "host_cannot_leave")}
			s.events = refusedByModel(deleteRequest, "Delete")
			s.after = all(wantJoined(2, "recruiting"), noNewSystemMessage)
			return s
		}(),
		func() scenario {
			s := hostLeaves("superuser")
			s.name, s.status, s.contains = "not even through the dashboard", 400, []string{code("user", "host_cannot_leave")}
			s.events = refusedByModel(deleteRequest, "Delete")
			s.after = wantJoined(2, "recruiting")
			return s
		}(),
		{name: "a member cannot change their role", actor: "member", method: http.MethodPatch,
			url: membershipsURL + "/" + memberMembershipId, body: `{"role":"host"}`,
			status: 400, contains: []string{code("role", "immutable_field")}, events: refusedByModel(updateRequest, "Update")},
		{name: "a member cannot move their membership", actor: "member", method: http.MethodPatch,
			url: membershipsURL + "/" + memberMembershipId, body: `{"post":"ppost0000000001"}`,
			status: 400, contains: []string{code("post", "immutable_field")}, events: refusedByModel(updateRequest, "Update")},
		{name: "the dashboard cannot change a membership's user", actor: "superuser", method: http.MethodPatch,
			url: membershipsURL + "/" + memberMembershipId, body: `{"user":"` + neighbourId + `"}`,
			status: 400, contains: []string{code("user", "immutable_field")}, events: refusedByModel(updateRequest, "Update"),
			after: func(t testing.TB, w *world) {
				if got := w.reload(t, "memberships", memberMembershipId).GetString("user"); got != memberId {
					t.Fatalf("user changed to %s", got)
				}
			}},
		{name: "sending the same role back is fine", actor: "member", method: http.MethodPatch,
			url: membershipsURL + "/" + memberMembershipId, body: `{"role":"member","lastReadAt":"2030-01-01 00:00:00.000Z"}`,
			status: 200, contains: []string{`"role":"member"`, `"lastReadAt":"2030-01-01 00:00:00.000Z"`},
			events: committed(updateRequest, writes{updates: 1})},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

func TestBanRules(t *testing.T) {
	ban := func(user string) scenario {
		return scenario{actor: "host", method: http.MethodPost, url: bansURL,
			body: `{"post":"` + postId + `","user":"` + user + `"}`}
	}
	scenarios := []scenario{
		func() scenario {
			s := ban(memberId)
			s.name, s.status = "banning a member removes them with one message", 200
			s.contains = []string{`"user":"` + memberId + `"`}
			s.events = committed(createRequest, banWrites)
			s.after = all(wantJoined(1, "recruiting"), func(t testing.TB, w *world) {
				want := append(slices.Clone(worldSystemMessages), "멤버 님이 강퇴되었습니다.")
				if got := w.systemMessages(t, postId); !slices.Equal(got, want) {
					t.Fatalf("system messages %q, want %q", got, want)
				}
			})
			return s
		}(),
		func() scenario {
			s := ban(memberId)
			s.name, s.status = "banning from a full post reopens recruiting", 200
			s.contains = []string{`"user":"` + memberId + `"`}
			s.events = committed(createRequest, banWrites)
			s.before = func(t testing.TB, w *world) { setTarget(t, w, 2) }
			s.after = wantJoined(1, "recruiting")
			return s
		}(),
		func() scenario {
			s := ban(neighbourId)
			s.name, s.status = "a ban in advance tells the room nothing", 200
			s.contains = []string{`"user":"` + neighbourId + `"`}
			// the ban alone; the room is not told, the user is
			s.events = committed(createRequest, writes{creates: 1, notices: 1})
			s.after = all(wantJoined(2, "recruiting"), noNewSystemMessage)
			return s
		}(),
		func() scenario {
			s := ban(hostId)
			s.name, s.status, s.contains = "the host cannot ban themselves", 400, []string{code("user", "cannot_ban_self")}
			s.events = refusedByModel(createRequest, "Create")
			s.after = all(wantJoined(2, "recruiting"), func(t testing.TB, w *world) {
				if n := w.count(t, "bans", nil); n != 1 {
					t.Fatalf("bans = %d", n)
				}
			})
			return s
		}(),
		func() scenario {
			s := ban(bannedId)
			s.name, s.status, s.contains = "a second ban of the same user", 400, []string{"validation_not_unique"}
			s.events = refusedByIndex(createRequest, "Create")
			return s
		}(),
		{name: "the dashboard cannot move a ban to someone else", actor: "superuser", method: http.MethodPatch,
			url: bansURL + "/" + banId, body: `{"user":"` + memberId + `"}`, status: 400,
			contains: []string{code("user", "immutable_field")}, events: refusedByModel(updateRequest, "Update"),
			after: wantJoined(2, "recruiting")},
		{name: "the dashboard cannot ban the host either", actor: "superuser", method: http.MethodPost, url: bansURL,
			body: `{"post":"` + postId + `","user":"` + hostId + `"}`, status: 400, contains: []string{code("user", "cannot_ban_self")},
			events: refusedByModel(createRequest, "Create")},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

func TestMessageRules(t *testing.T) {
	send := func(name, body string, status int, events map[string]int, contains ...string) scenario {
		return scenario{name: name, actor: "member", method: http.MethodPost, url: messagesURL,
			body: body, status: status, contains: contains, events: events}
	}
	byRule := noHooks() // the create rule: author is the caller, kind is text
	invalid := refusedByValidation(createRequest, "Create")
	sent := committed(createRequest, writes{creates: 1})
	long := make([]byte, 1001)
	for i := range long {
		long[i] = 'a'
	}
	messages := func(n int) func(testing.TB, *world) {
		return func(t testing.TB, w *world) {
			t.Helper()
			if got := w.count(t, "messages", dbx.HashExp{"kind": "text"}); got != n {
				t.Fatalf("text messages = %d, want %d", got, n)
			}
		}
	}
	scenarios := []scenario{
		send("a forged author", `{"post":"`+postId+`","body":"hi","author":"`+hostId+`"}`, 400, byRule, "Failed to create record"),
		send("a system message from a client", `{"post":"`+postId+`","body":"hi","kind":"system"}`, 400, byRule, "Failed to create record"),
		send("only white space", `{"post":"`+postId+`","body":"   \n  "}`, 400, invalid, `"body":{"code":"validation_required"`),
		send("1001 characters", `{"post":"`+postId+`","body":"`+string(long)+`"}`, 400, invalid, `"body":{"code":"validation_max_text_constraint"`),
		send("explicit kind text and own author", `{"post":"`+postId+`","body":"hi","kind":"text","author":"`+memberId+`"}`, 200, sent, `"kind":"text"`),
		send("HTML is stored as text", `{"post":"`+postId+`","body":"<b>hi</b>"}`, 200, sent, `"body":"<b>hi</b>"`),
	}
	for _, s := range scenarios {
		if s.status == 400 {
			s.after = messages(1)
		}
		s.test(t)
	}
}

func TestUserRules(t *testing.T) {
	signup := func(name, body string, status int, contains ...string) scenario {
		return scenario{name: name, actor: "anonymous", method: http.MethodPost, url: usersURL,
			body: body, status: status, contains: contains}
	}
	u := func(email, name, addr, pw, confirm string) string {
		return `{"email":"` + email + `","name":"` + name + `","address":"` + addr + `","password":"` + pw + `","passwordConfirm":"` + confirm + `"}`
	}
	scenarios := []scenario{
		signup("name and address are normalised", u("a@test.com", "  김밥천국  ", "\u3000서울특별시   강남구 역삼동 ", "password123", "password123"),
			200, `"name":"김밥천국"`).withAfter(func(t testing.TB, w *world) {
			u, err := w.app.FindAuthRecordByEmail("users", "a@test.com")
			if err != nil || u.GetString("address") != addrA {
				t.Fatalf("stored address %q (%v), want %q", u.GetString("address"), err, addrA)
			}
		}),
		signup("names are unique regardless of case", u("a@test.com", "alice", addrA, "password123", "password123"), 400,
			`"name":{"code":"validation_not_unique"`).withBefore(func(t testing.TB, w *world) {
			w.user(t, "alice0000000000", "alice@test.com", "Alice", addrA)
		}),
		signup("a name of one character after trimming", u("a@test.com", "  a  ", addrA, "password123", "password123"), 400,
			`"name":{"code":"validation_min_text_constraint"`),
		signup("a name of 21 characters", u("a@test.com", "가나다라마바사아자차카타파하가나다라마바사", addrA, "password123", "password123"), 400,
			`"name":{"code":"validation_max_text_constraint"`),
		signup("no address", u("a@test.com", "새사람", "  ", "password123", "password123"), 400, `"address":{"code":"validation_required"`),
		signup("a password of 7 characters", u("a@test.com", "새사람", addrA, "passwor", "passwor"), 400, `"password":{"code":"validation_min_text_constraint"`),
		signup("passwords that differ", u("a@test.com", "새사람", addrA, "password123", "password124"), 400, `"passwordConfirm":{"code":"validation_values_mismatch"`),
		{name: "renaming to a taken name in another case", actor: "member", method: http.MethodPatch,
			url: usersURL + "/" + memberId, body: `{"name":" 호스트 "}`, status: 400, contains: []string{`"name":{"code":"validation_not_unique"`}},
		{name: "changing the password needs the old one", actor: "member", method: http.MethodPatch,
			url: usersURL + "/" + memberId, body: `{"password":"newpassword1","passwordConfirm":"newpassword1","oldPassword":"wrong-password"}`,
			status: 400, contains: []string{`"oldPassword":{"code":`}},
		{name: "changing the password", actor: "member", method: http.MethodPatch,
			url: usersURL + "/" + memberId, body: `{"password":"newpassword1","passwordConfirm":"newpassword1","oldPassword":"password123"}`,
			status: 200, contains: []string{`"id":"` + memberId + `"`}, excludes: []string{"newpassword1", "password123"},
			after: func(t testing.TB, w *world) {
				if !w.reload(t, "users", memberId).ValidatePassword("newpassword1") {
					t.Fatal("password not changed")
				}
			}},
		{name: "moving keeps the posts where they were", actor: "host", method: http.MethodPatch,
			url: usersURL + "/" + hostId, body: `{"address":"` + addrB + `"}`, status: 200,
			contains: []string{`"address":"` + addrB + `"`}, after: wantPost("address", addrA)},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}
