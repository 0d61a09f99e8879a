// Package realtime delivers PocketBase's realtime events of the
// collections in scopes (posts, messages, memberships, and the room- and
// user-scoped collections to come) at a cost that follows the clients who
// may receive them, not everyone connected (SPEC §4).
//
// Stock PocketBase runs, for every event, the collection's rule (and the
// subscription's filter) as an SQL query for every connected client
// subscribed to the collection. Here an index (index.go) maps a room to
// its connected members, a neighbourhood to its board viewers, a post to
// its watchers and a user to their tabs; it authorises a subscription
// once, when it is made, and again when what it depends on changes
// (memberships, addresses, accounts, through model hooks). PocketBase's
// own broadcaster still renders every message, for the audience the index
// gives it (delivery.go), so payloads, expand, fields and the enrich hooks
// are PocketBase's. Subscription filters of the shapes the web app uses
// are decided in memory (filter.go); any other filter is checked by
// PocketBase's SQL, for the authorised clients only.
//
// Clients stay exactly as the JS SDK made them: the package reads their
// subscriptions and changes nothing in them. Once an event stream is open,
// its connection is taken over from PocketBase's handler (stream.go), so
// that ten thousand idle tabs cost a third of what they cost there.
package realtime

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// delivery is the realtime delivery of one app: the index and the
// handlers around PocketBase's broadcaster.
type delivery struct {
	app core.App
	idx *index

	mu     sync.Mutex
	copies map[*core.Collection]*core.Collection // see ruleless
	dry    map[string]*dryCache                  // deletes between their two phases
	warned map[string]bool                       // collections logged as not served
}

// late runs a handler after every other one of its hook, just before
// PocketBase's own final step.
const late = 1000

// Register binds the delivery to app. It must run before the router is
// built (app.Start, tests.ApiScenario, testapp.Serve), so that its
// handlers surround PocketBase's broadcaster.
func Register(app core.App) {
	d := &delivery{
		app:    app,
		idx:    newIndex(),
		copies: map[*core.Collection]*core.Collection{},
		dry:    map[string]*dryCache{},
		warned: map[string]bool{},
	}

	app.OnRealtimeConnectRequest().Bind(&hook.Handler[*core.RealtimeConnectRequestEvent]{Func: d.onConnect, Priority: late})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		d.closeStreams()
		return e.Next()
	})
	app.OnRealtimeSubscribeRequest().Bind(&hook.Handler[*core.RealtimeSubscribeRequestEvent]{Func: d.onSubscribe, Priority: late})

	app.OnRecordCreateExecute(membersCollection).BindFunc(d.onMembershipWrite)
	app.OnRecordDeleteExecute(membersCollection).BindFunc(d.onMembershipWrite)
	app.OnRecordUpdateExecute(usersCollection).BindFunc(d.onAccountWrite)
	app.OnRecordDeleteExecute(usersCollection).BindFunc(d.onAccountWrite)

	around(app.OnModelAfterCreateSuccess(), broadcasterPriority, ofModel, d.saved)
	around(app.OnModelAfterUpdateSuccess(), broadcasterPriority, ofModel, d.saved)
	around(app.OnModelDelete(), dryCachePriority, ofModel, d.deleting)
	around(app.OnModelAfterDeleteSuccess(), broadcasterPriority, ofModel, d.deleted)
	around(app.OnModelAfterDeleteError(), broadcasterPriority, ofError, func(e *core.ModelErrorEvent) error {
		return d.deletedWith(&e.App, &e.Model, e.Next)
	})
}

// around binds open at priority and, one step later, the handler that
// gives the event back (giveBack).
func around[T hook.Resolver](h interface{ Bind(*hook.Handler[T]) string }, priority int, fields func(T) (*core.App, *core.Model), open func(T) error) {
	h.Bind(&hook.Handler[T]{Func: open, Priority: priority})
	h.Bind(&hook.Handler[T]{Func: func(e T) error { giveBack(fields(e)); return e.Next() }, Priority: priority + 1})
}

func ofModel(e *core.ModelEvent) (*core.App, *core.Model)      { return &e.App, &e.Model }
func ofError(e *core.ModelErrorEvent) (*core.App, *core.Model) { return &e.App, &e.Model }
