package routes

import (
	"net/http"
	"strconv"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/board"
	"mealbuddy/internal/category"
	"mealbuddy/internal/schema"
	"mealbuddy/internal/search"
)

// maxSearchPage is the largest page of search results.
const maxSearchPage = 50

// searchPosts answers GET /api/mealbuddy/search?q=…: the board searched
// for what was typed, in titles and restaurant names (internal/search),
// newest first, in the caller's neighbourhood only — the board's rule. It
// takes the board's other filters (category, includeClosed) and its
// keyset cursor (before: a created value), and answers in PocketBase's
// list shape without totals, as the board pages with skipTotal.
func searchPosts(e *core.RequestEvent) error {
	q := e.Request.URL.Query()
	perPage, err := strconv.Atoi(q.Get("perPage"))
	if err != nil || perPage <= 0 {
		perPage = 20
	}
	perPage = min(perPage, maxSearchPage)
	cat := q.Get("category")
	if cat != "" && !category.Valid(cat) {
		return e.BadRequestError("Unknown category.", nil)
	}
	address := e.Auth.GetString(board.Field)
	answer := func(items []*core.Record) error {
		return e.JSON(http.StatusOK, map[string]any{
			"page": 1, "perPage": perPage, "totalItems": -1, "totalPages": -1, "items": items,
		})
	}

	match, needle, ok := search.Query(q.Get("q"), address, cat)
	if !ok {
		return answer([]*core.Record{})
	}
	query := e.App.DB().Select("p.id").
		From(search.Table+" s").
		InnerJoin(schema.Posts+" p", dbx.NewExp("p.rowid = s.rowid")).
		Where(dbx.NewExp(search.Table+" MATCH {:match}", dbx.Params{"match": match})).
		AndWhere(dbx.NewExp("instr(s.folded, {:needle}) > 0", dbx.Params{"needle": needle})).
		AndWhere(dbx.HashExp{"p." + board.Field: address}). // the board's rule, again, as a literal
		OrderBy("p.created DESC", "p.rowid DESC").
		Limit(int64(perPage))
	if q.Get("includeClosed") == "" || q.Get("includeClosed") == "false" || q.Get("includeClosed") == "0" {
		query.AndWhere(dbx.HashExp{"p.status": schema.StatusRecruiting})
	}
	if before := q.Get("before"); before != "" {
		query.AndWhere(dbx.NewExp("p.created < {:before}", dbx.Params{"before": before}))
	}
	var ids []string
	if err := query.Column(&ids); err != nil {
		return e.InternalServerError("", err)
	}

	found, err := e.App.FindRecordsByIds(schema.Posts, ids)
	if err != nil {
		return e.InternalServerError("", err)
	}
	byId := make(map[string]*core.Record, len(found))
	for _, r := range found {
		byId[r.Id] = r
	}
	items := make([]*core.Record, 0, len(ids))
	for _, id := range ids { // newest first, as the index query ordered them
		if r := byId[id]; r != nil {
			items = append(items, r)
		}
	}
	if err := apis.EnrichRecords(e, items); err != nil {
		return e.InternalServerError("", err)
	}
	return answer(items)
}
