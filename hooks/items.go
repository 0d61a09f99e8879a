package hooks

import (
	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
)

// maxItemsPerMember is how many lines one member may put on a sheet.
const maxItemsPerMember = 20

// The order sheet (SPEC §1 order_items, §6 step 1): members put their own
// items on the post while the sheet is open; every change moves the post's
// itemsTotal in the same transaction (refreshPost), so the total holds
// under concurrency like joinedCount; the sheet locks when the order is
// placed; items follow their membership.
func bindItems(app core.App) {
	app.OnRecordCreateRequest(schema.OrderItems).BindFunc(onItemCreateRequest)
	app.OnRecordCreate(schema.OrderItems).BindFunc(onItemCreate)
	app.OnRecordUpdate(schema.OrderItems).BindFunc(onItemUpdate)
	app.OnRecordDelete(schema.OrderItems).BindFunc(onItemDelete)
}

// onItemCreateRequest orders as the caller (the create rule refused any
// other user), hides posts the caller may not view (404), and requires a
// price: PocketBase's required number would refuse a free item (0).
func onItemCreateRequest(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	if _, _, err := requestedPost(e); err != nil {
		return err
	}
	e.Record.Set("user", e.Auth.Id)
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	if _, ok := info.Body["price"]; !ok {
		return validation.Errors{"price": validation.NewError("validation_required", "Cannot be blank.")}
	}
	return e.Next()
}

// onItemCreate: a member's own line, while the sheet is open, at most 20.
func onItemCreate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		item := e.Record
		post, err := tx.FindRecordById(schema.Posts, item.GetString("post"))
		if err != nil {
			return e.Next() // the relation validator reports the missing post
		}
		userId := item.GetString("user")
		if member, err := exists(tx, schema.Memberships, post.Id, userId); err != nil {
			return err
		} else if !member {
			return apperr.New("post", apperr.NotMember, "Only members of this group can add to its order sheet.")
		}
		if err := sheetMayChange(post); err != nil {
			return err
		}
		n, err := tx.CountRecords(schema.OrderItems, dbx.HashExp{"post": post.Id, "user": userId})
		if err != nil {
			return err
		}
		if n >= maxItemsPerMember {
			return apperr.New("post", apperr.TooManyItems, "A member can put at most 20 items on the sheet.")
		}
		if item.GetInt("quantity") == 0 {
			item.Set("quantity", 1)
		}
		if err := e.Next(); err != nil {
			return err
		}
		return refreshPost(tx, post.Id)
	})
}

// onItemUpdate: the line stays on its post and with its member.
func onItemUpdate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		stored, err := tx.FindRecordById(schema.OrderItems, e.Record.Id)
		if err != nil {
			return err
		}
		if err := unchanged(e.Record, stored, "post", "user"); err != nil {
			return err
		}
		return changeSheet(tx, e, stored.GetString("post"), true)
	})
}

// onItemDelete: a member takes a line off an open sheet. The lines of a
// membership that ended (left, banned, account deleted) go with it,
// whatever the stage, and so do those of a deleted post.
func onItemDelete(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		postId := e.Record.GetString("post")
		if postBeingDeleted(tx, postId) {
			return e.Next()
		}
		member, err := exists(tx, schema.Memberships, postId, e.Record.GetString("user"))
		if err != nil {
			return err
		}
		return changeSheet(tx, e, postId, member)
	})
}

// changeSheet lets an item change go on (with checkLock, only on an open
// sheet) and moves the post's itemsTotal with it.
func changeSheet(tx core.App, e *core.RecordEvent, postId string, checkLock bool) error {
	if checkLock {
		post, err := tx.FindRecordById(schema.Posts, postId)
		if err != nil {
			return err
		}
		if err := sheetMayChange(post); err != nil {
			return err
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	return refreshPost(tx, postId)
}

// sheetMayChange refuses a change of the sheet once the order is placed.
func sheetMayChange(post *core.Record) error {
	if !sheetOpen(post.GetString("status")) {
		return apperr.New("post", apperr.OrderLocked, "The order is placed: the sheet can no longer change.")
	}
	return nil
}

// dropItems deletes a member's lines of a post when their membership ends:
// the membership's row is already gone, so onItemDelete lets them go.
func dropItems(tx core.App, postId, userId string) error {
	items, err := tx.FindAllRecords(schema.OrderItems, dbx.HashExp{"post": postId, "user": userId})
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := tx.Delete(it); err != nil {
			return err
		}
	}
	return nil
}
