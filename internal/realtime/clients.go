package realtime

import (
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// chosen is a client as the broadcaster sees it for one event: exactly
// the subscriptions the index found the event answers.
type chosen struct {
	subscriptions.Client
	subs map[string]subscriptions.SubscriptionOptions
	dry  *dryCache
}

func (c *chosen) Subscriptions(prefixes ...string) map[string]subscriptions.SubscriptionOptions {
	return byPrefix(c.subs, prefixes)
}

func (c *chosen) Set(key string, value any) {
	c.Client.Set(key, value)
	c.dry.note(key, c.Client)
}

// ruleChecked is a client the index does not authorise (a superuser,
// another auth collection, or one registered with the broker by Go code
// rather than through GET /api/realtime): it passes PocketBase's own rule
// check for the event's real record, as PocketBase would have done.
type ruleChecked struct {
	subscriptions.Client
	app    core.App // reads committed data, like the broadcaster's access checks
	record *core.Record
	dry    *dryCache
}

func (c *ruleChecked) Subscriptions(prefixes ...string) map[string]subscriptions.SubscriptionOptions {
	subs := c.Client.Subscriptions(prefixes...)
	auth, _ := c.Client.Get(apis.RealtimeClientAuthKey).(*core.Record)
	collection := c.record.Collection()
	for key, options := range subs {
		rule := collection.ListRule
		if topic, _, _ := strings.Cut(key, "?"); strings.HasSuffix(topic, "/"+c.record.Id) {
			rule = collection.ViewRule
		}
		info := &core.RequestInfo{
			Context: core.RequestInfoContextRealtime,
			Method:  "GET",
			Query:   options.Query,
			Headers: options.Headers,
			Auth:    auth,
		}
		if ok, _ := c.app.CanAccessRecord(c.record, info, rule); !ok {
			delete(subs, key)
		}
	}
	return subs
}

func (c *ruleChecked) Set(key string, value any) {
	c.Client.Set(key, value)
	c.dry.note(key, c.Client)
}

// byPrefix is subscriptions.DefaultClient.Subscriptions over subs.
func byPrefix(subs map[string]subscriptions.SubscriptionOptions, prefixes []string) map[string]subscriptions.SubscriptionOptions {
	out := make(map[string]subscriptions.SubscriptionOptions, len(subs))
	for key, options := range subs {
		if len(prefixes) == 0 {
			out[key] = options
		}
		for _, prefix := range prefixes {
			if strings.HasPrefix(key+"?", prefix) {
				out[key] = options
			}
		}
	}
	return out
}

// dryCache is the list of clients to which the broadcaster gave a
// pre-rendered delete message (client.Set of the dry cache key), so that
// its after-delete handler sends to them alone.
type dryCache struct {
	key     string
	mu      sync.Mutex
	clients []subscriptions.Client
}

func (d *dryCache) note(key string, c subscriptions.Client) {
	if d == nil || key != d.key {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, seen := range d.clients {
		if seen == c {
			return
		}
	}
	d.clients = append(d.clients, c)
}

// dryCacheKey is apis.getDryCacheKey for a delete.
func dryCacheKey(m core.Model) string {
	id, _ := m.PK().(string)
	return "delete/" + m.TableName() + "/" + id
}
