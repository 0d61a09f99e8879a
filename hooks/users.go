package hooks

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

func bindUsers(app core.App) {
	app.OnRecordCreate("users").BindFunc(normaliseUser)
	app.OnRecordUpdate("users").BindFunc(normaliseUser)
	app.OnRecordDelete("users").BindFunc(onUserDelete)
}

// normaliseUser trims the display name and collapses the white space of
// the address before the length and uniqueness checks see them, so that
// "역삼동" and " 역삼동 " are one neighbourhood.
func normaliseUser(e *core.RecordEvent) error {
	e.Record.Set("name", strings.TrimSpace(e.Record.GetString("name")))
	e.Record.Set("address", strings.Join(strings.Fields(e.Record.GetString("address")), " "))
	return e.Next()
}

// onUserDelete ends an account the way SPEC §3 describes, whatever path
// deletes it (the account route or the dashboard): the posts it hosts go
// first, with their rooms; then its other memberships end as if it had
// left, while its name can still be read for the room's message. After the
// row is gone, PocketBase empties the author of its remaining messages.
func onUserDelete(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		hosted, err := tx.FindAllRecords("posts", dbx.HashExp{"host": e.Record.Id})
		if err != nil {
			return err
		}
		for _, post := range hosted {
			if err := tx.Delete(post); err != nil {
				return err
			}
		}

		memberships, err := tx.FindAllRecords("memberships", dbx.HashExp{"user": e.Record.Id})
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
