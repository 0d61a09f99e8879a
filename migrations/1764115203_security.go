package migrations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"mealbuddy/internal/schema"
	"mealbuddy/internal/text"
)

// What an attack pass on the live server found (issue 7), closed in the
// schema:
//   - display names are unique after Unicode normalisation, held by a
//     unique index on a hidden, server-set key (keepNameKey in hooks/users.go keeps it);
//   - wrong passwords are counted per account in the database
//     (internal/lockout), so the limit survives restarts;
//   - batch bodies over 1 MB are refused before they are parsed.
func init() {
	m.Register(func(app core.App) error {
		if err := protectUsers(app); err != nil {
			return err
		}
		if err := createPasswordAttempts(app); err != nil {
			return err
		}
		s := app.Settings()
		s.Batch.MaxBodySize = 1 << 20
		return app.Save(s)
	}, func(app core.App) error {
		return deleteCollections(app, schema.PasswordAttempts)
	})
}

func protectUsers(app core.App) error {
	users, err := app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return err
	}
	users.Fields.Add(&core.TextField{
		Name: schema.UserNameKey, Hidden: true, Max: 200,
		Help: "Server-set: the display name normalised (NFKC, case folded, invisible characters removed); unique.",
	})
	users.RemoveIndex("idx_users_name_nocase")
	if err := app.Save(users); err != nil {
		return err
	}

	if err := backfillNameKeys(app); err != nil {
		return err
	}

	users.AddIndex("idx_users_name_key", true, schema.UserNameKey, "")
	return app.Save(users)
}

// backfillNameKeys gives every existing user its key. Names that were
// accepted before but are now the same (Ærøskøbing and ærøskøbing) keep
// working: the earlier sign-up owns the key, the later one gets its id
// appended, so the index can be built; its owner is asked for another name
// the next time the name is saved (docs/RULES.md).
func backfillNameKeys(app core.App) error {
	var rows []struct {
		Id   string `db:"id"`
		Name string `db:"name"`
	}
	err := app.DB().Select("id", "name").From(schema.Users).OrderBy("created ASC", "id ASC").All(&rows)
	if err != nil {
		return err
	}
	taken := map[string]bool{}
	for _, r := range rows {
		key := text.Key(r.Name)
		if taken[key] {
			key += "#" + r.Id
		}
		taken[key] = true
		_, err := app.DB().Update(schema.Users, dbx.Params{schema.UserNameKey: key}, dbx.HashExp{"id": r.Id}).Execute()
		if err != nil {
			return err
		}
	}
	return nil
}

func createPasswordAttempts(app core.App) error {
	users, err := app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return err
	}
	c := core.NewBaseCollection(schema.PasswordAttempts)
	// No API rules: only superusers (the dashboard) see the attempts.
	c.Fields.Add(
		&core.RelationField{
			Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true, Presentable: true,
			Help: "The account whose password was tried.",
		},
		&core.DateField{
			Name: "at", Required: true,
			Help: "When. A wrong password stays for 15 minutes; 5 in that window lock the account's password checks (429 too_many_attempts).",
		},
	)
	autodates(c)
	c.AddIndex("idx_password_attempts_user_at", false, "user, at", "")
	c.AddIndex("idx_password_attempts_at", false, "at", "")
	return app.Save(c)
}
