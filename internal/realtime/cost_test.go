package realtime_test

import (
	"context"
	"database/sql"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// A message costs the same queries whether 5 or 60 other clients are
// connected on the room's page (neighbours who may see the post, not the
// chat) with the chat list's unfiltered `messages/*`: the index finds the
// room's members; stock PocketBase runs the list rule for every one of
// them.
func TestMessageCostFollowsTheRoom(t *testing.T) {
	queries := func(idle int) int64 {
		w := newWorld(t)
		var count atomic.Int64
		var counting atomic.Bool
		db := w.app.ConcurrentDB().(*dbx.DB)
		db.QueryLogFunc = func(context.Context, time.Duration, string, *sql.Rows, error) {
			if counting.Load() {
				count.Add(1)
			}
		}
		db.ExecLogFunc = func(context.Context, time.Duration, string, sql.Result, error) {}

		host, member := w.user(addrA), w.user(addrA)
		post := w.post(host)
		w.join(post, member)
		hostTab := w.connect(host, append(roomPage(post.Id), chatList(host.Id)...)...)
		memberTab := w.connect(member, append(roomPage(post.Id), chatList(member.Id)...)...)
		for range idle { // neighbours on the room page, not in the room, with the chat list
			u := w.user(addrA)
			w.connect(u, append(roomPage(post.Id), chatList(u.Id)...)...)
		}
		// The host hears of the join after it committed, in the background:
		// let that be done before counting.
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			if n, _ := w.app.CountRecords("notifications", dbx.HashExp{"user": host.Id}); n > 0 || time.Now().After(deadline) {
				break
			}
		}

		counting.Store(true)
		msg := newMessage(t, w, post, host, "얼마나 들까")
		counting.Store(false)
		for _, tab := range []*client{hostTab, memberTab} {
			tab.expectN(2, "the message", isMessage(msg))
		}
		return count.Load()
	}
	few, many := queries(5), queries(60)
	if few != many {
		t.Fatalf("a message cost %d queries with 5 other clients connected, %d with 60", few, many)
	}
}

// newMessage saves a message through the model: its delivery runs in
// the after-commit hooks before Save returns.
func newMessage(t *testing.T, w *world, post, author *core.Record, body string) string {
	c, _ := w.app.FindCachedCollectionByNameOrId("messages")
	m := core.NewRecord(c)
	m.Set("post", post.Id)
	m.Set("author", author.Id)
	m.Set("body", body)
	if err := w.app.Save(m); err != nil {
		t.Fatal(err)
	}
	return body
}
