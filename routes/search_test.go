package routes_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	"mealbuddy/internal/config"
	"mealbuddy/testsupport/testapp"
)

// TestSearch: the board's search finds what people type in titles and
// restaurant names, in their neighbourhood only, with the board's filters
// and paging, and follows edits and deletions at once.
func TestSearch(t *testing.T) {
	app := testapp.New(t, config.Default())
	me := testapp.User(t, app, "me@test.com", "역삼주민", addr)
	far := testapp.User(t, app, "far@test.com", "부산주민", "부산광역시 해운대구 우동")
	n := 0
	post := func(host, title, restaurant, cat string) string {
		id := save(t, app, "posts", map[string]any{"title": title, "restaurant": restaurant, "category": cat, "targetCount": 3, "host": host}).Id
		// one second apart: "newest first" must not hang on the millisecond
		n++
		if _, err := app.DB().Update("posts", dbx.Params{"created": fmt.Sprintf("2026-11-30 12:00:%02d.000Z", n)}, dbx.HashExp{"id": id}).Execute(); err != nil {
			t.Fatal(err)
		}
		return id
	}
	a := post(me.Id, "치킨 반반 같이 시켜요", "", "chicken")
	b := post(me.Id, "저녁 같이 드실 분", "바삭치킨 역삼동점", "chicken")
	c := post(me.Id, "순살 두 마리 나눠요", "교촌치킨", "chicken")
	d := post(me.Id, "야식 치킨!", "양념통닭 본점", "chicken")
	pizza := post(me.Id, "피자 라지 반반", "피자마루", "pizza")
	post(far.Id, "부산 치킨 같이", "해운대 치킨", "chicken")
	closed := post(me.Id, "치킨 모집 끝", "", "chicken")
	p, _ := app.FindRecordById("posts", closed)
	p.Set("status", "closed")
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	srv := testapp.Serve(t, app)
	token := testapp.Token(t, me)

	search := func(query string) (int, []string) {
		t.Helper()
		var body struct {
			Items []struct{ Id string } `json:"items"`
		}
		status := getJSON(t, srv.URL+"/api/mealbuddy/search?"+query, token, &body)
		var ids []string
		for _, it := range body.Items {
			ids = append(ids, it.Id)
		}
		return status, ids
	}
	q := func(s string) string { return "q=" + url.QueryEscape(s) }

	cases := []struct {
		name, query string
		want        []string
	}{
		{"a word in titles and restaurant names, newest first", q("치킨"), []string{d, c, b, a}},
		{"a restaurant's full name across its space", q("바삭치킨"), []string{b}},
		{"one syllable", q("닭"), []string{d}},
		{"a category", q("반반") + "&category=pizza", []string{pizza}},
		{"closed groups when asked", q("치킨") + "&includeClosed=1", []string{closed, d, c, b, a}},
		{"the next page", q("치킨") + "&perPage=2", []string{d, c}},
		{"nothing searchable", q(" !! "), nil},
		{"not there", q("족발"), nil},
	}
	for _, c := range cases {
		status, ids := search(c.query)
		if status != 200 || !slices.Equal(ids, c.want) {
			t.Errorf("%s: %d %v, want %v", c.name, status, ids, c.want)
		}
	}

	// keyset paging: before the last one seen
	last, _ := app.FindRecordById("posts", c)
	if _, ids := search(q("치킨") + "&before=" + url.QueryEscape(last.GetString("created"))); !slices.Equal(ids, []string{b, a}) {
		t.Errorf("the page after %s: %v", c, ids)
	}
	// edits and deletions reach the index in their own transaction
	r, _ := app.FindRecordById("posts", a)
	r.Set("title", "족발 보쌈 같이")
	r.Set("category", "jokbal_bossam")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(mustFind(t, app, b)); err != nil {
		t.Fatal(err)
	}
	if _, ids := search(q("치킨")); !slices.Equal(ids, []string{d, c}) {
		t.Errorf("after an edit and a deletion: %v", ids)
	}
	if _, ids := search(q("족발")); !slices.Equal(ids, []string{a}) {
		t.Errorf("the edited title: %v", ids)
	}
	// another neighbourhood searches its own board
	var body struct {
		Items []struct{ Title string } `json:"items"`
	}
	getJSON(t, srv.URL+"/api/mealbuddy/search?"+q("치킨"), testapp.Token(t, far), &body)
	if len(body.Items) != 1 || body.Items[0].Title != "부산 치킨 같이" {
		t.Errorf("부산's search: %v", body.Items)
	}
	if status := getJSON(t, srv.URL+"/api/mealbuddy/search?"+q("치킨"), "", &body); status != 401 {
		t.Errorf("anonymous: %d", status)
	}
	var plan []struct {
		Detail string `db:"detail"`
	}
	if err := app.DB().NewQuery(`EXPLAIN QUERY PLAN SELECT p.id FROM post_search s JOIN posts p ON p.rowid = s.rowid
		WHERE post_search MATCH '"치킨"' AND p.address = 'x' ORDER BY p.created DESC LIMIT 20`).All(&plan); err != nil {
		t.Fatal(err)
	}
	// the FTS index answers MATCH (a VIRTUAL TABLE INDEX with M…), and the
	// posts are then looked up one by one by rowid: no scan of posts
	if len(plan) < 2 || !strings.HasPrefix(plan[0].Detail, "SCAN s VIRTUAL TABLE INDEX 0:M") ||
		plan[1].Detail != "SEARCH p USING INTEGER PRIMARY KEY (rowid=?)" {
		t.Errorf("the search does not start from the index: %+v", plan)
	}
}
