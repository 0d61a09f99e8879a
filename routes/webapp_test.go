package routes_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/routes"
	"mealbuddy/testsupport/testapp"
)

func TestServeWebApp(t *testing.T) {
	const (
		icon    = "\x89PNG not compressed"
		immut   = "public, max-age=31536000, immutable"
		noCache = "no-cache"
	)
	// Repetitive enough that gzip really compresses them (so the raw body
	// of a gzipped answer cannot contain the text).
	index := "<!doctype html><title>밀버디</title>" + strings.Repeat("<p>같이 시켜요</p>", 20)
	script := strings.Repeat("console.log('밀버디');\n", 20)
	dir := t.TempDir()
	write := func(name, content string, gz bool) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if !gz {
			return
		}
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		_, _ = w.Write([]byte(content))
		_ = w.Close()
		if err := os.WriteFile(p+".gz", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// As the web app's build leaves them: scripts and pages with a .gz copy, images without.
	write("index.html", index, true)
	write("_app/immutable/app.abc123.js", script, true)
	write("icon-192.png", icon, false)

	factory := testapp.Factory(config.Default(), func(t testing.TB, app *tests.TestApp) {
		routes.ServeWebApp(app, dir)
	})

	for _, c := range []struct {
		name, url, acceptEncoding string
		// what the client must end up with after decoding
		body, contentType, cacheControl string
		gzipped                         bool
	}{
		{name: "home", url: "/", body: index, contentType: "text/html", cacheControl: noCache},
		{name: "home, gzipped", url: "/", acceptEncoding: "gzip, deflate, br", body: index, contentType: "text/html", cacheControl: noCache, gzipped: true},
		{name: "an app route falls back to index.html", url: "/posts/abc123/edit", body: index, contentType: "text/html", cacheControl: noCache},
		{name: "an app route falls back to index.html, gzipped", url: "/posts/abc123/edit", acceptEncoding: "gzip", body: index, contentType: "text/html", cacheControl: noCache, gzipped: true},
		{name: "fingerprinted assets are cached", url: "/_app/immutable/app.abc123.js", body: script, contentType: "text/javascript", cacheControl: immut},
		{name: "fingerprinted assets are cached, gzipped", url: "/_app/immutable/app.abc123.js", acceptEncoding: "br;q=1.0, gzip;q=0.8", body: script, contentType: "text/javascript", cacheControl: immut, gzipped: true},
		{name: "gzip;q=0 refuses gzip", url: "/_app/immutable/app.abc123.js", acceptEncoding: "gzip;q=0, br", body: script, contentType: "text/javascript", cacheControl: immut},
		{name: "other encodings only: plain", url: "/_app/immutable/app.abc123.js", acceptEncoding: "br, zstd", body: script, contentType: "text/javascript", cacheControl: immut},
		{name: "a file without a .gz copy is sent as it is", url: "/icon-192.png", acceptEncoding: "gzip", body: icon, contentType: "image/png", cacheControl: noCache},
	} {
		s := tests.ApiScenario{
			Name:           c.name,
			Method:         http.MethodGet,
			URL:            c.url,
			Headers:        map[string]string{},
			ExpectedStatus: http.StatusOK,
			TestAppFactory: factory,
		}
		if c.acceptEncoding != "" {
			s.Headers["Accept-Encoding"] = c.acceptEncoding
		}
		// The raw body is the text itself, or (gzipped) never contains it.
		if c.gzipped {
			s.NotExpectedContent = []string{c.body}
		} else {
			s.ExpectedContent = []string{c.body}
		}
		s.AfterTestFunc = func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			h := res.Header
			if got := h.Get("Cache-Control"); got != c.cacheControl {
				t.Errorf("Cache-Control %q, want %q", got, c.cacheControl)
			}
			if got := h.Get("Content-Type"); !strings.HasPrefix(got, c.contentType) {
				t.Errorf("Content-Type %q, want %s", got, c.contentType)
			}
			if vary := strings.Join(h.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
				t.Errorf("Vary %q lacks Accept-Encoding", vary)
			}
			want := ""
			if c.gzipped {
				want = "gzip"
			}
			if got := h.Get("Content-Encoding"); got != want {
				t.Fatalf("Content-Encoding %q, want %q", got, want)
			}
			var body io.Reader = res.Body
			if c.gzipped {
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					t.Fatalf("not gzip: %v", err)
				}
				body = zr
			}
			got, err := io.ReadAll(body)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.body {
				t.Errorf("decoded body %q, want %q", got, c.body)
			}
		}
		s.Test(t)
	}

	(&tests.ApiScenario{
		Name: "the API still answers", Method: http.MethodGet, URL: "/api/health", ExpectedStatus: 200,
		ExpectedContent: []string{`"code":200`}, TestAppFactory: factory,
	}).Test(t)
}
