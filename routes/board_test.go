package routes_test

import (
	"net/url"
	"testing"

	"mealbuddy/internal/config"
	"mealbuddy/internal/testapp"
)

// The board's index filter (board.go) never changes what a caller sees.
func TestBoardIndexFilterKeepsTheAnswer(t *testing.T) {
	app := testapp.New(t, config.Default())
	me := testapp.User(t, app, "me@test.com", "역삼주민", addr)
	far := testapp.User(t, app, "far@test.com", "부산주민", "부산광역시 해운대구 우동")
	save(t, app, "posts", map[string]any{"title": "치킨 같이", "category": "chicken", "targetCount": 2, "host": me.Id})
	save(t, app, "posts", map[string]any{"title": "피자 같이", "category": "pizza", "targetCount": 2, "host": me.Id})
	save(t, app, "posts", map[string]any{"title": "부산 치킨", "category": "chicken", "targetCount": 2, "host": far.Id})
	srv := testapp.Serve(t, app)

	list := func(token, filter string) (int, []string) {
		t.Helper()
		u := srv.URL + "/api/collections/posts/records?sort=-created"
		if filter != "" {
			u += "&filter=" + url.QueryEscape(filter)
		}
		var body struct {
			Items []struct{ Title string }
		}
		status := getJSON(t, u, token, &body)
		titles := []string{}
		for _, i := range body.Items {
			titles = append(titles, i.Title)
		}
		return status, titles
	}

	cases := []struct {
		name, token, filter string
		status              int
		want                []string
	}{
		{"my board", testapp.Token(t, me), "", 200, []string{"피자 같이", "치킨 같이"}},
		{"a category", testapp.Token(t, me), `category = "chicken"`, 200, []string{"치킨 같이"}},
		{"an OR filter stays inside my neighbourhood", testapp.Token(t, me), `category = "chicken" || title ~ "부산"`, 200, []string{"치킨 같이"}},
		{"asking for another address", testapp.Token(t, me), `address = "부산광역시 해운대구 우동"`, 200, []string{}},
		{"the other neighbourhood", testapp.Token(t, far), "", 200, []string{"부산 치킨"}},
		{"a broken filter is still a 400", testapp.Token(t, me), `category = `, 400, []string{}},
		{"anonymous", "", "", 200, []string{}},
	}
	for _, c := range cases {
		status, titles := list(c.token, c.filter)
		if status != c.status || len(titles) != len(c.want) {
			t.Fatalf("%s: %d %q, want %d %q", c.name, status, titles, c.status, c.want)
		}
		for i := range titles {
			if titles[i] != c.want[i] {
				t.Fatalf("%s: %q, want %q", c.name, titles, c.want)
			}
		}
	}
}
