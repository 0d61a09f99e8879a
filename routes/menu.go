package routes

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/config"
	"mealbuddy/internal/menu"
	"mealbuddy/internal/menustore"
	"mealbuddy/internal/weather"
)

// maxMenuMessage is the longest wish, in characters (SPEC §3).
const maxMenuMessage = 500

// menuRoutes serves POST and DELETE /api/mealbuddy/menu.
type menuRoutes struct {
	weather weather.Provider
	rec     menu.Recommender
}

// newMenu builds the menu routes from cfg: the OpenAI-compatible endpoint
// with the offline recommender behind it when a key is configured, the
// offline recommender alone otherwise.
func newMenu(app core.App, cfg config.Config, w weather.Provider) *menuRoutes {
	var rec menu.Recommender = menu.Offline{}
	if cfg.OpenAIAPIKey != "" {
		rec = &menu.Fallback{
			Primary: menu.NewOpenAI(menu.OpenAIConfig{APIKey: cfg.OpenAIAPIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel}),
			Offline: menu.Offline{},
			OnError: func(err error) {
				app.Logger().Warn("menu endpoint failed; answered offline", "error", err.Error())
			},
		}
	}
	return &menuRoutes{weather: w, rec: rec}
}

// menuAnswer is the response of POST /api/mealbuddy/menu.
type menuAnswer struct {
	Source      string            `json:"source"`
	Reply       string            `json:"reply"`
	Suggestions []menu.Suggestion `json:"suggestions"`
	Weather     *weather.Report   `json:"weather"`
	Remaining   int               `json:"remaining"`
}

// ask answers a menu question. The order matters: the request is
// validated first (a 400 costs no question), then one question is
// reserved in its own short transaction (429 when none is left), and only
// then are the weather and the recommender asked, outside any
// transaction; the conversation is stored last.
func (m *menuRoutes) ask(e *core.RequestEvent) error {
	var body struct {
		Message string `json:"message"`
		Lat     any    `json:"lat"`
		Lon     any    `json:"lon"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Failed to read the request body.", err)
	}
	msg := strings.TrimSpace(body.Message)
	if utf8.RuneCountInString(msg) > maxMenuMessage {
		return apperr.New("message", apperr.TooLong, fmt.Sprintf("The message may have at most %d characters.", maxMenuMessage))
	}
	lat, latSet := rawCoordinate(body.Lat)
	lon, lonSet := rawCoordinate(body.Lon)
	p, err := pointFrom(lat, lon, latSet, lonSet)
	if err != nil {
		return err
	}
	if p == nil {
		p = homePoint(e.Auth) // may stay nil: then we do without weather
	}

	now := clock.Now(e.App)
	remaining, err := menustore.Reserve(e.App, e.Auth.Id, now)
	if errors.Is(err, menustore.ErrDailyLimit) {
		return apperr.WithStatus(http.StatusTooManyRequests, "menu", apperr.DailyLimit,
			fmt.Sprintf("You have asked for %d menu suggestions today. Please come back tomorrow.", menustore.DailyLimit))
	}
	if err != nil {
		return e.InternalServerError("Failed to count the question.", err)
	}

	var report *weather.Report
	if p != nil {
		if r, err := currentWeather(e, m.weather, *p); err == nil {
			report = &r
		}
	}
	history, err := menustore.Turns(e.App, e.Auth.Id)
	if err != nil {
		e.App.Logger().Warn("menu: reading the conversation failed", "error", err.Error())
	}
	req := menu.Request{Message: msg, Weather: report, Now: now, History: history}
	// newMenu's recommenders never fail: Offline always answers and
	// Fallback ends in Offline.
	answer, _ := m.rec.Recommend(e.Request.Context(), req)

	err = menustore.AppendTurns(e.App, e.Auth.Id,
		menu.Turn{Role: "user", Content: req.Question()},
		menu.Turn{Role: "assistant", Content: menu.Transcript(answer)})
	if err != nil {
		e.App.Logger().Warn("menu: storing the conversation failed", "error", err.Error())
	}

	return e.JSON(http.StatusOK, menuAnswer{
		Source: answer.Source, Reply: answer.Reply, Suggestions: answer.Suggestions,
		Weather: report, Remaining: remaining,
	})
}

// forget clears the caller's conversation; the day's count stays.
func (m *menuRoutes) forget(e *core.RequestEvent) error {
	if err := menustore.Forget(e.App, e.Auth.Id); err != nil {
		return e.InternalServerError("Failed to clear the conversation.", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// rawCoordinate reads a JSON coordinate as text for pointFrom: a number
// or a numeric string; null or missing is unset. Anything else (true,
// {}, []) becomes text that pointFrom rejects.
func rawCoordinate(v any) (s string, set bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case string:
		return v, true
	}
	return fmt.Sprint(v), true
}
