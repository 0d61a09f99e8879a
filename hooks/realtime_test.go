package hooks_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// subscriber is a realtime client registered with the broker, as the JS
// SDK's SSE connection would be, subscribed like the room page (SPEC §4).
type subscriber struct {
	t      testing.TB
	client *subscriptions.DefaultClient
}

func (w *world) subscribe(t testing.TB, actor string, topics ...string) *subscriber {
	t.Helper()
	c := subscriptions.NewDefaultClient()
	c.Set(apis.RealtimeClientAuthKey, w.reload(t, "users", w.users[actor].Id))
	c.Subscribe(topics...)
	// Not unregistered at the end: the broker goes with the test's app.
	// Unregistering closes the channel while PocketBase may still be sending
	// to it from a fire-and-forget goroutine; PocketBase recovers from that
	// on purpose (subscriptions.DefaultClient.Send), but `go test -race`
	// reports it.
	w.app.SubscriptionsBroker().Register(c)
	return &subscriber{t, c}
}

// roomTopics are the subscriptions of a room page.
func roomTopics(post string) []string {
	filter := func(collection string) string {
		opts, _ := json.Marshal(map[string]any{"query": map[string]string{"filter": `post = "` + post + `"`}})
		return collection + "/*?options=" + url.QueryEscape(string(opts))
	}
	return []string{filter("messages"), filter("memberships"), "posts/" + post}
}

type event struct {
	Action string       `json:"action"`
	Record *core.Record `json:"-"`
	Raw    map[string]any
	Topic  string
}

// next returns the next event, failing after a generous timeout.
func (s *subscriber) next() event {
	s.t.Helper()
	select {
	case m := <-s.client.Channel():
		var data struct {
			Action string         `json:"action"`
			Record map[string]any `json:"record"`
		}
		if err := json.Unmarshal(m.Data, &data); err != nil {
			s.t.Fatalf("event %s: %v", m.Name, err)
		}
		return event{Action: data.Action, Raw: data.Record, Topic: m.Name}
	case <-time.After(5 * time.Second):
		s.t.Fatal("no realtime event arrived")
	}
	return event{}
}

// expect reads events until one matches, failing on any event that
// forbidden matches on the way. Events reach a client in the order of the
// commits, so "nothing forbidden before X" is "nothing forbidden at all"
// for everything committed before X.
func (s *subscriber) expect(what string, match func(e event) bool, forbidden ...func(e event) bool) event {
	s.t.Helper()
	for range 20 {
		e := s.next()
		for _, f := range forbidden {
			if f(e) {
				s.t.Fatalf("received %s %s %v before %s", e.Topic, e.Action, e.Raw, what)
			}
		}
		if match(e) {
			return e
		}
	}
	s.t.Fatalf("never received %s", what)
	return event{}
}

func isMessage(body string) func(event) bool {
	return func(e event) bool {
		return strings.HasPrefix(e.Topic, "messages") && e.Action == "create" && e.Raw["body"] == body
	}
}

func TestRealtimeRoom(t *testing.T) {
	w := newWorld(t)
	if _, err := apis.NewRouter(w.app); err != nil { // binds the realtime events
		t.Fatal(err)
	}

	host := w.subscribe(t, "host", roomTopics(postId)...)
	member := w.subscribe(t, "member", roomTopics(postId)...)
	neighbour := w.subscribe(t, "neighbour", roomTopics(postId)...) // may view the post, not the room

	w.say(t, postId, memberId, "곧 주문할게요")
	host.expect("the member's message", isMessage("곧 주문할게요"))
	member.expect("their own message", isMessage("곧 주문할게요"))

	// The neighbour was not in the room when the message was sent: once
	// they join they receive the room from then on, but never that message.
	w.join(t, postId, neighbourId)
	neighbour.expect("their own join message", isMessage("이웃 님이 입장했습니다."), isMessage("곧 주문할게요"))
	host.expect("the join's system message", isMessage("이웃 님이 입장했습니다."))

	// The host bans the member: the member learns their membership is gone
	// and receives nothing more from the room.
	w.ban(t, postId, memberId)
	member.expect("the end of their membership", func(e event) bool {
		return strings.HasPrefix(e.Topic, "memberships") && e.Action == "delete" && e.Raw["user"] == memberId
	})
	host.expect("the ban message", isMessage("멤버 님이 강퇴되었습니다."))
	w.say(t, postId, hostId, "강퇴 후 메시지")
	host.expect("the host's message", isMessage("강퇴 후 메시지"))
	w.say(t, postId, neighbourId, "이웃의 메시지")
	// The post stays visible to the banned neighbour: its next update is
	// the sentinel before which no message may have arrived.
	p := w.reload(t, "posts", postId)
	p.Set("title", "족발 주문 마감 임박")
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}
	member.expect("the post's update", func(e event) bool {
		return e.Topic == "posts/"+postId && e.Raw["title"] == "족발 주문 마감 임박"
	}, func(e event) bool { return strings.HasPrefix(e.Topic, "messages") })

	// Deleting the post reaches its subscribers.
	if err := w.app.Delete(w.reload(t, "posts", postId)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []*subscriber{host, neighbour} {
		s.expect("the post's deletion", func(e event) bool {
			return e.Topic == "posts/"+postId && e.Action == "delete"
		})
	}
}
