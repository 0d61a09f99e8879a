package routes_test

import (
	"context"
	"database/sql"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mealbuddy/internal/config"
	"mealbuddy/internal/notify"
	"mealbuddy/testsupport/testapp"
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

// TestBoardUsesTheAddressIndex captures the SQL of real board requests
// (the list request path, with our middleware) and asks SQLite for its
// plan: the neighbourhood's posts must be found through the (address, …)
// indexes, not by scanning the table. Removing or breaking the board's
// literal filter (internal/board) fails it.
func TestBoardUsesTheAddressIndex(t *testing.T) {
	app := testapp.New(t, config.Default())
	me := testapp.User(t, app, "me@test.com", "역삼주민", addr)
	save(t, app, "posts", map[string]any{"title": "치킨 같이", "category": "chicken", "targetCount": 2, "host": me.Id})
	srv := testapp.Serve(t, app)
	notify.Wait(app) // the post's alert matching queries in the background

	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		t.Fatal("not a *dbx.DB")
	}
	var mu sync.Mutex
	var queries []string
	db.QueryLogFunc = func(_ context.Context, _ time.Duration, sql string, _ *sql.Rows, _ error) {
		if strings.Contains(sql, "FROM `posts`") && strings.Contains(sql, "ORDER BY") { // the list query
			mu.Lock()
			queries = append(queries, sql)
			mu.Unlock()
		}
	}
	t.Cleanup(func() { db.QueryLogFunc = nil })

	cases := []struct{ name, query, index string }{
		{"the board, newest first", "?sort=-created&skipTotal=1", "idx_posts_address_created"},
		{"a category", "?sort=-created&skipTotal=1&filter=" + url.QueryEscape(`category = "chicken"`), "idx_posts_address_category_created"},
		{"the next page", "?sort=-created&skipTotal=1&filter=" + url.QueryEscape(`created < "2030-01-01 00:00:00.000Z"`), "idx_posts_address_created"},
		{"a search of titles and restaurants", "?sort=-created&skipTotal=1&filter=" + url.QueryEscape(`(title ~ "치킨" || restaurant ~ "치킨")`), "idx_posts_address_created"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			queries = nil
			mu.Unlock()
			var body map[string]any
			if status := getJSON(t, srv.URL+"/api/collections/posts/records"+c.query, testapp.Token(t, me), &body); status != 200 {
				t.Fatalf("status %d", status)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(queries) == 0 {
				t.Fatal("no posts query was captured")
			}
			var plan []struct {
				Detail string `db:"detail"`
			}
			if err := app.DB().NewQuery("EXPLAIN QUERY PLAN " + queries[0]).All(&plan); err != nil {
				t.Fatal(err)
			}
			var steps []string
			for _, p := range plan {
				steps = append(steps, p.Detail)
			}
			joined := strings.Join(steps, " | ")
			// SEARCH … (address=?): a seek on the index; SCAN would read it all.
			seek := regexp.MustCompile(`SEARCH posts USING (COVERING )?INDEX ` + c.index + ` \(address=\?`)
			if !seek.MatchString(joined) {
				t.Fatalf("the board query does not seek %s:\n%s\n%s", c.index, joined, queries[0])
			}
		})
	}
}
