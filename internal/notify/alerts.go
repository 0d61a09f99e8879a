package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/category"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/schema"
	"mealbuddy/internal/weather"
)

// alertCooldown: at most one notification per alert per hour.
const alertCooldown = time.Hour

// Alert is a craving alert as the matcher sees it.
type Alert struct {
	Category         string // "" any
	FromHour, ToHour int    // Asia/Seoul, [from, to); equal = all day; may wrap midnight
	Weather          string // schema.Weather…
}

// InWindow reports whether hour (0–23) lies in the window from–to: from
// included, to excluded (18–22 is 18:00 to 21:59), wrapping midnight when
// from > to (22–2 is 22:00 to 01:59); from = to is the whole day.
func InWindow(from, to, hour int) bool {
	switch {
	case from == to:
		return true
	case from < to:
		return hour >= from && hour < to
	default:
		return hour >= from || hour < to
	}
}

// WeatherMatches reports whether the weather w satisfies want; nil w is
// weather that could not be had, which fails only alerts asking for some.
func WeatherMatches(want string, w *weather.Report) bool {
	switch want {
	case "", schema.WeatherAny:
		return true
	case schema.WeatherRain:
		return w != nil && w.Precipitation != weather.PrecipNone && w.Precipitation != ""
	case schema.WeatherCold:
		return w != nil && w.Temperature < 5
	case schema.WeatherHot:
		return w != nil && w.Temperature > 28
	}
	return false
}

// Matches reports whether a post of category opened at the Seoul hour,
// under weather w, is what the alert waits for.
func (a Alert) Matches(cat string, hour int, w *weather.Report) bool {
	return (a.Category == "" || a.Category == cat) && InWindow(a.FromHour, a.ToHour, hour) && WeatherMatches(a.Weather, w)
}

// Summary is the alert's one line, as the profile lists it: "비 오는 날
// 18시–22시 치킨".
func (a Alert) Summary() string {
	s := ""
	switch a.Weather {
	case schema.WeatherRain:
		s = "비 오는 날 "
	case schema.WeatherCold:
		s = "추운 날 "
	case schema.WeatherHot:
		s = "더운 날 "
	}
	if a.FromHour == a.ToHour {
		s += "하루 종일 "
	} else {
		s += fmt.Sprintf("%d시–%d시 ", a.FromHour, a.ToHour)
	}
	if a.Category == "" {
		return s + "아무 메뉴"
	}
	return s + category.Label(a.Category)
}

// matchAlerts tells the neighbours whose alerts a new post matches. The
// alerts are found by the post's neighbourhood (idx_alerts_address), so a
// post is compared with its neighbourhood's alerts only; the weather is
// asked once, and only when an alert needs it.
func (n *Notifier) matchAlerts(postId string) {
	post, err := n.app.FindRecordById(schema.Posts, postId)
	if err != nil {
		return // deleted meanwhile
	}
	var rows []struct {
		Id       string         `db:"id"`
		User     string         `db:"user"`
		Category string         `db:"category"`
		From     int            `db:"fromHour"`
		To       int            `db:"toHour"`
		Weather  string         `db:"weather"`
		FiredAt  types.DateTime `db:"firedAt"`
	}
	err = n.app.DB().Select("id", "user", "category", "fromHour", "toHour", "weather", "firedAt").
		From(schema.Alerts).
		Where(dbx.HashExp{"address": post.GetString("address")}).
		AndWhere(dbx.Not(dbx.HashExp{"user": post.GetString("host")})).
		AndWhere(dbx.Or(dbx.HashExp{"category": ""}, dbx.HashExp{"category": post.GetString("category")})).
		All(&rows)
	if err != nil || len(rows) == 0 {
		return
	}

	now := clock.Now(n.app)
	hour := now.In(weather.Seoul).Hour()
	var w *weather.Report
	asked := false
	told := map[string]bool{}
	var notices []Notice
	for _, r := range rows {
		a := Alert{Category: r.Category, FromHour: r.From, ToHour: r.To, Weather: r.Weather}
		if told[r.User] || (!r.FiredAt.IsZero() && now.Sub(r.FiredAt.Time()) < alertCooldown) {
			continue
		}
		if !InWindow(a.FromHour, a.ToHour, hour) || (a.Category != "" && a.Category != post.GetString("category")) {
			continue
		}
		if !WeatherMatches(a.Weather, nil) && !asked {
			w, asked = n.weatherFor(post, r.User), true
		}
		if !a.Matches(post.GetString("category"), hour, w) {
			continue
		}
		fired, _ := types.ParseDateTime(now)
		if _, err := n.app.DB().Update(schema.Alerts, dbx.Params{"firedAt": fired.String()}, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			n.app.Logger().Warn("notify: could not mark an alert fired", "error", err)
			continue
		}
		told[r.User] = true
		notices = append(notices, Notice{
			User: r.User, Kind: schema.NoticeAlert, Post: post.Id,
			Title: "배고플 때 알림: " + a.Summary(),
			Body:  fmt.Sprintf("%s 모집이 열렸어요 — %s", category.Label(post.GetString("category")), post.GetString("title")),
		})
	}
	n.deliver(notices)
}

// weatherFor is the current weather where the post's food goes: its
// pickup location, else its host's home, else the recipient's; nil when
// none is set or the weather cannot be had.
func (n *Notifier) weatherFor(post *core.Record, recipient string) *weather.Report {
	if n.weather == nil {
		return nil
	}
	points := []types.GeoPoint{post.GetGeoPoint("location")}
	for _, id := range []string{post.GetString("host"), recipient} {
		if u, err := n.app.FindRecordById(schema.Users, id); err == nil {
			points = append(points, u.GetGeoPoint("location"))
		}
	}
	for _, g := range points {
		if g.Lat == 0 && g.Lon == 0 {
			continue
		}
		r, err := n.weather.Current(context.Background(), weather.Point{Lat: g.Lat, Lon: g.Lon})
		if err != nil {
			return nil
		}
		return &r
	}
	return nil
}
