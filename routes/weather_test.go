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
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/config"
	"mealbuddy/internal/testapp"
)

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

// TestWeatherRoute covers GET /api/mealbuddy/weather scenario by scenario.
func TestWeatherRoute(t *testing.T) {
	omOK := serveFixture(t, 200, "application/json", openMeteoOK)
	omKO := serveFixture(t, 400, "application/json", openMeteoKO)
	kma := serveFixture(t, 200, "application/json;charset=UTF-8", kmaOK)
	quota200 := serveFixture(t, 200, "text/xml;charset=UTF-8", kmaQuota)
	quota403 := serveFixture(t, 403, "text/xml;charset=UTF-8", kmaQuota)
	hanging := hangingUpstream(t)

	with := func(change func(*config.Config)) config.Config {
		cfg := offlineConfig(t)
		change(&cfg)
		return cfg
	}
	openMeteo := with(func(c *config.Config) { c.OpenMeteoBaseURL = omOK.URL })
	kmaKey := with(func(c *config.Config) { c.KMAServiceKey, c.KMABaseURL, c.OpenMeteoBaseURL = "key", kma.URL, omOK.URL })

	factory := func(cfg config.Config) func(testing.TB) *tests.TestApp {
		return testapp.Factory(cfg, func(t testing.TB, app *tests.TestApp) {
			testapp.User(t, app, "plain@test.com", "집없음", wmAddr)
			userWithLocation(t, app, "home@test.com")
		})
	}
	const seoul = "/api/mealbuddy/weather?lat=37.5665&lon=126.978"
	invalid := func(field string) []string {
		return []string{`"status":400`, `"` + field + `":{"code":"invalid_coordinates"`}
	}
	unavailable := []string{`"status":503`, `"weather":{"code":"weather_unavailable"`}

	scenarios := []struct {
		name    string
		cfg     config.Config
		url     string
		home    bool // send as the user with a home location
		anon    bool
		status  int
		content []string
	}{
		{"anonymous: 401", openMeteo, seoul, false, true, 401, []string{`"status":401`}},
		{"lat not a number", openMeteo, "/api/mealbuddy/weather?lat=abc&lon=126.9", false, false, 400, invalid("lat")},
		{"lat out of range", openMeteo, "/api/mealbuddy/weather?lat=91&lon=126.9", false, false, 400, invalid("lat")},
		{"lon out of range", openMeteo, "/api/mealbuddy/weather?lat=37.5&lon=-180.5", false, false, 400, invalid("lon")},
		{"lat NaN", openMeteo, "/api/mealbuddy/weather?lat=NaN&lon=126.9", false, false, 400, invalid("lat")},
		{"lon Inf", openMeteo, "/api/mealbuddy/weather?lat=37.5&lon=Inf", false, false, 400, invalid("lon")},
		{"lon missing", openMeteo, "/api/mealbuddy/weather?lat=37.5", false, false, 400, invalid("lon")},
		{"lat empty", openMeteo, "/api/mealbuddy/weather?lat=&lon=126.9", false, false, 400, invalid("lat")},
		{"no point and no home", openMeteo, "/api/mealbuddy/weather", false, false, 400, invalid("location")},
		{"Open-Meteo without a key", openMeteo, seoul, false, false, 200, []string{
			`"source":"open-meteo"`, `"lat":37.5665`, `"lon":126.978`, `"observedAt":"2025-01-15T18:00:00+09:00"`,
			`"temperature":3.4`, `"humidity":87`, `"windSpeed":2.6`, `"sky":"overcast"`, `"precipitation":"rain"`,
			`"precipitationMm":0.4`, `"summary":"비 · 3.4℃"`}},
		{"home location when lat and lon are absent", openMeteo, "/api/mealbuddy/weather", true, false, 200, []string{
			`"source":"open-meteo"`, `"lat":37.57326944444445`, `"lon":126.97095555555556`}},
		{"KMA with a key", kmaKey, seoul, false, false, 200, []string{
			`"source":"kma"`, `"temperature":3.2`, `"humidity":88`, `"windSpeed":2.5`, `"precipitation":"rain"`,
			`"precipitationMm":0.5`, `"summary":"비 · 3.2℃"`}},
		{"KMA key, point outside Korea: Open-Meteo", kmaKey, "/api/mealbuddy/weather?lat=35.68&lon=139.77", false, false, 200,
			[]string{`"source":"open-meteo"`}},
		{"KMA quota (XML, 200): Open-Meteo answers", with(func(c *config.Config) {
			c.KMAServiceKey, c.KMABaseURL, c.OpenMeteoBaseURL = "key", quota200.URL, omOK.URL
		}), seoul, false, false, 200, []string{`"source":"open-meteo"`}},
		{"KMA quota (XML, 403) and Open-Meteo error: 503", with(func(c *config.Config) {
			c.KMAServiceKey, c.KMABaseURL, c.OpenMeteoBaseURL = "key", quota403.URL, omKO.URL
		}), seoul, false, false, 503, unavailable},
		{"Open-Meteo error: 503", with(func(c *config.Config) { c.OpenMeteoBaseURL = omKO.URL }), seoul, false, false, 503, unavailable},
		{"no network: 503", offlineConfig(t), seoul, false, false, 503, unavailable},
		{"provider hangs: 503 within the budget", with(func(c *config.Config) {
			c.OpenMeteoBaseURL, c.WeatherTimeout = hanging.URL, 300*time.Millisecond
		}), seoul, false, false, 503, unavailable},
	}
	for _, sc := range scenarios {
		var start time.Time
		s := &tests.ApiScenario{
			Name:            sc.name,
			Method:          http.MethodGet,
			URL:             sc.url,
			ExpectedStatus:  sc.status,
			ExpectedContent: sc.content,
			TestAppFactory:  factory(sc.cfg),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				// generous: the point is "never a hang", not a benchmark
				if d := time.Since(start); d > sc.cfg.WeatherTimeout+2*time.Second {
					t.Errorf("answered after %v, budget %v", d, sc.cfg.WeatherTimeout)
				}
			},
		}
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{}
			if !sc.anon {
				email := map[bool]string{false: "plain@test.com", true: "home@test.com"}[sc.home]
				s.Headers["Authorization"] = wmToken(t, app, email)
			}
			start = time.Now()
		}
		s.Test(t)
	}
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

// TestWeatherCache: requests for one neighbourhood, one after the other
// and all at once, make a single upstream call.
func TestWeatherCache(t *testing.T) {
	om := serveFixture(t, 200, "application/json", openMeteoOK)
	cfg := offlineConfig(t)
	cfg.OpenMeteoBaseURL = om.URL
	app := testapp.New(t, cfg)
	token := testapp.Token(t, testapp.User(t, app, "cache@test.com", "캐시", wmAddr))
	mux := wmMux(t, app)

	var wg sync.WaitGroup
	codes := make(chan int, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// points within the same 0.01° cell
			url := "/api/mealbuddy/weather?lat=37.5665&lon=126.978" + string(rune('0'+i%10))
			codes <- wmDo(mux, http.MethodGet, url, token, "").Code
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 {
			t.Fatalf("status %d", c)
		}
	}
	if rec := wmDo(mux, http.MethodGet, "/api/mealbuddy/weather?lat=37.5669&lon=126.9781", token, ""); rec.Code != 200 ||
		!strings.Contains(rec.Body.String(), `"lat":37.5669`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if n := om.calls.Load(); n != 1 {
		t.Errorf("upstream calls = %d, want 1", n)
	}
	// another neighbourhood is another call
	wmDo(mux, http.MethodGet, "/api/mealbuddy/weather?lat=35.1796&lon=129.0756", token, "")
	if n := om.calls.Load(); n != 2 {
		t.Errorf("upstream calls = %d, want 2", n)
	}
}

func BenchmarkCachedWeatherRoute(b *testing.B) {
	om := serveFixture(b, 200, "application/json", openMeteoOK)
	cfg := offlineConfig(b)
	cfg.OpenMeteoBaseURL = om.URL
	app := testapp.New(b, cfg)
	token := testapp.Token(b, testapp.User(b, app, "bench@test.com", "벤치", wmAddr))
	mux := wmMux(b, app)
	const url = "/api/mealbuddy/weather?lat=37.5665&lon=126.978"
	wmDo(mux, http.MethodGet, url, token, "")
	b.ReportAllocs()
	for b.Loop() {
		if rec := wmDo(mux, http.MethodGet, url, token, ""); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
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
