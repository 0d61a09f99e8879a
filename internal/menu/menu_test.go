package menu_test

import (
	"testing"

	"mealbuddy/internal/menu"
)

// TestQuestion: the wish is trimmed, and an empty one stands for the
// default question.
func TestQuestion(t *testing.T) {
	for _, tc := range []struct{ message, want string }{
		{"매운 거", "매운 거"},
		{"  국물 말고\n", "국물 말고"},
		{"", "지금 뭐 먹으면 좋을까요?"},
		{" \t ", "지금 뭐 먹으면 좋을까요?"},
	} {
		if got := (menu.Request{Message: tc.message}).Question(); got != tc.want {
			t.Errorf("Question(%q) = %q, want %q", tc.message, got, tc.want)
		}
	}
}
