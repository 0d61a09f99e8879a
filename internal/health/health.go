// Package health makes PocketBase's GET /api/health mean "this node can
// serve": PocketBase answers 200 as long as the process runs, and a node
// whose database does not answer would keep receiving traffic from a load
// balancer or the container health check. With Register, the route first
// reads from the database and answers 503 when that fails or takes longer
// than Timeout.
package health

import (
	"context"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Path is PocketBase's health route.
const Path = "/api/health"

// Timeout is how long the database may take to answer the probe. A
// healthy read takes well under a millisecond; reads are never blocked by
// the writer in WAL mode, so a slow answer means a sick disk.
const Timeout = 2 * time.Second

// Register wraps GET /api/health with the database probe. PocketBase
// registers the route itself (apis/health.go), and a second registration
// of the same pattern would panic, so the probe is a router middleware
// that only looks at that path.
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(func(e *core.RequestEvent) error {
			if e.Request.URL.Path != Path || (e.Request.Method != http.MethodGet && e.Request.Method != http.MethodHead) {
				return e.Next()
			}
			if err := Probe(e.Request.Context(), e.App); err != nil {
				e.App.Logger().Error("health: the database does not answer", "error", err.Error())
				return apis.NewApiError(http.StatusServiceUnavailable, "The database does not answer.", nil)
			}
			return e.Next()
		})
		return se.Next()
	})
}

// Probe reads one row of the collections table, which every PocketBase
// database has, so that the read reaches the database file and not only
// the connection pool.
func Probe(ctx context.Context, app core.App) error {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	var n int
	return app.DB().NewQuery("SELECT COUNT(*) FROM (SELECT 1 FROM _collections LIMIT 1)").WithContext(ctx).Row(&n)
}
