package hooks

import "github.com/pocketbase/pocketbase/core"

// inTx runs fn inside a transaction with *app (an event's App) swapped
// for the transactional app, so that e.Next() (the actual write) and
// everything fn reads or writes commit or roll back together. Nested calls
// join the outer transaction. It serves model events (&e.App of a
// RecordEvent) and request events (&e.App of a RecordRequestEvent) alike.
func inTx(app *core.App, fn func(tx core.App) error) error {
	return (*app).RunInTransaction(func(tx core.App) error {
		original := *app
		*app = tx
		defer func() { *app = original }()
		return fn(tx)
	})
}

// withTx is inTx for a model event, the common case.
func withTx(e *core.RecordEvent, fn func(tx core.App) error) error {
	return inTx(&e.App, fn)
}
