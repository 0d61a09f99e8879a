package realtime

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// checker reads, from the committed database, the facts that have a
// change in flight (see index).
type checker interface {
	isMember(room, userId string) bool
	account(userId string) (address, tokenKey string, found bool)
}

// target is a connection and the subscriptions of it that an event answers.
type target struct {
	client subscriptions.Client
	subs   map[string]subscriptions.SubscriptionOptions
}

// grant says which rule of the event's collection a connection passes:
// the list rule answers `collection/*` subscriptions, the view rule
// `collection/id` ones.
type grant struct{ list, view bool }

// audience returns who may receive the event on r, a record of scope s:
// the managed connections with the subscriptions the event answers, and
// the connections PocketBase's own rule check decides for (asChecked).
// The cost follows the candidates: the room's members, the post's
// watchers, the neighbourhood's board viewers, the owner's tabs.
func (x *index) audience(s scope, r *core.Record, check checker) (targets []target, checked []subscriptions.Client) {
	x.mu.RLock()
	defer x.mu.RUnlock()

	ev := &event{x: x, check: check, member: map[*user]map[string]bool{}, account: map[*user]account{}}
	grants := map[*conn]grant{}
	both := func(c *conn, ok bool) {
		if ok {
			grants[c] = grant{true, true}
		}
	}

	switch s.audience {
	case roomItself:
		// list: neighbours; view: neighbours and members (SPEC §1).
		address := r.GetString(roomAddressField)
		neighbour := func(c *conn) bool { a, ok := ev.identity(c); return ok && a == address }
		consider := func(c *conn) {
			if _, done := grants[c]; done {
				return
			}
			n := neighbour(c)
			_, identified := ev.identity(c)
			grants[c] = grant{list: n, view: n || identified && ev.isMember(c.user, r.Id)}
		}
		for c := range x.watchers[r.Id] {
			consider(c)
		}
		for c := range x.boards[address] {
			consider(c)
		}
		for id := range x.moving { // an address change in flight: maybe this address now
			if u := x.users[id]; u != nil {
				for c := range u.conns {
					if c.board != "" {
						consider(c)
					}
				}
			}
		}
		ev.members(r.Id, func(u *user) {
			for c := range u.conns {
				consider(c)
			}
		})
	case inRoom:
		room := r.GetString(s.room)
		ev.members(room, func(u *user) {
			for c := range u.conns {
				_, ok := ev.identity(c)
				both(c, ok)
			}
		})
		if s.owner != "" {
			ev.owner(r.GetString(s.owner), both)
		}
	case ownedBy:
		ev.owner(r.GetString(s.owner), both)
	}

	for c, g := range grants {
		if subs := c.answers(s.collection, r, g, ev); len(subs) > 0 {
			targets = append(targets, target{c.client, subs})
		}
	}
	for c := range x.checked {
		checked = append(checked, c.client)
	}
	return targets, checked
}

// answers returns the subscriptions of c that the event on r answers,
// with the options PocketBase renders it by: its own, as its client
// stores them (a key it has not stored yet is not answered yet), less a
// filter the index has decided.
func (c *conn) answers(collection string, r *core.Record, g grant, ev *event) map[string]subscriptions.SubscriptionOptions {
	var out, stored map[string]subscriptions.SubscriptionOptions
	for _, s := range c.subs {
		if s.collection != collection {
			continue
		}
		if s.record == "" && !g.list || s.record != "" && (s.record != r.Id || !g.view) {
			continue
		}
		if stored == nil {
			stored = c.client.Subscriptions()
		}
		options, ok := stored[s.key]
		if !ok {
			continue
		}
		if f := s.filter; f != nil && options.Query["filter"] == f.raw {
			if !f.holds(r, func(room string) bool { return ev.isMember(c.user, room) }) {
				continue
			}
			options = withoutFilter(options)
		}
		if out == nil {
			out = map[string]subscriptions.SubscriptionOptions{}
		}
		out[s.key] = options
	}
	return out
}

// event memoises the facts read for one event.
type event struct {
	x       *index
	check   checker
	member  map[*user]map[string]bool
	account map[*user]account
}

type account struct {
	address, tokenKey string
	found             bool
}

// identity tells whether c is still signed in as its user (same account,
// same token key), and the user's address.
func (ev *event) identity(c *conn) (address string, ok bool) {
	u := c.user
	if c.auth != asUser || u == nil {
		return "", false
	}
	a, seen := ev.account[u]
	if !seen {
		if ev.x.moving[u.id] > 0 {
			a.address, a.tokenKey, a.found = ev.check.account(u.id)
		} else {
			a = account{u.address, u.tokenKey, !u.gone}
		}
		ev.account[u] = a
	}
	return a.address, a.found && a.tokenKey == c.tokenKey
}

// isMember tells whether u is a member of room.
func (ev *event) isMember(u *user, room string) bool {
	if v, seen := ev.member[u][room]; seen {
		return v
	}
	var v bool
	if ev.x.joining[room][u.id] > 0 {
		v = ev.check.isMember(room, u.id)
	} else {
		_, v = u.rooms[room]
	}
	if ev.member[u] == nil {
		ev.member[u] = map[string]bool{}
	}
	ev.member[u][room] = v
	return v
}

// members calls fn for every connected member of room, those whose
// membership is in flight included when it has committed.
func (ev *event) members(room string, fn func(u *user)) {
	for u := range ev.x.rooms[room] {
		if ev.isMember(u, room) {
			fn(u)
		}
	}
	for id := range ev.x.joining[room] {
		if u := ev.x.users[id]; u != nil {
			if _, listed := ev.x.rooms[room][u]; !listed && ev.isMember(u, room) {
				fn(u)
			}
		}
	}
}

// owner passes the connections of the user id, and whether each is still
// signed in as them.
func (ev *event) owner(id string, fn func(c *conn, ok bool)) {
	u := ev.x.users[id]
	if u == nil {
		return
	}
	for c := range u.conns {
		_, ok := ev.identity(c)
		fn(c, ok)
	}
}
