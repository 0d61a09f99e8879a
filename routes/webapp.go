package routes

import (
	"net/http"
	"os"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// ServeWebApp serves the built web app from dir at / with index.html for
// every path that is not a file (the SPA's own routes, e.g. /posts/abc).
// It binds late, so that the API and the dashboard (/_/) match first.
//
// SvelteKit fingerprints everything under /_app/immutable/, so those files
// may be cached for a year; index.html must be revalidated, or a browser
// would keep asking for assets of an old build.
func ServeWebApp(app core.App, dir string) {
	static := apis.Static(os.DirFS(dir), true)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
					if strings.HasPrefix(e.Request.URL.Path, "/_app/immutable/") {
						e.Response.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
					} else {
						e.Response.Header().Set("Cache-Control", "no-cache")
					}
					return static(e)
				})
			}
			return se.Next()
		},
		Priority: 999,
	})
}
