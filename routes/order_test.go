package routes_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"mealbuddy/internal/config"
	"mealbuddy/testsupport/testapp"
)

// call sends a JSON request to the real server and decodes the answer.
func call(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out
}

// TestOrderLifecycle: three neighbours go from an empty sheet to done
// through the HTTP API, as the web app does, and the chat list tells each
// what they owe at every step (SPEC §3 owes, §6).
func TestOrderLifecycle(t *testing.T) {
	app := testapp.New(t, config.Default())
	srv := testapp.Serve(t, app)
	host := testapp.User(t, app, "host@test.com", "방장", addr)
	a := testapp.User(t, app, "a@test.com", "가나", addr)
	b := testapp.User(t, app, "b@test.com", "다라", addr)
	ht, at, bt := testapp.Token(t, host), testapp.Token(t, a), testapp.Token(t, b)
	api := srv.URL + "/api/collections/"

	step := func(name string, status int, gotStatus int, body map[string]any) {
		t.Helper()
		if gotStatus != status {
			t.Fatalf("%s: %d, want %d: %v", name, gotStatus, status, body)
		}
	}
	owes := func(token string) float64 {
		t.Helper()
		var chats struct {
			Items []struct {
				Owes float64 `json:"owes"`
			} `json:"items"`
		}
		if s := getJSON(t, srv.URL+"/api/mealbuddy/chats", token, &chats); s != 200 || len(chats.Items) != 1 {
			t.Fatalf("chats: %d %v", s, chats)
		}
		return chats.Items[0].Owes
	}

	s, post := call(t, "POST", api+"posts/records", ht, `{"title":"교촌 같이","category":"chicken","targetCount":3,"minOrderAmount":30000,"deliveryFee":4000,"pickupSpot":"GS25 역삼점 앞"}`)
	step("open", 200, s, post)
	id := post["id"].(string)
	for _, tok := range []string{at, bt} {
		me := map[string]string{at: a.Id, bt: b.Id}[tok]
		s, body := call(t, "POST", api+"memberships/records", tok, `{"post":"`+id+`","user":"`+me+`"}`)
		step("join", 200, s, body)
	}
	s, body := call(t, "POST", api+"order_items/records", at, `{"post":"`+id+`","name":"허니콤보","price":23000}`)
	step("a's item", 200, s, body)
	s, body = call(t, "POST", api+"order_items/records", bt, `{"post":"`+id+`","name":"레드윙","price":6000,"quantity":2,"note":"덜 맵게"}`)
	step("b's item", 200, s, body)
	if owes(at) != 0 {
		t.Fatal("a owes before the order")
	}

	s, body = call(t, "POST", srv.URL+"/api/mealbuddy/posts/"+id+"/order", at, `{"deliveryFee":3000,"payAccount":"내 계좌"}`)
	step("a member cannot place it", 400, s, body)
	s, body = call(t, "POST", srv.URL+"/api/mealbuddy/posts/"+id+"/order", "", `{"deliveryFee":3000,"payAccount":"내 계좌"}`)
	step("anonymous", 401, s, body)
	s, body = call(t, "POST", srv.URL+"/api/mealbuddy/posts/"+id+"/order", ht, `{"deliveryFee":3000,"payAccount":"카카오뱅크 3333-01-2345678 방장","payLink":"https://qr.kakaopay.com/x"}`)
	step("the host places the order", 200, s, body)
	if body["status"] != "ordered" || body["itemsTotal"] != 35000.0 || body["deliveryFee"] != 3000.0 {
		t.Fatalf("placed: %v", body)
	}
	if owes(at) != 24500 || owes(bt) != 13500 || owes(ht) != 0 {
		t.Fatalf("owes a %v, b %v, host %v", owes(at), owes(bt), owes(ht))
	}

	membership := func(token, user string) string {
		var list struct {
			Items []struct{ Id string } `json:"items"`
		}
		getJSON(t, api+"memberships/records?filter=(post='"+id+"'%26%26user='"+user+"')", token, &list)
		if len(list.Items) != 1 {
			t.Fatalf("membership of %s: %v", user, list)
		}
		return list.Items[0].Id
	}
	am, bm := membership(at, a.Id), membership(bt, b.Id)
	s, body = call(t, "PATCH", api+"memberships/records/"+am, at, `{"paidAt":"2001-01-01 00:00:00.000Z"}`)
	step("a sent the money", 200, s, body)
	s, body = call(t, "PATCH", api+"memberships/records/"+am, ht, `{"confirmedAt":"2001-01-01 00:00:00.000Z"}`)
	step("the host got a's", 200, s, body)
	if owes(at) != 0 || owes(bt) != 13500 {
		t.Fatalf("after a's confirmation: a %v, b %v", owes(at), owes(bt))
	}
	s, body = call(t, "PATCH", api+"posts/records/"+id, ht, `{"status":"delivered"}`)
	step("delivered", 200, s, body)
	s, body = call(t, "PATCH", api+"memberships/records/"+bm, ht, `{"confirmedAt":"2001-01-01 00:00:00.000Z"}`)
	step("the host got b's (cash)", 200, s, body)

	s, body = call(t, "GET", api+"posts/records/"+id, bt, "")
	step("read the post", 200, s, body)
	if body["status"] != "done" || body["doneAt"] == "" {
		t.Fatalf("the group is %v, doneAt %v", body["status"], body["doneAt"])
	}
	if owes(bt) != 0 {
		t.Fatal("b still owes")
	}
	var msgs struct {
		Items []struct{ Body string } `json:"items"`
	}
	getJSON(t, api+"messages/records?sort=created&perPage=50&filter=(post='"+id+"')", bt, &msgs)
	var bodies []string
	for _, m := range msgs.Items {
		bodies = append(bodies, m.Body)
	}
	want := []string{"가나 님이 입장했습니다.", "다라 님이 입장했습니다.",
		"주문했어요! 배달비 3,000원을 2명이 나눠 1인당 1,500원이에요. 각자 '보낼 금액'을 확인하고 송금해 주세요.",
		"가나 님이 송금했어요.", "방장이 가나 님의 송금을 확인했어요.", "음식이 도착했어요! 픽업 장소: GS25 역삼점 앞",
		"방장이 다라 님의 송금을 확인했어요.", "정산이 끝났어요. 맛있게 드세요!"}
	if strings.Join(bodies, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the room says:\n%s\nwant:\n%s", strings.Join(bodies, "\n"), strings.Join(want, "\n"))
	}
}
