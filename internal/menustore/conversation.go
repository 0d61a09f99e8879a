package menustore

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/menu"
)

// maxTurns bounds a stored conversation (the prompt sends fewer).
const maxTurns = 40

// conversation returns the stored conversation record of user, or nil.
func conversation(app core.App, user string) (*core.Record, error) {
	rec, err := app.FindFirstRecordByFilter(conversations, "user = {:user}", dbx.Params{"user": user})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return rec, err
}

// Turns returns user's conversation, oldest first.
func Turns(app core.App, user string) ([]menu.Turn, error) {
	rec, err := conversation(app, user)
	if rec == nil || err != nil {
		return nil, err
	}
	var turns []menu.Turn
	if err := rec.UnmarshalJSONField("turns", &turns); err != nil {
		return nil, err
	}
	return turns, nil
}

// AppendTurns adds turns to user's conversation, keeping the latest
// maxTurns. The read and the write share a transaction, so two answers
// finishing together both stay.
func AppendTurns(app core.App, user string, add ...menu.Turn) error {
	return app.RunInTransaction(func(tx core.App) error {
		rec, err := conversation(tx, user)
		if err != nil {
			return err
		}
		var turns []menu.Turn
		if rec == nil {
			c, err := tx.FindCollectionByNameOrId(conversations)
			if err != nil {
				return err
			}
			rec = core.NewRecord(c)
			rec.Set("user", user)
		} else if err := rec.UnmarshalJSONField("turns", &turns); err != nil {
			turns = nil // unreadable (edited in the dashboard?): start afresh
		}
		turns = append(turns, add...)
		if len(turns) > maxTurns {
			turns = turns[len(turns)-maxTurns:]
		}
		rec.Set("turns", turns)
		return tx.Save(rec)
	})
}

// Forget deletes user's conversation (DELETE /menu); the day's count
// stays.
func Forget(app core.App, user string) error {
	rec, err := conversation(app, user)
	if rec == nil || err != nil {
		return err
	}
	return app.Delete(rec)
}
