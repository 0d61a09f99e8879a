package replica

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// stopTimeout bounds the final upload at shutdown, so that a stopping
// server with an unreachable bucket still stops; startTimeout bounds the
// first local copy (a full snapshot of the database).
const (
	stopTimeout  = 15 * time.Second
	startTimeout = time.Minute
)

// Register replicates the database continuously while `serve` runs, when
// rawURL is set; with it empty, Register does nothing.
//
// Litestream must be the one that checkpoints the WAL (it holds a read
// transaction so that nobody else can, and checkpoints between its
// copies), so Register also
//   - replaces PocketBase's nightly TRUNCATE checkpoint of data.db, which
//     would wait out the busy timeout behind Litestream's read transaction
//     while blocking every writer (see DBConnect for SQLite's own
//     checkpoints);
//   - runs PocketBase's backups with a short busy timeout (their own
//     TRUNCATE checkpoint) and leaves Litestream's working directory out
//     of the zip;
//   - stops replicating before a backup from the dashboard replaces
//     pb_data (PocketBase then restarts the process; if the restore fails
//     instead, replication starts again), and after the server has
//     finished its last requests.
func Register(app core.App, rawURL string) {
	if strings.TrimSpace(rawURL) == "" {
		return
	}
	r := &replicator{app: app, url: rawURL}

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if err := r.start(); err != nil {
			return err
		}
		return e.Next()
	})
	// PocketBase's own terminate handler (priority -9999) runs first and
	// stops the HTTP server, so the last acknowledged write is in the WAL
	// when the final sync runs; the database is still open for it.
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		r.stop()
		return e.Next()
	})
	app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		r.stop()
		err := e.Next() // on success the process has been replaced by now
		if serr := r.start(); serr != nil {
			e.App.Logger().Error("replica: could not start again after a failed restore", slog.String("error", serr.Error()))
		}
		return err
	})
	app.OnBackupCreate().BindFunc(func(e *core.BackupEvent) error {
		e.Exclude = append(e.Exclude, MetaDir)
		return withShortBusyTimeout(e.App, e.Next)
	})
	_ = app.Cron().Add(nightlyOptimizeJob, "0 0 * * *", func() { nightlyOptimize(app) })
}

// backupBusyTimeout bounds how long a backup's checkpoint may hold up the
// writers (see withShortBusyTimeout).
const backupBusyTimeout = time.Second

// withShortBusyTimeout runs a PocketBase backup with the writer
// connection's busy timeout lowered from 10 s to backupBusyTimeout.
// CreateBackup ends with a TRUNCATE checkpoint of data.db, on that
// connection; behind Litestream's read transaction it can only give up,
// and while it waits no other write gets through: measured, every write
// stalled for the full 10 s. The checkpoint's failure is ignored by
// PocketBase and Litestream checkpoints anyway. The writer pool has one
// connection, so the PRAGMA reaches the connection the checkpoint uses.
func withShortBusyTimeout(app core.App, next func() error) error {
	db := app.NonconcurrentDB()
	if _, err := db.NewQuery(fmt.Sprintf("PRAGMA busy_timeout = %d", backupBusyTimeout.Milliseconds())).Execute(); err != nil {
		return next() // the backup matters more than the stall
	}
	defer func() { _, _ = db.NewQuery("PRAGMA busy_timeout = 10000").Execute() }() // PocketBase's, as in pocketbasePragmas
	return next()
}

// nightlyOptimizeJob is the id PocketBase gives its nightly
// "wal_checkpoint(TRUNCATE) + optimize" job (core/base.go); adding a job
// with the same id replaces it.
const nightlyOptimizeJob = "__pbDBOptimize__"

// nightlyOptimize is PocketBase's nightly job without the TRUNCATE
// checkpoint of data.db: the logs database still gets it, and both keep
// SQLite's query planner statistics fresh.
func nightlyOptimize(app core.App) {
	if _, err := app.AuxNonconcurrentDB().NewQuery("PRAGMA wal_checkpoint(TRUNCATE)").Execute(); err != nil {
		app.Logger().Warn("replica: nightly checkpoint of the logs database failed", slog.String("error", err.Error()))
	}
	if _, err := app.NonconcurrentDB().NewQuery("PRAGMA optimize").Execute(); err != nil {
		app.Logger().Warn("replica: nightly PRAGMA optimize failed", slog.String("error", err.Error()))
	}
}

// DBConnect is PocketBase's connection function, changed for data.db
// while *rawURL is set, because Litestream is a second writer on the file:
//
//   - Transactions begin IMMEDIATE. PocketBase's begin deferred: they read
//     first and take the write lock at their first write. Alone on the
//     file that is fine (all its writes share one connection); but when
//     Litestream commits in between (it does around every checkpoint),
//     the upgrade fails at once with SQLITE_BUSY_SNAPSHOT, no busy timeout
//     helps, and PocketBase retries the statement in the stale transaction
//     for seconds while every other write queues behind it. Measured in
//     the drill: writes stalled for over 2 s until the server died.
//   - SQLite's automatic checkpoint moves from 1,000 to 10,000 WAL pages.
//     Litestream checkpoints at 1,000 pages itself, between its copies;
//     one of ours racing it can let a writer restart the WAL before
//     Litestream has copied the last frames, which costs a full snapshot.
//     At 10,000 pages SQLite steps in only if Litestream has stopped, so
//     the WAL stays bounded (~40 MB).
//
// rawURL is a pointer because flags are parsed after the app is created.
func DBConnect(rawURL *string) core.DBConnectFunc {
	return func(dbPath string) (*dbx.DB, error) {
		if filepath.Base(dbPath) != DBFile || strings.TrimSpace(*rawURL) == "" {
			return core.DefaultDBConnect(dbPath)
		}
		return dbx.Open("sqlite", dbPath+pocketbasePragmas+replicatedPragmas)
	}
}

const replicatedPragmas = "&_txlock=immediate&_pragma=wal_autocheckpoint(10000)"

// pocketbasePragmas are core.DefaultDBConnect's (PocketBase keeps them
// unexported); TestDBConnectKeepsPocketBasePragmas fails when they drift.
const pocketbasePragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)&_defensive=1"

// replicator is the running Litestream store of one server.
type replicator struct {
	app core.App
	url string

	mu    sync.Mutex
	store *litestream.Store
}

func (r *replicator) start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.store != nil {
		return nil
	}
	client, err := NewClient(r.url)
	if err != nil {
		return err
	}
	// Litestream's own logs go to stderr, warnings and errors only: its
	// records carry time.Duration values, which PocketBase's log store
	// (the dashboard's Logs) cannot encode.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})).
		With(slog.String("component", "replica"))

	db := litestream.NewDB(filepath.Join(r.app.DataDir(), DBFile))
	db.MonitorInterval = monitorInterval
	db.Replica = newReplica(db, client)

	store := litestream.NewStore([]*litestream.DB{db}, litestream.DefaultCompactionLevels)
	store.Logger = logger
	db.SetLogger(logger)
	if err := store.Open(context.Background()); err != nil {
		return fmt.Errorf("replica: start replicating to %s: %w", r.url, err)
	}
	// Litestream opens the database at its first copy; make that copy now,
	// so that the server takes no request before replication runs (and a
	// stop right after the start still uploads).
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := db.Sync(ctx); err != nil {
		_ = store.Close(context.Background())
		return fmt.Errorf("replica: first copy of %s: %w", DBFile, err)
	}
	r.store = store
	r.app.Logger().Info("replica: replicating the database continuously", slog.String("replica", r.url))
	fmt.Fprintf(os.Stderr, "replica: replicating %s to %s continuously\n", DBFile, r.url)
	return nil
}

// stop uploads what is left and stops; it is safe to call more than once.
func (r *replicator) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	if err := r.store.Close(ctx); err != nil {
		r.app.Logger().Error("replica: final sync failed", slog.String("error", err.Error()))
	}
	r.store = nil
}
