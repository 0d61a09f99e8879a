package routes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/config"
	"mealbuddy/testsupport/testapp"
)

// accountWorld: the leaver hosts one post (with a member) and is a member
// of another post, where they have written a message.
type accountWorld struct {
	leaver, host, member *core.Record
	ownPost, otherPost   *core.Record
	leaverMessage        string
}

func buildAccountWorld(t testing.TB, app core.App) *accountWorld {
	w := &accountWorld{
		leaver: testapp.User(t, app, "leaver@test.com", "떠나는사람", addr),
		host:   testapp.User(t, app, "host@test.com", "호스트", addr),
		member: testapp.User(t, app, "member@test.com", "멤버", addr),
	}
	w.ownPost = save(t, app, "posts", map[string]any{"title": "떠나는 사람의 글", "category": "pizza", "targetCount": 3, "host": w.leaver.Id})
	save(t, app, "memberships", map[string]any{"post": w.ownPost.Id, "user": w.member.Id})
	save(t, app, "messages", map[string]any{"post": w.ownPost.Id, "author": w.member.Id, "body": "피자 좋아요"})

	w.otherPost = save(t, app, "posts", map[string]any{"title": "치킨 모임", "category": "chicken", "targetCount": 2, "host": w.host.Id})
	save(t, app, "memberships", map[string]any{"post": w.otherPost.Id, "user": w.leaver.Id}) // now full
	w.leaverMessage = save(t, app, "messages", map[string]any{"post": w.otherPost.Id, "author": w.leaver.Id, "body": "반반 어때요?"}).Id
	return w
}

func TestDeleteAccount(t *testing.T) {
	var w *accountWorld
	headers := map[string]string{}
	factory := testapp.Factory(config.Default(), func(t testing.TB, app *tests.TestApp) {
		w = buildAccountWorld(t, app)
		headers["Authorization"] = testapp.Token(t, w.leaver)
	})
	unchanged := func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		if _, err := app.FindRecordById("users", w.leaver.Id); err != nil {
			t.Fatal("the account was deleted")
		}
		if n, _ := app.CountRecords("memberships", dbx.HashExp{"user": w.leaver.Id}); n != 2 {
			t.Fatalf("memberships = %d, want 2", n)
		}
	}

	// A wrong password stores the lockout's attempt and deletes nothing.
	refused := map[string]int{"OnRecordCreate": 1, "OnRecordAfterCreateSuccess": 1, "OnRecordDelete": 0, "OnRecordUpdate": 0}

	scenarios := []tests.ApiScenario{
		{
			Name: "anonymous", Method: http.MethodPost, URL: "/api/mealbuddy/account/delete",
			Body: strings.NewReader(`{"password":"password123"}`), ExpectedStatus: 401,
			ExpectedContent: []string{`"status":401`}, ExpectedEvents: map[string]int{"*": 0}, TestAppFactory: factory,
		},
		{
			Name: "wrong password", Method: http.MethodPost, URL: "/api/mealbuddy/account/delete",
			Body: strings.NewReader(`{"password":"nope-nope"}`), Headers: headers, ExpectedStatus: 400,
			ExpectedContent: []string{`"password":{"code":"invalid_password"`}, ExpectedEvents: refused,
			TestAppFactory: factory, AfterTestFunc: unchanged,
		},
		{
			Name: "no password", Method: http.MethodPost, URL: "/api/mealbuddy/account/delete",
			Body: strings.NewReader(`{}`), Headers: headers, ExpectedStatus: 400,
			ExpectedContent: []string{`"password":{"code":"invalid_password"`}, ExpectedEvents: refused,
			TestAppFactory: factory, AfterTestFunc: unchanged,
		},
		{
			Name: "right password", Method: http.MethodPost, URL: "/api/mealbuddy/account/delete",
			Body: strings.NewReader(`{"password":"password123"}`), Headers: headers, ExpectedStatus: 204,
			// The lockout's attempt is stored and given back. The cascade: the
			// user with their notification (the member's join), the hosted
			// post with its 2 memberships and 2 messages, the membership of
			// the other post. Written: the other post's leave message, the
			// member's notification that the post is gone. Updated: the other
			// post's count, the kept message without its author, the
			// notification whose post went.
			ExpectedEvents: map[string]int{
				"OnRecordCreate": 1 + 2, "OnRecordAfterCreateSuccess": 3,
				"OnRecordDelete": 1 + 1 + 1 + 1 + 2 + 2 + 1, "OnRecordAfterDeleteSuccess": 9, "OnRecordAfterDeleteError": 0,
				"OnRecordUpdate": 3, "OnRecordAfterUpdateSuccess": 3,
			},
			TestAppFactory: factory,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				if _, err := app.FindRecordById("users", w.leaver.Id); err == nil {
					t.Fatal("the account still exists")
				}
				// the hosted post is gone with its room
				for _, c := range []string{"memberships", "messages", "bans"} {
					if n, _ := app.CountRecords(c, dbx.HashExp{"post": w.ownPost.Id}); n != 0 {
						t.Fatalf("%s of the hosted post left: %d", c, n)
					}
				}
				if _, err := app.FindRecordById("posts", w.ownPost.Id); err == nil {
					t.Fatal("the hosted post still exists")
				}
				// the other post counts one less and recruits again
				other, err := app.FindRecordById("posts", w.otherPost.Id)
				if err != nil {
					t.Fatal(err)
				}
				rows, _ := app.CountRecords("memberships", dbx.HashExp{"post": other.Id})
				if other.GetInt("joinedCount") != 1 || rows != 1 || other.GetString("status") != "recruiting" {
					t.Fatalf("other post: joined %d rows %d status %s", other.GetInt("joinedCount"), rows, other.GetString("status"))
				}
				// the room was told, and the message stays without an author
				told, _ := app.CountRecords("messages", dbx.HashExp{"post": other.Id, "kind": "system", "body": "떠나는사람 님이 퇴장했습니다."})
				if told != 1 {
					t.Fatalf("leave messages: %d, want 1", told)
				}
				kept, err := app.FindRecordById("messages", w.leaverMessage)
				if err != nil {
					t.Fatal("the leaver's message was deleted")
				}
				if kept.GetString("author") != "" || kept.GetString("body") != "반반 어때요?" {
					t.Fatalf("kept message: author %q body %q", kept.GetString("author"), kept.GetString("body"))
				}
			},
		},
	}
	for _, s := range scenarios {
		s.Test(t)
	}
}

// The dashboard's delete of a user does what the account route does.
func TestSuperuserDeletesUser(t *testing.T) {
	app := testapp.New(t, config.Default())
	w := buildAccountWorld(t, app)
	if err := app.Delete(w.leaver); err != nil {
		t.Fatal(err)
	}
	other, _ := app.FindRecordById("posts", w.otherPost.Id)
	if other.GetInt("joinedCount") != 1 || other.GetString("status") != "recruiting" {
		t.Fatalf("other post: %d %s", other.GetInt("joinedCount"), other.GetString("status"))
	}
	if n, _ := app.CountRecords("posts", dbx.HashExp{"host": w.leaver.Id}); n != 0 {
		t.Fatalf("hosted posts left: %d", n)
	}
	kept, err := app.FindRecordById("messages", w.leaverMessage)
	if err != nil || kept.GetString("author") != "" {
		t.Fatalf("kept message: %v %v", kept, err)
	}
}
