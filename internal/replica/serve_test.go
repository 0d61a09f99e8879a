package replica_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/replica"
)

// The pragmas that PocketBase sets on every connection, and ours.
var pragmas = []string{"busy_timeout", "journal_mode", "journal_size_limit", "synchronous", "foreign_keys", "temp_store", "cache_size", "wal_autocheckpoint"}

func readPragmas(t *testing.T, db *dbx.DB) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, p := range pragmas {
		var v string
		if err := db.NewQuery("PRAGMA " + p).Row(&v); err != nil {
			t.Fatalf("PRAGMA %s: %v", p, err)
		}
		got[p] = v
	}
	return got
}

func TestDBConnect(t *testing.T) {
	dir := t.TempDir()
	base, err := core.DefaultDBConnect(filepath.Join(dir, "reference.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer base.Close()
	pocketbase := readPragmas(t, base)

	for _, tc := range []struct {
		name, url, file string
		autocheckpoint  string // what SQLite's automatic checkpoint is left at
	}{
		{"no replica: PocketBase's connection", "", replica.DBFile, "1000"},
		{"replicated data.db: Litestream checkpoints", filepath.Join(dir, "replica"), replica.DBFile, "10000"},
		{"the logs database is not replicated", filepath.Join(dir, "replica"), "auxiliary.db", "1000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := tc.url
			db, err := replica.DBConnect(&url)(filepath.Join(t.TempDir(), tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			got := readPragmas(t, db)
			for _, p := range pragmas {
				want := pocketbase[p]
				if p == "wal_autocheckpoint" {
					want = tc.autocheckpoint
				}
				if got[p] != want {
					t.Errorf("PRAGMA %s = %s, want %s (PocketBase's DefaultDBConnect changed? update pocketbasePragmas)", p, got[p], want)
				}
			}
		})
	}
}

// A PocketBase transaction reads before it writes (the seat count before
// the join). Litestream commits on the same file around its checkpoints;
// if that lands between the read and the write, a deferred transaction
// can never write again (SQLITE_BUSY_SNAPSHOT) and PocketBase retries it
// for seconds while all writes queue. DBConnect's transactions take the
// write lock when they begin, so the other writer waits instead.
func TestDBConnectTransactionsSurviveAnotherWriter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, replica.DBFile)
	url := filepath.Join(dir, "replica")
	app, err := replica.DBConnect(&url)(path)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := app.NewQuery("CREATE TABLE seats (n INTEGER)").Execute(); err != nil {
		t.Fatal(err)
	}
	litestream, err := dbx.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer litestream.Close()

	tx, err := app.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.NewQuery("SELECT COUNT(*) FROM seats").Row(&n); err != nil {
		t.Fatal(err)
	}
	other := make(chan error, 1)
	go func() {
		_, err := litestream.NewQuery("INSERT INTO seats VALUES (2)").Execute()
		other <- err
	}()
	time.Sleep(200 * time.Millisecond) // the other writer commits now, unless it has to wait

	if _, err := tx.NewQuery("INSERT INTO seats VALUES (1)").Execute(); err != nil {
		_ = tx.Rollback()
		if strings.Contains(err.Error(), "locked") {
			t.Fatalf("the transaction lost its write to the other writer: %v", err)
		}
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-other; err != nil {
		t.Fatalf("the other writer: %v", err)
	}
}

func TestNewClient(t *testing.T) {
	for _, tc := range []struct {
		url     string
		wantErr bool
	}{
		{"/var/backups/mealbuddy", false},
		{"relative/replica", false},
		{"file:///var/backups/mealbuddy", false},
		{"s3://mealbuddy-backups/node-1", false},
		{"s3://mealbuddy-backups/node-1?endpoint=http://127.0.0.1:9000&region=kr-standard", false},
		{"", true},
		{"gs://bucket/path", true}, // not compiled in: say so instead of failing later
		{"ftp://host/path", true},
	} {
		t.Run(tc.url, func(t *testing.T) {
			c, err := replica.NewClient(tc.url)
			if (err != nil) != tc.wantErr {
				t.Fatalf("NewClient(%q) = %v, %v; want error %v", tc.url, c, err, tc.wantErr)
			}
		})
	}
}
