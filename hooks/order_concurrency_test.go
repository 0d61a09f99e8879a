package hooks_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/testsupport/testapp"
)

// tenMembers fills the world's post to 10 (the host, the member and 8
// of a crowd) and returns the crowd's tokens.
func tenMembers(t testing.TB, w *world) ([]*core.Record, []string) {
	t.Helper()
	setTarget(t, w, 10)
	users, tokens := w.crowd(t, 8)
	for _, u := range users {
		w.join(t, postId, u.Id)
	}
	return users, tokens
}

// TestConcurrentItemsKeepTheTotal: the 8 crowd members and the member,
// two tabs each, add and delete items at once; itemsTotal equals the rows
// at every moment we look and at the end.
func TestConcurrentItemsKeepTheTotal(t *testing.T) {
	w := newWorld(t)
	srv := testapp.Serve(t, w.app)
	c := client{t, srv.URL}
	_, tokens := tenMembers(t, w)
	tokens = append(tokens, testapp.Token(t, w.users["member"]))

	var failures atomic.Int32
	stop := make(chan struct{})
	var watcher sync.WaitGroup
	watcher.Add(1)
	go func() { // looks at the invariant while the writes run
		defer watcher.Done()
		for {
			select {
			case <-stop:
				return
			default:
				if err := w.totalErr(postId); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()

	race(2*len(tokens), func(i int) {
		token := tokens[i%len(tokens)]
		for j := range 6 {
			r := c.do("POST", itemsURL, token, itemBody(fmt.Sprintf("메뉴 %d-%d", i, j), 1000*(j+1), 1+j%3))
			if r.status != 200 {
				failures.Add(1)
				t.Errorf("add: %d %s", r.status, r.body)
				continue
			}
			if j%2 == 0 { // delete every other one again
				var it struct{ Id string }
				json.Unmarshal([]byte(r.body), &it)
				if d := c.do("DELETE", itemsURL+"/"+it.Id, token, ""); d.status != 204 {
					t.Errorf("delete: %d %s", d.status, d.body)
				}
			}
		}
	})
	close(stop)
	watcher.Wait()

	w.checkTotal(t, postId)
	if n := w.count(t, "order_items", dbx.HashExp{"post": postId}); n != 2*len(tokens)*3 {
		t.Fatalf("%d items, want %d", n, 2*len(tokens)*3)
	}
}

// TestItemsWhileTheOrderIsPlaced: members keep adding items while the host
// places the order; each item is either in the sheet the dues were
// computed from, or refused with order_locked — never half.
func TestItemsWhileTheOrderIsPlaced(t *testing.T) {
	w := newWorld(t)
	srv := testapp.Serve(t, w.app)
	c := client{t, srv.URL}
	_, tokens := tenMembers(t, w)
	w.item(t, memberId, "먼저 담은 것", 5000, 1)
	host := testapp.Token(t, w.users["host"])

	var accepted, locked atomic.Int32
	race(len(tokens)+1, func(i int) {
		if i == len(tokens) {
			r := c.do("POST", orderURL, host, `{"deliveryFee":3000,"payAccount":"카카오뱅크 3333-01"}`)
			if r.status != 200 {
				t.Errorf("placing: %d %s", r.status, r.body)
			}
			return
		}
		for j := range 5 {
			r := c.do("POST", itemsURL, tokens[i], itemBody(fmt.Sprintf("메뉴 %d-%d", i, j), 1000, 1))
			switch {
			case r.status == 200:
				accepted.Add(1)
			case r.status == 400 && strings.Contains(r.body, code("post", "order_locked")):
				locked.Add(1)
			default:
				t.Errorf("item: %d %s", r.status, r.body)
			}
		}
	})

	post := w.reload(t, "posts", postId)
	if post.GetString("status") != "ordered" {
		t.Fatalf("status %s", post.GetString("status"))
	}
	w.checkTotal(t, postId)
	if got := w.count(t, "order_items", dbx.HashExp{"post": postId}); got != 1+int(accepted.Load()) {
		t.Fatalf("%d items stored, %d accepted", got, accepted.Load())
	}
	// The dues add up to exactly the sheet they were computed from.
	var sum struct {
		Due   int `db:"due"`
		Share int `db:"share"`
	}
	if err := w.app.DB().NewQuery("SELECT SUM(amountDue) AS due, SUM(feeShare) AS share FROM memberships WHERE post = {:p}").
		Bind(dbx.Params{"p": postId}).One(&sum); err != nil {
		t.Fatal(err)
	}
	if sum.Due-sum.Share != post.GetInt("itemsTotal") {
		t.Fatalf("dues cover %d of items, the sheet holds %d", sum.Due-sum.Share, post.GetInt("itemsTotal"))
	}
	t.Logf("%d items got in before the order, %d were refused", accepted.Load(), locked.Load())
}

// TestTwoTabsPlaceTheOrder: the host's two tabs place the same order at
// once: one succeeds, one gets invalid_status, and the room hears of it
// once.
func TestTwoTabsPlaceTheOrder(t *testing.T) {
	w := newWorld(t)
	withSheet(t, w)
	srv := testapp.Serve(t, w.app)
	c := client{t, srv.URL}
	host := testapp.Token(t, w.users["host"])
	statuses := make([]reply, 2)
	race(2, func(i int) {
		statuses[i] = c.do("POST", orderURL, host, fmt.Sprintf(`{"deliveryFee":%d,"payAccount":"탭 %d 계좌"}`, 3000+i*1000, i))
	})
	ok, invalid := 0, 0
	for _, r := range statuses {
		switch {
		case r.status == 200:
			ok++
		case r.status == 400 && strings.Contains(r.body, code("status", "invalid_status")):
			invalid++
		default:
			t.Errorf("%d %s", r.status, r.body)
		}
	}
	if ok != 1 || invalid != 1 {
		t.Fatalf("%d placed, %d refused", ok, invalid)
	}
	if n := w.count(t, "messages", dbx.NewExp("post = {:p} AND body LIKE '주문했어요!%'", dbx.Params{"p": postId})); n != 1 {
		t.Fatalf("%d order messages", n)
	}
}

// TestLastConfirmationsRace: the host confirms the last two payments from
// two tabs at once after delivery: exactly one done transition and one
// message.
func TestLastConfirmationsRace(t *testing.T) {
	w := newWorld(t)
	delivered(t, w)
	srv := testapp.Serve(t, w.app)
	c := client{t, srv.URL}
	host := testapp.Token(t, w.users["host"])
	rows := []string{w.membershipOf(t, memberId).Id, w.membershipOf(t, neighbourId).Id}
	race(2, func(i int) {
		if r := c.do("PATCH", membershipsURL+"/"+rows[i], host, `{"confirmedAt":"2001-01-01 00:00:00.000Z"}`); r.status != 200 {
			t.Errorf("%d %s", r.status, r.body)
		}
	})
	if s := w.reload(t, "posts", postId).GetString("status"); s != "done" {
		t.Fatalf("status %s", s)
	}
	if n := w.count(t, "messages", dbx.HashExp{"post": postId, "body": "정산이 끝났어요. 맛있게 드세요!"}); n != 1 {
		t.Fatalf("%d done messages", n)
	}
}
