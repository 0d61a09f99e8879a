package hooks_test

import (
	"fmt"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/hooks"
	"mealbuddy/testsupport/testapp"
)

// BenchmarkPlaceOrder places the order of a 10-member group with 50 items
// (5 a member): the checks, the locked sheet's dues for every member, the
// host's row and the room's message, in one transaction. Each iteration
// builds a fresh group outside the timer.
func BenchmarkPlaceOrder(b *testing.B) {
	w := newWorld(b)
	users, _ := w.crowd(b, 9)
	for b.Loop() {
		b.StopTimer()
		post := w.newPost(b, "", hostId, 10)
		err := w.app.RunInTransaction(func(tx core.App) error { // one commit: a quicker setup
			for _, u := range users {
				testapp.Create(b, tx, "memberships", map[string]any{"post": post.Id, "user": u.Id})
				for j := range 5 {
					testapp.Create(b, tx, "order_items", map[string]any{"post": post.Id, "user": u.Id, "name": fmt.Sprint("메뉴 ", j), "price": 3000, "quantity": 1})
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := hooks.PlaceOrder(w.app, post.Id, 3000, "카카오뱅크 3333-01", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddItem adds items through the real router while 16 rooms do
// the same at once (b.RunParallel, one room a goroutine, nine members a
// room taking turns): the cost of an item add, itemsTotal and the post's
// update included, under the single SQLite writer. When a room's members
// reach their 20 items the room's sheet is emptied with one plain SQL
// delete, a small cost beside 180 adds.
func BenchmarkAddItem(b *testing.B) {
	w := newWorld(b)
	handler := testapp.Handler(b, w.app)
	const rooms, perRoom = 16, 9
	users, tokens := w.crowd(b, rooms*perRoom)
	posts := make([]string, rooms)
	for r := range rooms {
		posts[r] = w.newPost(b, "", hostId, 10).Id
		for m := range perRoom {
			w.join(b, posts[r], users[r*perRoom+m].Id)
		}
	}
	var next atomic.Int32
	b.SetParallelism((rooms + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := int(next.Add(1)-1) % rooms
		for n := 0; pb.Next(); n++ {
			if n > 0 && n%(perRoom*20) == 0 {
				if _, err := w.app.DB().Delete("order_items", dbx.HashExp{"post": posts[r]}).Execute(); err != nil {
					b.Error(err)
					return
				}
			}
			req := httptest.NewRequest("POST", itemsURL, strings.NewReader(
				fmt.Sprintf(`{"post":%q,"name":"메뉴","price":1000}`, posts[r])))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", tokens[r*perRoom+n%perRoom])
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Errorf("%d %s", rec.Code, rec.Body)
				return
			}
		}
	})
}
