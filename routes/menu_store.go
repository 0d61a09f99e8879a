package routes

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/menu"
	"mealbuddy/internal/weather"
)

// Storage of the menu route (collections of migrations/1764115202_menu.go).
const (
	menuConversations = "menu_conversations"
	menuUsage         = "menu_usage"

	// MenuDailyLimit is the number of questions per user per Asia/Seoul day.
	MenuDailyLimit = 10

	// menuMaxTurns bounds a stored conversation (the prompt sends fewer).
	menuMaxTurns = 40

	// menuUsageKeepDays is how long the per-day counts stay for the
	// operator to look at in the dashboard.
	menuUsageKeepDays = 7
)

// MenuResetJobID names the daily reset in the dashboard (Settings → Crons).
const MenuResetJobID = "mealbuddy_menu_reset"

// menuResetCron is 04:00 Asia/Seoul written in UTC: PocketBase's cron
// ticks in UTC unless the app changes its timezone, which would move every
// other job too, and Korea has no daylight saving time.
const menuResetCron = "0 19 * * *"

var errDailyLimit = errors.New("daily menu limit reached")

// MenuDay is the Asia/Seoul calendar day of t, the key of the daily count.
func MenuDay(t time.Time) string {
	return t.In(weather.Seoul).Format(time.DateOnly)
}

// reserveQuestion counts one question of user on day and returns how many
// are left, or errDailyLimit. Read, check and write happen in one write
// transaction; PocketBase runs those one at a time, so simultaneous
// requests cannot both take the last question. Nothing slow happens
// inside: the provider is asked after the commit.
func reserveQuestion(app core.App, user, day string) (remaining int, err error) {
	err = app.RunInTransaction(func(tx core.App) error {
		rec, err := tx.FindFirstRecordByFilter(menuUsage, "user = {:user} && day = {:day}",
			dbx.Params{"user": user, "day": day})
		if errors.Is(err, sql.ErrNoRows) {
			c, cerr := tx.FindCollectionByNameOrId(menuUsage)
			if cerr != nil {
				return cerr
			}
			rec, err = core.NewRecord(c), nil
			rec.Set("user", user)
			rec.Set("day", day)
		}
		if err != nil {
			return err
		}
		used := rec.GetInt("count")
		if used >= MenuDailyLimit {
			return errDailyLimit
		}
		rec.Set("count", used+1)
		remaining = MenuDailyLimit - used - 1
		return tx.Save(rec)
	})
	return remaining, err
}

// conversation returns the stored conversation record of user, or nil.
func conversation(app core.App, user string) (*core.Record, error) {
	rec, err := app.FindFirstRecordByFilter(menuConversations, "user = {:user}", dbx.Params{"user": user})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return rec, err
}

// loadTurns returns user's conversation, oldest first.
func loadTurns(app core.App, user string) ([]menu.Turn, error) {
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

// appendTurns adds turns to user's conversation. The read and the write
// share a transaction, so two answers finishing together both stay.
func appendTurns(app core.App, user string, add ...menu.Turn) error {
	return app.RunInTransaction(func(tx core.App) error {
		rec, err := conversation(tx, user)
		if err != nil {
			return err
		}
		var turns []menu.Turn
		if rec == nil {
			c, err := tx.FindCollectionByNameOrId(menuConversations)
			if err != nil {
				return err
			}
			rec = core.NewRecord(c)
			rec.Set("user", user)
		} else if err := rec.UnmarshalJSONField("turns", &turns); err != nil {
			turns = nil // unreadable (edited in the dashboard?): start afresh
		}
		turns = append(turns, add...)
		if len(turns) > menuMaxTurns {
			turns = turns[len(turns)-menuMaxTurns:]
		}
		rec.Set("turns", turns)
		return tx.Save(rec)
	})
}

// clearConversation forgets user's conversation (DELETE /menu).
func clearConversation(app core.App, user string) error {
	rec, err := conversation(app, user)
	if rec == nil || err != nil {
		return err
	}
	return app.Delete(rec)
}

// scheduleMenuReset registers the daily 04:00 (Asia/Seoul) reset. Cron
// runs only under serve; tests call ResetMenuConversations directly.
func scheduleMenuReset(app core.App) {
	app.Cron().MustAdd(MenuResetJobID, menuResetCron, func() {
		if err := ResetMenuConversations(app, time.Now()); err != nil {
			app.Logger().Error("menu: daily reset failed", "error", err.Error())
		}
	})
}

// ResetMenuConversations forgets every conversation and drops the daily
// counts older than a week (as of now). The counts of today and yesterday
// stay: the limit is per day, not per conversation. It deletes with plain
// SQL because the collections have no hooks or realtime subscribers
// (their rules admit superusers only) and a loop over every user's record
// would hold the write lock far longer.
func ResetMenuConversations(app core.App, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().Delete(menuConversations, nil).Execute(); err != nil {
			return err
		}
		cutoff := MenuDay(now.AddDate(0, 0, -menuUsageKeepDays))
		_, err := tx.DB().Delete(menuUsage, dbx.NewExp("day < {:cutoff}", dbx.Params{"cutoff": cutoff})).Execute()
		return err
	})
}
