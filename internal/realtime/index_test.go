package realtime

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// committed is a fake checker: what the committed database says.
type committed struct {
	members  map[string]bool // room+" "+user
	accounts map[string]account
	asked    int
}

func (c *committed) isMember(room, userId string) bool {
	c.asked++
	return c.members[room+" "+userId]
}

func (c *committed) account(userId string) (string, string, bool) {
	c.asked++
	a := c.accounts[userId]
	return a.address, a.tokenKey, a.found
}

// fixture: user u1 (address A, token key k) member of r1, with one tab
// subscribed to messages/* and to the board.
func fixture(t *testing.T) (*index, *committed, subscriptions.Client) {
	t.Helper()
	x := newIndex()
	client := subscriptions.NewDefaultClient()
	x.connect(client)
	u := x.hold("u1", func(string) ([]string, string, string, bool) { return []string{"r1"}, "A", "k", true })
	subs := []*sub{{key: "messages/*", collection: "messages"}, {key: "posts/*", collection: "posts"}}
	client.Subscribe("messages/*", "posts/*") // as PocketBase stores them
	if _, ok := x.subscribe(client.Id(), state{auth: asUser, tokenKey: "k", user: u, subs: subs}); !ok {
		t.Fatal("not managed")
	}
	return x, &committed{members: map[string]bool{}, accounts: map[string]account{}}, client
}

func record(collection string, fields map[string]any) *core.Record {
	c := core.NewBaseCollection(collection)
	c.Fields.Add(&core.TextField{Name: "post"}, &core.TextField{Name: "address"})
	r := core.NewRecord(c)
	r.Id = "x1"
	for k, v := range fields {
		r.SetRaw(k, v)
	}
	return r
}

func reaches(x *index, check checker, r *core.Record) bool {
	targets, _ := x.audience(scopes[r.Collection().Name], r, check)
	return len(targets) > 0
}

// While a join or a leave is between its write and the end of its
// transaction, the committed database decides; once it has ended, the
// index does, without asking.
func TestMembershipsInFlight(t *testing.T) {
	inR1, inR2 := record("messages", map[string]any{"post": "r1"}), record("messages", map[string]any{"post": "r2"})
	for _, tc := range []struct {
		name      string
		message   *core.Record
		change    func(x *index)
		committed bool // what the committed database says of the membership
		reaches   bool
		asks      bool
	}{
		{"a member", inR1, func(x *index) {}, false, true, false},
		{"a stranger", inR2, func(x *index) {}, true, false, false},
		{"leaving, not committed yet", inR1, func(x *index) { x.membershipWrite("r1", "u1") }, true, true, true},
		{"leaving, committed, not settled", inR1, func(x *index) { x.membershipWrite("r1", "u1") }, false, false, true},
		{"left", inR1, func(x *index) { x.membershipWrite("r1", "u1"); x.membershipDone("r1", "u1", true, false) }, true, false, false},
		{"leave rolled back", inR1, func(x *index) { x.membershipWrite("r1", "u1"); x.membershipDone("r1", "u1", false, false) }, false, true, false},
		{"joining, not committed yet", inR2, func(x *index) { x.membershipWrite("r2", "u1") }, false, false, true},
		{"joining, committed, not settled", inR2, func(x *index) { x.membershipWrite("r2", "u1") }, true, true, true},
		{"joined", inR2, func(x *index) { x.membershipWrite("r2", "u1"); x.membershipDone("r2", "u1", true, true) }, false, true, false},
		{"join rolled back", inR2, func(x *index) { x.membershipWrite("r2", "u1"); x.membershipDone("r2", "u1", false, true) }, true, false, false},
		{"two writes, one settled", inR2, func(x *index) {
			x.membershipWrite("r2", "u1")
			x.membershipWrite("r2", "u1")
			x.membershipDone("r2", "u1", true, true)
		}, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, check, _ := fixture(t)
			check.members[tc.message.GetString("post")+" u1"] = tc.committed
			tc.change(x)
			if got := reaches(x, check, tc.message); got != tc.reaches {
				t.Errorf("reaches %v, want %v", got, tc.reaches)
			}
			if asked := check.asked > 0; asked != tc.asks {
				t.Errorf("asked the database: %v, want %v", asked, tc.asks)
			}
		})
	}
}

// An address change or a new token key in flight is read from the
// database; once settled, the board has moved.
func TestAccountsInFlight(t *testing.T) {
	inA, inB := record("posts", map[string]any{"address": "A"}), record("posts", map[string]any{"address": "B"})
	for _, tc := range []struct {
		name    string
		post    *core.Record
		change  func(x *index)
		db      account
		reaches bool
	}{
		{"a neighbour", inA, func(x *index) {}, account{}, true},
		{"another neighbourhood", inB, func(x *index) {}, account{}, false},
		{"moving, not committed", inA, func(x *index) { x.accountWrite("u1") }, account{"A", "k", true}, true},
		{"moving, committed", inA, func(x *index) { x.accountWrite("u1") }, account{"B", "k", true}, false},
		{"moving, committed, the new neighbourhood", inB, func(x *index) { x.accountWrite("u1") }, account{"B", "k", true}, true},
		{"moved", inB, func(x *index) { x.accountWrite("u1"); x.accountDone("u1", true, "B", "k", false) }, account{}, true},
		{"moved away", inA, func(x *index) { x.accountWrite("u1"); x.accountDone("u1", true, "B", "k", false) }, account{}, false},
		{"new password", inA, func(x *index) { x.accountWrite("u1"); x.accountDone("u1", true, "A", "k2", false) }, account{}, false},
		{"deleted, committed", inA, func(x *index) { x.accountWrite("u1") }, account{}, false},
		{"deleted", inA, func(x *index) { x.accountWrite("u1"); x.accountDone("u1", true, "", "", true) }, account{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, check, _ := fixture(t)
			check.accounts["u1"] = tc.db
			tc.change(x)
			if got := reaches(x, check, tc.post); got != tc.reaches {
				t.Errorf("reaches %v, want %v", got, tc.reaches)
			}
		})
	}
}

// A change that commits while a user's rooms are being read is not lost,
// whether the read saw it or not.
func TestChangesDuringLoad(t *testing.T) {
	x := newIndex()
	client := subscriptions.NewDefaultClient()
	client.Subscribe("messages/*")
	x.connect(client)
	u := x.hold("u1", func(string) ([]string, string, string, bool) {
		// r1 was left and r2 joined after the read, before it is filed.
		x.membershipWrite("r1", "u1")
		x.membershipDone("r1", "u1", true, false)
		x.membershipWrite("r2", "u1")
		x.membershipDone("r2", "u1", true, true)
		return []string{"r1"}, "A", "k", true
	})
	x.subscribe(client.Id(), state{auth: asUser, tokenKey: "k", user: u, subs: []*sub{{key: "messages/*", collection: "messages"}}})
	check := &committed{}
	if reaches(x, check, record("messages", map[string]any{"post": "r1"})) {
		t.Error("the room left during the load still reaches them")
	}
	if !reaches(x, check, record("messages", map[string]any{"post": "r2"})) {
		t.Error("the room joined during the load does not reach them")
	}
}

// The JS SDK sends every subscription again each time one is added: the
// same connection subscribing again keeps its user's rooms.
func TestSubscribingAgain(t *testing.T) {
	x, check, client := fixture(t)
	for range 2 {
		u := x.hold("u1", func(string) ([]string, string, string, bool) { t.Fatal("read again"); return nil, "", "", false })
		x.subscribe(client.Id(), state{auth: asUser, tokenKey: "k", user: u, subs: []*sub{{key: "messages/*", collection: "messages"}}})
	}
	if !reaches(x, check, record("messages", map[string]any{"post": "r1"})) {
		t.Fatal("a second subscription request lost the user's rooms")
	}
}

// Disconnecting forgets the connection, its user and their rooms.
func TestDisconnectForgets(t *testing.T) {
	x, _, client := fixture(t)
	x.disconnect(client.Id())
	if len(x.conns)+len(x.users)+len(x.rooms)+len(x.boards) != 0 {
		t.Fatalf("left behind: %d conns, %d users, %d rooms, %d boards", len(x.conns), len(x.users), len(x.rooms), len(x.boards))
	}
}
