// Package testapp builds the real MealBuddy app for tests: a fresh SQLite
// database in a temp dir with our migrations, hooks and routes, wired the
// way main.go wires them.
package testapp

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/internal/schema"
	_ "mealbuddy/migrations"
	"mealbuddy/server"
)

// Password is the password of every user made by User.
const Password = "password123"

// Open returns an app on a copy of dataDir (tests.NewTestApp copies it;
// an empty dir gives a fresh database) with our migrations applied and our
// hooks and routes bound. The caller cleans it up.
func Open(t testing.TB, dataDir string, cfg config.Config) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	server.Bind(app, cfg)
	return app
}

// New returns a fresh app configured with cfg. It is cleaned up when the
// test ends.
func New(t testing.TB, cfg config.Config) *tests.TestApp {
	t.Helper()
	app := Open(t, t.TempDir(), cfg)
	t.Cleanup(app.Cleanup)
	return app
}

// Factory returns a tests.ApiScenario.TestAppFactory that builds the app
// with cfg and lets setup add data. ApiScenario cleans the app up itself.
func Factory(cfg config.Config, setup func(t testing.TB, app *tests.TestApp)) func(t testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		t.Helper()
		app := Open(t, t.TempDir(), cfg)
		if setup != nil {
			setup(t, app)
		}
		return app
	}
}

// User creates a user with Password and returns it.
func User(t testing.TB, app core.App, email, name, address string, id ...string) *core.Record {
	t.Helper()
	return Create(t, app, schema.Users, map[string]any{
		"email": email, "password": Password, "name": name, "address": address,
	}, id...)
}

// Create saves a record of collection with fields through the model (the
// hooks run) and returns it; an optional id fixes the record's id, so that
// scenario tables can name it.
func Create(t testing.TB, app core.App, collection string, fields map[string]any, id ...string) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	if len(id) > 0 {
		r.Id = id[0]
	}
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("create %s %v: %v", collection, fields, err)
	}
	return r
}

// Token returns an auth token of record for the Authorization header.
func Token(t testing.TB, record *core.Record) string {
	t.Helper()
	token, err := record.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// Superuser creates a superuser and returns its token.
func Superuser(t testing.TB, app core.App) string {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(c)
	su.SetEmail("admin@mealbuddy.test")
	su.SetPassword(Password)
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	return Token(t, su)
}

// Handler returns app's HTTP handler with PocketBase's router and our
// routes, as `serve` builds it, for in-process requests (benchmarks).
func Handler(t testing.TB, app core.App) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var handler http.Handler
	se := &core.ServeEvent{App: app, Router: router}
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		handler = mux
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return handler
}

// Serve starts a real HTTP server for app (see Handler) and returns it;
// it stops when the test ends. Use it where a test needs real concurrent
// HTTP clients or SSE.
func Serve(t testing.TB, app core.App) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(Handler(t, app))
	t.Cleanup(srv.Close)
	return srv
}
