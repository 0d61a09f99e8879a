package hooks

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

// maxDeadlineAhead is how far ahead a post's deadline may lie (SPEC §1).
const maxDeadlineAhead = 7 * 24 * time.Hour

// postImmutable are the server-set fields of a post: an attempt to change
// them fails with immutable_field, whoever makes it.
var postImmutable = []string{"host", "address", "joinedCount"}

func bindPosts(app core.App) {
	app.OnRecordCreateRequest(schema.Posts).BindFunc(onPostCreateRequest)
	app.OnRecordCreate(schema.Posts).BindFunc(onPostCreate)
	app.OnRecordUpdate(schema.Posts).BindFunc(onPostUpdate)
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

		if err := checkDeadline(e.Record); err != nil {
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
		return tx.Save(m) // the role is derived: host
	})
}

// onPostUpdate is the one place where a post's joinedCount and status are
// decided. It runs for every save of a post: the host's edits, the
// dashboard, and refreshPost after a join, leave or ban.
func onPostUpdate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		post := e.Record

		// Read the stored row: the record being saved may have been loaded
		// before a concurrent join, leave or deadline close committed.
		stored, err := tx.FindRecordById(schema.Posts, post.Id)
		if err != nil {
			return err
		}
		seen := seenState(post, stored)

		if err := unchanged(post, seen, postImmutable...); err != nil {
			return err
		}

		joined, err := tx.CountRecords(schema.Memberships, dbx.HashExp{"post": post.Id})
		if err != nil {
			return err
		}
		post.Set("joinedCount", joined)

		if post.GetString("deadline") != seen.GetString("deadline") {
			if err := checkDeadline(post); err != nil {
				return err
			}
		}

		if post.GetInt("targetCount") < int(joined) {
			return apperr.New("targetCount", apperr.TargetTooLow, "The head-count cannot be lower than the number of people who joined.")
		}

		status, err := nextStatus(post, seen.GetString("status"), stored.GetString("status"))
		if err != nil {
			return err
		}
		post.Set("status", status)

		return e.Next()
	})
}

// nextStatus applies the state rules of SPEC §1. seen is the status the
// writer read, stored the one in the database now; a status equal to seen
// is not a request to change it.
func nextStatus(post *core.Record, seen, stored string) (string, error) {
	requested := post.GetString("status")
	status := stored

	if requested != seen {
		switch {
		case requested == schema.StatusClosed:
			status = schema.StatusClosed
		case stored == schema.StatusClosed && (requested == schema.StatusRecruiting || requested == schema.StatusFull):
			// reopening: the count decides between recruiting and full
			if deadlinePassed(post) {
				return "", apperr.New("status", apperr.InvalidStatus, "A group whose deadline has passed cannot be reopened; move the deadline first.")
			}
			status = schema.StatusRecruiting
		default:
			return "", apperr.New("status", apperr.InvalidStatus, "This status change is not allowed: a group can only be closed or reopened.")
		}
	}

	if status == schema.StatusClosed {
		return status, nil
	}
	if post.GetInt("joinedCount") >= post.GetInt("targetCount") {
		return schema.StatusFull, nil
	}
	return schema.StatusRecruiting, nil
}

// checkDeadline enforces the window for a deadline that is being set:
// in the future and at most seven days ahead. An empty deadline is fine.
func checkDeadline(post *core.Record) error {
	d := post.GetDateTime("deadline")
	if d.IsZero() {
		return nil
	}
	now := time.Now()
	if !d.Time().After(now) || d.Time().After(now.Add(maxDeadlineAhead)) {
		return apperr.New("deadline", apperr.InvalidDeadline, "The deadline must be in the future and at most 7 days ahead.")
	}
	return nil
}

// deadlinePassed reports whether post has a deadline that is not in the future.
func deadlinePassed(post *core.Record) bool {
	d := post.GetDateTime("deadline")
	return !d.IsZero() && !d.Time().After(time.Now())
}
