package routes_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/cron"

	"mealbuddy/internal/fakeupstream"
	"mealbuddy/internal/testapp"
	"mealbuddy/routes"
)

// TestMenuConversationContinues: the stored turns go to the endpoint with
// the next question, and survive a "restart" (a second app on the same
// data directory).
func TestMenuConversationContinues(t *testing.T) {
	ai := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", openAIOK))
	cfg := offlineConfig(t)
	cfg.OpenAIAPIKey, cfg.OpenAIBaseURL = "sk-test", ai.URL+"/v1"
	w := newMenuWorld(t, cfg)

	for _, q := range []string{"따뜻한 거", "국물 말고"} {
		if code, r, body := w.ask(t, `{"message":"`+q+`"}`); code != 200 || r.Source != "openai" {
			t.Fatalf("%d %s", code, body)
		}
	}
	var sent struct {
		Messages []struct{ Role, Content string } `json:"messages"`
	}
	if err := json.Unmarshal(ai.Last().Body, &sent); err != nil {
		t.Fatal(err)
	}
	roles := []string{}
	for _, m := range sent.Messages {
		roles = append(roles, m.Role)
	}
	if strings.Join(roles, ",") != "system,user,assistant,user" || sent.Messages[1].Content != "따뜻한 거" ||
		!strings.Contains(sent.Messages[2].Content, "1. 김치찌개") || sent.Messages[3].Content != "국물 말고" {
		t.Errorf("sent %+v", sent.Messages)
	}

	// the conversation is in the database, not in memory
	restarted, err := tests.NewTestApp(w.app.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Cleanup()
	rec, err := restarted.FindFirstRecordByFilter("menu_conversations", "user = {:u}", dbx.Params{"u": w.user.Id})
	if err != nil {
		t.Fatal(err)
	}
	var turns []map[string]string
	if err := rec.UnmarshalJSONField("turns", &turns); err != nil || len(turns) != 4 {
		t.Errorf("after restart: %d turns, %v", len(turns), err)
	}
}

// TestMenuReset: the daily job forgets every conversation, keeps the
// recent counts and drops old ones; it is scheduled for 04:00 in Seoul.
func TestMenuReset(t *testing.T) {
	w := newMenuWorld(t, offlineConfig(t))
	other := testapp.User(t, w.app, "other@test.com", "다른이", wmAddr)
	otherToken := testapp.Token(t, other)
	w.ask(t, `{}`)
	wmDo(w.mux, http.MethodPost, menuURL, otherToken, `{}`)
	c, _ := w.app.FindCollectionByNameOrId("menu_usage")
	old := core.NewRecord(c)
	old.Set("user", w.user.Id)
	old.Set("day", "2020-01-01")
	old.Set("count", 3)
	if err := w.app.Save(old); err != nil {
		t.Fatal(err)
	}

	if err := routes.ResetMenuConversations(w.app, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.app.CountRecords("menu_conversations"); n != 0 {
		t.Errorf("%d conversations left", n)
	}
	if n, _ := w.app.CountRecords("menu_usage"); n != 2 {
		t.Errorf("%d usage rows, want today's 2", n)
	}
	if code, r, _ := w.ask(t, `{}`); code != 200 || r.Remaining != 8 {
		t.Errorf("after reset: %d remaining %d, want 8 (the count stays)", code, r.Remaining)
	}

	var job *cron.Job
	for _, j := range w.app.Cron().Jobs() {
		if j.Id() == routes.MenuResetJobID {
			job = j
		}
	}
	if job == nil {
		t.Fatal("reset job not registered")
	}
	schedule, err := cron.NewSchedule(job.Expression())
	if err != nil {
		t.Fatal(err)
	}
	// PocketBase's cron matches moments in UTC
	due := func(kst string) bool {
		at, err := time.Parse(time.RFC3339, kst)
		if err != nil {
			t.Fatal(err)
		}
		return schedule.IsDue(cron.NewMoment(at.UTC()))
	}
	if !due("2025-01-15T04:00:00+09:00") || due("2025-01-15T04:00:00Z") || due("2025-01-15T19:00:00+09:00") {
		t.Errorf("expression %q is not 04:00 Asia/Seoul", job.Expression())
	}
	// calling the job's function is what the cron does
	w.ask(t, `{}`)
	job.Run()
	if n, _ := w.app.CountRecords("menu_conversations"); n != 0 {
		t.Errorf("the job left %d conversations", n)
	}
}

// TestMenuCollectionsArePrivate: users cannot read the stored
// conversations or counts, superusers can.
func TestMenuCollectionsArePrivate(t *testing.T) {
	for _, coll := range []string{"menu_conversations", "menu_usage"} {
		for _, su := range []bool{false, true} {
			status, content := 403, []string{`"status":403`}
			if su {
				status, content = 200, []string{`"items":[`}
			}
			s := &tests.ApiScenario{
				Name:            fmt.Sprintf("%s superuser=%v", coll, su),
				Method:          http.MethodGet,
				URL:             "/api/collections/" + coll + "/records",
				ExpectedStatus:  status,
				ExpectedContent: content,
				TestAppFactory:  testapp.Factory(offlineConfig(t), nil),
			}
			s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				token := testapp.Token(t, testapp.User(t, app, "peek@test.com", "엿보기", wmAddr))
				if su {
					token = testapp.Superuser(t, app)
				}
				s.Headers = map[string]string{"Authorization": token}
			}
			s.Test(t)
		}
	}
}

func BenchmarkMenuOfflineRoute(b *testing.B) {
	app := testapp.New(b, offlineConfig(b))
	u := testapp.User(b, app, "bench@test.com", "벤치", wmAddr)
	token := testapp.Token(b, u)
	mux := testapp.Handler(b, app)
	b.ReportAllocs()
	for b.Loop() {
		// keep the user under the limit: the count is not what we measure
		if _, err := app.DB().NewQuery("DELETE FROM menu_usage").Execute(); err != nil {
			b.Fatal(err)
		}
		if rec := wmDo(mux, http.MethodPost, menuURL, token, `{"message":"매운 국물"}`); rec.Code != 200 {
			b.Fatal(rec.Code, rec.Body)
		}
	}
}
