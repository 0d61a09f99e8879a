// Package menu suggests what to order (POST /api/mealbuddy/menu, SPEC §3).
//
// A Recommender turns a wish, the weather and the time into exactly five
// dishes, each with a category key of SPEC §2 and a Korean reason. Offline
// is the built-in, deterministic recommender that always answers; OpenAI
// asks an OpenAI-compatible endpoint and repairs what comes back; Fallback
// puts Offline behind OpenAI so that the route never fails for want of a
// provider. The package knows no database: the daily limit and the
// stored conversation live in internal/menustore.
package menu

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mealbuddy/internal/category"
	"mealbuddy/internal/weather"
)

// Count is the number of suggestions in every answer.
const Count = 5

// defaultQuestion stands for an empty wish (see Request.Question).
const defaultQuestion = "지금 뭐 먹으면 좋을까요?"

// Sources of an answer.
const (
	SourceOpenAI  = "openai"
	SourceOffline = "offline"
)

// Suggestion is one dish of an answer.
type Suggestion struct {
	Name     string `json:"name"`
	Category string `json:"category"` // a key of category.All
	Reason   string `json:"reason"`   // Korean
}

// Answer is what a recommender returns.
type Answer struct {
	Source      string       `json:"source"`
	Reply       string       `json:"reply"`
	Suggestions []Suggestion `json:"suggestions"`
}

// Turn is one message of a stored conversation.
type Turn struct {
	Role    string `json:"role"` // "user" or "assistant"
	Content string `json:"content"`
}

// Request is what a recommender knows about the question.
type Request struct {
	Message string          // the wish, possibly empty
	Weather *weather.Report // nil when unknown
	Now     time.Time       // any zone; meals are judged in Asia/Seoul
	History []Turn          // earlier turns, oldest first
}

// Question is the wish as the conversation records it: trimmed, and
// defaultQuestion when empty. The endpoint is asked it and the route
// stores it, so that a later turn refers to what was really asked.
func (r Request) Question() string {
	if q := strings.TrimSpace(r.Message); q != "" {
		return q
	}
	return defaultQuestion
}

// Recommender answers a Request with exactly Count valid suggestions, or
// an error (which Fallback turns into an offline answer).
type Recommender interface {
	Recommend(ctx context.Context, req Request) (Answer, error)
}

// Fallback asks Primary and answers from Offline when it fails, so the
// feature works whatever the endpoint does (401, 429, timeouts, garbage).
type Fallback struct {
	Primary Recommender
	Offline Recommender
	OnError func(error) // e.g. a log line; may be nil
}

// Recommend implements Recommender.
func (f *Fallback) Recommend(ctx context.Context, req Request) (Answer, error) {
	a, err := f.Primary.Recommend(ctx, req)
	if err == nil {
		return a, nil
	}
	if f.OnError != nil {
		f.OnError(err)
	}
	// The primary may have used up the caller's deadline; the offline
	// answer takes microseconds and must still be given.
	return f.Offline.Recommend(context.WithoutCancel(ctx), req)
}

// meal is the part of the day a question is asked in (Asia/Seoul).
type meal int

// Meals of the day.
const (
	mealBreakfast meal = iota // 05:00–09:59
	mealLunch                 // 10:00–13:59
	mealAfternoon             // 14:00–16:59
	mealDinner                // 17:00–20:59
	mealLateNight             // 21:00–04:59
)

// mealAt returns the meal of t in Asia/Seoul.
func mealAt(t time.Time) meal {
	switch h := t.In(weather.Seoul).Hour(); {
	case h >= 5 && h < 10:
		return mealBreakfast
	case h >= 10 && h < 14:
		return mealLunch
	case h >= 14 && h < 17:
		return mealAfternoon
	case h >= 17 && h < 21:
		return mealDinner
	}
	return mealLateNight
}

// label is the Korean name of the meal.
func (m meal) label() string {
	return [...]string{"아침", "점심", "오후", "저녁", "늦은 밤"}[m]
}

// Transcript is the text stored as the assistant's turn: the reply and
// the numbered dishes, so that a later question ("그거 말고 다른 거")
// can refer to them.
func Transcript(a Answer) string {
	var b strings.Builder
	b.WriteString(a.Reply)
	for i, s := range a.Suggestions {
		fmt.Fprintf(&b, "\n%d. %s (%s) - %s", i+1, s.Name, category.Label(s.Category), s.Reason)
	}
	return b.String()
}
