package migrations

import (
	"github.com/SherClockHolmes/webpush-go"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/category"
	"mealbuddy/internal/schema"
)

// Notifications that find people after they leave the page (SPEC §7):
// the in-app notifications, the browsers' Web Push subscriptions, the
// craving alerts ("배고플 때 알려줘"), and the server's VAPID keys, made
// here, at the first start, and kept in the database so that no operator
// manages a key file.
const (
	ownRows   = `user = @request.auth.id`
	createOwn = signedIn + ` && (@request.body.user:isset = false || @request.body.user = @request.auth.id)`
)

func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.Users)
		if err != nil {
			return err
		}
		posts, err := app.FindCollectionByNameOrId(schema.Posts)
		if err != nil {
			return err
		}
		for _, create := range []func(core.App, *core.Collection, *core.Collection) error{
			createNotifications, createPushSubscriptions, createAlerts, createPushKeys,
		} {
			if err := create(app, users, posts); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		return deleteCollections(app, schema.PushKeys, schema.Alerts, schema.PushSubscriptions, schema.Notifications)
	})
}

func createNotifications(app core.App, users, posts *core.Collection) error {
	c := core.NewBaseCollection(schema.Notifications)
	c.ListRule = types.Pointer(ownRows)
	c.ViewRule = types.Pointer(ownRows)
	c.CreateRule = nil                    // the server's only
	c.UpdateRule = types.Pointer(ownRows) // readAt only (hooks/notifications.go)
	c.DeleteRule = types.Pointer(ownRows)
	c.Fields.Add(
		&core.RelationField{Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true, Help: "The recipient."},
		&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: schema.NoticeKinds},
		&core.RelationField{Name: "post", MaxSelect: 1, CollectionId: posts.Id, Help: "Emptied when the post is deleted."},
		&core.TextField{Name: "title", Max: 100, Presentable: true},
		&core.TextField{Name: "body", Max: 300},
		&core.DateField{Name: "readAt", Help: "The recipient's read mark."},
	)
	autodates(c)
	c.AddIndex("idx_notifications_user_created", false, "user, created", "")
	c.AddIndex("idx_notifications_unread", false, "user", "readAt = ''")
	c.AddIndex("idx_notifications_post", false, "post", "")
	return app.Save(c)
}

// ownedByTheCaller makes c a collection of rows their user alone may
// list, view, create (as themself), update and delete, with the user
// relation that says whose a row is.
func ownedByTheCaller(c, users *core.Collection) {
	c.ListRule = types.Pointer(ownRows)
	c.ViewRule = types.Pointer(ownRows)
	c.CreateRule = types.Pointer(createOwn)
	c.UpdateRule = types.Pointer(ownRows)
	c.DeleteRule = types.Pointer(ownRows)
	c.Fields.Add(&core.RelationField{
		Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
		Help: "Server-set: the caller.",
	})
}

func createPushSubscriptions(app core.App, users, _ *core.Collection) error {
	c := core.NewBaseCollection(schema.PushSubscriptions)
	ownedByTheCaller(c, users)
	c.Fields.Add(
		&core.URLField{Name: "endpoint", Required: true, Help: "The browser's push service URL: https, on a public address (internal/push)."},
		&core.TextField{Name: "p256dh", Required: true, Max: 200},
		&core.TextField{Name: "auth", Required: true, Max: 100},
	)
	autodates(c)
	c.AddIndex("idx_push_subscriptions_endpoint", true, "endpoint", "")
	c.AddIndex("idx_push_subscriptions_user", false, "user", "")
	return app.Save(c)
}

func createAlerts(app core.App, users, _ *core.Collection) error {
	c := core.NewBaseCollection(schema.Alerts)
	ownedByTheCaller(c, users)
	c.Fields.Add(
		&core.SelectField{Name: "category", MaxSelect: 1, Values: category.Keys(), Help: "Empty: any category."},
		&core.NumberField{Name: "fromHour", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(23.0), Help: "Asia/Seoul; the window may wrap midnight; equal hours = all day."},
		&core.NumberField{Name: "toHour", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(23.0)},
		&core.SelectField{Name: "weather", MaxSelect: 1, Values: schema.AlertWeathers, Help: "Empty means any."},
		&core.TextField{Name: "address", Max: 100, Hidden: true, Help: "Server-set: the owner's neighbourhood, so that a new post finds its alerts by index."},
		&core.DateField{Name: "firedAt", Help: "Server-set: the last notification it sent (at most one an hour)."},
	)
	autodates(c)
	c.AddIndex("idx_alerts_address", false, "address", "")
	c.AddIndex("idx_alerts_user", false, "user", "")
	return app.Save(c)
}

// createPushKeys makes the server's VAPID key pair once: superusers only.
func createPushKeys(app core.App, _, _ *core.Collection) error {
	c := core.NewBaseCollection(schema.PushKeys)
	c.Fields.Add(
		&core.TextField{Name: "publicKey", Required: true, Help: "The VAPID public key browsers subscribe with (GET /api/mealbuddy/push/key)."},
		&core.TextField{Name: "privateKey", Required: true, Hidden: true, Help: "Signs the push requests. Replacing it invalidates every subscription."},
	)
	autodates(c)
	if err := app.Save(c); err != nil {
		return err
	}
	private, public, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		return err
	}
	keys := core.NewRecord(c)
	keys.Set("publicKey", public)
	keys.Set("privateKey", private)
	return app.Save(keys)
}
