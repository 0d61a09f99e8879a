package hooks

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/schema"
)

// Send rate limit per user (SPEC §1): at most sendLimit accepted messages
// within any sendWindow. Counted from the stored messages, so refused
// messages never count and a restart forgets nothing.
const (
	sendLimit  = 20
	sendWindow = 10 * time.Second
)

func bindMessages(app core.App) {
	app.OnRecordCreateRequest(schema.Messages).BindFunc(onMessageCreateRequest)
	app.OnRecordCreate(schema.Messages).BindFunc(onMessageCreate)
	app.OnRecordUpdate(schema.Messages).BindFunc(onMessageUpdate)
}

// onMessageUpdate keeps the chat a record of what was said (SPEC §1):
// clients cannot update messages at all, and a superuser moderating in the
// dashboard may change the body (the text rule and the field's limits
// still apply) but never the room, the author or the kind. The one
// exception is PocketBase's own cascade when an account is deleted: it
// empties the author, and by then the author's row is already gone.
func onMessageUpdate(e *core.RecordEvent) error {
	stored, err := e.App.FindRecordById(schema.Messages, e.Record.Id)
	if err != nil {
		return err
	}
	if err := unchanged(e.Record, stored, "post", "kind"); err != nil {
		return err
	}
	if author := stored.GetString("author"); e.Record.GetString("author") != author {
		if e.Record.GetString("author") != "" || authorExists(e.App, author) {
			return unchanged(e.Record, stored, "author")
		}
	}
	return e.Next()
}

// authorExists reports whether the user id still has an account.
func authorExists(app core.App, userId string) bool {
	_, err := app.FindRecordById(schema.Users, userId)
	return err == nil
}

// onMessageCreateRequest sends as the caller and applies the per-user rate
// limit. The count and the insert share a transaction, so concurrent sends
// cannot slip past the limit together.
func onMessageCreateRequest(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() || e.Auth == nil {
		return e.Next()
	}
	// The create rule has refused any other author or kind.
	e.Record.Set("author", e.Auth.Id)
	e.Record.Set("kind", schema.KindText)

	return inTx(&e.App, func(tx core.App) error {
		since, _ := types.ParseDateTime(clock.Now(tx).Add(-sendWindow))
		sent, err := tx.CountRecords(schema.Messages,
			dbx.HashExp{"author": e.Auth.Id},
			dbx.NewExp("created > {:since}", dbx.Params{"since": since.String()}))
		if err != nil {
			return err
		}
		if sent >= sendLimit {
			return apperr.WithStatus(http.StatusTooManyRequests, "body", apperr.RateLimited,
				"You are sending messages too fast. Please wait a few seconds.")
		}
		return e.Next()
	})
}

// onMessageCreate keeps the room a record of its members: a text message
// comes from a member of the post; a system message has no author.
func onMessageCreate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		m := e.Record
		m.Set("body", strings.TrimSpace(m.GetString("body")))
		if m.GetString("kind") == "" {
			m.Set("kind", schema.KindText)
		}

		author := m.GetString("author")
		switch m.GetString("kind") {
		case schema.KindSystem:
			if author != "" {
				return apperr.New("author", apperr.InvalidAuthor, "A system message has no author.")
			}
		case schema.KindText:
			if author == "" {
				return apperr.New("author", apperr.InvalidAuthor, "A text message needs its author.")
			}
			member, err := exists(tx, schema.Memberships, m.GetString("post"), author)
			if err != nil {
				return err
			}
			if !member {
				return apperr.New("post", apperr.NotMember, "Only members of this group can send messages.")
			}
		}
		return e.Next()
	})
}
