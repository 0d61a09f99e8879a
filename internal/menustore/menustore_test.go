package menustore_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/internal/menustore"
	"mealbuddy/testsupport/testapp"
)

// TestReset: every conversation goes; the counts of the last week stay,
// older ones go.
func TestReset(t *testing.T) {
	app, user := newApp(t)
	other := testapp.User(t, app, "other@test.com", "다른이", addr).Id
	for _, u := range []string{user, other} {
		testapp.Create(t, app, "menu_conversations", map[string]any{"user": u, "turns": turns(2)})
	}
	for _, day := range []string{"2020-01-01", "2025-01-07", "2025-01-08", "2025-01-14", "2025-01-15"} {
		testapp.Create(t, app, "menu_usage", map[string]any{"user": user, "day": day, "count": 3})
	}

	now := seoul(2025, 1, 15, 4, 0)
	if err := menustore.Reset(app, now); err != nil {
		t.Fatal(err)
	}
	if n, _ := app.CountRecords("menu_conversations"); n != 0 {
		t.Errorf("%d conversations left", n)
	}
	var days []string
	if err := app.RecordQuery("menu_usage").Select("day").OrderBy("day").Column(&days); err != nil {
		t.Fatal(err)
	}
	if want := []string{"2025-01-08", "2025-01-14", "2025-01-15"}; !slices.Equal(days, want) {
		t.Errorf("days kept %v, want %v", days, want)
	}
	if remaining, err := menustore.Reserve(app, user, now); remaining != 6 || err != nil {
		t.Errorf("after Reset: %d remaining (%v), want 6: today's count stays", remaining, err)
	}
}

// TestCollectionsArePrivate: users cannot read the stored conversations
// or counts, not even their own; superusers can.
func TestCollectionsArePrivate(t *testing.T) {
	const user = "upeek0000000000" // whose rows are stored
	for _, coll := range []string{"menu_conversations", "menu_usage"} {
		for _, su := range []bool{false, true} {
			s := &tests.ApiScenario{
				Name:               fmt.Sprintf("%s superuser=%v", coll, su),
				Method:             http.MethodGet,
				URL:                "/api/collections/" + coll + "/records",
				ExpectedStatus:     403,
				ExpectedContent:    []string{`"status":403`},
				NotExpectedContent: []string{user},
				// the list rule refuses before any record is read
				ExpectedEvents: map[string]int{"*": 0},
				TestAppFactory: testapp.Factory(config.Default(), nil),
			}
			if su {
				s.ExpectedStatus = 200
				s.ExpectedContent = []string{`"totalItems":1`, `"user":"` + user + `"`}
				s.NotExpectedContent = nil
				s.ExpectedEvents = map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 1}
			}
			s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				u := testapp.User(t, app, "peek@test.com", "엿보기", addr, user)
				if err := menustore.AppendTurns(app, user, turns(2)...); err != nil {
					t.Fatal(err)
				}
				if _, err := menustore.Reserve(app, user, seoul(2025, 1, 15, 12, 0)); err != nil {
					t.Fatal(err)
				}
				token := testapp.Token(t, u)
				if su {
					token = testapp.Superuser(t, app)
				}
				s.Headers = map[string]string{"Authorization": token}
			}
			s.Test(t)
		}
	}
}
