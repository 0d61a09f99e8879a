package health_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/config"
	"mealbuddy/internal/health"
	"mealbuddy/testsupport/testapp"
)

func TestHealth(t *testing.T) {
	for _, tc := range []struct {
		name       string
		method     string
		break_     func(t *testing.T, app core.App)
		wantStatus int
		wantBody   string
	}{
		{"a database that answers: PocketBase's 200", http.MethodGet, nil, http.StatusOK, `"message":"API is healthy."`},
		{"HEAD, as load balancers probe", http.MethodHead, nil, http.StatusOK, ""},
		{"a database that does not answer: 503", http.MethodGet, closeDB, http.StatusServiceUnavailable, `"message":"The database does not answer."`},
		{"HEAD on a database that does not answer", http.MethodHead, closeDB, http.StatusServiceUnavailable, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := testapp.New(t, config.Default()) // server.Bind registers the probe
			handler := testapp.Handler(t, app)
			if tc.break_ != nil {
				tc.break_(t, app)
			}
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, httptest.NewRequest(tc.method, health.Path, nil))
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.wantBody) {
				t.Fatalf("body %s, want %s", rec.Body, tc.wantBody)
			}
		})
	}
}

// The probe must not stand in the way of other routes.
func TestHealthLeavesOtherRoutesAlone(t *testing.T) {
	app := testapp.New(t, config.Default())
	handler := testapp.Handler(t, app)
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/collections/posts/records", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

// closeDB makes the database stop answering, as a lost disk would.
func closeDB(t *testing.T, app core.App) {
	t.Helper()
	for _, db := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		if err := db.(*dbx.DB).Close(); err != nil {
			t.Fatal(err)
		}
	}
}
