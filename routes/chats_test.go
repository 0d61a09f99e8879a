package routes_test

import (
	"testing"
	"time"

	"mealbuddy/internal/config"
	"mealbuddy/testsupport/testapp"
)

type chatsReply struct {
	Items []struct {
		Post struct {
			Id, Title, Status, Category string
			JoinedCount, TargetCount    int
		} `json:"post"`
		Role        string `json:"role"`
		LastMessage *struct {
			Body, Kind, Created, AuthorName string
		} `json:"lastMessage"`
		Unread int `json:"unread"`
	} `json:"items"`
}

func TestListChats(t *testing.T) {
	app := testapp.New(t, config.Default())
	me := testapp.User(t, app, "me@test.com", "나야나", addr)
	other := testapp.User(t, app, "other@test.com", "옆집", addr)
	gone := testapp.User(t, app, "gone@test.com", "떠난이", addr)

	// quiet: my own post, nobody has spoken
	quiet := save(t, app, "posts", map[string]any{"title": "조용한 방", "category": "pizza", "targetCount": 3, "host": me.Id})
	// busy: someone else's post I joined, with messages after my last read
	busy := save(t, app, "posts", map[string]any{"title": "수다방", "category": "chicken", "targetCount": 4, "host": other.Id})
	mine := save(t, app, "memberships", map[string]any{"post": busy.Id, "user": me.Id})
	// Timestamps have millisecond resolution and unread counts what is
	// strictly after lastReadAt: without this pause the next join notice
	// can share my join's millisecond and not count.
	time.Sleep(2 * time.Millisecond)
	save(t, app, "memberships", map[string]any{"post": busy.Id, "user": gone.Id})
	save(t, app, "messages", map[string]any{"post": busy.Id, "author": me.Id, "body": "제가 쓴 말"})
	save(t, app, "messages", map[string]any{"post": busy.Id, "author": gone.Id, "body": "곧 탈퇴할 사람의 말"})
	save(t, app, "messages", map[string]any{"post": busy.Id, "author": other.Id, "body": "마지막 말"})
	// not mine at all
	save(t, app, "posts", map[string]any{"title": "남의 방", "category": "korean", "targetCount": 2, "host": other.Id})
	if err := app.Delete(gone); err != nil { // its message stays, authorless; it leaves (system message)
		t.Fatal(err)
	}
	save(t, app, "messages", map[string]any{"post": busy.Id, "author": other.Id, "body": "진짜 마지막 말"})

	srv := testapp.Serve(t, app)
	get := func(token string) (int, chatsReply) {
		var r chatsReply
		return getJSON(t, srv.URL+"/api/mealbuddy/chats", token, &r), r
	}

	if status, _ := get(""); status != 401 {
		t.Fatalf("anonymous: %d", status)
	}

	status, r := get(testapp.Token(t, me))
	if status != 200 || len(r.Items) != 2 {
		t.Fatalf("status %d, %d rooms: %+v", status, len(r.Items), r)
	}
	first, second := r.Items[0], r.Items[1]
	if first.Post.Id != busy.Id || second.Post.Id != quiet.Id {
		t.Fatalf("order: %s, %s; want the busy room first", first.Post.Title, second.Post.Title)
	}
	// unread: everything after my own join notice (where a membership's
	// lastReadAt starts) that I did not write: the other join notice,
	// 곧 탈퇴할 사람의 말, 마지막 말, the leave notice, 진짜 마지막 말 — but
	// neither my join notice nor 제가 쓴 말
	if first.Role != "member" || first.Unread != 5 {
		t.Fatalf("busy room: role %s unread %d", first.Role, first.Unread)
	}
	if lm := first.LastMessage; lm == nil || lm.Body != "진짜 마지막 말" || lm.AuthorName != "옆집" || lm.Kind != "text" {
		t.Fatalf("last message: %+v", first.LastMessage)
	}
	if first.Post.JoinedCount != 2 || first.Post.TargetCount != 4 || first.Post.Category != "chicken" || first.Post.Status != "recruiting" {
		t.Fatalf("post: %+v", first.Post)
	}
	if second.Role != "host" || second.LastMessage != nil || second.Unread != 0 {
		t.Fatalf("quiet room: %+v", second)
	}

	// reading the room clears the count
	mine, _ = app.FindRecordById("memberships", mine.Id)
	mine.Set("lastReadAt", "2099-01-01 00:00:00.000Z")
	if err := app.Save(mine); err != nil {
		t.Fatal(err)
	}
	if _, r := get(testapp.Token(t, me)); r.Items[0].Unread != 0 {
		t.Fatalf("unread after reading: %d", r.Items[0].Unread)
	}
}
