// Package weather answers "what is the weather at this point right now"
// for the weather route and the menu recommender (SPEC §3).
//
// Two providers sit behind one small interface: the Korea Meteorological
// Administration's ultra-short-term observations (KMA, needs a data.go.kr
// service key, covers the Korean grid) and Open-Meteo (keyless, worldwide).
// Auto picks between them, Cache puts a 10-minute, coalescing cache and the
// request budget in front, and FromConfig wires the whole stack the way the
// server and the tests use it.
package weather

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	_ "time/tzdata" // Asia/Seoul must resolve on machines without zoneinfo
)

// Sky values of the response (SPEC §3).
const (
	SkyClear        = "clear"
	SkyPartlyCloudy = "partly_cloudy"
	SkyCloudy       = "cloudy"
	SkyOvercast     = "overcast"
	SkyUnknown      = "unknown"
)

// Precipitation values of the response (SPEC §3).
const (
	PrecipNone     = "none"
	PrecipRain     = "rain"
	PrecipRainSnow = "rain_snow"
	PrecipSnow     = "snow"
	PrecipShower   = "shower"
	PrecipDrizzle  = "drizzle"
)

// Source names of the response.
const (
	SourceKMA       = "kma"
	SourceOpenMeteo = "open-meteo"
)

// Errors a provider wraps, so that callers and tests can tell the causes
// apart. The route maps every one of them to 503 weather_unavailable.
var (
	ErrUnavailable = errors.New("weather unavailable")
	ErrNoData      = errors.New("no data published for this base time")
	ErrQuota       = errors.New("provider quota exceeded")
	ErrKey         = errors.New("provider rejected the service key")
	ErrOutsideGrid = errors.New("point outside the provider's grid")
	ErrIncomplete  = errors.New("observation incomplete")
)

// Seoul is Asia/Seoul: KMA speaks in it, and so do the menu's meal times.
var Seoul = mustLoad("Asia/Seoul")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // unreachable: time/tzdata is embedded
	}
	return loc
}

// Point is a WGS84 position in degrees.
type Point struct {
	Lat float64
	Lon float64
}

// The range of a coordinate, in degrees either side of zero.
const (
	MaxLat = 90.0
	MaxLon = 180.0
)

// InRange reports whether the coordinate v lies in [-limit, limit]; NaN
// and ±Inf do not. It is the one range check, for Valid and for the
// routes, which name the offending field.
func InRange(v, limit float64) bool {
	return v >= -limit && v <= limit // false for NaN
}

// Valid reports whether p is a real position: finite and in range.
func (p Point) Valid() bool {
	return InRange(p.Lat, MaxLat) && InRange(p.Lon, MaxLon)
}

// Report is the normalised current weather, the JSON of SPEC §3.
type Report struct {
	Source          string   `json:"source"`
	Lat             float64  `json:"lat"`
	Lon             float64  `json:"lon"`
	ObservedAt      string   `json:"observedAt"` // RFC 3339
	Temperature     float64  `json:"temperature"`
	Humidity        float64  `json:"humidity"`
	WindSpeed       float64  `json:"windSpeed"`
	Sky             string   `json:"sky"`
	Precipitation   string   `json:"precipitation"`
	PrecipitationMm *float64 `json:"precipitationMm"`
	Summary         string   `json:"summary"`
}

// Provider returns the current weather at a point. Implementations honour
// ctx and wrap ErrUnavailable (or a more precise error above) on failure.
type Provider interface {
	Current(ctx context.Context, p Point) (Report, error)
}

var skyLabels = map[string]string{
	SkyClear:        "맑음",
	SkyPartlyCloudy: "구름조금",
	SkyCloudy:       "구름많음",
	SkyOvercast:     "흐림",
}

var precipLabels = map[string]string{
	PrecipRain:     "비",
	PrecipRainSnow: "비/눈",
	PrecipSnow:     "눈",
	PrecipShower:   "소나기",
	PrecipDrizzle:  "빗방울",
}

// Summary is the one-line Korean text of a report, e.g. "맑음 · 23.4℃".
// Falling rain or snow says more than the sky, so it wins; with neither
// known only the temperature is shown.
func Summary(r Report) string {
	temp := FormatTemp(r.Temperature)
	if l, ok := precipLabels[r.Precipitation]; ok {
		return l + " · " + temp
	}
	if l, ok := skyLabels[r.Sky]; ok {
		return l + " · " + temp
	}
	return temp
}

// FormatTemp formats a temperature with one decimal, never as "-0.0℃".
func FormatTemp(t float64) string {
	t = math.Round(t*10) / 10
	if t == 0 {
		t = 0 // drops the sign of -0
	}
	return strconv.FormatFloat(t, 'f', 1, 64) + "℃"
}

// unavailable wraps a provider failure so that errors.Is finds both the
// precise cause and ErrUnavailable.
func unavailable(provider string, cause error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if cause == nil {
		return fmt.Errorf("%s: %s: %w", provider, msg, ErrUnavailable)
	}
	return fmt.Errorf("%s: %s: %w", provider, msg, errors.Join(cause, ErrUnavailable))
}

// finish fills the fields every provider computes the same way.
func finish(r Report, p Point) Report {
	r.Lat, r.Lon = p.Lat, p.Lon
	r.Summary = Summary(r)
	return r
}
