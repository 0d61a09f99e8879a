// Package lockout limits password guessing per account, whatever the IP
// (SPEC §1): after MaxFailures wrong passwords within Window — counted
// across sign-in, the oldPassword of a password change and account
// deletion — further attempts on that account get 429 too_many_attempts
// until the window has passed. A right password does not reset the count.
//
// The attempts are rows of the superuser-only password_attempts
// collection, so the limit survives a restart. Each check reserves its
// row before the password is compared, in a transaction that also counts
// (SQLite serialises them), so concurrent guesses cannot slip past the
// limit together; a right password then gives its own row back.
package lockout

import (
	"net/http"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/schema"
)

const (
	// MaxFailures wrong passwords within Window lock an account's checks.
	MaxFailures = 5
	// Window is how long a wrong password counts.
	Window = 15 * time.Minute
)

// Check runs matches, the password comparison, for the account userId
// unless the account is locked, and records the attempt when it fails.
// It answers whether the password matched, or a 429 too_many_attempts
// error (the comparison is then not run at all).
func Check(app core.App, userId string, matches func() bool) (bool, error) {
	attempt, err := reserve(app, userId)
	if err != nil {
		return false, err
	}
	if !matches() {
		return false, nil
	}
	// A right password is not a failure: give the reserved row back.
	if err := app.Delete(attempt); err != nil {
		app.Logger().Warn("lockout: could not release an attempt", "user", userId, "error", err)
	}
	return true, nil
}

func reserve(app core.App, userId string) (*core.Record, error) {
	var attempt *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		now := clock.Now(tx)
		since, _ := types.ParseDateTime(now.Add(-Window))
		n, err := tx.CountRecords(schema.PasswordAttempts,
			dbx.HashExp{"user": userId},
			dbx.NewExp("at > {:since}", dbx.Params{"since": since.String()}))
		if err != nil {
			return err
		}
		if n >= MaxFailures {
			return apperr.WithStatus(http.StatusTooManyRequests, "password", apperr.TooManyAttempts,
				"Too many wrong passwords for this account. Please try again in 15 minutes.")
		}
		c, err := tx.FindCachedCollectionByNameOrId(schema.PasswordAttempts)
		if err != nil {
			return err
		}
		attempt = core.NewRecord(c)
		attempt.Set("user", userId)
		attempt.Set("at", now)
		return tx.Save(attempt)
	})
	return attempt, err
}

// Forget deletes the attempts that no longer count, so that the table
// stays small; the cleanup job runs it. It returns how many it deleted.
func Forget(app core.App) (int64, error) {
	before, _ := types.ParseDateTime(clock.Now(app).Add(-Window))
	res, err := app.DB().Delete(schema.PasswordAttempts,
		dbx.NewExp("at <= {:before}", dbx.Params{"before": before.String()})).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
