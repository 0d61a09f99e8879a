package hooks

import (
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/notify"
	"mealbuddy/internal/schema"
)

// maxDeadlineAhead is how far ahead a post's deadline may lie (SPEC §1).
const maxDeadlineAhead = 7 * 24 * time.Hour

// postImmutable are the server-set fields of a post: an attempt to change
// them fails with immutable_field, whoever makes it.
var postImmutable = []string{"host", "address", "joinedCount", "itemsTotal", "orderedAt", "deliveredAt", "doneAt"}

// lockedByOrder may change only before the order is placed (order_locked):
// the dues were computed from them.
var lockedByOrder = []string{"minOrderAmount", "deliveryFee", "targetCount"}

func bindPosts(app core.App) {
	app.OnRecordCreateRequest(schema.Posts).BindFunc(onPostCreateRequest)
	app.OnRecordUpdateRequest(schema.Posts).BindFunc(onPostUpdateRequest)
	app.OnRecordCreate(schema.Posts).BindFunc(onPostCreate)
	app.OnRecordUpdate(schema.Posts).BindFunc(onPostUpdate)
	app.OnRecordDelete(schema.Posts).BindFunc(onPostDelete)
}

// onPostUpdateRequest keeps placing the order to its route: an update
// through the records API (the SDK, a batch, the dashboard) cannot set
// ordered, because the order needs the fee actually charged and where to
// send the money (POST /api/mealbuddy/posts/{id}/order).
func onPostUpdateRequest(e *core.RecordRequestEvent) error {
	if e.Record.GetString("status") == schema.StatusOrdered && e.Record.Original().GetString("status") != schema.StatusOrdered {
		return apperr.New("status", apperr.InvalidStatus, "An order is placed with POST /api/mealbuddy/posts/{id}/order.")
	}
	return e.Next()
}

// onPostDelete keeps a group whose order is under way: members still owe
// or are owed money (order_locked). Done and cancelled groups may go.
func onPostDelete(e *core.RecordEvent) error {
	if orderUnderWay(e.Record.GetString("status")) {
		return apperr.New("status", apperr.OrderLocked, "The order is under way: the group can be deleted once it is done or cancelled.")
	}
	return withTx(e, func(tx core.App) error {
		if err := tellDeleted(tx, e.Record); err != nil { // before the rows go
			return err
		}
		return e.Next()
	})
}

// onPostCreateRequest makes the caller the host. The create rule has
// already refused a host other than the caller; superusers (dashboard)
// choose the host themselves.
func onPostCreateRequest(e *core.RecordRequestEvent) error {
	if e.Auth != nil && !e.HasSuperuserAuth() {
		e.Record.Set("host", e.Auth.Id)
	}
	return e.Next()
}

// onPostCreate fills the server-set fields and creates the host's
// membership in the same transaction.
func onPostCreate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		if host, err := tx.FindRecordById(schema.Users, e.Record.GetString("host")); err == nil {
			e.Record.Set("address", host.GetString("address"))
		} // else: the relation validator reports the missing host

		// The host's membership is created below, in this transaction.
		e.Record.Set("joinedCount", 1)
		e.Record.Set("status", schema.StatusRecruiting)

		if err := checkDeadline(tx, e.Record); err != nil {
			return err
		}

		if err := e.Next(); err != nil {
			return err
		}

		memberships, err := tx.FindCachedCollectionByNameOrId(schema.Memberships)
		if err != nil {
			return err
		}
		m := core.NewRecord(memberships)
		m.Set("post", e.Record.Id)
		m.Set("user", e.Record.GetString("host"))
		if err := tx.Save(m); err != nil { // the role is derived: host
			return err
		}
		notify.AfterPostOpened(tx, e.Record.Id) // the neighbours' craving alerts
		return nil
	})
}

// onPostUpdate is the one place where a post's joinedCount, itemsTotal
// and status are decided. It runs for every save of a post: the host's
// edits, the dashboard, the order route, and refreshPost after a join,
// leave, ban, item or payment.
func onPostUpdate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		post := e.Record

		// Read the stored row: the record being saved may have been loaded
		// before a concurrent join, leave, item or deadline close committed.
		stored, err := tx.FindRecordById(schema.Posts, post.Id)
		if err != nil {
			return err
		}
		seen := seenState(post, stored)
		from := stored.GetString("status")

		if err := unchanged(post, seen, postImmutable...); err != nil {
			return err
		}
		if err := deriveCounts(tx, post); err != nil {
			return err
		}

		to, err := nextStatus(tx, post, seen.GetString("status"), from)
		if err != nil {
			return err
		}
		if err := checkEdit(tx, post, seen, from, to); err != nil {
			return err
		}
		if to == schema.StatusOrdered && from != to {
			if err := checkOrderable(tx, post); err != nil {
				return err
			}
		}
		post.Set("status", to)
		stamp(tx, post, from, to)

		if err := e.Next(); err != nil {
			return err
		}
		return afterStatusChange(tx, post, from, to)
	})
}

// deriveCounts sets joinedCount and itemsTotal from the rows.
func deriveCounts(tx core.App, post *core.Record) error {
	joined, err := tx.CountRecords(schema.Memberships, dbx.HashExp{"post": post.Id})
	if err != nil {
		return err
	}
	post.Set("joinedCount", joined)
	total, err := itemsTotal(tx, post.Id)
	if err != nil {
		return err
	}
	post.Set("itemsTotal", total)
	return nil
}

// checkEdit refuses the edits that the post's stage does not allow: the
// order's figures once it is placed, a cancellation reason without the
// cancellation, a deadline outside its window, a head-count below the
// people who joined.
func checkEdit(tx core.App, post, seen *core.Record, from, to string) error {
	if orderPlaced(from) {
		for _, f := range lockedByOrder {
			if post.GetString(f) != seen.GetString(f) {
				return apperr.New(f, apperr.OrderLocked, "The order is placed: "+f+" can no longer change.")
			}
		}
	}
	if post.GetString("cancelReason") != seen.GetString("cancelReason") && (to != schema.StatusCancelled || from == to) {
		return apperr.New("cancelReason", apperr.ImmutableField, "A reason is given with the cancellation.")
	}
	if post.GetString("deadline") != seen.GetString("deadline") {
		if err := checkDeadline(tx, post); err != nil {
			return err
		}
	}
	if post.GetInt("targetCount") < post.GetInt("joinedCount") {
		return apperr.New("targetCount", apperr.TargetTooLow, "The head-count cannot be lower than the number of people who joined.")
	}
	return nil
}

// transitions are the status changes a writer may ask for (SPEC §1 and
// §6), by the status the post has now. recruiting and full are one stage
// here: the count decides between them. Everything else is invalid_status.
var transitions = map[string][]string{
	schema.StatusRecruiting: {schema.StatusClosed, schema.StatusOrdered, schema.StatusCancelled},
	schema.StatusFull:       {schema.StatusClosed, schema.StatusOrdered, schema.StatusCancelled},
	schema.StatusClosed:     {schema.StatusRecruiting, schema.StatusFull, schema.StatusOrdered, schema.StatusCancelled},
	schema.StatusOrdered:    {schema.StatusDelivered, schema.StatusCancelled},
	schema.StatusDelivered:  {schema.StatusDone},
	// done and cancelled are final
}

// nextStatus applies the state rules. seen is the status the writer read,
// stored the one in the database now; a status equal to seen is not a
// request to change it. After the requested change, what follows by
// itself: recruiting or full by the count, done when the food is
// delivered and every due is confirmed.
func nextStatus(tx core.App, post *core.Record, seen, stored string) (string, error) {
	requested := post.GetString("status")
	status := stored

	if requested != seen && requested != stored {
		if !slices.Contains(transitions[stored], requested) {
			return "", apperr.New("status", apperr.InvalidStatus,
				"A group that is "+stored+" cannot become "+requested+".")
		}
		reopening := stored == schema.StatusClosed && (requested == schema.StatusRecruiting || requested == schema.StatusFull)
		if reopening && deadlinePassed(tx, post) {
			return "", apperr.New("status", apperr.InvalidStatus, "A group whose deadline has passed cannot be reopened; move the deadline first.")
		}
		status = requested
	}

	switch status {
	case schema.StatusRecruiting, schema.StatusFull:
		if post.GetInt("joinedCount") >= post.GetInt("targetCount") {
			return schema.StatusFull, nil
		}
		return schema.StatusRecruiting, nil
	case schema.StatusDelivered:
		settled, err := allConfirmed(tx, post.Id)
		if err != nil {
			return "", err
		}
		if settled {
			return schema.StatusDone, nil
		}
	}
	return status, nil
}

// sheetOpen reports whether the order sheet may change: before the order.
func sheetOpen(status string) bool {
	return status == schema.StatusRecruiting || status == schema.StatusFull || status == schema.StatusClosed
}

// orderPlaced reports whether the order was placed (and the sheet locked),
// whatever happened after.
func orderPlaced(status string) bool {
	return status != "" && !sheetOpen(status)
}

// orderUnderWay reports whether money is still moving: ordered or
// delivered. Nobody leaves, is banned, deletes the group or the account.
func orderUnderWay(status string) bool {
	return status == schema.StatusOrdered || status == schema.StatusDelivered
}

// stamp records when the post entered an order stage.
func stamp(tx core.App, post *core.Record, from, to string) {
	if from == to {
		return
	}
	field := map[string]string{
		schema.StatusOrdered:   "orderedAt",
		schema.StatusDelivered: "deliveredAt",
		schema.StatusDone:      "doneAt",
	}
	now := clock.Now(tx)
	if to == schema.StatusDone && from == schema.StatusOrdered {
		post.Set("deliveredAt", now) // delivered and settled in one step
	}
	if f, ok := field[to]; ok {
		post.Set(f, now)
	}
}

// checkDeadline enforces the window for a deadline that is being set:
// in the future and at most seven days ahead. An empty deadline is fine.
func checkDeadline(tx core.App, post *core.Record) error {
	d := post.GetDateTime("deadline")
	if d.IsZero() {
		return nil
	}
	now := clock.Now(tx)
	if !d.Time().After(now) || d.Time().After(now.Add(maxDeadlineAhead)) {
		return apperr.New("deadline", apperr.InvalidDeadline, "The deadline must be in the future and at most 7 days ahead.")
	}
	return nil
}

// deadlinePassed reports whether post has a deadline that is not in the future.
func deadlinePassed(app core.App, post *core.Record) bool {
	d := post.GetDateTime("deadline")
	return !d.IsZero() && !d.Time().After(clock.Now(app))
}
