package routes_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/testsupport/fakeupstream"
	"mealbuddy/testsupport/testapp"
)

// TestWeatherRoute covers GET /api/mealbuddy/weather scenario by scenario.
func TestWeatherRoute(t *testing.T) {
	omOK := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", openMeteoOK))
	omKO := fakeupstream.New(t, fakeupstream.Fixture(t, 400, "application/json", openMeteoKO))
	kma := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json;charset=UTF-8", kmaOK))
	quota200 := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "text/xml;charset=UTF-8", kmaQuota))
	quota403 := fakeupstream.New(t, fakeupstream.Fixture(t, 403, "text/xml;charset=UTF-8", kmaQuota))
	hanging := fakeupstream.New(t, fakeupstream.Hang)

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

// TestWeatherCache: requests for one neighbourhood, one after the other
// and all at once, make a single upstream call.
func TestWeatherCache(t *testing.T) {
	om := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", openMeteoOK))
	cfg := offlineConfig(t)
	cfg.OpenMeteoBaseURL = om.URL
	app := testapp.New(t, cfg)
	token := testapp.Token(t, testapp.User(t, app, "cache@test.com", "캐시", wmAddr))
	mux := testapp.Handler(t, app)

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
	if n := om.Calls(); n != 1 {
		t.Errorf("upstream calls = %d, want 1", n)
	}
	// another neighbourhood is another call
	wmDo(mux, http.MethodGet, "/api/mealbuddy/weather?lat=35.1796&lon=129.0756", token, "")
	if n := om.Calls(); n != 2 {
		t.Errorf("upstream calls = %d, want 2", n)
	}
}

func BenchmarkCachedWeatherRoute(b *testing.B) {
	om := fakeupstream.New(b, fakeupstream.Fixture(b, 200, "application/json", openMeteoOK))
	cfg := offlineConfig(b)
	cfg.OpenMeteoBaseURL = om.URL
	app := testapp.New(b, cfg)
	token := testapp.Token(b, testapp.User(b, app, "bench@test.com", "벤치", wmAddr))
	mux := testapp.Handler(b, app)
	const url = "/api/mealbuddy/weather?lat=37.5665&lon=126.978"
	wmDo(mux, http.MethodGet, url, token, "")
	b.ReportAllocs()
	for b.Loop() {
		if rec := wmDo(mux, http.MethodGet, url, token, ""); rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
