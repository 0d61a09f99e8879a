package realtime

import (
	"log/slog"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Changes that the index follows: joins and leaves (memberships,
// including those a ban, a post's deletion or an account's deletion
// makes), and accounts whose address or token key changes or which are
// deleted. Each is marked in flight from its write to the end of its
// transaction (see index), and filed once it has committed.

// load reads a user's rooms and account from the committed database.
func (d *delivery) load(id string) (rooms []string, address, tokenKey string, found bool) {
	if address, tokenKey, found = d.account(id); !found {
		return nil, "", "", false
	}
	if err := d.app.ConcurrentDB().Select(memberRoomField).From(membersCollection).
		Where(dbx.HashExp{memberUserField: id}).Column(&rooms); err != nil {
		d.app.Logger().Error("realtime: reading rooms", slog.String("user", id), slog.String("error", err.Error()))
	}
	return rooms, address, tokenKey, true
}

// isMember implements checker.
func (d *delivery) isMember(room, userId string) bool {
	var n int
	err := d.app.ConcurrentDB().Select("count(*)").From(membersCollection).
		Where(dbx.HashExp{memberRoomField: room, memberUserField: userId}).Row(&n)
	return err == nil && n > 0
}

// account implements checker.
func (d *delivery) account(userId string) (address, tokenKey string, found bool) {
	var row struct {
		Address  string `db:"address"`
		TokenKey string `db:"tokenKey"`
	}
	err := d.app.ConcurrentDB().Select("address", "tokenKey").From(usersCollection).
		Where(dbx.HashExp{"id": userId}).One(&row)
	return row.Address, row.TokenKey, err == nil
}

// onMembershipWrite marks a join or a leave in flight from its write to
// the end of its transaction.
func (d *delivery) onMembershipWrite(e *core.RecordEvent) error {
	room, userId := e.Record.GetString(memberRoomField), e.Record.GetString(memberUserField)
	joined := e.Record.IsNew()
	d.idx.membershipWrite(room, userId)
	return inFlight(e, func(committed bool) { d.idx.membershipDone(room, userId, committed, joined) })
}

// onAccountWrite marks an address change, a token key change (a new
// password) or an account deletion in flight.
func (d *delivery) onAccountWrite(e *core.RecordEvent) error {
	r := e.Record
	deleting := e.Type == core.ModelEventTypeDelete
	if !deleting {
		was := r.Original()
		if was.GetString(roomAddressField) == r.GetString(roomAddressField) && was.TokenKey() == r.TokenKey() {
			return e.Next()
		}
	}
	address, tokenKey := r.GetString(roomAddressField), r.TokenKey()
	d.idx.accountWrite(r.Id)
	return inFlight(e, func(committed bool) { d.idx.accountDone(r.Id, committed, address, tokenKey, deleting) })
}

// inFlight runs the write (e.Next) and then done, once the write has
// committed or failed: at the end of its transaction, or at once without
// one.
func inFlight(e *core.RecordEvent, done func(committed bool)) error {
	if err := e.Next(); err != nil {
		done(false)
		return err
	}
	if tx := e.App.TxInfo(); tx != nil {
		tx.OnComplete(func(txErr error) error {
			done(txErr == nil)
			return nil
		})
		return nil
	}
	done(true)
	return nil
}

// membershipWrite marks a membership of userId in room as being written.
func (x *index) membershipWrite(room, userId string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.joining[room] == nil {
		x.joining[room] = map[string]int{}
	}
	x.joining[room][userId]++
}

// membershipDone ends a membershipWrite: when it committed, userId is now
// a member of room (joined) or no longer one.
func (x *index) membershipDone(room, userId string, committed, joined bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if u := x.users[userId]; u != nil && committed {
		whenLoaded(u, func() {
			if joined {
				x.join(u, room)
			} else {
				x.leave(u, room)
			}
		})
	}
	if x.joining[room][userId]--; x.joining[room][userId] <= 0 {
		delete(x.joining[room], userId)
		if len(x.joining[room]) == 0 {
			delete(x.joining, room)
		}
	}
}

// accountWrite marks the account userId as being changed or deleted.
func (x *index) accountWrite(userId string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.moving[userId]++
}

// accountDone ends an accountWrite: when it committed, the account has
// the address and token key given, or is gone.
func (x *index) accountDone(userId string, committed bool, address, tokenKey string, gone bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if u := x.users[userId]; u != nil && committed {
		whenLoaded(u, func() { x.moveUser(u, address, tokenKey, gone) })
	}
	if x.moving[userId]--; x.moving[userId] <= 0 {
		delete(x.moving, userId)
	}
}

func (x *index) moveUser(u *user, address, tokenKey string, gone bool) {
	u.address, u.tokenKey, u.gone = address, tokenKey, gone
	for c := range u.conns {
		if c.board != "" {
			remove(x.boards, c.board, c)
			c.board = address
			add(x.boards, c.board, c)
		}
	}
}
