package weather

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"time"

	"mealbuddy/internal/config"
)

// Auto chooses the provider for a point: KMA when it is configured and the
// point lies in its grid, Open-Meteo otherwise. When KMA fails (quota, key,
// outage, a cell without data) Open-Meteo answers instead, so a KMA
// problem costs precision, not the feature.
type Auto struct {
	KMA       Provider // nil when no service key is configured
	OpenMeteo Provider
}

// kmaShare is the part of the remaining budget KMA may use, so that the
// fallback still has time to answer within the same budget.
const kmaShare = 0.6

// Current implements Provider.
func (a *Auto) Current(ctx context.Context, p Point) (Report, error) {
	if a.KMA == nil || !a.inGrid(p) {
		return a.OpenMeteo.Current(ctx, p)
	}
	kctx, cancel := ctx, context.CancelFunc(func() {})
	if deadline, ok := ctx.Deadline(); ok {
		share := time.Duration(float64(time.Until(deadline)) * kmaShare)
		kctx, cancel = context.WithTimeout(ctx, share)
	}
	r, kerr := a.KMA.Current(kctx, p)
	cancel()
	if kerr == nil {
		return r, nil
	}
	r, oerr := a.OpenMeteo.Current(ctx, p)
	if oerr != nil {
		return Report{}, errors.Join(kerr, oerr)
	}
	return r, nil
}

func (a *Auto) inGrid(p Point) bool {
	_, _, ok := toGrid(p)
	return ok
}

// Key is the cache cell of a point: the KMA grid cell (5 km) when KMA
// answers for it, else the point rounded to 0.01° (about 1 km), finer than
// Open-Meteo's own model grid.
func (a *Auto) Key(p Point) string {
	if a.KMA != nil {
		if nx, ny, ok := toGrid(p); ok {
			return fmt.Sprintf("kma:%d:%d", nx, ny)
		}
	}
	return fmt.Sprintf("om:%.2f:%.2f", round2(p.Lat), round2(p.Lon))
}

func round2(v float64) float64 {
	r := math.Round(v*100) / 100
	if r == 0 {
		return 0 // one key for -0.001 and 0.001
	}
	return r
}

// FromConfig builds the weather stack the server and the tests use: Auto
// behind a Cache, with the configured base URLs, key and budget. The
// Cache is the one place the budget is enforced: every upstream call runs
// under its deadline, so the HTTP client needs no timeout of its own.
func FromConfig(cfg config.Config) *Cache {
	budget := cfg.WeatherTimeout
	if budget <= 0 {
		budget = config.DefaultWeatherTimeout
	}
	client := &http.Client{}
	auto := &Auto{OpenMeteo: &OpenMeteo{BaseURL: cfg.OpenMeteoBaseURL, Client: client}}
	if cfg.KMAServiceKey != "" {
		auto.KMA = &KMA{BaseURL: cfg.KMABaseURL, ServiceKey: cfg.KMAServiceKey, Client: client}
	}
	return &Cache{Next: auto, Key: auto.Key, TTL: CacheTTL, Budget: budget}
}
