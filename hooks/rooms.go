package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/schema"
)

// This file holds what the room's hooks need to know about each other.
// Two of them are protocols between hooks; they are named here so that
// nobody changes one side without the other.

// unknownName stands in for a user that no longer exists when a system
// message needs a name.
const unknownName = "알 수 없는 사용자"

// exists reports whether collection has a row with post and user.
func exists(app core.App, collection, postId, userId string) (bool, error) {
	n, err := app.CountRecords(collection, dbx.HashExp{"post": postId, "user": userId})
	return n > 0, err
}

// endedByBan reports whether the membership of userId in postId that is
// being deleted is ended by a ban. The protocol: a ban stores its own row
// first and deletes the membership after (onBanCreate, bans.go), in one
// transaction; so a membership delete that finds a ban row for the same
// post and user is the ban's, and the ban writes its own system message
// instead of the leave message.
func endedByBan(tx core.App, postId, userId string) (bool, error) {
	return exists(tx, schema.Bans, postId, userId)
}

// postBeingDeleted reports whether postId's row is gone while records that
// point at it are still being deleted. The protocol is PocketBase's own:
// a record's row is deleted before it cascades to the records that point
// at it (core's onRecordDeleteExecute), so a membership, item or ban whose
// post cannot be found is going with its post: the room goes with it,
// there is nothing to count, lock or tell.
func postBeingDeleted(tx core.App, postId string) bool {
	_, err := tx.FindRecordById(schema.Posts, postId)
	return err != nil
}

// userName returns the display name of a user for system messages.
func userName(app core.App, userId string) string {
	u, err := app.FindRecordById(schema.Users, userId)
	if err != nil {
		return unknownName
	}
	return u.GetString("name")
}

// addSystemMessage writes a system message into the room of a post.
func addSystemMessage(app core.App, postId, body string) error {
	c, err := app.FindCachedCollectionByNameOrId(schema.Messages)
	if err != nil {
		return err
	}
	m := core.NewRecord(c)
	m.Set("post", postId)
	m.Set("kind", schema.KindSystem)
	m.Set("body", body)
	return app.Save(m)
}

// refreshPost saves a post unchanged so that its model hook derives
// joinedCount, itemsTotal and status again from the rows (see posts.go).
// Saving, rather than updating the columns, also sends the realtime update
// to the board and the room.
func refreshPost(app core.App, postId string) error {
	post, err := app.FindRecordById(schema.Posts, postId)
	if err != nil {
		return err
	}
	return app.Save(post)
}

// requestedPost loads the post a create request names (a join, a ban, an
// item), answering 404 for a post that does not exist or that the caller
// may not view, as viewing it would: a stranger learns nothing of it. ok
// is false when the request names no post: the required-field validator
// answers then.
func requestedPost(e *core.RecordRequestEvent) (post *core.Record, ok bool, err error) {
	id := e.Record.GetString("post")
	if id == "" {
		return nil, false, nil
	}
	post, err = e.App.FindRecordById(schema.Posts, id)
	if err != nil {
		return nil, false, e.NotFoundError("", err)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, false, err
	}
	if visible, _ := e.App.CanAccessRecord(post, info, post.Collection().ViewRule); !visible {
		return nil, false, e.NotFoundError("", nil)
	}
	return post, true, nil
}
