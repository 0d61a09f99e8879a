package weather_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"mealbuddy/internal/weather"
	"mealbuddy/testsupport/fakeupstream"
)

var cityHall = weather.Point{Lat: 37.5665, Lon: 126.978}

func newOpenMeteo(url string, timeout time.Duration) *weather.OpenMeteo {
	return &weather.OpenMeteo{BaseURL: url, Client: &http.Client{Timeout: timeout}}
}

func TestOpenMeteoSuccess(t *testing.T) {
	f := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", "testdata/openmeteo/current_ok.json"))
	r, err := newOpenMeteo(f.URL+"/v1", time.Second).Current(context.Background(), cityHall)
	if err != nil {
		t.Fatal(err)
	}
	if r.Source != "open-meteo" || r.Temperature != 3.4 || r.Humidity != 87 || r.WindSpeed != 2.6 {
		t.Errorf("values: %+v", r)
	}
	if r.Precipitation != "rain" || r.Sky != "overcast" || r.PrecipitationMm == nil || *r.PrecipitationMm != 0.4 {
		t.Errorf("precipitation/sky: %+v", r)
	}
	if r.ObservedAt != "2025-01-15T18:00:00+09:00" || r.Summary != "비 · 3.4℃" {
		t.Errorf("observedAt %q summary %q", r.ObservedAt, r.Summary)
	}
	// the answer's own latitude (37.55, the model cell) is not echoed
	if r.Lat != cityHall.Lat || r.Lon != cityHall.Lon {
		t.Errorf("point = %v, %v", r.Lat, r.Lon)
	}

	if f.Request(0).Path != "/v1/forecast" {
		t.Errorf("path = %q", f.Request(0).Path)
	}
	q := f.Request(0).Query
	for k, want := range map[string]string{
		"latitude": "37.5665", "longitude": "126.9780", "wind_speed_unit": "ms", "timezone": "auto",
		"current": "temperature_2m,relative_humidity_2m,precipitation,rain,showers,snowfall,weather_code,cloud_cover,wind_speed_10m",
	} {
		if got := q.Get(k); got != want {
			t.Errorf("query %s = %q, want %q", k, got, want)
		}
	}
}

func TestOpenMeteoFailures(t *testing.T) {
	raw := func(status int, body string) fakeupstream.Handler {
		return fakeupstream.Respond(status, "application/json", body)
	}
	for _, tc := range []struct {
		name   string
		handle fakeupstream.Handler
	}{
		{"error body with 400", fakeupstream.Fixture(t, 400, "application/json", "testdata/openmeteo/error.json")},
		{"error body with 200", fakeupstream.Fixture(t, 200, "application/json", "testdata/openmeteo/error.json")},
		{"no current block", raw(200, `{"latitude":37.55,"longitude":127.0}`)},
		{"temperature missing", raw(200, `{"current":{"time":"2025-01-15T18:00","relative_humidity_2m":87,"weather_code":0,"wind_speed_10m":1}}`)},
		{"HTTP 503 empty", raw(503, ``)},
		{"broken JSON", raw(200, `{"current":`)},
		{"slow server", fakeupstream.Hang},
		{"dropped connection", fakeupstream.Drop},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakeupstream.New(t, tc.handle)
			start := time.Now()
			_, err := newOpenMeteo(f.URL, 200*time.Millisecond).Current(context.Background(), cityHall)
			if !errors.Is(err, weather.ErrUnavailable) {
				t.Fatalf("err = %v, want ErrUnavailable", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v despite the 200ms timeout", d)
			}
		})
	}
}

func TestWMO(t *testing.T) {
	for _, tc := range []struct {
		code        int
		sky, precip string
	}{
		{0, "clear", "none"},
		{2, "partly_cloudy", "none"},
		{3, "overcast", "none"},
		{45, "overcast", "none"},
		{53, "overcast", "drizzle"},
		{61, "overcast", "rain"},
		{67, "overcast", "rain"},
		{73, "overcast", "snow"},
		{81, "cloudy", "shower"},
		{86, "overcast", "snow"},
		{95, "overcast", "rain"},
		{42, "unknown", "none"},
	} {
		sky, precip := weather.WMO(tc.code)
		if sky != tc.sky || precip != tc.precip {
			t.Errorf("WMO %d = %q, %q; want %q, %q", tc.code, sky, precip, tc.sky, tc.precip)
		}
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		r    weather.Report
		want string
	}{
		{weather.Report{Sky: "clear", Precipitation: "none", Temperature: 23.44}, "맑음 · 23.4℃"},
		{weather.Report{Sky: "overcast", Precipitation: "snow", Temperature: -2}, "눈 · -2.0℃"},
		{weather.Report{Sky: "unknown", Precipitation: "none", Temperature: -0.04}, "0.0℃"},
		{weather.Report{Sky: "cloudy", Precipitation: "none", Temperature: 5}, "구름많음 · 5.0℃"},
	} {
		if got := weather.Summary(tc.r); got != tc.want {
			t.Errorf("Summary(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}
