package hooks_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/category"
	"mealbuddy/internal/search"
	"mealbuddy/testsupport/testapp"
)

// fillBoard writes n posts spread over five neighbourhoods (addrA among
// them) and all categories, newest last, straight into the table: the
// benchmark measures reading the board, not writing it.
func fillBoard(b *testing.B, w *world, n int) {
	b.Helper()
	addresses := []string{addrA, addrB, "부산광역시 해운대구 우동", "서울특별시 관악구 신림동", "경기도 성남시 분당구 정자동"}
	start := time.Now().Add(-time.Duration(n) * time.Minute)
	err := w.app.RunInTransaction(func(tx core.App) error {
		for i := range n {
			created, _ := types.ParseDateTime(start.Add(time.Duration(i) * time.Minute))
			title := fmt.Sprintf("같이 시켜요 %d", i)
			if i%50 == 0 {
				title = fmt.Sprintf("바삭치킨 같이 %d", i) // a word 1 post in 50 has
			}
			res, err := tx.DB().Insert("posts", dbx.Params{
				"id":          security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
				"title":       title,
				"category":    category.All[i%len(category.All)].Key,
				"host":        hostId,
				"address":     addresses[i%len(addresses)],
				"targetCount": 4,
				"joinedCount": 1,
				"status":      []string{"recruiting", "full", "closed"}[i%3],
				"created":     created.String(),
				"updated":     created.String(),
			}).Execute()
			if err != nil {
				return err
			}
			// the search index, as hooks/search.go would keep it
			rowid, _ := res.LastInsertId()
			terms, folded := search.Document(title, "", addresses[i%len(addresses)], category.All[i%len(category.All)].Key)
			if _, err := tx.DB().Insert(search.Table, dbx.Params{"rowid": rowid, "terms": terms, "folded": folded}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.app.DB().NewQuery("ANALYZE").Execute(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBoard is the board's page query on 100,000 posts: a signed-in
// neighbour lists their neighbourhood, optionally one category, newest
// first, 20 per page, through the real router and API rules.
func BenchmarkBoard(b *testing.B) {
	w := newWorld(b)
	fillBoard(b, w, 100_000)
	handler := testapp.Handler(b, w.app)
	token := w.token(b, "neighbour")
	// the web app pages with a cursor (created < last seen), not an offset:
	// this one is about 50 pages deep
	cursor, _ := types.ParseDateTime(time.Now().Add(-70_000 * time.Minute))

	for _, bc := range []struct{ name, query string }{
		{"neighbourhood/skipTotal", "?sort=-created&perPage=20&skipTotal=1"},
		{"category/skipTotal", "?sort=-created&perPage=20&skipTotal=1&filter=" + escape(`category="chicken"`)},
		{"category+recruiting/skipTotal", "?sort=-created&perPage=20&skipTotal=1&filter=" + escape(`category="chicken" && status="recruiting"`)},
		{"category/page50/skipTotal", "?sort=-created&perPage=20&page=50&skipTotal=1&filter=" + escape(`category="chicken"`)},
		{"category/cursor50/skipTotal", "?sort=-created&perPage=20&skipTotal=1&filter=" + escape(`category="chicken" && created < "`+cursor.String()+`"`)},
		{"category/withTotal", "?sort=-created&perPage=20&filter=" + escape(`category="chicken"`)},
		// a LIKE search through the records API, for comparison with BenchmarkSearch
		{"like/rare/skipTotal", "?sort=-created&perPage=20&skipTotal=1&filter=" + escape(`(title ~ "99999" || restaurant ~ "99999")`)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, postsURL+bc.query, nil)
				req.Header.Set("Authorization", token)
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// BenchmarkJoin is one join through the API: the rule checks, the seat
// count in its transaction, the system message and the post's update.
func BenchmarkJoin(b *testing.B) {
	w := newWorld(b)
	handler := testapp.Handler(b, w.app)
	users, tokens := w.crowd(b, 9)

	// enough posts with nine free seats for every iteration
	posts := make([]string, b.N/9+1)
	for i := range posts {
		posts[i] = w.newPost(b, security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"), hostId, 10).Id
	}

	b.ResetTimer()
	for i := range b.N {
		req := httptest.NewRequest(http.MethodPost, membershipsURL,
			stringsReader(joinBody(posts[i/9], users[i%9].Id)))
		req.Header.Set("Authorization", tokens[i%9])
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body.String())
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "joins/s")
}

func escape(filter string) string { return url.QueryEscape(filter) }

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }

// BenchmarkBoardUnderLoad is a load test over real HTTP: many neighbours
// page the board at once (b.SetParallelism(8) clients per CPU) while the
// same server takes joins, as on a busy evening.
func BenchmarkBoardUnderLoad(b *testing.B) {
	w := newWorld(b)
	fillBoard(b, w, 100_000)
	srv := testapp.Serve(b, w.app)
	token := w.token(b, "neighbour")
	users, tokens := w.crowd(b, 9)
	target := w.newPost(b, "pload0000000000", hostId, 10)

	// background writers: joins and leaves on one post, until the benchmark ends
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		c := client{b, srv.URL}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			u := i % len(users)
			r := c.do("POST", membershipsURL, tokens[u], joinBody(target.Id, users[u].Id))
			if r.status == 200 {
				var m struct{ Id string }
				_ = json.Unmarshal([]byte(r.body), &m)
				c.do("DELETE", membershipsURL+"/"+m.Id, tokens[u], "")
			}
		}
	}()

	url := srv.URL + postsURL + "?sort=-created&perPage=20&skipTotal=1&filter=" + escape(`category="chicken"`)
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			req.Header.Set("Authorization", token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.StopTimer()
	close(stop)
	<-done
}

// BenchmarkSearch is a search page of the board on 100,000 posts through
// the search route and its FTS index (internal/search): a word that 1 post
// in 50 holds, one that a single post holds, and a single syllable.
func BenchmarkSearch(b *testing.B) {
	w := newWorld(b)
	fillBoard(b, w, 100_000)
	handler := testapp.Handler(b, w.app)
	token := w.token(b, "neighbour")
	for _, bc := range []struct{ name, query string }{
		{"word/1-in-50", "q=" + url.QueryEscape("바삭치킨")},
		{"word/1-in-50/category", "q=" + url.QueryEscape("바삭치킨") + "&category=chicken&includeClosed=1"},
		{"number/one-post", "q=99950"},
		{"syllable", "q=" + url.QueryEscape("삭")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", "/api/mealbuddy/search?"+bc.query, nil)
				req.Header.Set("Authorization", token)
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
