package menustore

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/weather"
)

// DailyLimit is the number of questions per user per Asia/Seoul day
// (SPEC §3).
const DailyLimit = 10

// ErrDailyLimit is Reserve's answer when the day's questions are used up.
var ErrDailyLimit = errors.New("daily menu limit reached")

// day is the Asia/Seoul calendar day of t, the key of the daily count.
func day(t time.Time) string {
	return t.In(weather.Seoul).Format(time.DateOnly)
}

// Reserve counts one question of user on the day of now and returns how
// many are left, or ErrDailyLimit. Read, check and write happen in one
// write transaction; PocketBase runs those one at a time, so simultaneous
// requests cannot both take the last question. Nothing slow happens
// inside: the caller asks the recommender after the commit.
func Reserve(app core.App, user string, now time.Time) (remaining int, err error) {
	err = app.RunInTransaction(func(tx core.App) error {
		rec, err := tx.FindFirstRecordByFilter(usage, "user = {:user} && day = {:day}",
			dbx.Params{"user": user, "day": day(now)})
		if errors.Is(err, sql.ErrNoRows) {
			c, cerr := tx.FindCollectionByNameOrId(usage)
			if cerr != nil {
				return cerr
			}
			rec, err = core.NewRecord(c), nil
			rec.Set("user", user)
			rec.Set("day", day(now))
		}
		if err != nil {
			return err
		}
		used := rec.GetInt("count")
		if used >= DailyLimit {
			return ErrDailyLimit
		}
		rec.Set("count", used+1)
		remaining = DailyLimit - used - 1
		return tx.Save(rec)
	})
	return remaining, err
}
