package routes_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/testsupport/testapp"
)

// addr is the neighbourhood of the routes' test users.
const addr = "서울특별시 강남구 역삼동"

// save creates a record through the model (the hooks run).
func save(t testing.TB, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	return testapp.Create(t, app, collection, fields)
}

// getJSON sends a GET with an optional token to a real test server and
// decodes the JSON answer into out; it returns the status.
func getJSON(t testing.TB, url, token string, out any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	_ = json.NewDecoder(res.Body).Decode(out)
	return res.StatusCode
}

func mustFind(t testing.TB, app core.App, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById("posts", id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
