package migrations_test

import (
	"testing"

	"mealbuddy/internal/config"
	"mealbuddy/migrations"
	"mealbuddy/testsupport/testapp"
)

func TestBackupSettings(t *testing.T) {
	app := testapp.New(t, config.Default())
	b := app.Settings().Backups
	if b.Cron != migrations.BackupsCron || b.CronMaxKeep != 7 { // SPEC: keep 7
		t.Fatalf("scheduled backups: cron %q keep %d, want %q keep 7", b.Cron, b.CronMaxKeep, migrations.BackupsCron)
	}
	found := false
	for _, j := range app.Cron().Jobs() {
		if j.Id() == "__pbAutoBackup__" && j.Expression() == migrations.BackupsCron {
			found = true
		}
	}
	if !found {
		t.Fatal("PocketBase did not schedule the backup job from the settings")
	}
}
