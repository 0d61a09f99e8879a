package replica_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"mealbuddy/internal/replica"
)

// TestDrill is the recovery drill of docs/OPERATIONS.md, run for real:
// the server binary replicates to a directory while neighbours join,
// leave, chat and fill the order sheet through the HTTP API; it is killed
// with SIGKILL in the middle of the burst; `restore` brings a new data
// directory back from the replica; a server started on it must hold every
// write acknowledged more than replica.Window before the kill, none of
// the leaves, and every invariant of SPEC §1.
func TestDrill(t *testing.T) {
	if testing.Short() {
		t.Skip("the drill builds and runs the server binary")
	}
	bin := buildServer(t)
	root := t.TempDir()
	data1, rep, data2 := filepath.Join(root, "pb_data"), filepath.Join(root, "replica"), filepath.Join(root, "restored")

	srv := startServer(t, bin, data1, "--replicaURL", rep)
	w := newWorld(t, srv.url, 12, 4)

	// The burst: every neighbour joins, chats, adds items and now and then
	// leaves; the server is killed in the middle of it.
	log, killedAt := w.burst(3*time.Second, func() { srv.kill(t) })

	// The writes kept flowing until the kill: PocketBase and Litestream,
	// two writers on one file, did not lock each other out (DBConnect).
	acks := log.all()
	if len(acks) == 0 || killedAt.Sub(acks[len(acks)-1].at) > time.Second {
		t.Fatalf("no write was acknowledged in the last second before the kill: the writers stalled")
	}
	if n := w.serverErrors.Load(); n > 0 {
		t.Fatalf("%d requests failed with a server error during the burst", n)
	}

	// A restore into a directory that has a database must refuse.
	if out, err := exec.Command(bin, "restore", "--dir", data1, "--replicaURL", rep, "--dev=false").CombinedOutput(); err == nil {
		t.Fatalf("restore over an existing database succeeded:\n%s", out)
	}
	rctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	restoreStarted := time.Now()
	if out, err := exec.CommandContext(rctx, bin, "restore", "--dir", data2, "--replicaURL", rep, "--dev=false").CombinedOutput(); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	t.Logf("restore took %s", time.Since(restoreStarted).Round(time.Millisecond))

	// Every write acknowledged before the window is on the restored
	// server; the newest one there shows how far behind the replica was.
	if out, err := exec.Command(bin, "superuser", "upsert", "drill@mealbuddy.test", password, "--dir", data2, "--dev=false").CombinedOutput(); err != nil {
		t.Fatalf("superuser: %v\n%s", err, out)
	}
	srv2 := startServer(t, bin, data2)
	su := authenticate(t, srv2.url, "_superusers", "drill@mealbuddy.test")
	deadline := killedAt.Add(-replica.Window)
	var checked, younger, youngerThere int
	var newestThere time.Time
	for _, a := range acks {
		there := exists(t, srv2.url, su, a.collection, a.id)
		want := a.kind != "leave"
		if (a.kind == "join" && log.left(a.id)) || (a.kind == "item" && log.itemLeft(a)) {
			continue // undone again later: either may be in the replica
		}
		if a.at.Before(deadline) {
			checked++
			if there != want {
				t.Errorf("%s %s/%s acknowledged %s before the kill is not in the restored data", a.kind, a.collection, a.id, killedAt.Sub(a.at).Round(time.Millisecond))
			}
		} else {
			younger++
			if there == want {
				youngerThere++
			}
		}
		if there == want && a.at.After(newestThere) {
			newestThere = a.at
		}
	}
	kinds := map[string]int{}
	for _, a := range acks {
		kinds[a.kind]++
	}
	t.Logf("acknowledged %v; %d more than %s before the kill, all checked; %d younger, %d of them restored; newest restored write %s before the kill",
		kinds, checked, replica.Window, younger, youngerThere, killedAt.Sub(newestThere).Round(time.Millisecond))
	if w.orderItems && kinds["item"] == 0 {
		t.Fatal("no order item was written: the itemsTotal invariant would prove nothing")
	}
	if checked < 50 {
		t.Fatalf("only %d writes fell before the window: the drill proved too little", checked)
	}
	srv2.stop(t)

	checkInvariants(t, filepath.Join(data2, replica.DBFile))
}

// checkInvariants checks SPEC §1 on a database file.
func checkInvariants(t *testing.T, dbPath string) {
	t.Helper()
	db, err := dbx.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	var integrity string
	if err := db.NewQuery("PRAGMA integrity_check").Row(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q %v", integrity, err)
	}

	// Each query returns the rows that break its rule.
	rules := []struct{ name, sql string }{
		{"joinedCount equals the memberships", `
			SELECT p.id FROM posts p
			WHERE p.joinedCount != (SELECT COUNT(*) FROM memberships m WHERE m.post = p.id)`},
		{"one host membership per post, the host's", `
			SELECT p.id FROM posts p
			WHERE (SELECT COUNT(*) FROM memberships m WHERE m.post = p.id AND m.role = 'host') != 1
			   OR NOT EXISTS (SELECT 1 FROM memberships m WHERE m.post = p.id AND m.role = 'host' AND m.user = p.host)`},
		{"never more people than seats", `SELECT id FROM posts WHERE joinedCount > targetCount`},
		{"full exactly when the seats are taken", `
			SELECT id FROM posts
			WHERE (status = 'full' AND joinedCount != targetCount)
			   OR (status = 'recruiting' AND joinedCount >= targetCount)`},
		{"one membership per user and post", `
			SELECT post FROM memberships GROUP BY post, user HAVING COUNT(*) > 1`},
		{"no message outside a post", `
			SELECT id FROM messages WHERE post NOT IN (SELECT id FROM posts)`},
		{"every member's arrival is in the chat", `
			SELECT p.id FROM posts p
			WHERE (SELECT COUNT(*) FROM messages s WHERE s.post = p.id AND s.kind = 'system' AND s.body LIKE '%입장했습니다.')
			    < (SELECT COUNT(*) FROM memberships m WHERE m.post = p.id AND m.role = 'member')`},
		{"every text message has its author", `
			SELECT id FROM messages WHERE kind = 'text' AND (author = '' OR author NOT IN (SELECT id FROM users))`},
	}
	var orderItems int
	if err := db.NewQuery("SELECT COUNT(*) FROM _collections WHERE name = 'order_items'").Row(&orderItems); err != nil {
		t.Fatal(err)
	}
	if orderItems > 0 {
		rules = append(rules, struct{ name, sql string }{"itemsTotal is the sum of the items", `
			SELECT p.id FROM posts p
			WHERE p.itemsTotal != COALESCE((SELECT SUM(i.price * i.quantity) FROM order_items i WHERE i.post = p.id), 0)`})
	} else {
		t.Log("order_items does not exist yet: the itemsTotal invariant is skipped")
	}

	for _, r := range rules {
		var broken []string
		if err := db.NewQuery(r.sql).Column(&broken); err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		if len(broken) > 0 {
			t.Errorf("%s: broken for %v", r.name, broken)
		}
	}
	var posts, memberships, messages int
	_ = db.NewQuery("SELECT (SELECT COUNT(*) FROM posts), (SELECT COUNT(*) FROM memberships), (SELECT COUNT(*) FROM messages)").Row(&posts, &memberships, &messages)
	t.Logf("restored: %d posts, %d memberships, %d messages", posts, memberships, messages)
}

// burst runs every neighbour's act for d, then end (which stops the
// server) while they go on, and returns what was acknowledged and when
// end was called (before the signal: the real stop is later, so checks
// against it err on the strict side).
func (w *world) burst(d time.Duration, end func()) (*ackLog, time.Time) {
	ctx, stop := context.WithCancel(context.Background())
	log := &ackLog{}
	var wg sync.WaitGroup
	for i := range w.users {
		wg.Add(1)
		go func() { defer wg.Done(); w.act(ctx, i, log) }()
	}
	time.Sleep(d)
	at := time.Now()
	end()
	stop()
	wg.Wait()
	return log, at
}

// ack is one write the server acknowledged, and when.
type ack struct {
	kind       string // join, leave, message, item
	collection string
	id         string
	at         time.Time
	post, user string // of items and leaves
}

type ackLog struct {
	mu   sync.Mutex
	acks []ack
}

func (l *ackLog) add(a ack) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acks = append(l.acks, a)
}

func (l *ackLog) all() []ack {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ack(nil), l.acks...)
}

// left reports whether the membership was left later.
func (l *ackLog) left(membership string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range l.acks {
		if a.kind == "leave" && a.id == membership {
			return true
		}
	}
	return false
}

// itemLeft reports whether the item's owner left its post later (the
// membership took the item with it).
func (l *ackLog) itemLeft(item ack) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, a := range l.acks {
		if a.kind == "leave" && a.post == item.post && a.user == item.user && a.at.After(item.at) {
			return true
		}
	}
	return false
}

// act is one neighbour during the burst: join a group, say something,
// sometimes leave; about ten writes a second, bounded in count and by ctx.
// The message rate limit (20 per 10 s per user) is never reached.
func (w *world) act(ctx context.Context, i int, log *ackLog) {
	u := w.users[i]
	rnd := rand.New(rand.NewPCG(uint64(i), 7))
	joined := map[string]string{} // post → membership
	items := map[string]int{}     // post → items on the sheet
	for step := 0; step < 200 && ctx.Err() == nil; step++ {
		time.Sleep(time.Duration(60+rnd.IntN(60)) * time.Millisecond)
		post := w.posts[rnd.IntN(len(w.posts))]
		switch m, member := joined[post.id]; {
		case post.host == u.id || (member && rnd.IntN(4) > 0):
			var rec struct{ Id string }
			switch {
			case step%3 == 0: // at most one message in 180 ms: about 11 in the burst, under the limit
				if w.call(ctx, u, http.MethodPost, "/api/collections/messages/records",
					map[string]any{"post": post.id, "body": fmt.Sprintf("%s: %d번째 메시지", u.name, step)}, &rec) == http.StatusOK {
					log.add(ack{kind: "message", collection: "messages", id: rec.Id, at: time.Now()})
				}
			case step%3 == 1 && w.orderItems && items[post.id] < 5:
				if w.call(ctx, u, http.MethodPost, "/api/collections/order_items/records",
					map[string]any{"post": post.id, "name": "후라이드 반마리", "price": 9000 + 500*rnd.IntN(4), "quantity": 1 + rnd.IntN(2)}, &rec) == http.StatusOK {
					log.add(ack{kind: "item", collection: "order_items", id: rec.Id, at: time.Now(), post: post.id, user: u.id})
					items[post.id]++
				}
			}
		case member:
			if w.call(ctx, u, http.MethodDelete, "/api/collections/memberships/records/"+m, nil, nil) == http.StatusNoContent {
				log.add(ack{kind: "leave", collection: "memberships", id: m, at: time.Now(), post: post.id, user: u.id})
				delete(joined, post.id)
				delete(items, post.id) // the items left with the membership
			}
		default:
			var rec struct{ Id string }
			if w.call(ctx, u, http.MethodPost, "/api/collections/memberships/records",
				map[string]any{"post": post.id, "user": u.id}, &rec) == http.StatusOK {
				log.add(ack{kind: "join", collection: "memberships", id: rec.Id, at: time.Now()})
				joined[post.id] = rec.Id
			}
		}
	}
}

// exists asks the server, as a superuser, whether a record is there.
func exists(t *testing.T, baseURL, token, collection, id string) bool {
	t.Helper()
	status := do(t, context.Background(), baseURL, token, http.MethodGet, "/api/collections/"+collection+"/records/"+id, nil, nil)
	switch status {
	case http.StatusOK:
		return true
	case http.StatusNotFound:
		return false
	}
	t.Fatalf("GET %s/%s: %d", collection, id, status)
	return false
}

// server is a running server binary.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs string
	done chan struct{}
}

// startServer runs `serve` on dataDir on a free loopback port and waits
// (at most 20 s) until /api/health answers 200.
func startServer(t testing.TB, bin, dataDir string, args ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	logs := filepath.Join(t.TempDir(), "server.log")
	out, err := os.Create(logs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--dir", dataDir, "--http", addr, "--dev=false", "--publicDir", t.TempDir()}, args...)...)
	cmd.Env = append(withoutReplicaEnv(), "MEALBUDDY_OPENMETEO_BASE_URL=http://127.0.0.1:9", "MEALBUDDY_KMA_BASE_URL=http://127.0.0.1:9")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, url: "http://" + addr, logs: logs, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); out.Close(); close(s.done) }()
	t.Cleanup(func() {
		s.kill(t)
		if t.Failed() {
			b, _ := os.ReadFile(logs)
			t.Logf("server %s log:\n%s", dataDir, b)
		}
	})

	client := &http.Client{Timeout: time.Second}
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(100 * time.Millisecond) {
		select {
		case <-s.done:
			b, _ := os.ReadFile(logs)
			t.Fatalf("the server exited:\n%s", b)
		default:
		}
		if resp, err := client.Get(s.url + "/api/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
	}
	t.Fatal("the server did not become healthy within 20 s")
	return nil
}

// kill is kill -9: no shutdown hook runs, nothing is flushed.
func (s *server) kill(t testing.TB) {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// stop is a graceful stop (SIGTERM), bounded to 20 s.
func (s *server) stop(t testing.TB) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not stop within 20 s of SIGTERM")
	}
}

func withoutReplicaEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if len(kv) < len("MEALBUDDY_REPLICA_URL=") || kv[:len("MEALBUDDY_REPLICA_URL=")] != "MEALBUDDY_REPLICA_URL=" {
			env = append(env, kv)
		}
	}
	return env
}
