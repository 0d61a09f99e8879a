package jobs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/cron"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/clock"
	"mealbuddy/internal/config"
	"mealbuddy/internal/lockout"
	"mealbuddy/internal/menu"
	"mealbuddy/internal/menustore"
	"mealbuddy/testsupport/testapp"
)

const addr = "서울특별시 종로구 사직동"

// dueAt reports whether expression is due at moment (RFC 3339). PocketBase's
// cron matches moments in UTC.
func dueAt(t *testing.T, expression, moment string) bool {
	t.Helper()
	schedule, err := cron.NewSchedule(expression)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, moment)
	if err != nil {
		t.Fatal(err)
	}
	return schedule.IsDue(cron.NewMoment(at.UTC()))
}

// TestJobs: each job keeps its dashboard id, runs when it should, and does
// its work when the cron runs it (job.Run is what the cron calls).
func TestJobs(t *testing.T) {
	for _, tc := range []struct {
		id     string
		due    []string // moments it runs at
		notDue []string // moments it does not
		// setup prepares work for the job; done reports whether it was done
		setup func(t *testing.T, app core.App) (done func() bool)
	}{
		{
			id:  "mealbuddy_close_expired_posts",
			due: []string{"2025-01-15T04:00:00+09:00", "2025-01-15T04:01:00+09:00", "2025-01-15T13:37:00Z"},
			setup: func(t *testing.T, app core.App) func() bool {
				host := testapp.User(t, app, "host@test.com", "방장", addr)
				post := testapp.Create(t, app, "posts", map[string]any{
					"title": "마감된 방", "category": "pizza", "targetCount": 3, "host": host.Id,
				})
				// the job reads the app's clock: a deadline a minute before it
				now := time.Now()
				clock.Set(app, clock.Fixed(&now))
				past, _ := types.ParseDateTime(now.Add(-time.Minute))
				if _, err := app.DB().Update("posts", dbx.Params{"deadline": past.String()}, dbx.HashExp{"id": post.Id}).Execute(); err != nil {
					t.Fatal(err)
				}
				return func() bool {
					p, err := app.FindRecordById("posts", post.Id)
					return err == nil && p.GetString("status") == "closed"
				}
			},
		},
		{
			id:     "mealbuddy_menu_reset",
			due:    []string{"2025-01-15T04:00:00+09:00", "2025-07-15T04:00:00+09:00"},
			notDue: []string{"2025-01-15T04:00:00Z", "2025-01-15T19:00:00+09:00", "2025-01-15T04:01:00+09:00"},
			setup: func(t *testing.T, app core.App) func() bool {
				user := testapp.User(t, app, "menu@test.com", "메뉴", addr)
				if err := menustore.AppendTurns(app, user.Id, menu.Turn{Role: "user", Content: "뭐 먹지"}); err != nil {
					t.Fatal(err)
				}
				return func() bool {
					n, err := app.CountRecords("menu_conversations")
					return err == nil && n == 0
				}
			},
		},
		{
			id:     "mealbuddy_forget_password_attempts",
			due:    []string{"2025-01-15T04:00:00+09:00", "2025-01-15T04:15:00+09:00", "2025-01-15T04:45:00+09:00"},
			notDue: []string{"2025-01-15T04:01:00+09:00", "2025-01-15T04:20:00+09:00"},
			setup: func(t *testing.T, app core.App) func() bool {
				user := testapp.User(t, app, "pw@test.com", "비번", addr)
				now := time.Now()
				clock.Set(app, clock.Fixed(&now))
				for range 2 {
					if ok, err := lockout.Check(app, user.Id, func() bool { return false }); ok || err != nil {
						t.Fatal(ok, err)
					}
				}
				now = now.Add(lockout.Window) // both no longer count
				if _, err := lockout.Check(app, user.Id, func() bool { return false }); err != nil {
					t.Fatal(err)
				}
				return func() bool {
					n, err := app.CountRecords("password_attempts")
					return err == nil && n == 1 // only the one that still counts
				}
			},
		},
	} {
		t.Run(tc.id, func(t *testing.T) {
			app := testapp.New(t, config.Default())
			var job *cron.Job
			for _, j := range app.Cron().Jobs() {
				if j.Id() == tc.id {
					job = j
				}
			}
			if job == nil {
				t.Fatal("not registered")
			}
			for _, m := range tc.due {
				if !dueAt(t, job.Expression(), m) {
					t.Errorf("%q does not run at %s", job.Expression(), m)
				}
			}
			for _, m := range tc.notDue {
				if dueAt(t, job.Expression(), m) {
					t.Errorf("%q runs at %s", job.Expression(), m)
				}
			}
			done := tc.setup(t, app)
			if done() {
				t.Fatal("done before the job ran")
			}
			job.Run()
			if !done() {
				t.Error("the job did not do its work")
			}
		})
	}
}

// TestOnlyTheseJobs: every job besides PocketBase's own (__pb…__) is one
// of TestJobs, so a job scheduled elsewhere is noticed.
func TestOnlyTheseJobs(t *testing.T) {
	app := testapp.New(t, config.Default())
	var ours []string
	for _, j := range app.Cron().Jobs() {
		if !strings.HasPrefix(j.Id(), "__") {
			ours = append(ours, j.Id())
		}
	}
	if got := strings.Join(ours, ","); got != "mealbuddy_close_expired_posts,mealbuddy_menu_reset,mealbuddy_forget_password_attempts" {
		t.Errorf("jobs %s", got)
	}
}
