package realtime_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/sseclient"
	"mealbuddy/testsupport/testapp"
)

// With 50 rooms live at once, every member receives their own room's
// message, on the room page's subscription and on the chat list's
// unfiltered one, and nothing of the 49 others.
func TestRoomIsolation(t *testing.T) {
	w := newWorld(t)
	type room struct {
		post  *core.Record
		host  *core.Record
		tabs  []*client
		hello string
	}
	rooms := make([]*room, 50)
	for i := range rooms {
		host, member := w.user(addrA), w.user(addrA)
		post := w.post(host)
		w.join(post, member)
		rooms[i] = &room{post: post, host: host, hello: fmt.Sprintf("안녕 %d", i)}
		for _, u := range []*core.Record{host, member} {
			rooms[i].tabs = append(rooms[i].tabs, w.connect(u, append(roomPage(post.Id), chatList(u.Id)...)...))
		}
	}

	var wg sync.WaitGroup
	for _, r := range rooms {
		wg.Go(func() { w.say(r.post, r.host, r.hello) })
	}
	wg.Wait()

	for _, r := range rooms {
		foreign := func(e received) bool { return !inRoom(r.post.Id)(e) }
		for _, tab := range r.tabs {
			// the room page's copy and the chat list's
			tab.expectN(2, "their room's message", isMessage(r.hello), foreign)
		}
	}
	settle()
	for _, r := range rooms {
		for _, tab := range r.tabs {
			tab.never("another room's event", func(e received) bool { return !inRoom(r.post.Id)(e) })
			if n := len(tab.received()); n != 2 {
				t.Errorf("%s received %d events, want 2: %v", tab.name(), n, tab.received())
			}
		}
	}
}

// Revocation on connections that are already open: once a change that
// ends someone's access commits, nothing committed after it reaches them.
func TestRevocation(t *testing.T) {
	type setup struct {
		w                       *world
		post                    *core.Record
		host, subject, observer *core.Record
		subjectTab, observerTab *client
	}
	ownMembershipEnds := func(s *setup) {
		s.subjectTab.expect("the end of their own membership", func(e received) bool {
			return e.collection() == "memberships" && e.Action == "delete" && e.Record["user"] == s.subject.Id
		})
	}
	for _, tc := range []struct {
		name   string
		change func(s *setup)
		gone   string // the system message the change adds: never for the subject
	}{
		{"leave", func(s *setup) {
			m, err := s.w.app.FindFirstRecordByData("memberships", "user", s.subject.Id)
			if err != nil {
				t.Fatal(err)
			}
			s.w.do(s.subject, http.MethodDelete, "/api/collections/memberships/records/"+m.Id, nil, http.StatusNoContent, nil)
			ownMembershipEnds(s)
		}, "님이 퇴장했습니다."},
		{"ban", func(s *setup) {
			s.w.do(s.host, http.MethodPost, "/api/collections/bans/records", map[string]any{"post": s.post.Id, "user": s.subject.Id}, http.StatusOK, nil)
			ownMembershipEnds(s)
		}, "강퇴"},
		{"account deletion", func(s *setup) {
			s.w.do(s.subject, http.MethodPost, "/api/mealbuddy/account/delete", map[string]any{"password": testapp.Password}, http.StatusNoContent, nil)
		}, "님이 퇴장했습니다."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			s := &setup{w: w, host: w.user(addrA), subject: w.user(addrA), observer: w.user(addrB)}
			s.post = w.post(s.host)
			w.join(s.post, s.subject)
			w.join(s.post, s.observer)
			s.subjectTab = w.connect(s.subject, append(roomPage(s.post.Id), chatList(s.subject.Id)...)...)
			s.observerTab = w.connect(s.observer, roomPage(s.post.Id)...)

			w.say(s.post, s.host, "전")
			s.subjectTab.expect("the message before", isMessage("전"))

			tc.change(s)
			w.say(s.post, s.host, "후")
			s.observerTab.expect("the message after", isMessage("후"))
			settle()
			s.subjectTab.never("a message after the change", func(e received) bool {
				body, _ := e.Record["body"].(string)
				return isMessage("후")(e) || e.collection() == "messages" && strings.Contains(body, tc.gone)
			})
		})
	}
}

// Deleting a room ends it for its members: a new room that happens to
// get the same id is not theirs.
func TestRevocationByRoomDeletion(t *testing.T) {
	w := newWorld(t)
	host, member, other := w.user(addrA), w.user(addrA), w.user(addrA)
	post := w.post(host, "proom0000000000")
	w.join(post, member)
	tab := w.connect(member, append(roomPage(post.Id), chatList(member.Id)...)...)

	w.do(host, http.MethodDelete, "/api/collections/posts/records/"+post.Id, nil, http.StatusNoContent, nil)
	tab.expect("the room's deletion", func(e received) bool {
		return e.Key == "posts/"+post.Id && e.Action == "delete"
	})

	again := w.post(other, post.Id)
	otherTab := w.connect(other, roomPage(again.Id)...)
	w.say(again, other, "새 방")
	otherTab.expect("the new room's message", isMessage("새 방"))
	settle()
	tab.never("the new room's message", isMessage("새 방"))
}

// An address change moves the board and ends what only a neighbour could
// see (the posts of the old neighbourhood), at once.
func TestRevocationByAddressChange(t *testing.T) {
	w := newWorld(t)
	host, mover, stayer := w.user(addrA), w.user(addrA), w.user(addrA)
	post := w.post(host)
	moverTab := w.connect(mover, append(board(mover.Id), "posts/"+post.Id)...)
	stayerTab := w.connect(stayer, append(board(stayer.Id), "posts/"+post.Id)...)

	w.do(mover, http.MethodPatch, "/api/collections/users/records/"+mover.Id, map[string]any{"address": addrB}, http.StatusOK, nil)

	p := w.reload("posts", post.Id)
	p.Set("title", "마감 임박")
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	fresh := w.post(host)
	for _, want := range []string{"posts/" + post.Id, "posts/*"} {
		stayerTab.expect("the update on "+want, func(e received) bool { return e.Key == want && e.Record["id"] == post.Id })
	}
	stayerTab.expect("the new post", func(e received) bool { return e.Action == "create" && e.Record["id"] == fresh.Id })
	settle()
	moverTab.never("a post of the old neighbourhood", func(e received) bool { return e.collection() == "posts" })

	// The new neighbourhood's board is theirs now.
	neighbour := w.user(addrB)
	there := w.post(neighbour)
	moverTab.expect("a post of the new neighbourhood", func(e received) bool { return e.Record["id"] == there.Id })
}

// However a leave and messages interleave, no message committed after the
// leave reaches the leaver. The leave's own system message is written in
// its transaction, so the messages table's rowid order tells what
// committed before and after it.
func TestLeaveOrdering(t *testing.T) {
	w := newWorld(t)
	host := w.user(addrA)
	post := w.post(host)
	const leavers = 6
	var tabs []*client
	var members []*core.Record
	for range leavers {
		u := w.user(addrA)
		w.join(post, u)
		members = append(members, u)
		tabs = append(tabs, w.connect(u, roomPage(post.Id)...))
	}
	senders := []*core.Record{host}
	for range 3 {
		u := w.user(addrA)
		w.join(post, u)
		senders = append(senders, u)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, s := range senders {
		wg.Go(func() {
			for n := 0; n < 15; n++ {
				select {
				case <-stop:
					return
				default:
				}
				w.say(post, s, fmt.Sprintf("m%d-%d", i, n))
			}
		})
	}
	for _, u := range members {
		m, err := w.app.FindFirstRecordByFilter("memberships", "post = {:p} && user = {:u}", map[string]any{"p": post.Id, "u": u.Id})
		if err != nil {
			t.Fatal(err)
		}
		w.do(u, http.MethodDelete, "/api/collections/memberships/records/"+m.Id, nil, http.StatusNoContent, nil)
	}
	close(stop)
	wg.Wait()
	settle()

	rowid := func(id string) int {
		var n int
		if err := w.app.DB().NewQuery("SELECT rowid FROM messages WHERE id = {:id}").Bind(map[string]any{"id": id}).Row(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i, u := range members {
		leave, err := w.app.FindFirstRecordByData("messages", "body", u.GetString("name")+" 님이 퇴장했습니다.")
		if err != nil {
			t.Fatal(err)
		}
		after := rowid(leave.Id)
		for _, e := range tabs[i].received() {
			if e.collection() == "messages" && rowid(e.Record["id"].(string)) >= after {
				t.Errorf("%s received %q, committed with or after their leave", tabs[i].name(), e.Record["body"])
			}
		}
	}
}

// A neighbour's board receives the new posts of their neighbourhood only.
func TestBoardIsTheNeighbourhood(t *testing.T) {
	w := newWorld(t)
	hostA, hostB := w.user(addrA), w.user(addrB)
	inA, inB := w.user(addrA), w.user(addrB)
	tabA := w.connect(inA, append(board(inA.Id), chatList(inA.Id)...)...)
	tabB := w.connect(inB, append(board(inB.Id), chatList(inB.Id)...)...)

	var a, b struct {
		Id string `json:"id"`
	}
	fields := map[string]any{"title": "치킨 반반", "category": "chicken", "targetCount": 3}
	w.do(hostA, http.MethodPost, "/api/collections/posts/records", fields, http.StatusOK, &a)
	w.do(hostB, http.MethodPost, "/api/collections/posts/records", fields, http.StatusOK, &b)

	tabA.expect("the post of 역삼동", func(e received) bool { return e.Key == "posts/*" && e.Record["id"] == a.Id })
	tabB.expect("the post of 청운동", func(e received) bool { return e.Key == "posts/*" && e.Record["id"] == b.Id })
	settle()
	tabA.never("the other neighbourhood", inRoom(b.Id))
	tabB.never("the other neighbourhood", inRoom(a.Id))
	for _, tab := range []*client{tabA, tabB} {
		if n := len(tab.received()); n != 1 {
			t.Errorf("%s received %d events, want their neighbourhood's post: %v", tab.name(), n, tab.received())
		}
	}
}

// Outside clients, with or without filters of their own making, receive
// what the rules allow and nothing more: no filter, or a filter that is
// always true, is not a way into a room.
func TestOutsideSubscriptions(t *testing.T) {
	w := newWorld(t)
	hostA, memberA, hostB := w.user(addrA), w.user(addrA), w.user(addrA)
	eavesdropper := w.user(addrA) // a neighbour: may view the posts, not the rooms
	roomA, roomB := w.post(hostA), w.post(hostB)
	w.join(roomA, memberA)
	crafted := func(post string) []string {
		return []string{
			"messages/*",
			"messages", // PocketBase's old spelling of messages/*
			sseclient.Key("messages/*", "filter", fmt.Sprintf("post = '%s' || 1=1", post)),
			sseclient.Key("messages/*", "filter", "post != ''", "expand", "author,post"),
			sseclient.Key("messages/*", "filter", fmt.Sprintf("post.host = '%s'", hostB.Id)),
			"memberships/*",
			sseclient.Key("memberships/*", "filter", ofPost(post)),
		}
	}
	eavesTab := w.connect(eavesdropper, crafted(roomA.Id)...)
	guestTab := w.connect(nil, crafted(roomA.Id)...)
	memberTab := w.connect(memberA, crafted(roomB.Id)...)
	su := testapp.Superuser(t, w.app)
	suConn := w.connect(nil)
	if err := suConn.conn.Subscribe(t.Context(), su, "messages/*"); err != nil {
		t.Fatal(err)
	}

	w.say(roomB, hostB, "B의 비밀")
	w.say(roomA, hostA, "A의 메시지")

	ofB := inRoom(roomB.Id)
	for _, key := range []string{"messages/*", "messages", crafted(roomB.Id)[2], crafted(roomB.Id)[3]} {
		memberTab.expect("room A's message on "+key, func(e received) bool { return e.Key == key && isMessage("A의 메시지")(e) }, ofB)
	}
	suConn.expect("room B's message, as a superuser", isMessage("B의 비밀"))
	suConn.expect("room A's message, as a superuser", isMessage("A의 메시지"))
	settle()
	memberTab.never("room B", ofB)
	eavesTab.never("anything", anything)
	guestTab.never("anything", anything)
	for _, e := range memberTab.received() {
		if e.Key == crafted(roomB.Id)[3] && !strings.Contains(e.Raw, `"expand":{"author":`) {
			t.Errorf("expand was not honoured: %s", e.Raw)
		}
	}
}

// After a reconnect the client re-reads what it missed and receives what
// comes after it subscribes again.
func TestReconnect(t *testing.T) {
	w := newWorld(t)
	host, member := w.user(addrA), w.user(addrA)
	post := w.post(host)
	w.join(post, member)
	tab := w.connect(member, roomPage(post.Id)...)
	w.say(post, host, "하나")
	tab.expect("the first message", isMessage("하나"))

	tab.conn.Close()
	<-tab.conn.Done()
	w.say(post, host, "둘") // while disconnected

	again := w.connect(member, roomPage(post.Id)...)
	var page struct {
		Items []struct {
			Body string `json:"body"`
		} `json:"items"`
	}
	w.do(member, http.MethodGet, "/api/collections/messages/records?sort=-created&filter="+
		strings.ReplaceAll(ofPost(post.Id), " ", "%20"), nil, http.StatusOK, &page)
	if len(page.Items) == 0 || page.Items[0].Body != "둘" {
		t.Fatalf("the re-read misses the message sent while disconnected: %+v", page.Items)
	}
	w.say(post, host, "셋")
	again.expect("the message after resubscribing", isMessage("셋"), isMessage("둘"))
}

// An operator who changes a rule in the dashboard is obeyed: the index
// implements the rules of the migrations only, and a collection whose
// rules differ takes PocketBase's own path, rule query and all.
func TestChangedRuleIsObeyed(t *testing.T) {
	w := newWorld(t)
	host, member := w.user(addrA), w.user(addrA)
	post := w.post(host)
	w.join(post, member)
	messages, err := w.app.FindCollectionByNameOrId("messages")
	if err != nil {
		t.Fatal(err)
	}
	ownOnly := `post.memberships_via_post.user ?= @request.auth.id && author = @request.auth.id`
	messages.ListRule, messages.ViewRule = &ownOnly, &ownOnly
	if err := w.app.Save(messages); err != nil {
		t.Fatal(err)
	}
	hostTab := w.connect(host, roomPage(post.Id)...)
	memberTab := w.connect(member, roomPage(post.Id)...)

	w.say(post, host, "호스트의 말")
	w.say(post, member, "멤버의 말")
	hostTab.expect("their own message", isMessage("호스트의 말"))
	memberTab.expect("their own message", isMessage("멤버의 말"))
	settle()
	hostTab.never("the member's message", isMessage("멤버의 말"))
	memberTab.never("the host's message", isMessage("호스트의 말"))
}

// The room's order sheet reaches its members only, and a notification
// its recipient only: order_items and notifications go through the same
// index as messages (a room's members, one user's tabs).
func TestOrderSheetAndNotifications(t *testing.T) {
	w := newWorld(t)
	host, member, neighbour := w.user(addrA), w.user(addrA), w.user(addrA)
	post := w.post(host)
	sheet := sseclient.Key("order_items/*", "filter", ofPost(post.Id), "expand", "user")
	hostTab := w.connect(host, sheet, "order_items/*", "notifications/*")
	neighbourTab := w.connect(neighbour, sheet, "order_items/*", "notifications/*")

	w.join(post, member) // the host hears of it
	memberTab := w.connect(member, sheet, "notifications/*")
	var item struct {
		Id string `json:"id"`
	}
	w.do(member, http.MethodPost, "/api/collections/order_items/records", map[string]any{"post": post.Id, "name": "후라이드 반마리", "price": 9000}, http.StatusOK, &item)

	isItem := func(e received) bool { return e.collection() == "order_items" && e.Record["id"] == item.Id }
	hostTab.expectN(2, "the member's item on both subscriptions", isItem)
	memberTab.expect("their own item", isItem)
	hostTab.expect("the notice of the join", func(e received) bool {
		return e.collection() == "notifications" && e.Record["user"] == host.Id && e.Record["kind"] == "joined"
	})
	settle()
	neighbourTab.never("anything", anything)
	memberTab.never("the host's notifications", func(e received) bool { return e.collection() == "notifications" })
}
