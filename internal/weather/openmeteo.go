package weather

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// openMeteoCurrent is the list of current variables we ask for.
const openMeteoCurrent = "temperature_2m,relative_humidity_2m,precipitation,rain,showers,snowfall,weather_code,cloud_cover,wind_speed_10m"

// OpenMeteo reads the current weather from Open-Meteo's forecast API. It
// needs no key and covers the whole world.
type OpenMeteo struct {
	BaseURL string       // up to and including /v1
	Client  *http.Client // the deadline comes with ctx (Cache.Budget)
}

// openMeteoAnswer holds pointers so that a missing value is an error,
// never a zero that looks like 0 ℃.
type openMeteoAnswer struct {
	Error            bool   `json:"error"`
	Reason           string `json:"reason"`
	UTCOffsetSeconds int    `json:"utc_offset_seconds"`
	CurrentUnits     struct {
		WindSpeed string `json:"wind_speed_10m"`
	} `json:"current_units"`
	Current *struct {
		Time          string   `json:"time"`
		Temperature   *float64 `json:"temperature_2m"`
		Humidity      *float64 `json:"relative_humidity_2m"`
		Precipitation *float64 `json:"precipitation"`
		WeatherCode   *int     `json:"weather_code"`
		CloudCover    *float64 `json:"cloud_cover"`
		WindSpeed     *float64 `json:"wind_speed_10m"`
	} `json:"current"`
}

// Current implements Provider.
func (o *OpenMeteo) Current(ctx context.Context, p Point) (Report, error) {
	q := url.Values{}
	q.Set("latitude", strconv.FormatFloat(p.Lat, 'f', 4, 64))
	q.Set("longitude", strconv.FormatFloat(p.Lon, 'f', 4, 64))
	q.Set("current", openMeteoCurrent)
	q.Set("timezone", "auto")
	q.Set("wind_speed_unit", "ms")
	u := strings.TrimRight(o.BaseURL, "/") + "/forecast?" + q.Encode()

	body, status, _, err := get(ctx, o.Client, u)
	if err != nil {
		return Report{}, unavailable(SourceOpenMeteo, err, "request failed")
	}
	var a openMeteoAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return Report{}, unavailable(SourceOpenMeteo, err, "HTTP %d with an undecodable body", status)
	}
	if status != http.StatusOK || a.Error {
		return Report{}, unavailable(SourceOpenMeteo, nil, "HTTP %d: %s", status, a.Reason)
	}
	c := a.Current
	if c == nil || c.Temperature == nil || c.Humidity == nil || c.WindSpeed == nil || c.WeatherCode == nil {
		return Report{}, unavailable(SourceOpenMeteo, ErrIncomplete, "current values missing")
	}

	// "time" is local wall time without an offset; the offset comes apart.
	zone := time.FixedZone("", a.UTCOffsetSeconds)
	observed, err := time.ParseInLocation("2006-01-02T15:04", c.Time, zone)
	if err != nil {
		return Report{}, unavailable(SourceOpenMeteo, ErrIncomplete, "bad time %q", c.Time)
	}

	wind := *c.WindSpeed
	if a.CurrentUnits.WindSpeed == "km/h" { // a proxy that dropped wind_speed_unit
		wind /= 3.6
	}
	sky, precip := wmo(*c.WeatherCode)
	if c.CloudCover != nil && precip == PrecipNone && sky != SkyOvercast {
		sky = cloudCoverSky(*c.CloudCover)
	}
	r := Report{
		Source:          SourceOpenMeteo,
		ObservedAt:      observed.Format(time.RFC3339),
		Temperature:     *c.Temperature,
		Humidity:        *c.Humidity,
		WindSpeed:       wind,
		Sky:             sky,
		Precipitation:   precip,
		PrecipitationMm: c.Precipitation,
	}
	return finish(r, p), nil
}

// wmo maps a WMO weather interpretation code to our sky and
// precipitation. Fog counts as overcast; freezing drizzle and rain count as
// drizzle and rain; thunderstorms as rain; snow showers as snow.
func wmo(code int) (sky, precip string) {
	switch code {
	case 0:
		return SkyClear, PrecipNone
	case 1:
		return SkyClear, PrecipNone // "mainly clear"
	case 2:
		return SkyPartlyCloudy, PrecipNone
	case 3, 45, 48:
		return SkyOvercast, PrecipNone
	case 51, 53, 55, 56, 57:
		return SkyOvercast, PrecipDrizzle
	case 61, 63, 65, 66, 67, 95, 96, 99:
		return SkyOvercast, PrecipRain
	case 71, 73, 75, 77, 85, 86:
		return SkyOvercast, PrecipSnow
	case 80, 81, 82:
		return SkyCloudy, PrecipShower
	}
	return SkyUnknown, PrecipNone
}

// cloudCoverSky refines a dry sky with the cloud cover in %, in the steps
// of KMA's 맑음 / 구름조금 / 구름많음 / 흐림.
func cloudCoverSky(cover float64) string {
	switch {
	case cover <= 20:
		return SkyClear
	case cover <= 50:
		return SkyPartlyCloudy
	case cover <= 80:
		return SkyCloudy
	}
	return SkyOvercast
}
