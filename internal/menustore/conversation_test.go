package menustore_test

import (
	"fmt"
	"testing"

	"mealbuddy/internal/menu"
	"mealbuddy/internal/menustore"
	"mealbuddy/testsupport/testapp"
)

func turns(n int) []menu.Turn {
	out := make([]menu.Turn, n)
	for i := range out {
		out[i] = menu.Turn{Role: "user", Content: fmt.Sprint(i + 1)}
	}
	return out
}

// TestAppendTurns: turns are added to what is stored, the latest 40 kept,
// and a conversation that cannot be read starts afresh.
func TestAppendTurns(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stored any // the turns field before; nil: no conversation
		add    int
		want   int    // turns after
		first  string // content of the oldest turn after
	}{
		{"first exchange", nil, 2, 2, "1"},
		{"added to the stored turns", turns(3), 2, 5, "1"},
		{"the latest 40 are kept", turns(39), 2, 40, "2"},
		{"unreadable turns start afresh", map[string]any{"edited": "in the dashboard"}, 2, 2, "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, user := newApp(t)
			if tc.stored != nil {
				testapp.Create(t, app, "menu_conversations", map[string]any{"user": user, "turns": tc.stored})
			}
			if err := menustore.AppendTurns(app, user, turns(tc.add)...); err != nil {
				t.Fatal(err)
			}
			got, err := menustore.Turns(app, user)
			if err != nil || len(got) != tc.want || got[0].Content != tc.first {
				t.Errorf("Turns = %v, %v; want %d turns from %q", got, err, tc.want, tc.first)
			}
		})
	}
}

// TestForget: the conversation goes, the day's count stays, and a user
// without a conversation is no error.
func TestForget(t *testing.T) {
	app, user := newApp(t)
	if err := menustore.Forget(app, user); err != nil {
		t.Fatalf("without a conversation: %v", err)
	}
	now := seoul(2025, 1, 15, 12, 0)
	if _, err := menustore.Reserve(app, user, now); err != nil {
		t.Fatal(err)
	}
	if err := menustore.AppendTurns(app, user, turns(2)...); err != nil {
		t.Fatal(err)
	}
	if err := menustore.Forget(app, user); err != nil {
		t.Fatal(err)
	}
	if got, err := menustore.Turns(app, user); got != nil || err != nil {
		t.Errorf("after Forget: %v, %v", got, err)
	}
	if remaining, err := menustore.Reserve(app, user, now); remaining != 8 || err != nil {
		t.Errorf("after Forget: %d remaining (%v), want 8: the count stays", remaining, err)
	}
}
