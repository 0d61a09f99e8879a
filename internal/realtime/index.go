package realtime

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// index finds, for an event, the connections that may receive it: from a
// room to its connected members, from a neighbourhood to its board
// viewers, from a post to the clients watching it, from a user to their
// tabs. Who may see what is decided here, once per subscription and again
// when what it depends on changes (a membership, an address, an account),
// never by a query per connected client per event.
//
// Changes in flight (a join, a leave, an address change that has been
// written but whose transaction has not ended yet) are counted in joining
// and moving; while one is, the affected fact is read from the committed
// database (checker) instead of the index, so that an event committed
// after a leave never reaches the leaver and one committed after a join
// reaches the joiner, whatever order the after-commit hooks run in.
type index struct {
	mu sync.RWMutex

	conns    map[string]*conn              // managed connections by client id
	users    map[string]*user              // signed-in users with a managed connection
	rooms    map[string]map[*user]struct{} // room (post id) → its connected members
	boards   map[string]map[*conn]struct{} // address → connections following its board
	watchers map[string]map[*conn]struct{} // post id → connections subscribed to it by id
	checked  map[*conn]struct{}            // superusers and other auth collections
	joining  map[string]map[string]int     // room → user id → membership writes in flight
	moving   map[string]int                // user id → account writes in flight
}

// conn is a realtime connection opened through GET /api/realtime.
type conn struct {
	client   subscriptions.Client
	auth     authKind
	tokenKey string // of the auth record it subscribed with
	user     *user  // auth == asUser
	subs     []*sub // subscriptions to the collections of scopes
	board    string // the address it is filed under in index.boards
}

type authKind int

const (
	asGuest authKind = iota
	asUser
	// asChecked: a superuser, or a record of another auth collection;
	// PocketBase's own rule check decides for them, per event.
	asChecked
)

// sub is one subscription key to a collection of scopes.
type sub struct {
	key        string
	collection string
	record     string  // "" for every record of the collection
	filter     *filter // nil: no filter, or one PocketBase's SQL decides
}

// user is what the index knows of a signed-in user with connections.
type user struct {
	id       string
	address  string
	tokenKey string
	gone     bool // the account was deleted
	conns    map[*conn]struct{}
	rooms    map[string]struct{}

	loaded  chan struct{} // closed once rooms and account are read
	journal []func()      // changes that committed while loading
	holds   int           // subscribe requests still attaching to it
}

func newIndex() *index {
	return &index{
		conns:    map[string]*conn{},
		users:    map[string]*user{},
		rooms:    map[string]map[*user]struct{}{},
		boards:   map[string]map[*conn]struct{}{},
		watchers: map[string]map[*conn]struct{}{},
		checked:  map[*conn]struct{}{},
		joining:  map[string]map[string]int{},
		moving:   map[string]int{},
	}
}

// --- connections ---------------------------------------------------------

func (x *index) connect(c subscriptions.Client) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.conns[c.Id()] = &conn{client: c}
}

func (x *index) disconnect(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if c := x.conns[id]; c != nil {
		x.unfile(c)
		delete(x.conns, id)
	}
}

// size is the number of managed connections.
func (x *index) size() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.conns)
}

func (x *index) managed(id string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.conns[id] != nil
}

// state is what subscribe replaces, so that a refused request can put it back.
type state struct {
	auth     authKind
	tokenKey string
	user     *user
	subs     []*sub
}

// subscribe replaces the subscriptions of the managed connection id and
// returns what they were (ok is false for an unmanaged client). u must
// come from hold (for asUser) and is released here.
func (x *index) subscribe(id string, next state) (prev state, ok bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if u := next.user; u != nil {
		// Only once c is filed again: it may be u's only connection.
		defer func() {
			u.holds--
			x.release(u)
		}()
	}
	c := x.conns[id]
	if c == nil {
		return state{}, false
	}
	prev = state{c.auth, c.tokenKey, c.user, c.subs}
	x.unfile(c)
	c.auth, c.tokenKey, c.user, c.subs = next.auth, next.tokenKey, next.user, next.subs
	x.file(c)
	return prev, true
}

// file adds c to the indexes its subscriptions need.
func (x *index) file(c *conn) {
	if len(c.subs) == 0 {
		return
	}
	switch c.auth {
	case asChecked:
		x.checked[c] = struct{}{}
	case asUser:
		u := c.user
		u.conns[c] = struct{}{}
		for _, s := range c.subs {
			if s.collection != roomsCollection {
				continue
			}
			if s.record != "" {
				add(x.watchers, s.record, c)
			} else if s.filter == nil || !s.filter.mine {
				c.board = u.address
			}
		}
		if c.board != "" {
			add(x.boards, c.board, c)
		}
	}
}

// unfile removes c from every index (the inverse of file).
func (x *index) unfile(c *conn) {
	delete(x.checked, c)
	for _, s := range c.subs {
		if s.collection == roomsCollection && s.record != "" {
			remove(x.watchers, s.record, c)
		}
	}
	if c.board != "" {
		remove(x.boards, c.board, c)
		c.board = ""
	}
	if u := c.user; u != nil {
		delete(u.conns, c)
		x.release(u)
	}
}

// --- users ---------------------------------------------------------------

// hold returns the index's entry for the user id, reading their rooms and
// account with load the first time (outside the lock). The caller passes
// it to subscribe, which attaches the connection or lets it go.
func (x *index) hold(id string, load func(id string) (rooms []string, address, tokenKey string, found bool)) *user {
	x.mu.Lock()
	u := x.users[id]
	first := u == nil
	if first {
		u = &user{id: id, conns: map[*conn]struct{}{}, rooms: map[string]struct{}{}, loaded: make(chan struct{})}
		x.users[id] = u
	}
	u.holds++
	x.mu.Unlock()

	if !first {
		<-u.loaded
		return u
	}
	// Changes that commit from here on are journaled and replayed on top
	// of what load reads, whichever of the two they reached first.
	rooms, address, tokenKey, found := load(id)
	x.mu.Lock()
	defer x.mu.Unlock()
	u.address, u.tokenKey, u.gone = address, tokenKey, !found
	for _, room := range rooms {
		x.join(u, room)
	}
	for _, change := range u.journal {
		change()
	}
	u.journal = nil
	close(u.loaded)
	return u
}

// release forgets u once no connection needs it.
func (x *index) release(u *user) {
	if u == nil || len(u.conns) > 0 || u.holds > 0 || x.users[u.id] != u {
		return
	}
	for room := range u.rooms {
		x.leave(u, room)
	}
	delete(x.users, u.id)
}

func (x *index) join(u *user, room string) {
	u.rooms[room] = struct{}{}
	if x.rooms[room] == nil {
		x.rooms[room] = map[*user]struct{}{}
	}
	x.rooms[room][u] = struct{}{}
}

func (x *index) leave(u *user, room string) {
	delete(u.rooms, room)
	remove(x.rooms, room, u)
}

// whenLoaded runs change now, or after u's load when it is still loading.
func whenLoaded(u *user, change func()) {
	select {
	case <-u.loaded:
		change()
	default:
		u.journal = append(u.journal, change)
	}
}

// --- helpers ----------------------------------------------------------------

func add[K comparable, V comparable](m map[K]map[V]struct{}, k K, v V) {
	if m[k] == nil {
		m[k] = map[V]struct{}{}
	}
	m[k][v] = struct{}{}
}

func remove[K comparable, V comparable](m map[K]map[V]struct{}, k K, v V) {
	delete(m[k], v)
	if len(m[k]) == 0 {
		delete(m, k)
	}
}

// authOf classifies the auth record of a subscription request.
func authOf(auth *core.Record) authKind {
	switch {
	case auth == nil:
		return asGuest
	case !auth.IsSuperuser() && auth.Collection().Name == usersCollection:
		return asUser
	default:
		return asChecked
	}
}
