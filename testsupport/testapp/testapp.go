// Package testapp builds the real MealBuddy app for tests: a SQLite
// database in a temp dir (fresh, or a copy of a prepared one) with our
// migrations applied and everything bound by server.Bind, as main.go binds
// it (hooks, routes, cron jobs, notifier; the web app, which main.go also
// serves, is left to the tests that need it), plus helpers to create users
// and records and to send requests. Two things differ from production, for
// speed and determinism only: the cron never starts (tests run a job by
// calling it), and passwords are hashed at bcrypt's minimum cost.
//
// It exists for tests only and is imported only by _test.go files; it sits
// under testsupport/, not among the production packages, so that nothing
// the server links depends on it.
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
	// PocketBase starts the cron on every serve event, which every
	// tests.ApiScenario and Handler triggers: its jobs would then run at
	// each minute of the wall clock, in the background of whatever test
	// is running, writing to its data and reading its clock. Tests run a
	// job by calling it (see jobs_test.go), never by waiting for the cron.
	app.OnServe().Unbind("__pbCronStart__")
	fastPasswords(t, app)
	return app
}

// fastPasswords makes app hash passwords at bcrypt's minimum cost. The
// production cost is a defence against brute force, which no test is
// about; at that cost bcrypt (pure Go, instrumented under -race) was most
// of the time of the tests, which sign up, sign in and check passwords
// by the hundred.
func fastPasswords(t testing.TB, app core.App) {
	t.Helper()
	const minCost = 4 // bcrypt.MinCost
	for _, name := range []string{schema.Users, core.CollectionNameSuperusers} {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := c.Fields.GetByName("password").(*core.PasswordField)
		if !ok {
			t.Fatalf("%s has no password field", name)
		}
		if f.Cost == minCost {
			continue // a copy of a data dir made here
		}
		f.Cost = minCost
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
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
