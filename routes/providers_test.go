package routes_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/config"
	"mealbuddy/internal/testapp"
)

// Fake providers and request helpers shared by the weather and menu route
// tests. No test touches the network: providers are local httptest
// servers replaying the fixtures, and "no network" is a closed port.

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

// upstream is a fake provider: it serves one fixture (or hangs) and counts
// the calls it gets.
type upstream struct {
	*httptest.Server
	calls atomic.Int32
	mu    sync.Mutex
	last  *http.Request
	body  []string
}

// serveFixture answers every call with the file at path.
func serveFixture(t testing.TB, status int, ctype, path string) *upstream {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return newUpstream(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write(data)
	})
}

// hangingUpstream never answers; it lets go when the client gives up.
func hangingUpstream(t testing.TB) *upstream {
	return newUpstream(t, func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
}

// deadURL is the address of a server that is gone: connections are
// refused at once, as on a machine without network.
func deadURL(t testing.TB) string {
	s := httptest.NewServer(http.NotFoundHandler())
	s.Close()
	return s.URL
}

// request returns the last request and the bodies of all requests.
func (u *upstream) request() (*http.Request, []string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.last, slices.Clone(u.body)
}

func newUpstream(t testing.TB, h http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.last = r
		u.body = append(u.body, string(body))
		u.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// offlineConfig is the configuration of a machine without keys and
// without network: every base URL refuses connections.
func offlineConfig(t testing.TB) config.Config {
	cfg := config.Default()
	dead := deadURL(t)
	cfg.KMABaseURL, cfg.OpenMeteoBaseURL, cfg.OpenAIBaseURL = dead, dead, dead+"/v1"
	cfg.WeatherTimeout = 2 * time.Second
	return cfg
}

// wmMux builds the app's router the way tests.ApiScenario does, for tests
// that send several requests to one app (cache, limit, concurrency).
func wmMux(t testing.TB, app core.App) http.Handler {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	se := &core.ServeEvent{App: app, Router: r}
	var mux http.Handler
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
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
	kma := serveFixture(t, 200, "application/json;charset=UTF-8", kmaOK)
	om := serveFixture(t, 200, "application/json", openMeteoOK)
	ai := serveFixture(t, 200, "application/json", openAIOK)
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
	mux := wmMux(t, app)

	rec := wmDo(mux, http.MethodGet, "/api/mealbuddy/weather", token, "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"source":"kma"`) {
		t.Fatalf("weather: %d %s", rec.Code, rec.Body)
	}
	if last, _ := kma.request(); last.URL.Query().Get("serviceKey") != "env-key" {
		t.Errorf("KMA serviceKey %q", last.URL.Query().Get("serviceKey"))
	}
	rec = wmDo(mux, http.MethodPost, menuURL, token, `{"message":"따뜻한 거"}`)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `"source":"openai"`) || !strings.Contains(body, `"name":"김치찌개"`) ||
		!strings.Contains(body, `"weather":{"source":"kma"`) {
		t.Fatalf("menu: %d %s", rec.Code, body)
	}
	last, bodies := ai.request()
	if got := last.Header.Get("Authorization"); got != "Bearer sk-env" {
		t.Errorf("OpenAI auth %q", got)
	}
	if !strings.Contains(bodies[0], `"model":"env-model"`) {
		t.Errorf("OpenAI request %s", bodies[0])
	}
	if om.calls.Load() != 0 || kma.calls.Load() != 1 {
		t.Errorf("calls: open-meteo %d, kma %d (the menu reused the cached weather)", om.calls.Load(), kma.calls.Load())
	}
}
