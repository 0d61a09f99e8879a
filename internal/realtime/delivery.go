package realtime

import (
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
	"github.com/pocketbase/pocketbase/tools/types"
)

// PocketBase's broadcaster (apis.bindRealtimeEvents) is a model hook of
// priority -99 (99 for the pre-delete "dry cache") bound when the router
// is built, after Register. For an event of a collection we serve, the
// handler just before it (handOver) lends it the event with two things
// changed: its app answers SubscriptionsBroker() with a broker of only the
// event's audience, and its record is a copy belonging to a copy of the
// collection with empty rules, since the index has applied them already.
// The handler just after it (giveBack) restores both for the handlers
// that follow, and PocketBase's record hooks, which run before, never see
// the change. So PocketBase itself still renders every message — record
// JSON, expand with the expanded collections' view rules, fields, the
// enrich hooks with the receiving client's auth, the dry cache of
// deletes — for exactly the clients that may receive it, and none of the
// others costs anything.
const (
	broadcasterPriority = -99
	dryCachePriority    = 99
)

// eventApp is the app the broadcaster sees for one event.
type eventApp struct {
	core.App
	broker *subscriptions.Broker
	model  core.Model // the event's own model, for giveBack
}

func (a *eventApp) SubscriptionsBroker() *subscriptions.Broker { return a.broker }

// handOver runs next (PocketBase's handler) with app and model replaced.
func handOver(app *core.App, model *core.Model, broker *subscriptions.Broker, seen core.Model, next func() error) error {
	orig, origModel := *app, *model
	*app = &eventApp{App: orig, broker: broker, model: origModel}
	*model = seen
	defer func() { *app, *model = orig, origModel }()
	return next()
}

// giveBack undoes handOver for the handlers after PocketBase's.
func giveBack(app *core.App, model *core.Model) {
	if a, ok := (*app).(*eventApp); ok {
		*app, *model = a.App, a.model
	}
}

// served returns the record of m and its scope when the index delivers
// its events.
func (d *delivery) served(m core.Model) (*core.Record, scope, bool) {
	var r *core.Record
	switch v := m.(type) {
	case *core.Record:
		r = v
	case core.RecordProxy:
		r = v.ProxyRecord()
	}
	if r == nil || r.Collection() == nil {
		return nil, scope{}, false
	}
	s, ok := serves(r.Collection())
	if !ok {
		d.warnOnce(r.Collection())
	}
	return r, s, ok
}

func (d *delivery) warnOnce(c *core.Collection) {
	if _, known := scopes[c.Name]; !known {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.warned[c.Name] {
		d.warned[c.Name] = true
		d.app.Logger().Warn("realtime: the rules of "+c.Name+" are not the ones the index implements; its events take PocketBase's per-client path",
			slog.String("collection", c.Name))
	}
}

// broker builds the broadcaster's broker for the event on r: the index's
// audience, the clients PocketBase's rule check decides for, and the
// clients not opened through GET /api/realtime (Go code may register its
// own with the broker; they are found only while there are any).
func (d *delivery) broker(s scope, r *core.Record, dry *dryCache) *subscriptions.Broker {
	targets, checked := d.idx.audience(s, r, d)
	b := subscriptions.NewBroker()
	for _, t := range targets {
		b.Register(&chosen{Client: t.client, subs: t.subs, dry: dry})
	}
	for _, c := range append(checked, d.unmanaged()...) {
		b.Register(&ruleChecked{Client: c, app: d.app, record: r, dry: dry})
	}
	return b
}

func (d *delivery) unmanaged() []subscriptions.Client {
	all := d.app.SubscriptionsBroker()
	if all.TotalClients() <= d.idx.size() {
		return nil
	}
	var out []subscriptions.Client
	for id, c := range all.Clients() {
		if !d.idx.managed(id) {
			out = append(out, c)
		}
	}
	return out
}

// saved is open for creates and updates.
func (d *delivery) saved(e *core.ModelEvent) error {
	r, s, ok := d.served(e.Model)
	if !ok {
		return e.Next()
	}
	return handOver(&e.App, &e.Model, d.broker(s, r, nil), d.withoutRules(r), e.Next)
}

// deleting is open for the broadcaster's dry cache, which renders a
// delete inside its transaction, before the row goes, for those who could
// see the record; its audience is read from committed data (checker),
// as the broadcaster reads its access checks.
func (d *delivery) deleting(e *core.ModelEvent) error {
	r, s, ok := d.served(e.Model)
	if !ok {
		return e.Next()
	}
	dry := &dryCache{key: dryCacheKey(r)}
	d.mu.Lock()
	d.dry[dry.key] = dry
	d.mu.Unlock()
	return handOver(&e.App, &e.Model, d.broker(s, r, dry), d.withoutRules(r), e.Next)
}

// deleted is open for the broadcaster's after-delete handlers, which send
// (or, on failure, drop) the dry cache: to the clients that hold it.
func (d *delivery) deleted(e *core.ModelEvent) error {
	return d.deletedWith(&e.App, &e.Model, e.Next)
}

func (d *delivery) deletedWith(app *core.App, model *core.Model, next func() error) error {
	if _, _, ok := d.served(*model); !ok {
		return next()
	}
	key := dryCacheKey(*model)
	d.mu.Lock()
	dry := d.dry[key]
	delete(d.dry, key)
	d.mu.Unlock()
	b := subscriptions.NewBroker()
	if dry != nil {
		dry.mu.Lock()
		for _, c := range dry.clients {
			b.Register(c)
		}
		dry.mu.Unlock()
	}
	return handOver(app, model, b, *model, next)
}

// withoutRules returns a copy of r whose collection is a copy of r's with
// empty list and view rules.
func (d *delivery) withoutRules(r *core.Record) *core.Record {
	c := d.ruleless(r.Collection())
	copied := core.NewRecord(c)
	for _, f := range c.Fields {
		copied.SetRaw(f.GetName(), r.GetRaw(f.GetName()))
	}
	copied.MarkAsNotNew()
	return copied
}

func (d *delivery) ruleless(c *core.Collection) *core.Collection {
	d.mu.Lock()
	defer d.mu.Unlock()
	if copied, ok := d.copies[c]; ok {
		return copied
	}
	copied := *c
	copied.ListRule, copied.ViewRule = types.Pointer(""), types.Pointer("")
	if len(d.copies) > 64 { // collections reloaded many times: start again
		d.copies = map[*core.Collection]*core.Collection{}
	}
	d.copies[c] = &copied
	return &copied
}
