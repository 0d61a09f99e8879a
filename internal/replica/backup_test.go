package replica_test

import (
	"archive/zip"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/config"
	"mealbuddy/internal/replica"
	"mealbuddy/testsupport/testapp"
)

// PocketBase's backup ends with a TRUNCATE checkpoint, which cannot get
// past Litestream's read transaction: unchecked, it held every write up
// for PocketBase's whole 10 s busy timeout. And Litestream's working
// files do not belong in the zip.
func TestBackupWhileReplicating(t *testing.T) {
	cfg := config.Default()
	cfg.ReplicaURL = filepath.Join(t.TempDir(), "replica")
	app := testapp.New(t, cfg)
	testapp.Handler(t, app) // runs OnServe: replication starts
	t.Cleanup(func() {
		_ = app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error { return nil })
	})

	// Replication has started: Litestream holds its read transaction.
	testapp.User(t, app, "before@mealbuddy.test", "백업전", "서울특별시 강남구 역삼동")

	backup := make(chan error, 1)
	go func() { backup <- app.CreateBackup(context.Background(), "drill.zip") }()
	time.Sleep(50 * time.Millisecond)
	started := time.Now()
	testapp.User(t, app, "during@mealbuddy.test", "백업중", "서울특별시 강남구 역삼동")
	if took := time.Since(started); took > 5*time.Second {
		t.Errorf("a write during the backup took %s", took)
	}
	if err := <-backup; err != nil {
		t.Fatal(err)
	}

	z, err := zip.OpenReader(filepath.Join(app.DataDir(), core.LocalBackupsDirName, "drill.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var hasDB bool
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, replica.MetaDir) {
			t.Errorf("the backup holds Litestream's %s", f.Name)
		}
		hasDB = hasDB || f.Name == replica.DBFile
	}
	if !hasDB {
		t.Error("the backup has no database")
	}
}
