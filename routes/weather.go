package routes

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/weather"
)

// weatherHandler serves GET /api/mealbuddy/weather?lat=…&lon=… (SPEC §3).
// Without lat and lon it uses the caller's home location. Whatever the
// provider does, the answer comes within the budget that w (weather.Cache)
// keeps: the weather, 400 invalid_coordinates, or 503 weather_unavailable.
func weatherHandler(w weather.Provider) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		q := e.Request.URL.Query()
		p, err := pointFrom(q.Get("lat"), q.Get("lon"), q.Has("lat"), q.Has("lon"))
		if err != nil {
			return err
		}
		if p == nil {
			if p = homePoint(e.Auth); p == nil {
				return apperr.New("location", apperr.InvalidCoordinates,
					"Give lat and lon, or set a home location in your profile.")
			}
		}
		r, err := currentWeather(e, w, *p)
		if err != nil {
			return apperr.WithStatus(http.StatusServiceUnavailable, "weather", apperr.WeatherUnavailable,
				"The weather service is not available right now. Please try again later.")
		}
		return e.JSON(http.StatusOK, r)
	}
}

// currentWeather asks w and logs a failure; the callers decide what a
// failure means for their answer.
func currentWeather(e *core.RequestEvent, w weather.Provider, p weather.Point) (weather.Report, error) {
	r, err := w.Current(e.Request.Context(), p)
	if err != nil {
		e.App.Logger().Warn("weather unavailable", "lat", p.Lat, "lon", p.Lon, "error", err.Error())
	}
	return r, err
}

// homePoint is the user's location field, or nil when it is unset (0, 0).
func homePoint(user *core.Record) *weather.Point {
	if user == nil {
		return nil
	}
	g := user.GetGeoPoint("location")
	if g.Lat == 0 && g.Lon == 0 {
		return nil
	}
	return &weather.Point{Lat: g.Lat, Lon: g.Lon}
}

// pointFrom validates a pair of raw coordinates. Neither given: nil, nil
// (the caller falls back to the home location). One without the other,
// a non-number or a value out of range: 400 invalid_coordinates on the
// offending field.
func pointFrom(lat, lon string, latSet, lonSet bool) (*weather.Point, error) {
	lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
	latSet, lonSet = latSet && lat != "", lonSet && lon != ""
	if !latSet && !lonSet {
		return nil, nil
	}
	la, err := coordinate("lat", lat, latSet, weather.MaxLat)
	if err != nil {
		return nil, err
	}
	lo, err := coordinate("lon", lon, lonSet, weather.MaxLon)
	if err != nil {
		return nil, err
	}
	return &weather.Point{Lat: la, Lon: lo}, nil
}

func coordinate(field, raw string, set bool, limit float64) (float64, error) {
	if !set {
		return 0, apperr.New(field, apperr.InvalidCoordinates, fmt.Sprintf("Give both lat and lon; %s is missing.", field))
	}
	v, err := strconv.ParseFloat(raw, 64)
	// ParseFloat accepts "NaN" and "Inf"; the range check rejects them
	if err != nil || !weather.InRange(v, limit) {
		return 0, apperr.New(field, apperr.InvalidCoordinates,
			fmt.Sprintf("%s must be a number between %v and %v.", field, -limit, limit))
	}
	return v, nil
}
