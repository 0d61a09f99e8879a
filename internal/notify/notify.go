// Package notify tells people what happened to their group orders after
// they left the page (SPEC §7): an in-app notification for each event and
// its recipients, the same as a Web Push message to their browsers, and
// the craving alerts ("배고플 때 알려줘") matched when a post opens.
//
// The hooks say who must hear of what (After); this package makes it
// happen after the change commits, so that a rolled-back change tells
// nobody, and so that telling never fails or slows the change: the
// in-app rows are written right after the commit (a failure is logged),
// push messages and alert matching go to a bounded background pool with
// timeouts, and a slow or failing push service changes nothing else.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/push"
	"mealbuddy/internal/schema"
	"mealbuddy/internal/weather"
)

const storeKey = "mealbuddy.notifier"

// maxInFlight bounds the background work (push sends, alert matching):
// past it, push messages are dropped (the in-app notification stays).
const maxInFlight = 64

// Notice is one notification for one person.
type Notice struct {
	User  string // the recipient
	Kind  string // schema.Notice…
	Post  string // the post it is about, if any
	Title string
	Body  string
}

// Notifier delivers notices for one app.
type Notifier struct {
	app     core.App // the app itself, never a transaction
	sender  *push.Sender
	weather weather.Provider

	slots chan struct{}
	busy  sync.WaitGroup
}

// Register makes app's notifier: sender delivers push messages, w gives
// the weather for alerts (nil: alerts that ask for weather never match).
// The server and the tests wire it the same way.
func Register(app core.App, sender *push.Sender, w weather.Provider) *Notifier {
	n := &Notifier{app: app, sender: sender, weather: w, slots: make(chan struct{}, maxInFlight)}
	app.Store().Set(storeKey, n)
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		n.busy.Wait() // finish what was started before the app goes
		return e.Next()
	})
	return n
}

func from(app core.App) *Notifier {
	n, _ := app.Store().Get(storeKey).(*Notifier)
	return n
}

// After delivers notices once the transaction tx commits, and never if it
// rolls back. Notices to nobody are dropped. Outside a transaction (and
// without a notifier) it delivers at once (or not at all).
func After(tx core.App, notices ...Notice) {
	n := from(tx)
	if n == nil || len(notices) == 0 {
		return
	}
	if info := tx.TxInfo(); info != nil {
		info.OnComplete(func(txErr error) error {
			if txErr == nil {
				n.deliver(notices)
			}
			return nil // telling never fails the change
		})
		return
	}
	n.deliver(notices)
}

// AfterPostOpened matches the craving alerts against a new post once its
// creation commits, in the background (the weather may take its budget).
func AfterPostOpened(tx core.App, postId string) {
	n := from(tx)
	if n == nil {
		return
	}
	run := func() { n.background(func() { n.matchAlerts(postId) }) }
	if info := tx.TxInfo(); info != nil {
		info.OnComplete(func(txErr error) error {
			if txErr == nil {
				run()
			}
			return nil
		})
		return
	}
	run()
}

// Wait blocks until the background work started so far is done (tests).
func Wait(app core.App) {
	if n := from(app); n != nil {
		n.busy.Wait()
	}
}

// deliver writes the notices and pushes them.
func (n *Notifier) deliver(notices []Notice) {
	c, err := n.app.FindCachedCollectionByNameOrId(schema.Notifications)
	if err != nil {
		n.app.Logger().Error("notify: no notifications collection", "error", err)
		return
	}
	for _, notice := range notices {
		if notice.User == "" {
			continue
		}
		r := core.NewRecord(c)
		r.Set("user", notice.User)
		r.Set("kind", notice.Kind)
		r.Set("post", notice.Post)
		r.Set("title", clip(notice.Title, 100))
		r.Set("body", clip(notice.Body, 300))
		if err := n.app.Save(r); err != nil {
			n.app.Logger().Error("notify: could not store a notification", "user", notice.User, "kind", notice.Kind, "error", err)
			continue
		}
		if n.sender != nil {
			notice := notice
			n.background(func() { n.push(notice, r.Id) })
		}
	}
}

// background runs fn in the bounded pool, or drops it when the pool is full.
func (n *Notifier) background(fn func()) {
	select {
	case n.slots <- struct{}{}:
	default:
		n.app.Logger().Warn("notify: too much background work; a push message was dropped")
		return
	}
	n.busy.Add(1)
	go func() {
		defer func() {
			<-n.slots
			n.busy.Done()
			if r := recover(); r != nil {
				n.app.Logger().Error("notify: background work panicked", "panic", r)
			}
		}()
		fn()
	}()
}

// pushPayload is what the service worker receives and shows.
type pushPayload struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	URL   string `json:"url"` // the page a tap opens
	Kind  string `json:"kind"`
	Id    string `json:"id"` // the notification, so that a tap can mark it read
}

// push sends a notice to every push subscription of its recipient; one
// the push service no longer knows is deleted.
func (n *Notifier) push(notice Notice, notificationId string) {
	subs, err := n.app.FindAllRecords(schema.PushSubscriptions, dbx.HashExp{"user": notice.User})
	if err != nil || len(subs) == 0 {
		return
	}
	public, private, err := push.Keys(n.app)
	if err != nil {
		n.app.Logger().Error("notify: no VAPID keys", "error", err)
		return
	}
	payload, _ := json.Marshal(pushPayload{
		Title: notice.Title, Body: notice.Body, URL: PageOf(notice), Kind: notice.Kind, Id: notificationId,
	})
	subscriber := n.app.Settings().Meta.SenderAddress
	for _, s := range subs {
		ctx, cancel := context.WithTimeout(context.Background(), push.Timeout)
		err := n.sender.Send(ctx, push.Subscription{
			Id: s.Id, Endpoint: s.GetString("endpoint"), P256dh: s.GetString("p256dh"), Auth: s.GetString("auth"),
		}, payload, public, private, subscriber)
		cancel()
		switch {
		case errors.Is(err, push.ErrGone):
			if err := n.app.Delete(s); err != nil {
				n.app.Logger().Warn("notify: could not delete a gone subscription", "error", err)
			}
		case err != nil:
			n.app.Logger().Warn("notify: push failed", "endpoint", s.GetString("endpoint"), "error", err)
		}
	}
}

// PageOf is the page of the web app a notice opens: the room of its post
// for members, the post for alerts, the notifications page otherwise.
func PageOf(notice Notice) string {
	switch {
	case notice.Post == "":
		return "/notifications"
	case notice.Kind == schema.NoticeAlert:
		return "/posts/" + notice.Post
	case notice.Kind == schema.NoticeBanned:
		return "/posts/" + notice.Post
	}
	return "/chats/" + notice.Post
}

func clip(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}
