package weather_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mealbuddy/internal/weather"
)

// stub is a Provider that counts calls and can hold them until released.
type stub struct {
	calls   atomic.Int32
	entered chan struct{} // receives once per call when not nil
	release chan struct{} // nil: answer at once
	err     error
}

func (s *stub) Current(ctx context.Context, p weather.Point) (weather.Report, error) {
	s.calls.Add(1)
	if s.entered != nil {
		s.entered <- struct{}{}
	}
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			return weather.Report{}, ctx.Err()
		}
	}
	if s.err != nil {
		return weather.Report{}, s.err
	}
	return weather.Report{Source: "stub", Lat: p.Lat, Lon: p.Lon, Temperature: 20}, nil
}

func newCache(next weather.Provider, now func() time.Time) *weather.Cache {
	auto := &weather.Auto{OpenMeteo: next}
	return &weather.Cache{Next: next, Key: auto.Key, TTL: weather.CacheTTL, Budget: time.Second, Now: now}
}

// TestCacheCoalescesBurst: 100 concurrent requests for one neighbourhood
// make one upstream call, and every one gets the answer.
func TestCacheCoalescesBurst(t *testing.T) {
	s := &stub{entered: make(chan struct{}, 100), release: make(chan struct{})}
	c := newCache(s, nil)

	const n = 100
	var started, done sync.WaitGroup
	errs := make(chan error, n)
	started.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			started.Done()
			// points a few metres apart share the cell
			p := weather.Point{Lat: 37.5665 + float64(i)*1e-5, Lon: 126.978}
			r, err := c.Current(context.Background(), p)
			if err == nil && (r.Lat != p.Lat || r.Temperature != 20) {
				err = errors.New("wrong report")
			}
			errs <- err
		}()
	}
	started.Wait()
	// Hold the one upstream call until every goroutine runs: each either
	// joins the flight or, arriving after it, finds the cache filled.
	<-s.entered
	close(s.release)
	done.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := s.calls.Load(); got != 1 {
		t.Errorf("upstream calls = %d, want 1", got)
	}
}

func TestCacheTTL(t *testing.T) {
	s := &stub{}
	now := time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)
	c := newCache(s, func() time.Time { return now })
	ctx := context.Background()
	get := func(p weather.Point) {
		t.Helper()
		if _, err := c.Current(ctx, p); err != nil {
			t.Fatal(err)
		}
	}

	get(cityHall)
	get(cityHall)
	now = now.Add(weather.CacheTTL - time.Second)
	get(cityHall)
	if got := s.calls.Load(); got != 1 {
		t.Fatalf("within the TTL: calls = %d, want 1", got)
	}
	get(weather.Point{Lat: 35.1796, Lon: 129.0756}) // another city, another cell
	if got := s.calls.Load(); got != 2 {
		t.Fatalf("another cell: calls = %d, want 2", got)
	}
	now = now.Add(2 * time.Second)
	get(cityHall)
	if got := s.calls.Load(); got != 3 {
		t.Fatalf("after the TTL: calls = %d, want 3", got)
	}
}

func TestCacheDoesNotKeepFailures(t *testing.T) {
	s := &stub{err: weather.ErrUnavailable}
	c := newCache(s, nil)
	for range 2 {
		if _, err := c.Current(context.Background(), cityHall); !errors.Is(err, weather.ErrUnavailable) {
			t.Fatalf("err = %v", err)
		}
	}
	if got := s.calls.Load(); got != 2 {
		t.Errorf("calls = %d, want 2", got)
	}
	if c.Len() != 0 {
		t.Errorf("cached %d failures", c.Len())
	}
}

// TestCacheCallerGivesUp: a caller whose context ends stops waiting at
// once, while the shared call goes on for the others and fills the cache.
func TestCacheCallerGivesUp(t *testing.T) {
	s := &stub{entered: make(chan struct{}, 2), release: make(chan struct{})}
	c := newCache(s, nil)

	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.Current(ctx, cityHall)
		errc <- err
	}()
	<-s.entered
	cancel()
	if err := <-errc; !errors.Is(err, weather.ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	close(s.release)
	// The detached flight goes on: this call joins it or finds its answer
	// in the cache, so there is still only one upstream call.
	if _, err := c.Current(context.Background(), cityHall); err != nil || s.calls.Load() != 1 {
		t.Errorf("err = %v, calls = %d", err, s.calls.Load())
	}
}

// TestCacheBudget: an upstream that never answers is cut off by the budget.
func TestCacheBudget(t *testing.T) {
	s := &stub{release: make(chan struct{})} // never released
	c := newCache(s, nil)
	c.Budget = 50 * time.Millisecond
	start := time.Now()
	if _, err := c.Current(context.Background(), cityHall); err == nil {
		t.Fatal("want an error")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

func BenchmarkCachedWeather(b *testing.B) {
	c := newCache(&stub{}, nil)
	ctx := context.Background()
	if _, err := c.Current(ctx, cityHall); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Current(ctx, cityHall); err != nil {
			b.Fatal(err)
		}
	}
}
