// Package ratelimit counts requests per key in fixed windows, the way
// PocketBase's own limiter does, for the limits PocketBase cannot apply
// itself (sign-ups inside a batch request).
package ratelimit

import (
	"sync"
	"time"
)

// sweepAt is the number of keys above which expired windows are dropped.
const sweepAt = 10_000

// Windows is a set of fixed windows by key. The zero value is not usable;
// use New.
type Windows struct {
	now func() time.Time

	mu      sync.Mutex
	windows map[string]*window
}

type window struct {
	start time.Time
	span  time.Duration
	used  int
}

// New returns an empty set that reads the time from now.
func New(now func() time.Time) *Windows {
	return &Windows{now: now, windows: map[string]*window{}}
}

// Allow takes n requests from key's window of max requests per span and
// reports whether they fit; requests that do not fit take nothing.
func (w *Windows) Allow(key string, n, max int, span time.Duration) bool {
	now := w.now()
	w.mu.Lock()
	defer w.mu.Unlock()

	win := w.windows[key]
	if win == nil || now.Sub(win.start) >= win.span || win.span != span {
		if len(w.windows) >= sweepAt {
			w.sweep(now)
		}
		win = &window{start: now, span: span}
		w.windows[key] = win
	}
	if win.used+n > max {
		return false
	}
	win.used += n
	return true
}

func (w *Windows) sweep(now time.Time) {
	for k, win := range w.windows {
		if now.Sub(win.start) >= win.span {
			delete(w.windows, k)
		}
	}
}
