package hooks

import (
	"errors"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
	"mealbuddy/internal/text"
)

func bindUsers(app core.App) {
	app.OnRecordCreate(schema.Users).BindFunc(keepNameKey)
	app.OnRecordUpdate(schema.Users).BindFunc(keepNameKey)
	app.OnRecordDelete(schema.Users).BindFunc(onUserDelete)
}

// nameTaken is PocketBase's own answer for a unique field, on name.
func nameTaken() error {
	return validation.Errors{"name": validation.NewError("validation_not_unique", "This name is already taken.")}
}

// keepNameKey makes display names unique as people read them (SPEC §1):
// the hidden nameKey is the name normalised by text.Key and carries the
// unique index idx_users_name_key, so the database holds the rule under
// concurrent sign-ups and dashboard edits. The name itself keeps the
// spelling its owner typed. The count before the save gives the usual
// answer; the index catches the race the count cannot see, and its error
// is reported on name too.
func keepNameKey(e *core.RecordEvent) error {
	name := e.Record.GetString("name")
	if original := e.Record.Original(); !e.Record.IsNew() && original.Id != "" && original.GetString("name") == name {
		// Unchanged: keep the stored key (a name accepted before this rule
		// may share its key with an older one, see the migration).
		return e.Next()
	}

	key := text.Key(name)
	e.Record.Set(schema.UserNameKey, key)
	if key != "" {
		taken, err := e.App.CountRecords(schema.Users,
			dbx.HashExp{schema.UserNameKey: key}, dbx.Not(dbx.HashExp{"id": e.Record.Id}))
		if err != nil {
			return err
		}
		if taken > 0 {
			return nameTaken()
		}
	}

	err := e.Next()
	var errs validation.Errors
	if errors.As(err, &errs) && errs[schema.UserNameKey] != nil {
		return nameTaken()
	}
	return err
}

// refuseOpenOrder keeps an account that hosts or is a member of a group
// whose order is under way (open_order): money is still owed to or by it.
func refuseOpenOrder(tx core.App, userId string) error {
	var open int
	err := tx.DB().Select("COUNT(*)").From(schema.Memberships+" m").
		InnerJoin(schema.Posts+" p", dbx.NewExp("p.id = m.post")).
		Where(dbx.HashExp{"m.user": userId}).
		AndWhere(dbx.In("p.status", schema.StatusOrdered, schema.StatusDelivered)).
		Row(&open)
	if err != nil {
		return err
	}
	if open > 0 {
		return apperr.New("user", apperr.OpenOrder, "An order of yours is under way: wait until it is done or cancelled.")
	}
	return nil
}

// onUserDelete ends an account the way SPEC §3 describes, whatever path
// deletes it (the account route or the dashboard): the posts it hosts go
// first, with their rooms; then its other memberships end as if it had
// left, while its name can still be read for the room's message. After the
// row is gone, PocketBase empties the author of its remaining messages.
func onUserDelete(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		if err := refuseOpenOrder(tx, e.Record.Id); err != nil {
			return err
		}
		hosted, err := tx.FindAllRecords(schema.Posts, dbx.HashExp{"host": e.Record.Id})
		if err != nil {
			return err
		}
		for _, post := range hosted {
			if err := tx.Delete(post); err != nil {
				return err
			}
		}

		memberships, err := tx.FindAllRecords(schema.Memberships, dbx.HashExp{"user": e.Record.Id})
		if err != nil {
			return err
		}
		for _, m := range memberships {
			if err := tx.Delete(m); err != nil {
				return err
			}
		}

		return e.Next()
	})
}
