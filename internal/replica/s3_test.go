package replica_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/config"
	"mealbuddy/internal/replica"
	"mealbuddy/testsupport/testapp"
)

// An s3:// MEALBUDDY_REPLICA_URL replicates to S3-compatible storage
// (here a fake S3 on loopback) with the keys from the usual AWS
// variables, and restores from it.
func TestS3Replica(t *testing.T) {
	fake := httptest.NewServer(gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)).Server())
	defer fake.Close()
	t.Setenv("AWS_ACCESS_KEY_ID", "drill")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "drill-secret")
	// Litestream's S3 client brings its own HTTP client, to which the AWS
	// SDK cannot add a custom CA bundle: with AWS_CA_BUNDLE set, it
	// refuses to start (docs/OPERATIONS.md).
	t.Setenv("AWS_CA_BUNDLE", "")
	url := "s3://mealbuddy-backups/node-1?endpoint=" + fake.URL + "&region=us-east-1"

	cfg := config.Default()
	cfg.ReplicaURL = url
	app := testapp.New(t, cfg)
	testapp.Handler(t, app) // OnServe: replication starts
	testapp.User(t, app, "s3@mealbuddy.test", "버킷", "서울특별시 강남구 역삼동")
	// The stop uploads the rest, as at a SIGTERM.
	if err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error { return nil }); err != nil {
		t.Fatal(err)
	}

	restored := filepath.Join(t.TempDir(), replica.DBFile)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := replica.Restore(ctx, url, restored, time.Time{}); err != nil {
		t.Fatal(err)
	}
	db, err := dbx.Open("sqlite", restored)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.NewQuery("SELECT COUNT(*) FROM users WHERE email = 's3@mealbuddy.test'").Row(&n); err != nil || n != 1 {
		t.Fatalf("the user is not in the restored database: %d %v", n, err)
	}
}
