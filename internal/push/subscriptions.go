package push

import (
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

// Register binds the rules of the push_subscriptions collection (SPEC
// §7): a subscription is the caller's own, and its endpoint must be one
// the sender may call (invalid_endpoint), on every path.
func Register(app core.App, sender *Sender) {
	app.OnRecordCreateRequest(schema.PushSubscriptions).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Auth != nil && !e.HasSuperuserAuth() {
			e.Record.Set("user", e.Auth.Id) // the create rule refused any other
		}
		return e.Next()
	})
	check := func(e *core.RecordEvent) error {
		if endpoint := e.Record.GetString("endpoint"); endpoint != "" {
			if err := sender.CheckEndpoint(endpoint); err != nil {
				return apperr.New("endpoint", apperr.InvalidEndpoint, "The push endpoint must be https on a public address.")
			}
		}
		if !e.Record.IsNew() && e.Record.GetString("user") != e.Record.Original().GetString("user") {
			return apperr.New("user", apperr.ImmutableField, "A subscription stays with its user.")
		}
		return e.Next()
	}
	app.OnRecordCreate(schema.PushSubscriptions).BindFunc(func(e *core.RecordEvent) error {
		// A browser's endpoint belongs to whoever subscribed on it last: on
		// a shared device the next person's subscription takes it over, so
		// that the previous one stops getting their pushes there (rows are
		// their owner's alone, so nobody else could remove it).
		return e.App.RunInTransaction(func(tx core.App) error {
			old, err := tx.FindFirstRecordByData(schema.PushSubscriptions, "endpoint", e.Record.GetString("endpoint"))
			if err == nil && old.GetString("user") != e.Record.GetString("user") {
				if err := tx.Delete(old); err != nil {
					return err
				}
			}
			original := e.App
			e.App = tx
			defer func() { e.App = original }()
			return check(e)
		})
	})
	app.OnRecordUpdate(schema.PushSubscriptions).BindFunc(check)
}
