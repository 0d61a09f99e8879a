package hooks

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/schema"
	"mealbuddy/internal/search"
)

// The search index follows every post in the post's own transaction, so
// that a search never finds a post that is gone nor misses one that
// committed (internal/search).
func bindSearch(app core.App) {
	index := func(e *core.RecordEvent) error {
		if !e.Record.IsNew() && !searchableChanged(e.Record) {
			return e.Next() // a count or a status: nothing the index holds
		}
		return withTx(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			return reindex(tx, e.Record)
		})
	}
	app.OnRecordCreate(schema.Posts).BindFunc(index)
	app.OnRecordUpdate(schema.Posts).BindFunc(index)
	app.OnRecordDelete(schema.Posts).BindFunc(func(e *core.RecordEvent) error {
		return withTx(e, func(tx core.App) error {
			var rowid int64
			if err := tx.DB().Select("rowid").From(schema.Posts).Where(dbx.HashExp{"id": e.Record.Id}).Row(&rowid); err != nil {
				return err
			}
			if err := e.Next(); err != nil {
				return err
			}
			_, err := tx.DB().Delete(search.Table, dbx.HashExp{"rowid": rowid}).Execute()
			return err
		})
	})
}

// searchableChanged reports whether a save changes what the index holds.
func searchableChanged(post *core.Record) bool {
	original := post.Original()
	if original.Id == "" {
		return true // never loaded: compare nothing, index again
	}
	for _, f := range []string{"title", "restaurant", "address", "category"} {
		if post.GetString(f) != original.GetString(f) {
			return true
		}
	}
	return false
}

// reindex writes the post's row of the index afresh.
func reindex(tx core.App, post *core.Record) error {
	var rowid int64
	if err := tx.DB().Select("rowid").From(schema.Posts).Where(dbx.HashExp{"id": post.Id}).Row(&rowid); err != nil {
		return err
	}
	terms, folded := search.Document(post.GetString("title"), post.GetString("restaurant"), post.GetString("address"), post.GetString("category"))
	if _, err := tx.DB().Delete(search.Table, dbx.HashExp{"rowid": rowid}).Execute(); err != nil {
		return err
	}
	_, err := tx.DB().Insert(search.Table, dbx.Params{"rowid": rowid, "terms": terms, "folded": folded}).Execute()
	return err
}
