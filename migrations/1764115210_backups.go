package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Scheduled backups, shipped on (issue 13). PocketBase zips pb_data
// (the database through VACUUM INTO, the logs and the uploaded avatars)
// into pb_data/backups, or to S3 when the operator sets that up in the
// dashboard (Settings → Backups), and keeps the newest BackupsKeep. The
// continuous replica (internal/replica) covers the minutes in between;
// these cover the files, and a copy a mistake cannot follow into.
//
// PocketBase's cron runs in UTC: 18:30 UTC is 03:30 in Seoul, the quietest
// hour of a food-ordering service. Like every shipped setting, this runs
// once; the operator's later changes stay.
const (
	BackupsCron = "30 18 * * *"
	BackupsKeep = 7
)

func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Backups.Cron = BackupsCron
		s.Backups.CronMaxKeep = BackupsKeep
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.Backups.Cron = ""
		s.Backups.CronMaxKeep = 0
		return app.Save(s)
	})
}
