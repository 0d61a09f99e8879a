package routes_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/config"
	"mealbuddy/testsupport/fakeupstream"
	"mealbuddy/testsupport/testapp"
)

// Fixtures and request helpers shared by the weather and menu route tests.
// No test touches the network: providers are fakeupstream servers
// replaying the fixtures, and "no network" is a closed port.

// The fixtures live with the packages that parse them.
const (
	kmaOK       = "../internal/weather/testdata/kma/ultra_srt_ncst_ok.json"
	kmaQuota    = "../internal/weather/testdata/kma/quota_exceeded.xml"
	openMeteoOK = "../internal/weather/testdata/openmeteo/current_ok.json"
	openMeteoKO = "../internal/weather/testdata/openmeteo/error.json"
	openAIOK    = "../internal/menu/testdata/openai/chat_completion_ok.json"
	openAI401   = "../internal/menu/testdata/openai/error_401.json"
)

const wmAddr = "서울특별시 종로구 사직동"

// offlineConfig is the configuration of a machine without keys and
// without network: every base URL refuses connections.
func offlineConfig(t testing.TB) config.Config {
	cfg := config.Default()
	dead := fakeupstream.DeadURL(t)
	cfg.KMABaseURL, cfg.OpenMeteoBaseURL, cfg.OpenAIBaseURL = dead, dead, dead+"/v1"
	cfg.WeatherTimeout = 2 * time.Second
	return cfg
}

// wmDo sends one request as token (none when empty) and returns the
// recorded response.
func wmDo(mux http.Handler, method, url, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

// userWithLocation creates a user whose home is the fixtures' point.
func userWithLocation(t testing.TB, app core.App, email string) *core.Record {
	u := testapp.User(t, app, email, strings.Split(email, "@")[0], wmAddr)
	u.Set("location", types.GeoPoint{Lat: 37.57326944444445, Lon: 126.97095555555556})
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	return u
}

// wmToken returns the auth token of the user with email.
func wmToken(t testing.TB, app core.App, email string) string {
	t.Helper()
	u, err := app.FindAuthRecordByEmail("users", email)
	if err != nil {
		t.Fatal(err)
	}
	return testapp.Token(t, u)
}

// TestProvidersFromEnvironment: fake providers configured only through
// the environment variables of SPEC §5 answer through both routes, the
// way the server wires them (config.FromEnv, routes.Register).
func TestProvidersFromEnvironment(t *testing.T) {
	kma := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json;charset=UTF-8", kmaOK))
	om := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", openMeteoOK))
	ai := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", openAIOK))
	t.Setenv("MEALBUDDY_KMA_SERVICE_KEY", "env-key")
	t.Setenv("MEALBUDDY_KMA_BASE_URL", kma.URL)
	t.Setenv("MEALBUDDY_OPENMETEO_BASE_URL", om.URL)
	t.Setenv("MEALBUDDY_WEATHER_TIMEOUT", "3s")
	t.Setenv("MEALBUDDY_OPENAI_API_KEY", "")
	t.Setenv("OPENAI_API_KEY", "sk-env")
	t.Setenv("MEALBUDDY_OPENAI_BASE_URL", ai.URL+"/v1")
	t.Setenv("MEALBUDDY_OPENAI_MODEL", "env-model")

	app := testapp.New(t, config.FromEnv())
	token := testapp.Token(t, userWithLocation(t, app, "env@test.com"))
	mux := testapp.Handler(t, app)

	rec := wmDo(mux, http.MethodGet, "/api/mealbuddy/weather", token, "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"source":"kma"`) {
		t.Fatalf("weather: %d %s", rec.Code, rec.Body)
	}
	if key := kma.Last().Query.Get("serviceKey"); key != "env-key" {
		t.Errorf("KMA serviceKey %q", key)
	}
	rec = wmDo(mux, http.MethodPost, menuURL, token, `{"message":"따뜻한 거"}`)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `"source":"openai"`) || !strings.Contains(body, `"name":"김치찌개"`) ||
		!strings.Contains(body, `"weather":{"source":"kma"`) {
		t.Fatalf("menu: %d %s", rec.Code, body)
	}
	if got := ai.Last().Header.Get("Authorization"); got != "Bearer sk-env" {
		t.Errorf("OpenAI auth %q", got)
	}
	if body := string(ai.Request(0).Body); !strings.Contains(body, `"model":"env-model"`) {
		t.Errorf("OpenAI request %s", body)
	}
	if om.Calls() != 0 || kma.Calls() != 1 {
		t.Errorf("calls: open-meteo %d, kma %d (the menu reused the cached weather)", om.Calls(), kma.Calls())
	}
}
