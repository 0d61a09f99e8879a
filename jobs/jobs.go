// Package jobs registers every scheduled job of MealBuddy, so that what
// runs when is listed in one place. Each job only calls a function that
// lives beside its domain and that the tests call directly, since
// PocketBase's cron runs only under `serve`.
//
// PocketBase schedules two jobs of its own that operations change: the
// backups (__pbAutoBackup__, daily at 03:30 Seoul from
// migrations/1764115210_backups.go) and, while the database is
// replicated, its nightly checkpoint (__pbDBOptimize__, replaced in
// internal/replica so that it does not block writers behind Litestream).
package jobs

import (
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/hooks"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/lockout"
	"mealbuddy/internal/menustore"
)

// Job ids, shown in the dashboard (Settings → Crons); keep them stable.
const (
	closeExpiredPostsID = "mealbuddy_close_expired_posts"
	menuResetID         = "mealbuddy_menu_reset"
	forgetAttemptsID    = "mealbuddy_forget_password_attempts"
)

// menuResetSchedule is 04:00 Asia/Seoul written in UTC: PocketBase's cron
// ticks in UTC unless the app changes its timezone, which would move every
// other job too, and Korea has no daylight saving time.
const menuResetSchedule = "0 19 * * *"

// Register adds the jobs to app's cron. The server and the tests call it
// the same way.
func Register(app core.App) {
	// Every minute: a post whose deadline passed stops recruiting.
	app.Cron().MustAdd(closeExpiredPostsID, "* * * * *", func() {
		if _, err := hooks.CloseExpiredPosts(app); err != nil {
			app.Logger().Error("closing expired posts failed", "error", err)
		}
	})
	// Daily at 04:00 Asia/Seoul: the menu conversations start afresh.
	app.Cron().MustAdd(menuResetID, menuResetSchedule, func() {
		if err := menustore.Reset(app, clock.Now(app)); err != nil {
			app.Logger().Error("menu: daily reset failed", "error", err.Error())
		}
	})
	// Every 15 minutes: wrong passwords that no longer count are deleted,
	// so that the lockout's table stays small.
	app.Cron().MustAdd(forgetAttemptsID, "*/15 * * * *", func() {
		if _, err := lockout.Forget(app); err != nil {
			app.Logger().Error("lockout: forgetting old attempts failed", "error", err.Error())
		}
	})
}
