package menu_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"mealbuddy/internal/menu"
	"mealbuddy/testsupport/fakeupstream"
)

// reply is how the fake endpoint answers one call.
type reply = fakeupstream.Handler

// newFakeOpenAI is an OpenAI-compatible endpoint: it answers calls to
// the chat completions path with answer, and any other path with 404.
func newFakeOpenAI(t *testing.T, answer reply) *fakeupstream.Server {
	t.Helper()
	return fakeupstream.New(t, func(w http.ResponseWriter, r *http.Request, call int) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		answer(w, r, call)
	})
}

// fixture answers with a file of testdata/openai/.
func fixture(t *testing.T, status int, ctype, name string) reply {
	t.Helper()
	return fakeupstream.Fixture(t, status, ctype, "testdata/openai/"+name)
}

// content answers with a chat completion whose message is text.
func content(text string) reply {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "x", "object": "chat.completion", "model": "m",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": text}}},
		})
	}
}

func newOpenAI(url string) *menu.OpenAI {
	return menu.NewOpenAI(menu.OpenAIConfig{
		APIKey: "sk-test", BaseURL: url + "/v1", Model: "gpt-test",
		Timeout: 500 * time.Millisecond, RetryDelay: time.Millisecond,
	})
}

var fixtureReq = menu.Request{Message: "따뜻한 거", Weather: report(3.2, "rain", "overcast"), Now: at(18),
	History: []menu.Turn{{Role: "user", Content: "추천해줘"}, {Role: "assistant", Content: "1. 김밥"}}}

// TestOpenAIFixture: the recorded completion gives its five dishes, and
// the request carries the key, the model, the JSON format, the prompt,
// the history and the question.
func TestOpenAIFixture(t *testing.T) {
	f := newFakeOpenAI(t, fixture(t, 200, "application/json", "chat_completion_ok.json"))
	a, err := newOpenAI(f.URL).Recommend(context.Background(), fixtureReq)
	if err != nil {
		t.Fatal(err)
	}
	if a.Source != "openai" || names(a.Suggestions) != "김치찌개,해물파전,칼국수,순두부찌개,어묵탕" {
		t.Errorf("%s %s", a.Source, names(a.Suggestions))
	}
	if !strings.HasPrefix(a.Reply, "비가 내리는 쌀쌀한 저녁") {
		t.Errorf("reply %q", a.Reply)
	}
	checkAnswer(t, a, 1)

	// what was asked
	if auth := f.Request(0).Header.Get("Authorization"); auth != "Bearer sk-test" {
		t.Errorf("auth %q", auth)
	}
	var body map[string]any
	if err := json.Unmarshal(f.Request(0).Body, &body); err != nil {
		t.Fatal(err)
	}
	if body["model"] != "gpt-test" {
		t.Errorf("model %v", body["model"])
	}
	if rf, _ := body["response_format"].(map[string]any); rf["type"] != "json_object" {
		t.Errorf("response_format %v", body["response_format"])
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) != 4 {
		t.Fatalf("messages %v", msgs)
	}
	system := msgs[0].(map[string]any)["content"].(string)
	for _, want := range []string{"2025-01-15 18:05", "Asia/Seoul", "저녁", "비 · 3.2℃", "exactly 5", "jjim_tang (찜·탕·찌개)", `"suggestions"`} {
		if !strings.Contains(system, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, system)
		}
	}
	if m := msgs[2].(map[string]any); m["role"] != "assistant" || m["content"] != "1. 김밥" {
		t.Errorf("history %v", m)
	}
	if m := msgs[3].(map[string]any); m["role"] != "user" || m["content"] != "따뜻한 거" {
		t.Errorf("question %v", m)
	}
}

func TestOpenAIJSONAnswerRepaired(t *testing.T) {
	f := newFakeOpenAI(t, content(`{"reply":"추운 날엔 국물!","suggestions":[
		{"name":"감자탕","category":"jjim_tang","reason":"뼈까지 든든해요"},
		{"name":"감자탕","category":"jjim_tang","reason":"중복"},
		{"name":"월남쌈","category":"vietnamese","reason":"상큼해요"},
		{"name":"짬뽕","category":"중식","reason":"Spicy"}]}`))
	a, err := newOpenAI(f.URL).Recommend(context.Background(), fixtureReq)
	if err != nil {
		t.Fatal(err)
	}
	checkAnswer(t, a, 1)
	if a.Reply != "추운 날엔 국물!" || a.Suggestions[0].Reason != "뼈까지 든든해요" || a.Suggestions[1].Name != "짬뽕" ||
		a.Suggestions[1].Category != "chinese" || a.Suggestions[1].Reason == "Spicy" {
		t.Errorf("%+v", a)
	}
}

// TestOpenAIFailures: every failure is an error (so Fallback answers
// offline), quickly, with one retry only where it may help.
func TestOpenAIFailures(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply func(t *testing.T) reply
		calls int
	}{
		{"401 invalid key", func(t *testing.T) reply { return fixture(t, 401, "application/json", "error_401.json") }, 1},
		{"429 rate limit: retried once", func(t *testing.T) reply { return fixture(t, 429, "application/json", "error_429.json") }, 2},
		{"429 quota: not retried", func(t *testing.T) reply { return fixture(t, 429, "application/json", "error_429_quota.json") }, 1},
		{"500: retried once", func(t *testing.T) reply {
			return func(w http.ResponseWriter, _ *http.Request, _ int) { http.Error(w, "oops", 500) }
		}, 2},
		{"garbage content", func(t *testing.T) reply { return content("음… 글쎄요. 아무거나 드세요!") }, 1},
		{"not JSON at all", func(t *testing.T) reply {
			return func(w http.ResponseWriter, _ *http.Request, _ int) {
				_, _ = w.Write([]byte("<html>proxy error</html>"))
			}
		}, 1},
		{"slow endpoint", func(t *testing.T) reply { return fakeupstream.Hang }, 1},
		{"dropped connection", func(t *testing.T) reply { return fakeupstream.Drop }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeOpenAI(t, tc.reply(t))
			start := time.Now()
			_, err := newOpenAI(f.URL).Recommend(context.Background(), fixtureReq)
			if err == nil {
				t.Fatal("want an error")
			}
			if f.Calls() != tc.calls {
				t.Errorf("calls %d, want %d", f.Calls(), tc.calls)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v despite the 500ms timeout", d)
			}
		})
	}
}

func TestOpenAIRetrySucceeds(t *testing.T) {
	ok := fixture(t, 200, "application/json", "chat_completion_ok.json")
	limited := fixture(t, 429, "application/json", "error_429.json")
	f := newFakeOpenAI(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			limited(w, r, n)
			return
		}
		ok(w, r, n)
	})
	a, err := newOpenAI(f.URL).Recommend(context.Background(), fixtureReq)
	if err != nil || a.Source != "openai" || f.Calls() != 2 {
		t.Errorf("err %v source %q calls %d", err, a.Source, f.Calls())
	}
}

func TestFallback(t *testing.T) {
	f := newFakeOpenAI(t, fixture(t, 401, "application/json", "error_401.json"))
	var logged error
	fb := &menu.Fallback{Primary: newOpenAI(f.URL), Offline: menu.Offline{}, OnError: func(err error) { logged = err }}
	a, err := fb.Recommend(context.Background(), fixtureReq)
	if err != nil || a.Source != "offline" {
		t.Fatalf("err %v source %q", err, a.Source)
	}
	checkAnswer(t, a, 3)
	if logged == nil || !strings.Contains(logged.Error(), "401") {
		t.Errorf("logged %v", logged)
	}

	// a caller whose deadline the endpoint used up still gets the offline answer
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a, err = fb.Recommend(ctx, fixtureReq)
	if err != nil || a.Source != "offline" {
		t.Errorf("cancelled: err %v source %q", err, a.Source)
	}
}

func TestErrUnusable(t *testing.T) {
	f := newFakeOpenAI(t, content(`{"reply":"없어요","suggestions":[]}`))
	_, err := newOpenAI(f.URL).Recommend(context.Background(), fixtureReq)
	if !errors.Is(err, menu.ErrUnusable) {
		t.Errorf("err %v", err)
	}
}
