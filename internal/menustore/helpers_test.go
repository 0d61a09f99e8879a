package menustore_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/internal/weather"
	"mealbuddy/testsupport/testapp"
)

// addr is the neighbourhood of the test users.
const addr = "서울특별시 종로구 사직동"

// seoul returns a moment of Asia/Seoul wall time.
func seoul(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, weather.Seoul)
}

// newApp returns the real app and the id of a fresh user.
func newApp(t *testing.T) (*tests.TestApp, string) {
	t.Helper()
	app := testapp.New(t, config.Default())
	return app, testapp.User(t, app, "menu@test.com", "메뉴", addr).Id
}
