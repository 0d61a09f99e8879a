package replica

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"mealbuddy/internal/schema"
)

// Restore writes the replica's database, as it was at the given time (the
// latest state when at is zero), to dbPath, which must not exist yet. The
// result passes SQLite's quick integrity check or Restore fails.
func Restore(ctx context.Context, rawURL, dbPath string, at time.Time) error {
	client, err := NewClient(rawURL)
	if err != nil {
		return err
	}
	if err := client.Init(ctx); err != nil {
		return fmt.Errorf("replica: open %s: %w", rawURL, err)
	}
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dbPath
	opt.Timestamp = at
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	if err := newReplica(nil, client).Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrNoSnapshots) || errors.Is(err, litestream.ErrTxNotAvailable) {
			return fmt.Errorf("replica: %s holds no copy of the database (for that time): %w", rawURL, err)
		}
		return fmt.Errorf("replica: restore from %s: %w", rawURL, err)
	}
	return nil
}

// NewRestoreCommand returns the `restore` command: it brings a fresh data
// directory (--dir) back from the replica (*rawURL: the --replicaURL flag
// or MEALBUDDY_REPLICA_URL, read when the command runs).
//
// PocketBase opens --dir before any command runs and creates an empty
// database there; the command therefore records whether a database was
// there before, refuses to overwrite one, and replaces only the empty one.
func NewRestoreCommand(app core.App, rawURL *string) *cobra.Command {
	var hadDB bool
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		_, err := os.Stat(filepath.Join(e.App.DataDir(), DBFile))
		hadDB = err == nil
		return e.Next()
	})

	var at string
	cmd := &cobra.Command{
		Use:   "restore",
		Short: "Bring the database back from the continuous replica into an empty --dir",
		Long: "Restores pb_data/" + DBFile + " from the replica (--replicaURL or MEALBUDDY_REPLICA_URL) " +
			"into the data directory given with --dir, which must not hold a database yet. " +
			"Uploaded files are not in the replica: copy pb_data/storage from the latest scheduled backup. " +
			"See docs/OPERATIONS.md.",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			var when time.Time
			if at != "" {
				t, err := time.Parse(time.RFC3339, at)
				if err != nil {
					return fmt.Errorf("--timestamp: %w", err)
				}
				when = t
			}
			dir := app.DataDir()
			if hadDB {
				return fmt.Errorf("%s already holds a database; restore into an empty --dir (move the old one aside first)", dir)
			}
			return restoreInto(cmd.Context(), app, *rawURL, when, os.Stderr)
		},
	}
	cmd.Flags().StringVar(&at, "timestamp", "", "restore the state at this time (RFC 3339, e.g. 2026-12-01T09:30:00+09:00) instead of the latest")
	return cmd
}

// restoreInto swaps the empty database PocketBase created at bootstrap
// for the replica's, then opens it again to report what came back.
func restoreInto(ctx context.Context, app core.App, rawURL string, at time.Time, out io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := app.ClearBootstrap(); err != nil {
		return err
	}
	dbPath := filepath.Join(app.DataDir(), DBFile)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	started := time.Now()
	if err := Restore(ctx, rawURL, dbPath, at); err != nil {
		return err
	}
	if err := app.Bootstrap(); err != nil {
		return fmt.Errorf("restored, but the restored database does not open: %w", err)
	}
	fmt.Fprintf(out, "restore: %s restored from %s in %s\n", dbPath, rawURL, time.Since(started).Round(time.Millisecond))
	for _, c := range []string{schema.Users, schema.Posts, schema.Memberships, schema.Messages} {
		if n, err := app.CountRecords(c); err == nil {
			fmt.Fprintf(out, "restore: %d %s\n", n, c)
		}
	}
	return nil
}
