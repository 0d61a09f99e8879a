package routes_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/routes"
	"mealbuddy/testsupport/testapp"
)

func TestServeWebApp(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "_app", "immutable"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>밀버디</title>"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "_app", "immutable", "app.abc123.js"), []byte("console.log(1)"), 0o644))

	factory := testapp.Factory(config.Default(), func(t testing.TB, app *tests.TestApp) {
		routes.ServeWebApp(app, dir)
	})
	header := func(want string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			if got := res.Header.Get("Cache-Control"); got != want {
				t.Fatalf("Cache-Control %q, want %q", got, want)
			}
		}
	}
	for _, s := range []tests.ApiScenario{
		{Name: "home", Method: "GET", URL: "/", ExpectedStatus: 200,
			ExpectedContent: []string{"<title>밀버디</title>"}, AfterTestFunc: header("no-cache")},
		{Name: "an app route falls back to index.html", Method: "GET", URL: "/posts/abc123/edit", ExpectedStatus: 200,
			ExpectedContent: []string{"<title>밀버디</title>"}, AfterTestFunc: header("no-cache")},
		{Name: "fingerprinted assets are cached", Method: "GET", URL: "/_app/immutable/app.abc123.js", ExpectedStatus: 200,
			ExpectedContent: []string{"console.log(1)"}, AfterTestFunc: header("public, max-age=31536000, immutable")},
		{Name: "the API still answers", Method: "GET", URL: "/api/health", ExpectedStatus: 200,
			ExpectedContent: []string{`"code":200`}},
	} {
		s.TestAppFactory = factory
		s.Test(t)
	}
}
