package routes

import (
	"mealbuddy/internal/schema"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// boardIndexFilter makes the board's list query use the posts indexes
// (address, created) and (address, category, created).
//
// The posts list rule, `address = @request.auth.address`, already limits
// the board to the caller's neighbourhood, but PocketBase resolves a
// non-id auth field through a join and compares it with COALESCE, which no
// index serves: every page would sort the whole table. Adding the same
// condition with the address as a literal lets SQLite seek the index; the
// rule still applies, so the answer is exactly the same, only cheaper
// (see docs/BENCHMARKS.md). Superusers and anonymous callers are left as
// they are.
func boardIndexFilter(e *core.RequestEvent) error {
	if e.Request.Method != http.MethodGet || e.Auth == nil || e.Auth.Collection().Name != schema.Users {
		return e.Next()
	}
	posts, err := e.App.FindCachedCollectionByNameOrId(schema.Posts)
	if err != nil {
		return e.Next()
	}
	path := e.Request.URL.Path
	if path != "/api/collections/posts/records" && path != "/api/collections/"+posts.Id+"/records" {
		return e.Next()
	}
	address := e.Auth.GetString("address")
	if address == "" || strings.ContainsAny(address, `"\`) {
		return e.Next() // not expressible as a plain literal; the rule alone still answers
	}

	q := e.Request.URL.Query()
	filter := `address = "` + address + `"`
	if f := strings.TrimSpace(q.Get("filter")); f != "" {
		filter = "(" + f + ") && " + filter
	}
	q.Set("filter", filter)
	e.Request.URL.RawQuery = q.Encode()
	return e.Next()
}
