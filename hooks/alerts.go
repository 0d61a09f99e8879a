package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

// maxAlertsPerUser is how many craving alerts one person keeps (SPEC §7).
const maxAlertsPerUser = 10

// The rules of notifications and alerts that an API rule cannot say.
func bindNoticeRules(app core.App) {
	app.OnRecordUpdate(schema.Notifications).BindFunc(func(e *core.RecordEvent) error {
		// The recipient may mark it read; nothing else is theirs to change.
		// The post is emptied by PocketBase when the post is deleted (its
		// row is gone by then), and only then.
		stored, err := e.App.FindRecordById(schema.Notifications, e.Record.Id)
		if err != nil {
			return err
		}
		if err := unchanged(e.Record, stored, "user", "kind", "title", "body"); err != nil {
			return err
		}
		if post := stored.GetString("post"); e.Record.GetString("post") != post &&
			(e.Record.GetString("post") != "" || !postBeingDeleted(e.App, post)) {
			return unchanged(e.Record, stored, "post")
		}
		return e.Next()
	})

	app.OnRecordCreateRequest(schema.Alerts).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Auth != nil && !e.HasSuperuserAuth() {
			e.Record.Set("user", e.Auth.Id) // the create rule refused any other
		}
		return e.Next()
	})
	app.OnRecordCreate(schema.Alerts).BindFunc(onAlertCreate)
	app.OnRecordUpdate(schema.Alerts).BindFunc(onAlertUpdate)
	app.OnRecordAfterUpdateSuccess(schema.Users).BindFunc(followAddress)
}

// onAlertCreate keeps at most ten alerts a person, in the transaction of
// the insert so that concurrent creates cannot pass the count together,
// and files the alert under its owner's neighbourhood.
func onAlertCreate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		n, err := tx.CountRecords(schema.Alerts, dbx.HashExp{"user": e.Record.GetString("user")})
		if err != nil {
			return err
		}
		if n >= maxAlertsPerUser {
			return apperr.New("user", apperr.TooManyAlerts, "You can keep at most 10 alerts.")
		}
		return fileAlert(tx, e)
	})
}

// onAlertUpdate keeps the alert with its owner and neighbourhood.
func onAlertUpdate(e *core.RecordEvent) error {
	stored, err := e.App.FindRecordById(schema.Alerts, e.Record.Id)
	if err != nil {
		return err
	}
	if err := unchanged(e.Record, stored, "user"); err != nil {
		return err
	}
	return fileAlert(e.App, e)
}

// fileAlert sets the server's fields of an alert: the owner's address (the
// index that new posts find their alerts by) and "any" for no weather.
func fileAlert(app core.App, e *core.RecordEvent) error {
	if owner, err := app.FindRecordById(schema.Users, e.Record.GetString("user")); err == nil {
		e.Record.Set("address", owner.GetString("address"))
	}
	if e.Record.GetString("weather") == "" {
		e.Record.Set("weather", schema.WeatherAny)
	}
	return e.Next()
}

// followAddress moves a person's alerts with them when they move house.
func followAddress(e *core.RecordEvent) error {
	{ // cheap (idx_alerts_user), and Original() may already be the new state here
		_, err := e.App.DB().Update(schema.Alerts, dbx.Params{"address": e.Record.GetString("address")},
			dbx.HashExp{"user": e.Record.Id}).Execute()
		if err != nil {
			e.App.Logger().Warn("alerts: could not follow an address change", "user", e.Record.Id, "error", err)
		}
	}
	return e.Next()
}
