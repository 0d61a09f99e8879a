package realtime

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// onConnect makes a connection opened through GET /api/realtime managed
// for as long as it is open, and takes it over from PocketBase's handler
// where it can (stream.go).
func (d *delivery) onConnect(e *core.RealtimeConnectRequestEvent) error {
	if d.takeOver(e) {
		return nil
	}
	d.idx.connect(e.Client)
	defer d.idx.disconnect(e.Client.Id())
	return e.Next()
}

// onSubscribe files the request's subscriptions before PocketBase stores
// them, so that an event committed once the request has been answered is
// delivered; a refused request puts the old ones back.
func (d *delivery) onSubscribe(e *core.RealtimeSubscribeRequestEvent) error {
	id := e.Client.Id()
	if !d.idx.managed(id) {
		return e.Next()
	}
	next := state{auth: authOf(e.Auth)}
	self := ""
	if next.auth == asUser {
		self = e.Auth.Id
		next.tokenKey = e.Auth.TokenKey()
		next.user = d.idx.hold(self, d.load)
	}
	next.subs = d.parse(e.Subscriptions, self)
	// What PocketBase sets next; set first, so that an event in between is
	// rendered with the auth it is delivered for.
	e.Client.Set(apis.RealtimeClientAuthKey, e.Auth)
	prev, ok := d.idx.subscribe(id, next)
	if err := e.Next(); err != nil {
		if ok {
			if prev.user != nil {
				prev.user = d.idx.hold(prev.user.id, d.load)
			}
			d.idx.subscribe(id, prev)
		}
		return err
	}
	return nil
}

// parse reads the subscriptions to the collections of scopes. Only
// what the index needs is kept: the options themselves stay in
// PocketBase's client, which renders by them.
func (d *delivery) parse(keys []string, self string) []*sub {
	var out []*sub
	seen := make(map[string]bool, len(keys))
	for _, key := range keys {
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		topic, _, _ := strings.Cut(key, "?")
		name, record, slash := strings.Cut(topic, "/")
		c, err := d.app.FindCachedCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		if _, ok := scopes[c.Name]; !ok {
			continue
		}
		switch {
		case !slash || record == "*":
			record = "" // `messages` is PocketBase's old spelling of `messages/*`
		case record == "":
			continue // no topic PocketBase matches
		}
		s := &sub{key: key, collection: c.Name, record: record}
		// PocketBase refuses @request and @collection in a guest's or
		// user's filter or sort: such a filter stays PocketBase's to refuse.
		if raw, sort := filterOf(key); raw != "" && !strings.Contains(sort, "@") {
			if f, ok := compileFilter(c, raw, self); ok {
				s.filter = f
			}
		}
		out = append(out, s)
	}
	return out
}

// filterOf reads the filter and sort of a key's options, the JSON that
// subscriptions.DefaultClient.Subscribe reads. delivery uses a filter
// compiled from it only while PocketBase's own reading says the same.
func filterOf(key string) (filter, sort string) {
	u, err := url.Parse(key)
	if err != nil {
		return "", ""
	}
	raw := u.Query().Get("options")
	if raw == "" {
		return "", ""
	}
	var options struct {
		Query map[string]any `json:"query"`
	}
	if json.Unmarshal([]byte(raw), &options) != nil {
		return "", ""
	}
	filter, _ = options.Query["filter"].(string)
	sort, _ = options.Query["sort"].(string)
	return filter, sort
}

// withoutFilter is o for PocketBase to render by once the index has
// decided the filter.
func withoutFilter(o subscriptions.SubscriptionOptions) subscriptions.SubscriptionOptions {
	query := make(map[string]string, len(o.Query))
	for k, v := range o.Query {
		if k != "filter" {
			query[k] = v
		}
	}
	return subscriptions.SubscriptionOptions{Query: query, Headers: o.Headers}
}
