package menustore_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"mealbuddy/internal/menustore"
)

// TestReserve: ten questions per Asia/Seoul day, counted down, the
// eleventh refused, and a new day in Seoul (not in UTC) starts afresh.
func TestReserve(t *testing.T) {
	lateEvening := seoul(2025, 1, 15, 23, 59)
	morning := seoul(2025, 1, 15, 9, 30) // 00:30 UTC
	for _, tc := range []struct {
		name   string
		before []time.Time // questions asked earlier, all granted
		now    time.Time
		want   int // remaining after this question
		err    error
	}{
		{"first question of the day", nil, lateEvening, 9, nil},
		{"the tenth is the last", slices.Repeat([]time.Time{lateEvening}, 9), lateEvening, 0, nil},
		{"the eleventh is refused", slices.Repeat([]time.Time{lateEvening}, 10), lateEvening, 0, menustore.ErrDailyLimit},
		{"yesterday's questions do not count", slices.Repeat([]time.Time{lateEvening}, 10), lateEvening.Add(time.Minute), 9, nil},
		{"the day ends at midnight in Seoul, not in UTC", slices.Repeat([]time.Time{morning}, 10), lateEvening, 0, menustore.ErrDailyLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app, user := newApp(t)
			for i, at := range tc.before {
				if _, err := menustore.Reserve(app, user, at); err != nil {
					t.Fatalf("question %d: %v", i+1, err)
				}
			}
			got, err := menustore.Reserve(app, user, tc.now)
			if !errors.Is(err, tc.err) || (err == nil && got != tc.want) {
				t.Errorf("Reserve = %d, %v; want %d, %v", got, err, tc.want, tc.err)
			}
		})
	}
}
