package hooks

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

func bindBans(app core.App) {
	app.OnRecordCreateRequest(schema.Bans).BindFunc(onBanRequest)
	app.OnRecordCreate(schema.Bans).BindFunc(onBanCreate)
	app.OnRecordUpdate(schema.Bans).BindFunc(onBanUpdate)
}

// onBanUpdate keeps a ban on the post and user it was made for: moving it
// would skip the removal that banning does. Only the reason may change
// (clients cannot update bans at all; this is for the dashboard).
func onBanUpdate(e *core.RecordEvent) error {
	return keepFields(e, schema.Bans, "post", "user")
}

// onBanRequest lets only the post's host ban (superusers may moderate).
func onBanRequest(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	post, ok, err := requestedPost(e)
	if err != nil {
		return err
	}
	if !ok {
		return e.Next() // the required-field validator answers
	}
	if e.Auth == nil || post.GetString("host") != e.Auth.Id {
		return apperr.New("post", apperr.NotHost, "Only the host of this group can ban members.")
	}
	return e.Next()
}

// onBanCreate stores the ban and removes the membership in one
// transaction; the membership hook updates the count and status.
func onBanCreate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		post, err := tx.FindRecordById(schema.Posts, e.Record.GetString("post"))
		if err != nil {
			return e.Next() // the relation validator reports the missing post
		}
		userId := e.Record.GetString("user")
		if post.GetString("host") == userId {
			return apperr.New("user", apperr.CannotBanSelf, "The host cannot ban themselves.")
		}
		if orderUnderWay(post.GetString("status")) {
			return apperr.New("post", apperr.OrderLocked, "The order is placed: nobody can be banned until it is done or cancelled.")
		}

		if err := e.Next(); err != nil {
			return err
		}

		tellBanned(tx, post, userId, e.Record.GetString("reason"))

		membership, err := tx.FindFirstRecordByFilter(schema.Memberships,
			"post = {:post} && user = {:user}", dbx.Params{"post": post.Id, "user": userId})
		if errors.Is(err, sql.ErrNoRows) {
			// Not a member (a ban can be set in advance): nothing to remove,
			// and nothing to tell the room.
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(membership); err != nil {
			return err
		}
		return addSystemMessage(tx, post.Id, userName(tx, userId)+" 님이 강퇴되었습니다.")
	})
}
