// Package clock is the time our rules read: windows (password attempts,
// message rate), the Seoul day and deadlines. Each app has its own clock,
// the real one unless a test sets another, so tests are exact and cannot
// straddle midnight or a slow machine, and parallel test apps do not share
// one.
package clock

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

const storeKey = "mealbuddy.clock"

// Func returns the current time.
type Func func() time.Time

// Now is app's current time.
func Now(app core.App) time.Time {
	if f, ok := app.Store().Get(storeKey).(Func); ok && f != nil {
		return f()
	}
	return time.Now()
}

// Set makes app read its time from f (tests). A transaction's app shares
// the store of the app it was started from, so the clock follows it.
func Set(app core.App, f Func) {
	app.Store().Set(storeKey, f)
}

// Fixed returns a Func that answers *t, so a test can move the time.
func Fixed(t *time.Time) Func {
	return func() time.Time { return *t }
}
