package menu_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"
	"unicode"

	"mealbuddy/internal/category"
	"mealbuddy/internal/menu"
	"mealbuddy/internal/weather"
)

func report(temp float64, precip, sky string) *weather.Report {
	r := weather.Report{Temperature: temp, Precipitation: precip, Sky: sky, Humidity: 60, WindSpeed: 2}
	r.Summary = weather.Summary(r)
	return &r
}

func at(hour int) time.Time { return time.Date(2025, 1, 15, hour, 5, 0, 0, weather.Seoul) }

func recommend(t testing.TB, req menu.Request) menu.Answer {
	t.Helper()
	a, err := menu.Offline{}.Recommend(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// checkAnswer asserts the contract of SPEC §3 and the offline promise:
// five distinct dishes, valid categories, at least three of them, and a
// Korean reason for each.
func checkAnswer(t *testing.T, a menu.Answer, minCategories int) {
	t.Helper()
	if len(a.Suggestions) != menu.Count {
		t.Fatalf("%d suggestions: %+v", len(a.Suggestions), a.Suggestions)
	}
	if !korean(a.Reply) {
		t.Errorf("reply %q", a.Reply)
	}
	names, cats := map[string]bool{}, map[string]bool{}
	for _, s := range a.Suggestions {
		if s.Name == "" || names[s.Name] {
			t.Errorf("empty or repeated name %q", s.Name)
		}
		names[s.Name] = true
		if !category.Valid(s.Category) {
			t.Errorf("%s: invalid category %q", s.Name, s.Category)
		}
		cats[s.Category] = true
		if !korean(s.Reason) {
			t.Errorf("%s: reason %q", s.Name, s.Reason)
		}
	}
	if len(cats) < minCategories {
		t.Errorf("%d categories, want at least %d: %+v", len(cats), minCategories, a.Suggestions)
	}
}

func korean(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// TestOfflineAlwaysValid runs the recommender over every combination of
// weather, meal and wish it distinguishes.
func TestOfflineAlwaysValid(t *testing.T) {
	weathers := []*weather.Report{
		nil, report(-12, "snow", "overcast"), report(3.2, "rain", "overcast"), report(9, "none", "cloudy"),
		report(17, "drizzle", "overcast"), report(23, "none", "clear"), report(33, "shower", "cloudy"),
	}
	wishes := []string{"", "매운 거", "안 매운 국물", "가벼운 혼밥", "고기 든든하게", "달달한 디저트", "치킨", "시원한 거",
		"야식", "피자 말고 아무거나", "김치찌개 먹고 싶어", "pizza", "ㅋㅋ 아무거나", "회사 점심 밥 뭐 먹지"}
	for _, w := range weathers {
		for _, h := range []int{0, 7, 12, 15, 19, 22} {
			for _, wish := range wishes {
				name := fmt.Sprintf("%v/%02dh/%s", w != nil, h, wish)
				if w != nil {
					name = fmt.Sprintf("%s/%s/%02dh/%s", weather.FormatTemp(w.Temperature), w.Precipitation, h, wish)
				}
				t.Run(name, func(t *testing.T) {
					a := recommend(t, menu.Request{Message: wish, Weather: w, Now: at(h)})
					if a.Source != "offline" {
						t.Errorf("source %q", a.Source)
					}
					checkAnswer(t, a, 3)
				})
			}
		}
	}
}

func TestOfflineDeterministic(t *testing.T) {
	req := menu.Request{Message: "국물 있는 거", Weather: report(3.2, "rain", "overcast"), Now: at(18)}
	first := recommend(t, req)
	for range 50 {
		if again := recommend(t, req); !reflect.DeepEqual(first, again) {
			t.Fatalf("answers differ:\n%+v\n%+v", first, again)
		}
	}
	// The same wish a day later may be ordered differently but stays valid.
	req.Now = req.Now.Add(24 * time.Hour)
	checkAnswer(t, recommend(t, req), 3)
}

// TestOfflineRules: each rule moves the answer the way it should.
func TestOfflineRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		req   menu.Request
		trait string
		min   int // at least this many of the five have trait
		max   int // at most this many (-1: no upper bound)
	}{
		{"cold rainy evening: soups", menu.Request{Weather: report(3.2, "rain", "overcast"), Now: at(18)}, "soup", 4, -1},
		{"cold: nothing cold", menu.Request{Weather: report(-5, "none", "clear"), Now: at(12)}, "cold", 0, 0},
		{"heat wave: cold dishes", menu.Request{Weather: report(33, "none", "clear"), Now: at(13)}, "cold", 3, -1},
		{"rain: rainy-day dishes", menu.Request{Weather: report(18, "rain", "overcast"), Now: at(19)}, "rainy", 2, -1},
		{"breakfast: light morning dishes", menu.Request{Now: at(7)}, "morning", 4, -1},
		{"late night: 야식", menu.Request{Now: at(23)}, "lateNight", 4, -1},
		{"afternoon: snacks", menu.Request{Now: at(15)}, "snack", 3, -1},
		{"wish 매운", menu.Request{Message: "매운 거 땡겨", Now: at(12)}, "spicy", 4, -1},
		{"wish 안 매운", menu.Request{Message: "안 매운 걸로", Weather: report(3, "none", "clear"), Now: at(19)}, "spicy", 0, 0},
		{"wish 국물", menu.Request{Message: "국물 요리", Weather: report(30, "none", "clear"), Now: at(12)}, "soup", 4, -1},
		{"wish 가벼운", menu.Request{Message: "가벼운 거", Now: at(19)}, "light", 4, -1},
		{"wish 고기", menu.Request{Message: "고기!", Now: at(12)}, "meaty", 4, -1},
		{"wish 달달", menu.Request{Message: "달달한 거", Now: at(12)}, "sweet", 4, -1},
		{"wish 혼밥", menu.Request{Message: "혼밥", Now: at(19)}, "solo", 5, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := recommend(t, tc.req)
			n := 0
			for _, s := range a.Suggestions {
				if menu.HasTrait(s.Name, tc.trait) {
					n++
				}
			}
			if n < tc.min || (tc.max >= 0 && n > tc.max) {
				t.Errorf("%d of 5 are %s, want %d..%d: %+v", n, tc.trait, tc.min, tc.max, a.Suggestions)
			}
		})
	}
}

func TestOfflineWishedCategoryAndDish(t *testing.T) {
	a := recommend(t, menu.Request{Message: "치킨 먹고 싶다", Now: at(19)})
	if a.Suggestions[0].Category != "chicken" || a.Suggestions[1].Category != "chicken" {
		t.Errorf("want chicken first: %+v", a.Suggestions)
	}
	a = recommend(t, menu.Request{Message: "떡볶이", Now: at(9)})
	if a.Suggestions[0].Name != "떡볶이" {
		t.Errorf("want 떡볶이 first: %+v", a.Suggestions)
	}
}

func TestOfflineReplyMentionsWeather(t *testing.T) {
	a := recommend(t, menu.Request{Weather: report(3.2, "rain", "overcast"), Now: at(18)})
	if a.Reply != "비가 오는 추운 저녁이에요(3.2℃). 따뜻한 메뉴 위주로 다섯 가지 골라봤어요." {
		t.Errorf("reply %q", a.Reply)
	}
	a = recommend(t, menu.Request{Now: at(15)})
	if a.Reply != "오후예요. 이웃과 함께 주문하기 좋은 메뉴 다섯 가지를 골라봤어요." {
		t.Errorf("reply %q", a.Reply)
	}
}

func TestMealAt(t *testing.T) {
	for _, tc := range []struct {
		hour int
		want menu.Meal
	}{
		{4, menu.LateNight}, {5, menu.Breakfast}, {9, menu.Breakfast}, {10, menu.Lunch}, {13, menu.Lunch},
		{14, menu.Afternoon}, {16, menu.Afternoon}, {17, menu.Dinner}, {20, menu.Dinner}, {21, menu.LateNight}, {0, menu.LateNight},
	} {
		if got := menu.MealAt(at(tc.hour)); got != tc.want {
			t.Errorf("MealAt(%02d:05) = %v, want %v", tc.hour, got, tc.want)
		}
	}
	// the meal follows Seoul, whatever zone the time is in: 03:00 UTC is noon in Seoul
	if got := menu.MealAt(time.Date(2025, 1, 15, 3, 0, 0, 0, time.UTC)); got != menu.Lunch {
		t.Errorf("03:00 UTC = %v, want lunch", got)
	}
}

func TestCatalogueIsValid(t *testing.T) {
	for name, key := range menu.Catalogue() {
		if !category.Valid(key) {
			t.Errorf("%s: category %q", name, key)
		}
		if got, ok := menu.CategoryOf(name); !ok || got != key {
			t.Errorf("CategoryOf(%s) = %q, want %q", name, got, key)
		}
	}
}

func BenchmarkOffline(b *testing.B) {
	req := menu.Request{Message: "비 오는데 얼큰한 국물", Weather: report(3.2, "rain", "overcast"), Now: at(18)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (menu.Offline{}).Recommend(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}
