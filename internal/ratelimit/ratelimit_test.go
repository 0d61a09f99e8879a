package ratelimit_test

import (
	"testing"
	"time"

	"mealbuddy/internal/ratelimit"
)

func TestWindows(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	w := ratelimit.New(func() time.Time { return now })

	steps := []struct {
		name    string
		advance time.Duration
		key     string
		n       int
		want    bool
	}{
		{"the first request fits", 0, "a", 1, true},
		{"a batch of three fits the rest", 0, "a", 3, true},
		{"the window is full", 0, "a", 1, false},
		{"another key has its own window", 0, "b", 4, true},
		{"a refused batch takes nothing", 0, "b", 2, false},
		{"still full before the window ends", 59 * time.Second, "a", 1, false},
		{"a new window starts after the span", time.Second, "a", 4, true},
		{"more than the window holds never fits", 2 * time.Minute, "c", 5, false},
		{"and took nothing", 0, "c", 4, true},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		if got := w.Allow(s.key, s.n, 4, time.Minute); got != s.want {
			t.Fatalf("%s: Allow(%q, %d) = %v, want %v", s.name, s.key, s.n, got, s.want)
		}
	}
}
