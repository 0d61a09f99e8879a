// Package replica keeps a continuous copy of MealBuddy's database
// (pb_data/data.db: who owes, who paid) with Litestream, embedded as a
// library, and brings it back with the restore command.
//
// The replica is a local directory when MEALBUDDY_REPLICA_URL is a path,
// S3-compatible storage when it is an s3:// URL (keys in the usual AWS
// variables); unset, nothing is replicated continuously and only
// PocketBase's scheduled backups run (migrations/1764115210_backups.go).
//
// Only the database is replicated: the auxiliary database holds request
// logs, and uploaded avatars (pb_data/storage) are in the scheduled
// backups. docs/OPERATIONS.md tells the operator how to use both.
package replica

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	_ "github.com/benbjohnson/litestream/s3" // registers the s3:// scheme
)

// Window is the promise the drill (drill_test.go) checks: a write
// acknowledged longer than Window before the machine died is in the
// replica. Litestream copies the WAL into its local LTX files every
// monitorInterval and uploads them every syncInterval; Window leaves room
// for one of each plus the upload itself.
const Window = time.Second

const (
	monitorInterval = 250 * time.Millisecond
	syncInterval    = 250 * time.Millisecond
)

// DBFile is the database that is replicated, inside the data directory.
const DBFile = "data.db"

// MetaDir is Litestream's working directory beside the database
// (pb_data/.data.db-litestream), named as Litestream names it.
const MetaDir = "." + DBFile + litestream.MetaDirSuffix

// NewClient returns the replica client for a MEALBUDDY_REPLICA_URL: a
// directory for a plain path (relative paths are made absolute, so that
// the working directory cannot move the replica), otherwise the backend of
// the URL's scheme (s3://bucket/path?endpoint=…&region=…, file:///dir).
func NewClient(rawURL string) (litestream.ReplicaClient, error) {
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" {
		return nil, fmt.Errorf("replica: no replica URL configured (MEALBUDDY_REPLICA_URL or --replicaURL)")
	}
	if !litestream.IsURL(rawURL) {
		dir, err := filepath.Abs(rawURL)
		if err != nil {
			return nil, err
		}
		return file.NewReplicaClient(dir), nil
	}
	switch scheme := litestream.ReplicaTypeFromURL(rawURL); scheme {
	case "file", "s3":
		return litestream.NewReplicaClientFromURL(rawURL)
	default:
		return nil, fmt.Errorf("replica: %q: only a directory path, file:// or s3:// is supported", rawURL)
	}
}

// newReplica ties a client to db (nil for a restore, which has no live
// database) with our intervals.
func newReplica(db *litestream.DB, client litestream.ReplicaClient) *litestream.Replica {
	r := litestream.NewReplicaWithClient(db, client)
	r.SyncInterval = syncInterval
	if fc, ok := client.(*file.ReplicaClient); ok {
		fc.Replica = r // the file backend copies the database's permissions
	}
	return r
}
