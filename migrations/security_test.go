package migrations_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	"mealbuddy/internal/config"
	"mealbuddy/internal/text"
	"mealbuddy/testsupport/testapp"
)

// TestNameKeysOnAnExistingDatabase runs the security migration again over
// users stored before it, two of whom have names that are now the same:
// the migration must not fail, every user gets a key, and the earlier
// sign-up keeps the plain one.
func TestNameKeysOnAnExistingDatabase(t *testing.T) {
	app := testapp.New(t, config.Default())
	first := testapp.User(t, app, "first@test.com", "Ærøskøbing", "서울특별시 강남구 역삼동")
	testapp.User(t, app, "other@test.com", "한결", "서울특별시 강남구 역삼동")

	// Back to the state before the migration: no key, no index, and a
	// second name that the old case-insensitive ASCII index let in.
	users, _ := app.FindCollectionByNameOrId("users")
	users.RemoveIndex("idx_users_name_key")
	if err := app.Save(users); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery(`INSERT INTO users (id, email, name, address, password, tokenKey, nameKey, created, updated)
		VALUES ('usecond00000000', 'second@test.com', 'ærøskøbing', '역삼동', 'x', 'tk-second', '', '2030-01-01 00:00:00.000Z', '2030-01-01 00:00:00.000Z')`).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery(`UPDATE users SET nameKey = ''`).Execute(); err != nil {
		t.Fatal(err)
	}
	attempts, _ := app.FindCollectionByNameOrId("password_attempts")
	if err := app.Delete(attempts); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().Delete("_migrations", dbx.HashExp{"file": "1764115203_security.go"}).Execute(); err != nil {
		t.Fatal(err)
	}

	if err := app.RunAppMigrations(); err != nil {
		t.Fatalf("the migration failed on existing users: %v", err)
	}

	keys := map[string]string{}
	rows, err := app.FindAllRecords("users")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		keys[r.Id] = r.GetString("nameKey")
	}
	if keys[first.Id] != text.Key("Ærøskøbing") {
		t.Errorf("the earlier sign-up's key = %q, want %q", keys[first.Id], text.Key("Ærøskøbing"))
	}
	if want := text.Key("ærøskøbing") + "#usecond00000000"; keys["usecond00000000"] != want {
		t.Errorf("the later sign-up's key = %q, want %q", keys["usecond00000000"], want)
	}
	for id, k := range keys {
		if k == "" {
			t.Errorf("user %s has no key", id)
		}
	}
}
