package routes_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/category"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/config"
	"mealbuddy/internal/weather"
	"mealbuddy/testsupport/fakeupstream"
	"mealbuddy/testsupport/testapp"
)

const menuURL = "/api/mealbuddy/menu"

// menuReply is the response of POST /api/mealbuddy/menu.
type menuReply struct {
	Source      string `json:"source"`
	Reply       string `json:"reply"`
	Suggestions []struct {
		Name, Category, Reason string
	} `json:"suggestions"`
	Weather *struct {
		Source      string  `json:"source"`
		Temperature float64 `json:"temperature"`
	} `json:"weather"`
	Remaining int `json:"remaining"`
}

// menuNow is the time of the menu tests' apps (clock.Fixed): noon in
// Seoul, so that the day of the count is one day however slow the run,
// and a test can move the clock across Seoul's midnight.
var menuNow = time.Date(2025, 1, 15, 12, 0, 0, 0, weather.Seoul)

// menuWorld is one app with one user, for tests that send several requests.
type menuWorld struct {
	app   *tests.TestApp
	mux   http.Handler
	user  *core.Record
	token string
	now   time.Time // the app's clock
}

func newMenuWorld(t *testing.T, cfg config.Config) *menuWorld {
	t.Helper()
	app := testapp.New(t, cfg)
	u := userWithLocation(t, app, "menu@test.com")
	w := &menuWorld{app: app, mux: testapp.Handler(t, app), user: u, token: testapp.Token(t, u), now: menuNow}
	clock.Set(app, clock.Fixed(&w.now))
	return w
}

func (w *menuWorld) ask(t *testing.T, body string) (int, menuReply, string) {
	t.Helper()
	rec := wmDo(w.mux, http.MethodPost, menuURL, w.token, body)
	var r menuReply
	if rec.Code == 200 {
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
	}
	return rec.Code, r, rec.Body.String()
}

// checkSuggestions asserts SPEC §3: five dishes with valid categories.
func checkSuggestions(t *testing.T, r menuReply) {
	t.Helper()
	if len(r.Suggestions) != 5 || r.Reply == "" {
		t.Fatalf("reply %q, %d suggestions", r.Reply, len(r.Suggestions))
	}
	for _, s := range r.Suggestions {
		if s.Name == "" || s.Reason == "" || !category.Valid(s.Category) {
			t.Errorf("invalid suggestion %+v", s)
		}
	}
}

// count returns the day's stored question count of user.
func (w *menuWorld) count(t *testing.T) int {
	t.Helper()
	// the user is fresh: its only row is today's
	rec, err := w.app.FindFirstRecordByFilter("menu_usage", "user = {:u}", dbx.Params{"u": w.user.Id})
	if err != nil {
		return 0
	}
	return rec.GetInt("count")
}

// turns returns the stored conversation of user.
func (w *menuWorld) turns(t *testing.T) []map[string]string {
	t.Helper()
	rec, err := w.app.FindFirstRecordByFilter("menu_conversations", "user = {:u}", dbx.Params{"u": w.user.Id})
	if err != nil {
		return nil
	}
	var turns []map[string]string
	if err := rec.UnmarshalJSONField("turns", &turns); err != nil {
		t.Fatal(err)
	}
	return turns
}

// TestMenuScenarios: one request each, through the real app.
func TestMenuScenarios(t *testing.T) {
	om := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", openMeteoOK))
	ai := fakeupstream.New(t, fakeupstream.Fixture(t, 200, "application/json", openAIOK))
	ai401 := fakeupstream.New(t, fakeupstream.Fixture(t, 401, "application/json", openAI401))

	offline := offlineConfig(t)
	withWeather := offlineConfig(t)
	withWeather.OpenMeteoBaseURL = om.URL
	withAI := withWeather
	withAI.OpenAIAPIKey, withAI.OpenAIBaseURL, withAI.OpenAIModel = "sk-test", ai.URL+"/v1", "gpt-test"
	aiDown := withWeather
	aiDown.OpenAIAPIKey, aiDown.OpenAIBaseURL = "sk-bad", ai401.URL+"/v1"

	for _, sc := range []struct {
		name     string
		cfg      config.Config
		method   string
		body     string
		anon     bool
		home     bool
		status   int
		content  []string
		absent   []string
		counted  bool // the question counts against the day's limit
		validate bool // decode and check the five suggestions
	}{
		{"anonymous POST: 401", offline, "POST", `{}`, true, false, 401, []string{`"status":401`}, nil, false, false},
		{"anonymous DELETE: 401", offline, "DELETE", ``, true, false, 401, []string{`"status":401`}, nil, false, false},
		{"no keys, no network, no home: offline without weather", offline, "POST", `{"message":"매운 거"}`, false, false, 200,
			[]string{`"source":"offline"`, `"weather":null`, `"remaining":9`}, nil, true, true},
		{"home location and Open-Meteo: weather included", withWeather, "POST", ``, false, true, 200,
			[]string{`"source":"offline"`, `"weather":{`, `"temperature":3.4`, `"summary":"비 · 3.4℃"`, `"remaining":9`}, nil, true, true},
		{"body point wins over home", withWeather, "POST", `{"lat":35.1796,"lon":"129.0756"}`, false, true, 200,
			[]string{`"lat":35.1796`, `"lon":129.0756`}, nil, true, true},
		{"OpenAI configured: its dishes", withAI, "POST", `{"message":"따뜻한 거"}`, false, true, 200,
			[]string{`"source":"openai"`, `"name":"김치찌개"`, `"category":"jjim_tang"`, `"name":"해물파전"`, `"category":"korean"`,
				`"name":"어묵탕"`, `"reply":"비가 내리는 쌀쌀한 저녁`, `"remaining":9`}, nil, true, true},
		{"OpenAI 401: offline", aiDown, "POST", `{}`, false, true, 200, []string{`"source":"offline"`, `"remaining":9`}, nil, true, true},
		{"message of 501 characters: 400, not counted", offline, "POST", `{"message":"` + strings.Repeat("가", 501) + `"}`, false, false, 400,
			[]string{`"message":{"code":"validation_max_text_constraint"`}, nil, false, false},
		{"message of 500 characters: fine", offline, "POST", `{"message":"` + strings.Repeat("가", 500) + `"}`, false, false, 200,
			[]string{`"remaining":9`}, nil, true, true},
		{"lat out of range: 400, not counted", offline, "POST", `{"lat":123,"lon":127}`, false, false, 400,
			[]string{`"lat":{"code":"invalid_coordinates"`}, nil, false, false},
		{"lon without lat: 400", offline, "POST", `{"lon":127}`, false, false, 400,
			[]string{`"lat":{"code":"invalid_coordinates"`}, nil, false, false},
		{"lat not a number: 400", offline, "POST", `{"lat":true,"lon":127}`, false, false, 400,
			[]string{`"lat":{"code":"invalid_coordinates"`}, nil, false, false},
		{"broken JSON: 400, not counted", offline, "POST", `{"message":`, false, false, 400,
			[]string{`"status":400`, `"message":"Failed to read the request body."`}, []string{`"suggestions"`}, false, false},
		{"DELETE without a conversation: 204", offline, "DELETE", ``, false, false, 204, nil, nil, false, false},
	} {
		s := &tests.ApiScenario{
			Name:               sc.name,
			Method:             sc.method,
			URL:                menuURL,
			Body:               strings.NewReader(sc.body),
			ExpectedStatus:     sc.status,
			ExpectedContent:    sc.content,
			NotExpectedContent: sc.absent,
			TestAppFactory: testapp.Factory(sc.cfg, func(t testing.TB, app *tests.TestApp) {
				now := menuNow
				clock.Set(app, clock.Fixed(&now))
				testapp.User(t, app, "plain@test.com", "집없음", wmAddr)
				userWithLocation(t, app, "home@test.com")
			}),
		}
		email := map[bool]string{false: "plain@test.com", true: "home@test.com"}[sc.home]
		s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			s.Headers = map[string]string{}
			if !sc.anon {
				s.Headers["Authorization"] = wmToken(t, app, email)
			}
		}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if sc.anon {
				return
			}
			u, _ := app.FindAuthRecordByEmail("users", email)
			want := map[bool]int{false: 0, true: 1}[sc.counted]
			got, _ := app.CountRecords("menu_usage", dbx.HashExp{"user": u.Id, "count": 1})
			if int(got) != want {
				t.Errorf("counted %d questions, want %d", got, want)
			}
			if sc.validate {
				var r menuReply
				if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
					t.Fatal(err)
				}
				checkSuggestions(t.(*testing.T), r)
			}
		}
		s.Test(t)
	}
}

// TestMenuDailyLimit: ten questions a day, remaining counts down, the
// eleventh is refused, DELETE forgets the conversation but not the count.
func TestMenuDailyLimit(t *testing.T) {
	w := newMenuWorld(t, offlineConfig(t))
	for i := 1; i <= 10; i++ {
		code, r, body := w.ask(t, fmt.Sprintf(`{"message":"질문 %d"}`, i))
		if code != 200 || r.Remaining != 10-i || r.Source != "offline" {
			t.Fatalf("question %d: %d remaining %d %s", i, code, r.Remaining, body)
		}
		checkSuggestions(t, r)
	}
	if n := len(w.turns(t)); n != 20 {
		t.Errorf("stored %d turns, want 20", n)
	}

	code, _, body := w.ask(t, `{"message":"열한 번째"}`)
	if code != 429 || !strings.Contains(body, `"menu":{"code":"daily_limit"`) {
		t.Fatalf("11th: %d %s", code, body)
	}
	if rec := wmDo(w.mux, http.MethodDelete, menuURL, w.token, ""); rec.Code != 204 {
		t.Fatalf("DELETE: %d %s", rec.Code, rec.Body)
	}
	if turns := w.turns(t); turns != nil {
		t.Errorf("conversation kept after DELETE: %v", turns)
	}
	if code, _, _ := w.ask(t, `{}`); code != 429 {
		t.Errorf("after DELETE: %d, want 429 (the count stays)", code)
	}
	if n := w.count(t); n != 10 {
		t.Errorf("count %d, want 10", n)
	}

	// a 400 while the limit is reached is still a 400
	if code, _, _ := w.ask(t, `{"lat":"north"}`); code != 400 {
		t.Errorf("invalid request at the limit: %d, want 400", code)
	}

	// the day is Seoul's: 23:59 is still today; 08:59 the next morning is
	// a new day in Seoul, though in UTC it is still the 15th
	w.now = time.Date(2025, 1, 15, 23, 59, 0, 0, weather.Seoul)
	if code, _, body := w.ask(t, `{}`); code != 429 {
		t.Errorf("23:59 in Seoul: %d %s, want 429", code, body)
	}
	w.now = time.Date(2025, 1, 16, 8, 59, 0, 0, weather.Seoul)
	if code, r, body := w.ask(t, `{}`); code != 200 || r.Remaining != 9 {
		t.Errorf("the next morning in Seoul: %d remaining %d %s, want 200 and 9", code, r.Remaining, body)
	}
}

// TestMenuLimitConcurrency: 15 simultaneous questions from one user with
// 10 left: exactly 10 answers, 5 refusals, and every remaining value once.
func TestMenuLimitConcurrency(t *testing.T) {
	w := newMenuWorld(t, offlineConfig(t))
	const n = 15
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	var remaining []int
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			rec := wmDo(w.mux, http.MethodPost, menuURL, w.token, `{"message":"동시에"}`)
			var r menuReply
			_ = json.Unmarshal(rec.Body.Bytes(), &r)
			mu.Lock()
			defer mu.Unlock()
			codes[rec.Code]++
			if rec.Code == 200 {
				remaining = append(remaining, r.Remaining)
			}
		}()
	}
	close(start)
	wg.Wait()

	if codes[200] != 10 || codes[429] != 5 || len(codes) != 2 {
		t.Fatalf("codes %v, want 10×200 and 5×429", codes)
	}
	slices.Sort(remaining)
	if !slices.Equal(remaining, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Errorf("remaining values %v", remaining)
	}
	if c := w.count(t); c != 10 {
		t.Errorf("stored count %d", c)
	}
	if turns := w.turns(t); len(turns) != 20 {
		t.Errorf("stored %d turns, want 20 (no answer lost)", len(turns))
	}
}

// TestMenuEmptyWish: an empty wish is stored as the question the
// endpoint was asked, not as "".
func TestMenuEmptyWish(t *testing.T) {
	w := newMenuWorld(t, offlineConfig(t))
	if code, _, body := w.ask(t, `{"message":"  "}`); code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	if turns := w.turns(t); len(turns) != 2 || turns[0]["content"] != "지금 뭐 먹으면 좋을까요?" {
		t.Errorf("stored %v", turns)
	}
}

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
