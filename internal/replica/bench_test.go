package replica_test

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkServerJoins measures what continuous replication costs the
// single SQLite writer: the real server over loopback HTTP, 16 clients,
// each operation a join and a leave (two API writes, each with its
// system message and the post's count), without and with a replica.
// docs/OPERATIONS.md quotes it.
func BenchmarkServerJoins(b *testing.B) {
	for _, bc := range []struct {
		name       string
		replicated bool
	}{{"replica=off", false}, {"replica=on", true}} {
		b.Run(bc.name, func(b *testing.B) {
			bin := buildServer(b)
			root := b.TempDir()
			data := filepath.Join(root, "pb_data")
			if out, err := exec.Command(bin, "superuser", "upsert", "drill@mealbuddy.test", password, "--dir", data, "--dev=false").CombinedOutput(); err != nil {
				b.Fatalf("superuser: %v\n%s", err, out)
			}
			var args []string
			if bc.replicated {
				args = []string{"--replicaURL", filepath.Join(root, "replica")}
			}
			srv := startServer(b, bin, data, args...)
			su := authenticate(b, srv.url, "_superusers", "drill@mealbuddy.test")
			const clients = 16
			w := newWorldAs(b, srv.url, su, clients+4, 4, 8) // 32 posts of 10 seats: a client seldom meets a full one

			var next, failed atomic.Int64
			var wg sync.WaitGroup
			ctx := context.Background()
			b.ResetTimer()
			start := time.Now()
			for c := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					u := w.users[4+c]
					for i := c; next.Add(1) <= int64(b.N); i++ {
						p := w.posts[i%len(w.posts)]
						var rec struct{ Id string }
						if w.call(ctx, u, http.MethodPost, "/api/collections/memberships/records", map[string]any{"post": p.id, "user": u.id}, &rec) != http.StatusOK ||
							w.call(ctx, u, http.MethodDelete, "/api/collections/memberships/records/"+rec.Id, nil, nil) != http.StatusNoContent {
							failed.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "joins+leaves/s")
			if n := failed.Load(); n > int64(b.N)/100 {
				b.Fatalf("%d of %d join+leave pairs failed", n, b.N)
			}
			srv.stop(b)
		})
	}
}

// BenchmarkServerMessages measures chat messages per second that the
// single writer takes, on the real server over loopback HTTP with the
// replica on: 100 members in 10 rooms, 16 clients. Each user stays
// under the rate limit (20 per 10 s) for b.N up to 2,000.
func BenchmarkServerMessages(b *testing.B) {
	bin := buildServer(b)
	root := b.TempDir()
	data := filepath.Join(root, "pb_data")
	if out, err := exec.Command(bin, "superuser", "upsert", "drill@mealbuddy.test", password, "--dir", data, "--dev=false").CombinedOutput(); err != nil {
		b.Fatalf("superuser: %v\n%s", err, out)
	}
	srv := startServer(b, bin, data, "--replicaURL", filepath.Join(root, "replica"))
	su := authenticate(b, srv.url, "_superusers", "drill@mealbuddy.test")
	w := newWorldAs(b, srv.url, su, 100, 10, 1)
	ctx := context.Background()
	for i, u := range w.users[10:] {
		p := w.posts[i%len(w.posts)]
		if status := w.call(ctx, u, http.MethodPost, "/api/collections/memberships/records", map[string]any{"post": p.id, "user": u.id}, nil); status != http.StatusOK {
			b.Fatalf("join: %d", status)
		}
	}
	room := func(i int) string { // every user's room
		if i < 10 {
			return w.posts[i].id
		}
		return w.posts[(i-10)%len(w.posts)].id
	}

	var next, failed atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > int64(b.N) {
					return
				}
				i := int(n) % len(w.users)
				if w.call(ctx, w.users[i], http.MethodPost, "/api/collections/messages/records", map[string]any{"post": room(i), "body": "몇 시에 시킬까요?"}, nil) != http.StatusOK {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "messages/s")
	if n := failed.Load(); n > int64(b.N)/100 {
		b.Fatalf("%d of %d messages failed", n, b.N)
	}
	srv.stop(b)
}
