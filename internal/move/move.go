// Package move carries a neighbour's account from one region's node to
// another's (docs/OPERATIONS.md, "Growing past one node"): each region
// runs its own MealBuddy with its own database, so a user who moves house
// to a neighbourhood served by another node is exported there and
// imported here, keeping their sign-in (e-mail and password), name,
// avatar and id.
//
// Only the account moves. Their rooms, dues and messages stay on the old
// node, where the old account keeps working until those orders are
// settled; then it is deleted there as usual (account deletion).
package move

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/schema"
)

// Format names the file's layout, so that a newer node can refuse an
// older file instead of misreading it.
const Format = "mealbuddy-account/1"

// Account is what moves: the user record's own fields and the avatar.
// The password moves as PocketBase's bcrypt hash, never in plain text.
type Account struct {
	Format          string    `json:"format"`
	ExportedAt      time.Time `json:"exportedAt"`
	Id              string    `json:"id"`
	Email           string    `json:"email"`
	EmailVisibility bool      `json:"emailVisibility"`
	Verified        bool      `json:"verified"`
	Name            string    `json:"name"`
	Address         string    `json:"address"`
	PasswordHash    string    `json:"passwordHash"`
	Avatar          *File     `json:"avatar,omitempty"`
}

// File is an uploaded file carried inside the account file.
type File struct {
	Name string `json:"name"`
	Data []byte `json:"data"` // base64 in JSON
}

// Export reads the account with the e-mail from app.
func Export(app core.App, email string) (*Account, error) {
	u, err := app.FindAuthRecordByEmail(schema.Users, email)
	if err != nil {
		return nil, fmt.Errorf("no account with the e-mail %q: %w", email, err)
	}
	pw, _ := u.GetRaw("password").(*core.PasswordFieldValue)
	if pw == nil || pw.Hash == "" {
		return nil, errors.New("the account has no password to carry")
	}
	a := &Account{
		Format: Format, ExportedAt: time.Now().UTC(),
		Id: u.Id, Email: u.Email(), EmailVisibility: u.EmailVisibility(), Verified: u.Verified(),
		Name: u.GetString("name"), Address: u.GetString("address"), PasswordHash: pw.Hash,
	}
	if name := u.GetString("avatar"); name != "" {
		fsys, err := app.NewFilesystem()
		if err != nil {
			return nil, err
		}
		defer fsys.Close()
		r, err := fsys.GetReader(u.BaseFilesPath() + "/" + name)
		if err != nil {
			return nil, fmt.Errorf("avatar: %w", err)
		}
		defer r.Close()
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, fmt.Errorf("avatar: %w", err)
		}
		a.Avatar = &File{Name: name, Data: data}
	}
	return a, nil
}

// Import creates the account in app, living at address (its new
// neighbourhood; empty keeps the old one). Every rule of the users
// collection applies (a name taken here fails as at sign-up). The home
// location is not carried: it belonged to the old home. Sign-in tokens
// of the old node do not work here.
func Import(app core.App, a *Account, address string) (*core.Record, error) {
	if a.Format != Format {
		return nil, fmt.Errorf("not a %s file (format %q)", Format, a.Format)
	}
	if _, err := app.FindAuthRecordByEmail(schema.Users, a.Email); err == nil {
		return nil, fmt.Errorf("an account with the e-mail %q already exists here", a.Email)
	}
	if _, err := app.FindRecordById(schema.Users, a.Id); err == nil {
		return nil, fmt.Errorf("an account with the id %q already exists here", a.Id)
	}
	c, err := app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return nil, err
	}
	if address == "" {
		address = a.Address
	}
	u := core.NewRecord(c)
	u.Id = a.Id
	u.SetEmail(a.Email)
	u.SetEmailVisibility(a.EmailVisibility)
	u.SetVerified(a.Verified)
	u.Set("name", a.Name)
	u.Set("address", address)
	u.Set("location", types.GeoPoint{})
	u.SetRaw("password", &core.PasswordFieldValue{Hash: a.PasswordHash})
	u.RefreshTokenKey()
	if a.Avatar != nil {
		f, err := filesystem.NewFileFromBytes(a.Avatar.Data, a.Avatar.Name)
		if err != nil {
			return nil, err
		}
		u.Set("avatar", f)
	}
	if err := app.Save(u); err != nil {
		return nil, err
	}
	return u, nil
}

// Write and Read are the account file.
func Write(w io.Writer, a *Account) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}

func Read(r io.Reader) (*Account, error) {
	var a Account
	if err := json.NewDecoder(r).Decode(&a); err != nil {
		return nil, err
	}
	return &a, nil
}
