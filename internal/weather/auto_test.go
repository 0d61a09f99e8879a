package weather_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mealbuddy/internal/config"
	"mealbuddy/internal/weather"
	"mealbuddy/testsupport/fakeupstream"
)

func TestAutoChoosesProvider(t *testing.T) {
	tokyo := weather.Point{Lat: 35.6812, Lon: 139.7671}
	failing := &stub{err: weather.ErrQuota}
	for _, tc := range []struct {
		name       string
		kma        weather.Provider
		p          weather.Point
		wantSource string
		wantKey    string
	}{
		{"no key: Open-Meteo", nil, jongno, "open-meteo", "om:37.57:126.98"},
		{"key, in grid: KMA", &named{"kma"}, jongno, "kma", "kma:60:127"},
		{"key, outside grid: Open-Meteo", &named{"kma"}, tokyo, "open-meteo", "om:35.68:139.77"},
		{"KMA fails: Open-Meteo", failing, jongno, "open-meteo", "kma:60:127"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &weather.Auto{KMA: tc.kma, OpenMeteo: &named{"open-meteo"}}
			r, err := a.Current(context.Background(), tc.p)
			if err != nil || r.Source != tc.wantSource {
				t.Errorf("source = %q, err = %v; want %q", r.Source, err, tc.wantSource)
			}
			if got := a.Key(tc.p); got != tc.wantKey {
				t.Errorf("key = %q, want %q", got, tc.wantKey)
			}
		})
	}
}

func TestAutoBothFail(t *testing.T) {
	a := &weather.Auto{KMA: &stub{err: weather.ErrQuota}, OpenMeteo: &stub{err: weather.ErrUnavailable}}
	_, err := a.Current(context.Background(), jongno)
	if !errors.Is(err, weather.ErrUnavailable) || !errors.Is(err, weather.ErrQuota) {
		t.Errorf("err = %v", err)
	}
}

// TestAutoLeavesTimeForFallback: a KMA that hangs gets only part of the
// budget, so Open-Meteo still answers within it.
func TestAutoLeavesTimeForFallback(t *testing.T) {
	a := &weather.Auto{KMA: &stub{release: make(chan struct{})}, OpenMeteo: &named{"open-meteo"}}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r, err := a.Current(ctx, jongno)
	if err != nil || r.Source != "open-meteo" {
		t.Errorf("source = %q, err = %v", r.Source, err)
	}
}

// named answers with its name as the source.
type named struct{ source string }

func (n *named) Current(ctx context.Context, p weather.Point) (weather.Report, error) {
	if err := ctx.Err(); err != nil {
		return weather.Report{}, err
	}
	return weather.Report{Source: n.source, Lat: p.Lat, Lon: p.Lon}, nil
}

// TestFromConfig wires the real stack to fake KMA and Open-Meteo servers
// the way the server does, from configuration only.
func TestFromConfig(t *testing.T) {
	kma := fakeupstream.New(t, fakeupstream.Fixture(t, 200, jsonType, "testdata/kma/ultra_srt_ncst_ok.json"))
	om := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", "testdata/openmeteo/current_ok.json"))
	cfg := config.Default()
	cfg.KMABaseURL = kma.URL
	cfg.OpenMeteoBaseURL = om.URL
	cfg.WeatherTimeout = time.Second
	ctx := context.Background()

	t.Run("without a key only Open-Meteo is asked", func(t *testing.T) {
		r, err := weather.FromConfig(cfg).Current(ctx, jongno)
		if err != nil || r.Source != "open-meteo" || kma.Calls() != 0 {
			t.Errorf("source %q err %v kma calls %d", r.Source, err, kma.Calls())
		}
	})
	t.Run("with a key KMA answers and is cached", func(t *testing.T) {
		cfg := cfg
		cfg.KMAServiceKey = "k"
		w := weather.FromConfig(cfg)
		for range 3 {
			r, err := w.Current(ctx, jongno)
			if err != nil || r.Source != "kma" {
				t.Fatalf("source %q err %v", r.Source, err)
			}
		}
		if kma.Calls() != 1 {
			t.Errorf("kma calls = %d, want 1", kma.Calls())
		}
	})
	t.Run("a hanging provider costs at most the budget", func(t *testing.T) {
		slow := fakeupstream.New(t, fakeupstream.Hang)
		cfg := cfg
		cfg.OpenMeteoBaseURL = slow.URL
		cfg.WeatherTimeout = 100 * time.Millisecond
		start := time.Now()
		_, err := weather.FromConfig(cfg).Current(ctx, jongno)
		if !errors.Is(err, weather.ErrUnavailable) {
			t.Errorf("err = %v", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("took %v", d)
		}
	})
}
