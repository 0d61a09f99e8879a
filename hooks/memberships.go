package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

func bindMemberships(app core.App) {
	app.OnRecordCreateRequest(schema.Memberships).BindFunc(onJoinRequest)
	app.OnRecordCreate(schema.Memberships).BindFunc(onMembershipCreate)
	app.OnRecordUpdateRequest(schema.Memberships).BindFunc(onMembershipUpdateRequest)
	app.OnRecordUpdate(schema.Memberships).BindFunc(onMembershipUpdate)
	app.OnRecordDelete(schema.Memberships).BindFunc(onMembershipDelete)
}

// onJoinRequest hides posts the caller may not view: joining one answers
// 404, as viewing it would. (The create rule already requires user to be
// the caller.)
func onJoinRequest(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	if _, _, err := requestedPost(e); err != nil {
		return err
	}
	return e.Next()
}

// onMembershipCreate is the seat count: the join checks and the insert run
// in one transaction, so that however many people race for the last seats,
// exactly the free ones are taken.
func onMembershipCreate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		post, err := tx.FindRecordById(schema.Posts, e.Record.GetString("post"))
		if err != nil {
			return e.Next() // the relation validator reports the missing post
		}
		userId := e.Record.GetString("user")

		if member, err := exists(tx, schema.Memberships, post.Id, userId); err != nil {
			return err
		} else if member {
			return apperr.New("post", apperr.AlreadyMember, "You are already in this group.")
		}

		// The role is derived, never taken from the client.
		if post.GetString("host") == userId {
			e.Record.Set("role", schema.RoleHost)
			markReadNow(e.Record)
			// Created with its post (posts.go), which already counts its host.
			return e.Next()
		}
		e.Record.Set("role", schema.RoleMember)

		if err := checkJoin(tx, post, userId); err != nil {
			return err
		}
		if err := addSystemMessage(tx, post.Id, userName(tx, userId)+" 님이 입장했습니다."); err != nil {
			return err
		}
		// After the join notice: one's own arrival is not news to oneself.
		markReadNow(e.Record)
		if err := e.Next(); err != nil {
			return err
		}
		if err := refreshPost(tx, post.Id); err != nil {
			return err
		}
		return tellJoined(tx, post.Id, userId)
	})
}

// markReadNow starts a new membership's unread count at the moment of
// joining (unless the creator chose a lastReadAt): what was said before
// can be scrolled back to, but is not counted as unread.
func markReadNow(m *core.Record) {
	if m.GetDateTime("lastReadAt").IsZero() {
		m.Set("lastReadAt", types.NowDateTime())
	}
}

// checkJoin refuses a join with the first code that applies, in the order
// of SPEC §1 (already_member is checked by the caller, for hosts too):
// banned, deadline_passed, post_closed, post_full.
func checkJoin(tx core.App, post *core.Record, userId string) error {
	if banned, err := exists(tx, schema.Bans, post.Id, userId); err != nil {
		return err
	} else if banned {
		return apperr.New("post", apperr.Banned, "The host has removed you from this group.")
	}

	if deadlinePassed(tx, post) {
		return apperr.New("post", apperr.DeadlinePassed, "The deadline of this group has passed.")
	}

	if status := post.GetString("status"); status != schema.StatusRecruiting && status != schema.StatusFull {
		return apperr.New("post", apperr.PostClosed, "This group is closed.")
	}

	joined, err := tx.CountRecords(schema.Memberships, dbx.HashExp{"post": post.Id})
	if err != nil {
		return err
	}
	if int(joined) >= post.GetInt("targetCount") {
		return apperr.New("post", apperr.PostFull, "This group is already full.")
	}
	return nil
}

// onMembershipDelete is leaving (or being banned, or the end of an
// account): the member's order items go with them, the count, total and
// status follow in the same transaction, and the room is told unless a
// ban tells it instead. Once the order is placed and until it is done or
// cancelled, nobody leaves (order_locked): the dues were computed with
// them.
func onMembershipDelete(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		postId, userId := e.Record.GetString("post"), e.Record.GetString("user")

		if postBeingDeleted(tx, postId) {
			return e.Next()
		}

		if e.Record.GetString("role") == schema.RoleHost {
			return apperr.New("user", apperr.HostCannotLeave, "The host cannot leave; close or delete the group instead.")
		}
		post, err := tx.FindRecordById(schema.Posts, postId)
		if err != nil {
			return err
		}
		if orderUnderWay(post.GetString("status")) {
			return apperr.New("post", apperr.OrderLocked, "The order is placed: nobody can leave until it is done or cancelled.")
		}

		name := userName(tx, userId)
		if err := e.Next(); err != nil {
			return err
		}
		if err := dropItems(tx, postId, userId); err != nil {
			return err
		}

		banned, err := endedByBan(tx, postId, userId)
		if err != nil {
			return err
		}
		if !banned {
			if err := addSystemMessage(tx, postId, name+" 님이 퇴장했습니다."); err != nil {
				return err
			}
		}
		return refreshPost(tx, postId)
	})
}
