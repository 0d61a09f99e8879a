package routes

import (
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
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
//
// The web app's build writes a gzipped copy beside each script, style and
// page (name.gz, see web/scripts/precompress.mjs); a client that accepts
// gzip gets that copy, compressed once at build time instead of on every
// request.
func ServeWebApp(app core.App, dir string) {
	files := os.DirFS(dir)
	plain := apis.Static(files, true)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(se *core.ServeEvent) error {
			if !se.Router.HasRoute(http.MethodGet, "/{path...}") {
				se.Router.GET("/{path...}", func(e *core.RequestEvent) error {
					h := e.Response.Header()
					if strings.HasPrefix(e.Request.URL.Path, "/_app/immutable/") {
						h.Set("Cache-Control", "public, max-age=31536000, immutable")
					} else {
						h.Set("Cache-Control", "no-cache")
					}
					// Caches must keep the gzipped and the plain answer apart.
					h.Add("Vary", "Accept-Encoding")
					if acceptsGzip(e.Request) {
						return apis.Static(gzipped{files, h}, true)(e)
					}
					return plain(e)
				})
			}
			return se.Next()
		},
		Priority: 999,
	})
}

// gzipped is the web app as a client that accepts gzip sees it: a file
// with a precompressed copy opens as that copy, and opening it marks the
// response as gzip-encoded with the original file's type (ServeContent
// would otherwise guess the type from the .gz). Stat is left alone, so
// that apis.Static's redirects and SPA fallback work as for plain files.
type gzipped struct {
	files  fs.FS
	header http.Header
}

func (g gzipped) Open(name string) (fs.File, error) {
	if ctype := mime.TypeByExtension(path.Ext(name)); ctype != "" {
		if f, err := g.files.Open(name + ".gz"); err == nil {
			g.header.Set("Content-Encoding", "gzip")
			g.header.Set("Content-Type", ctype)
			return f, nil
		}
	}
	return g.files.Open(name)
}

func (g gzipped) Stat(name string) (fs.FileInfo, error) {
	return fs.Stat(g.files, name)
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (named, and not with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, value := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(value, ",") {
			coding, params, _ := strings.Cut(part, ";")
			if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				continue
			}
			q, isQ := strings.CutPrefix(strings.TrimSpace(params), "q=")
			if weight, err := strconv.ParseFloat(q, 64); isQ && err == nil && weight == 0 {
				return false
			}
			return true
		}
	}
	return false
}
