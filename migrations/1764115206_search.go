package migrations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"mealbuddy/internal/schema"
	"mealbuddy/internal/search"
)

// The board's search index (internal/search): an FTS5 table beside posts,
// one row per post under the post's rowid, kept by hooks/search.go. It is
// not a PocketBase collection: nothing reads it but the search route.
func init() {
	m.Register(func(app core.App) error {
		if _, err := app.DB().NewQuery("CREATE VIRTUAL TABLE IF NOT EXISTS " + search.Table +
			" USING fts5(terms, folded UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')").Execute(); err != nil {
			return err
		}
		var rows []struct {
			RowId      int64  `db:"rowid"`
			Title      string `db:"title"`
			Restaurant string `db:"restaurant"`
			Address    string `db:"address"`
			Category   string `db:"category"`
		}
		if err := app.DB().Select("rowid", "title", "restaurant", "address", "category").From(schema.Posts).All(&rows); err != nil {
			return err
		}
		for _, r := range rows {
			terms, folded := search.Document(r.Title, r.Restaurant, r.Address, r.Category)
			if _, err := app.DB().Insert(search.Table, dbx.Params{"rowid": r.RowId, "terms": terms, "folded": folded}).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		_, err := app.DB().NewQuery("DROP TABLE IF EXISTS " + search.Table).Execute()
		return err
	})
}
