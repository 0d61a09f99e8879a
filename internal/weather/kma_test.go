package weather_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"mealbuddy/internal/weather"
	"mealbuddy/testsupport/fakeupstream"
)

// jongno is the fixtures' point: 서울 종로구, KMA cell (60, 127).
var jongno = weather.Point{Lat: 37.5703777777777, Lon: 126.981641666666}

// fixtureNow is 2025-01-15 18:45 KST, when base time 1800 is published.
var fixtureNow = time.Date(2025, 1, 15, 18, 45, 0, 0, weather.Seoul)

const (
	jsonType = "application/json;charset=UTF-8"
	xmlType  = "text/xml;charset=UTF-8"
)

func newKMA(url string, timeout time.Duration) *weather.KMA {
	return &weather.KMA{
		BaseURL:    url,
		ServiceKey: "test-key",
		Client:     &http.Client{Timeout: timeout},
		Now:        func() time.Time { return fixtureNow },
	}
}

func TestKMASuccess(t *testing.T) {
	f := fakeupstream.New(t, fakeupstream.Fixture(t, 200, jsonType, "testdata/kma/ultra_srt_ncst_ok.json"))
	r, err := newKMA(f.URL, time.Second).Current(context.Background(), jongno)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "kma" || r.Temperature != 3.2 || r.Humidity != 88 || r.WindSpeed != 2.5 {
		t.Errorf("values: %+v", r)
	}
	if r.Precipitation != "rain" || r.PrecipitationMm == nil || *r.PrecipitationMm != 0.5 {
		t.Errorf("precipitation: %q %v", r.Precipitation, r.PrecipitationMm)
	}
	if r.Sky != "overcast" || r.Summary != "비 · 3.2℃" {
		t.Errorf("sky %q summary %q", r.Sky, r.Summary)
	}
	if r.ObservedAt != "2025-01-15T18:00:00+09:00" {
		t.Errorf("observedAt = %q", r.ObservedAt)
	}
	if r.Lat != jongno.Lat || r.Lon != jongno.Lon {
		t.Errorf("point = %v, %v", r.Lat, r.Lon)
	}

	if p := f.Request(0).Path; p != "/getUltraSrtNcst" {
		t.Errorf("path = %q", p)
	}
	q := f.Request(0).Query
	for k, want := range map[string]string{
		"serviceKey": "test-key", "dataType": "JSON", "base_date": "20250115",
		"base_time": "1800", "nx": "60", "ny": "127", "pageNo": "1", "numOfRows": "10",
	} {
		if got := q.Get(k); got != want {
			t.Errorf("query %s = %q, want %q", k, got, want)
		}
	}
}

// TestKMANoDataFallsBackOneHour: result code 03 for the newest base time
// makes the client ask once for the hour before, and no more.
func TestKMANoDataFallsBackOneHour(t *testing.T) {
	ok := fakeupstream.Fixture(t, 200, jsonType, "testdata/kma/ultra_srt_ncst_ok.json")
	noData := fakeupstream.Fixture(t, 200, jsonType, "testdata/kma/no_data.json")

	t.Run("second hour answers", func(t *testing.T) {
		f := fakeupstream.New(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				noData(w, r, n)
				return
			}
			ok(w, r, n)
		})
		k := newKMA(f.URL, time.Second)
		k.Now = func() time.Time { return fixtureNow.Add(time.Hour) } // 19:45 → 1900 first
		if _, err := k.Current(context.Background(), jongno); err != nil {
			t.Fatal(err)
		}
		if f.Calls() != 2 || f.Request(0).Query.Get("base_time") != "1900" || f.Request(1).Query.Get("base_time") != "1800" {
			t.Errorf("calls %d: %v", f.Calls(), f.Requests())
		}
	})
	t.Run("no data at all", func(t *testing.T) {
		f := fakeupstream.New(t, noData)
		_, err := newKMA(f.URL, time.Second).Current(context.Background(), jongno)
		if !errors.Is(err, weather.ErrNoData) || !errors.Is(err, weather.ErrUnavailable) {
			t.Errorf("err = %v", err)
		}
		if f.Calls() != 2 {
			t.Errorf("calls = %d, want 2", f.Calls())
		}
	})
}

// TestKMAFailures: every failure is an error wrapping ErrUnavailable, with
// the precise cause where there is one.
func TestKMAFailures(t *testing.T) {
	quota, err := os.ReadFile("testdata/kma/quota_exceeded.xml")
	if err != nil {
		t.Fatal(err)
	}
	badKey := strings.NewReplacer("LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR",
		">22<", ">30<").Replace(string(quota))
	okBody, err := os.ReadFile("testdata/kma/ultra_srt_ncst_ok.json")
	if err != nil {
		t.Fatal(err)
	}
	missingT1H := strings.Replace(string(okBody), `"obsrValue": "3.2"`, `"obsrValue": "-998.9"`, 1)

	for _, tc := range []struct {
		name   string
		handle fakeupstream.Handler
		cause  error
	}{
		{"XML quota error with 200", fakeupstream.Fixture(t, 200, xmlType, "testdata/kma/quota_exceeded.xml"), weather.ErrQuota},
		{"XML quota error with 403", fakeupstream.Fixture(t, 403, xmlType, "testdata/kma/quota_exceeded.xml"), weather.ErrQuota},
		{"XML quota error labelled JSON", fakeupstream.Fixture(t, 200, jsonType, "testdata/kma/quota_exceeded.xml"), weather.ErrQuota},
		{"XML key not registered", fakeupstream.Respond(200, xmlType, badKey), weather.ErrKey},
		{"JSON result code 22", fakeupstream.Respond(200, jsonType, `{"response":{"header":{"resultCode":"22","resultMsg":"LIMITED"}}}`), weather.ErrQuota},
		{"JSON result code 10", fakeupstream.Respond(200, jsonType, `{"response":{"header":{"resultCode":"10","resultMsg":"INVALID_REQUEST_PARAMETER_ERROR"}}}`), nil},
		{"missing temperature sentinel", fakeupstream.Respond(200, jsonType, missingT1H), weather.ErrIncomplete},
		{"HTTP 500 text", fakeupstream.Respond(500, "text/plain", "Internal Server Error"), nil},
		{"broken JSON", fakeupstream.Respond(200, jsonType, `{"response":{"header":`), nil},
		{"HTML page", fakeupstream.Respond(502, "text/html", "<html><body>Bad Gateway</body></html>"), nil},
		{"slow server", fakeupstream.Hang, nil},
		{"dropped connection", fakeupstream.Drop, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakeupstream.New(t, tc.handle)
			start := time.Now()
			_, err := newKMA(f.URL, 200*time.Millisecond).Current(context.Background(), jongno)
			if !errors.Is(err, weather.ErrUnavailable) {
				t.Fatalf("err = %v, want ErrUnavailable", err)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Errorf("err = %v, want %v", err, tc.cause)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v despite the 200ms timeout", d)
			}
		})
	}
}

func TestKMAHonoursContext(t *testing.T) {
	f := fakeupstream.New(t, fakeupstream.Hang)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := newKMA(f.URL, time.Minute).Current(ctx, jongno)
	if !errors.Is(err, weather.ErrUnavailable) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestKMAOutsideGrid(t *testing.T) {
	f := fakeupstream.New(t, fakeupstream.Hang)
	_, err := newKMA(f.URL, time.Second).Current(context.Background(), weather.Point{Lat: 35.68, Lon: 139.77})
	if !errors.Is(err, weather.ErrOutsideGrid) || f.Calls() != 0 {
		t.Errorf("err = %v, calls = %d", err, f.Calls())
	}
}

// TestKMAEncodedServiceKey: the "Encoding" form of a data.go.kr key is
// sent decoded once, not encoded twice.
func TestKMAEncodedServiceKey(t *testing.T) {
	f := fakeupstream.New(t, fakeupstream.Fixture(t, 200, jsonType, "testdata/kma/ultra_srt_ncst_ok.json"))
	k := newKMA(f.URL, time.Second)
	k.ServiceKey = "abc%2Bdef%3D%3D"
	if _, err := k.Current(context.Background(), jongno); err != nil {
		t.Fatal(err)
	}
	if got := f.Request(0).Query.Get("serviceKey"); got != "abc+def==" {
		t.Errorf("serviceKey = %q", got)
	}
}

func TestLatestBaseTime(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		now, want string
	}{
		{"2025-01-15T18:45:00+09:00", "2025-01-15T18:00:00+09:00"},
		{"2025-01-15T18:40:00+09:00", "2025-01-15T18:00:00+09:00"},
		{"2025-01-15T18:39:59+09:00", "2025-01-15T17:00:00+09:00"},
		{"2025-01-15T00:10:00+09:00", "2025-01-14T23:00:00+09:00"}, // across midnight
		{"2025-01-01T00:05:00+09:00", "2024-12-31T23:00:00+09:00"}, // across the year
		{"2025-01-15T09:50:00Z", "2025-01-15T18:00:00+09:00"},      // any zone in, Seoul out
	} {
		got := weather.LatestBaseTime(utc(tc.now))
		if !got.Equal(utc(tc.want)) || got.Location() != weather.Seoul {
			t.Errorf("LatestBaseTime(%s) = %v, want %s", tc.now, got, tc.want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		err  bool
	}{
		{"0.5", 0.5, false},
		{"0", 0, false},
		{"강수없음", 0, false},
		{"1.0mm 미만", 0.5, false},
		{"1mm 미만", 0.5, false},
		{"2.0mm", 2, false},
		{"30.0~50.0mm", 30, false},
		{"50.0mm 이상", 50, false},
		{"비", 0, true},
	} {
		got, err := weather.ParseAmount(tc.in)
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("ParseAmount(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestPTYPrecipitation(t *testing.T) {
	want := []string{"none", "rain", "rain_snow", "snow", "shower", "drizzle", "rain_snow", "snow", "none"}
	for code, w := range want {
		if got := weather.PTYPrecipitation(code); got != w {
			t.Errorf("PTY %d = %q, want %q", code, got, w)
		}
	}
}
