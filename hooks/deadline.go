package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/clock"
	"mealbuddy/internal/schema"
)

// CloseExpiredPosts closes every recruiting or full post whose deadline has
// passed and returns how many it closed. A job of package jobs runs it
// every minute; each post is re-read and closed in its own transaction so that a
// host who moves the deadline at the same moment wins.
func CloseExpiredPosts(app core.App) (int, error) {
	now, _ := types.ParseDateTime(clock.Now(app))
	expired := dbx.NewExp(schema.OpenDeadline+" AND deadline <= {:now}", dbx.Params{"now": now.String()})

	var ids []string
	err := app.RecordQuery(schema.Posts).Select(schema.Posts + ".id").AndWhere(expired).Column(&ids)
	if err != nil {
		return 0, err
	}

	closed := 0
	for _, id := range ids {
		err := app.RunInTransaction(func(tx core.App) error {
			post, err := tx.FindRecordById(schema.Posts, id)
			if err != nil {
				return nil // deleted meanwhile
			}
			if status := post.GetString("status"); (status != schema.StatusRecruiting && status != schema.StatusFull) || !deadlinePassed(tx, post) {
				return nil // closed, ordered or moved meanwhile
			}
			post.Set("status", schema.StatusClosed)
			if err := tx.Save(post); err != nil {
				return err
			}
			closed++
			return nil
		})
		if err != nil {
			return closed, err
		}
	}
	return closed, nil
}
