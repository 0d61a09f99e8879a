package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

// unknownName stands in for a user that no longer exists when a system
// message needs a name.
const unknownName = "알 수 없는 사용자"

// exists reports whether collection has a row with post and user.
func exists(app core.App, collection, postId, userId string) (bool, error) {
	n, err := app.CountRecords(collection, dbx.HashExp{"post": postId, "user": userId})
	return n > 0, err
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

// unchanged refuses (immutable_field) a record whose fields differ from
// those of ref, the state the change started from.
func unchanged(r, ref *core.Record, fields ...string) error {
	for _, field := range fields {
		if r.GetString(field) != ref.GetString(field) {
			return apperr.New(field, apperr.ImmutableField, "The field "+field+" is set by the server and cannot be changed.")
		}
	}
	return nil
}

// keepFields is an update hook body: it refuses a change of any of fields
// from what is stored, then lets the save go on.
func keepFields(e *core.RecordEvent, collection string, fields ...string) error {
	stored, err := e.App.FindRecordById(collection, e.Record.Id)
	if err != nil {
		return err
	}
	if err := unchanged(e.Record, stored, fields...); err != nil {
		return err
	}
	return e.Next()
}

// refreshPost saves a post unchanged so that its model hook derives
// joinedCount and status again from the memberships rows (see posts.go).
// Saving, rather than updating the columns, also sends the realtime update
// to the board and the room.
func refreshPost(app core.App, postId string) error {
	post, err := app.FindRecordById(schema.Posts, postId)
	if err != nil {
		return err
	}
	return app.Save(post)
}
