package routes

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/board"
	"mealbuddy/internal/schema"
)

// boardIndexFilter makes the board's list query use the posts indexes
// (address, created) and (address, category, created): it adds the list
// rule again, with the caller's address as a literal (internal/board says
// why). Superusers and anonymous callers are left as they are.
func boardIndexFilter(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodGet || e.Auth == nil || e.Auth.Collection().Name != schema.Users {
		return e.Next()
	}
	posts, err := e.App.FindCachedCollectionByNameOrId(schema.Posts)
	if err != nil {
		return e.Next()
	}
	path := e.Request.URL.Path
	if path != "/api/collections/"+posts.Name+"/records" && path != "/api/collections/"+posts.Id+"/records" {
		return e.Next()
	}
	filter, ok := board.Filter(e.Auth.GetString(board.Field))
	if !ok {
		return e.Next()
	}

	q := e.Request.URL.Query()
	if f := strings.TrimSpace(q.Get("filter")); f != "" {
		filter = "(" + f + ") && " + filter
	}
	q.Set("filter", filter)
	e.Request.URL.RawQuery = q.Encode()
	return e.Next()
}
