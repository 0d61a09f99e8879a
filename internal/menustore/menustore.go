// Package menustore keeps what the menu route remembers per user: the
// daily question count and the conversation, in the collections of
// migrations/1764115202_menu.go. The recommenders (internal/menu) know
// nothing of the database; the route (routes/menu.go) calls both.
package menustore

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/schema"
)

// The collections, readable by superusers only (the dashboard).
const (
	conversations = schema.MenuConversations
	usage         = schema.MenuUsage
)

// usageKeepDays is how long the per-day counts stay for the operator to
// look at in the dashboard.
const usageKeepDays = 7

// Reset forgets every conversation and drops the daily counts older than
// a week (as of now); the daily job runs it at 04:00 Asia/Seoul. The
// counts of today and yesterday stay: the limit is per day, not per
// conversation. It deletes with plain SQL because the collections have no
// hooks or realtime subscribers (their rules admit superusers only) and a
// loop over every user's record would hold the write lock far longer.
func Reset(app core.App, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().Delete(conversations, nil).Execute(); err != nil {
			return err
		}
		cutoff := day(now.AddDate(0, 0, -usageKeepDays))
		_, err := tx.DB().Delete(usage, dbx.NewExp("day < {:cutoff}", dbx.Params{"cutoff": cutoff})).Execute()
		return err
	})
}
