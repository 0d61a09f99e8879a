package replica_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestGracefulStop proves what SIGTERM does (docs/OPERATIONS.md): the
// server stops taking connections, lets the requests in flight finish
// (PocketBase waits up to 1 s), uploads the rest of the WAL to the
// replica and exits 0 — so a write acknowledged at any time before the
// stop, not only Window before it, is in the replica, and no request in
// flight got a server error.
func TestGracefulStop(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	bin := buildServer(t)
	root := t.TempDir()
	data1, rep, data2 := filepath.Join(root, "pb_data"), filepath.Join(root, "replica"), filepath.Join(root, "restored")

	srv := startServer(t, bin, data1, "--replicaURL", rep)
	w := newWorld(t, srv.url, 8, 2)
	var stopped time.Duration
	log, _ := w.burst(1500*time.Millisecond, func() {
		start := time.Now()
		srv.stop(t)
		stopped = time.Since(start)
	})
	if code := srv.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("the server exited with %d after SIGTERM", code)
	}
	t.Logf("stopped %s after SIGTERM", stopped.Round(time.Millisecond))
	if n := w.serverErrors.Load(); n > 0 {
		t.Fatalf("%d requests failed with a server error during the stop", n)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, "restore", "--dir", data2, "--replicaURL", rep, "--dev=false").CombinedOutput(); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "superuser", "upsert", "drill@mealbuddy.test", password, "--dir", data2, "--dev=false").CombinedOutput(); err != nil {
		t.Fatalf("superuser: %v\n%s", err, out)
	}
	srv2 := startServer(t, bin, data2)
	su := authenticate(t, srv2.url, "_superusers", "drill@mealbuddy.test")
	acks := log.all()
	for _, a := range acks {
		if (a.kind == "join" && log.left(a.id)) || (a.kind == "item" && log.itemLeft(a)) {
			continue
		}
		if there := exists(t, srv2.url, su, a.collection, a.id); there != (a.kind != "leave") {
			t.Errorf("%s %s/%s acknowledged before the stop is not in the replica", a.kind, a.collection, a.id)
		}
	}
	t.Logf("all %d acknowledged writes are in the replica", len(acks))
	if len(acks) < 30 {
		t.Fatalf("only %d writes: the test proved too little", len(acks))
	}
	srv2.stop(t)
	checkInvariants(t, filepath.Join(data2, "data.db"))
}
