package weather

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// CacheTTL is how long an answer is reused for the same cell (SPEC §3).
// Observations change hourly, so ten minutes costs no freshness.
const CacheTTL = 10 * time.Minute

// cacheMaxEntries bounds the memory a flood of distinct points can take.
const cacheMaxEntries = 10_000

// Cache reuses answers per cell for a TTL and coalesces concurrent misses
// of one cell into a single upstream call: a burst of 100 requests for one
// neighbourhood costs one call, not 100 (a plain cache would let all 100
// miss at once). Failures are not cached, so the next request tries again.
type Cache struct {
	Next   Provider
	Key    func(Point) string // the cell of a point; equal keys share answers
	TTL    time.Duration
	Budget time.Duration    // the longest an upstream call may take; the only weather timeout
	Now    func() time.Time // for tests; time.Now when nil

	mu      sync.Mutex
	entries map[string]cacheEntry
	flights singleflight.Group
}

type cacheEntry struct {
	report  Report
	expires time.Time
}

// Current implements Provider. The returned report carries the caller's
// point, whichever point of the cell filled the cache.
//
// The upstream call runs on a context detached from the caller's (but with
// the budget), because it serves every waiter of the flight: one client
// hanging up must not fail the others. Each caller still stops waiting
// when its own ctx ends.
func (c *Cache) Current(ctx context.Context, p Point) (Report, error) {
	key := c.Key(p)
	if r, ok := c.get(key); ok {
		return at(r, p), nil
	}
	ch := c.flights.DoChan(key, func() (any, error) {
		if r, ok := c.get(key); ok { // filled by a flight that just ended
			return r, nil
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.Budget)
		defer cancel()
		r, err := c.Next.Current(fctx, p)
		if err != nil {
			return nil, err
		}
		c.put(key, r)
		return r, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return Report{}, res.Err
		}
		return at(res.Val.(Report), p), nil
	case <-ctx.Done():
		return Report{}, fmt.Errorf("weather: gave up waiting: %w", ErrUnavailable)
	}
}

// at is r as seen from p: the provider's answer for the cell, with the
// caller's point.
func at(r Report, p Point) Report {
	r.Lat, r.Lon = p.Lat, p.Lon
	return r
}

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Cache) get(key string) (Report, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !c.now().Before(e.expires) {
		return Report{}, false
	}
	return e.report, true
}

func (c *Cache) put(key string, r Report) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cacheEntry{}
	}
	now := c.now()
	if len(c.entries) >= cacheMaxEntries {
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, k)
			}
		}
		for k := range c.entries { // still full: drop arbitrary entries
			if len(c.entries) < cacheMaxEntries {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[key] = cacheEntry{report: r, expires: now.Add(c.TTL)}
}
