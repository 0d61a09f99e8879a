package notify_test

import (
	"testing"

	"mealbuddy/internal/notify"
	"mealbuddy/internal/weather"
)

func TestInWindow(t *testing.T) {
	cases := []struct {
		from, to, hour int
		want           bool
	}{
		{18, 22, 18, true}, {18, 22, 21, true}, {18, 22, 22, false}, {18, 22, 17, false},
		{22, 2, 22, true}, {22, 2, 23, true}, {22, 2, 0, true}, {22, 2, 1, true}, {22, 2, 2, false}, {22, 2, 12, false},
		{0, 0, 0, true}, {9, 9, 3, true}, {9, 9, 23, true}, // equal: all day
		{23, 0, 23, true}, {23, 0, 0, false},
	}
	for _, c := range cases {
		if got := notify.InWindow(c.from, c.to, c.hour); got != c.want {
			t.Errorf("InWindow(%d, %d, %d) = %v, want %v", c.from, c.to, c.hour, got, c.want)
		}
	}
}

func TestWeatherMatches(t *testing.T) {
	at := func(temp float64, precip string) *weather.Report {
		return &weather.Report{Temperature: temp, Precipitation: precip}
	}
	cases := []struct {
		name string
		want string
		w    *weather.Report
		ok   bool
	}{
		{"any weather, weather unknown", "any", nil, true},
		{"no weather asked, weather unknown", "", nil, true},
		{"rain when it rains", "rain", at(12, weather.PrecipRain), true},
		{"rain when it snows", "rain", at(-1, weather.PrecipSnow), true},
		{"rain when it showers", "rain", at(20, weather.PrecipShower), true},
		{"rain when it drizzles", "rain", at(15, weather.PrecipDrizzle), true},
		{"rain when it is dry", "rain", at(15, weather.PrecipNone), false},
		{"rain, weather unknown", "rain", nil, false},
		{"cold below 5 ℃", "cold", at(4.9, weather.PrecipNone), true},
		{"cold at 5 ℃", "cold", at(5, weather.PrecipNone), false},
		{"hot above 28 ℃", "hot", at(28.1, weather.PrecipNone), true},
		{"hot at 28 ℃", "hot", at(28, weather.PrecipNone), false},
		{"hot, weather unknown", "hot", nil, false},
	}
	for _, c := range cases {
		if got := notify.WeatherMatches(c.want, c.w); got != c.ok {
			t.Errorf("%s: %v, want %v", c.name, got, c.ok)
		}
	}
}

func TestAlertSummary(t *testing.T) {
	cases := []struct {
		a    notify.Alert
		want string
	}{
		{notify.Alert{Category: "chicken", FromHour: 18, ToHour: 22, Weather: "rain"}, "비 오는 날 18시–22시 치킨"},
		{notify.Alert{FromHour: 22, ToHour: 2, Weather: "any"}, "22시–2시 아무 메뉴"},
		{notify.Alert{Category: "pizza", FromHour: 0, ToHour: 0, Weather: "cold"}, "추운 날 하루 종일 피자"},
		{notify.Alert{Category: "cafe_dessert", FromHour: 13, ToHour: 17, Weather: "hot"}, "더운 날 13시–17시 카페·디저트"},
	}
	for _, c := range cases {
		if got := c.a.Summary(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.a, got, c.want)
		}
	}
}
