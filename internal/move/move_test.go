package move_test

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"mealbuddy/internal/config"
	"mealbuddy/internal/move"
	"mealbuddy/testsupport/testapp"
)

const (
	gangnam = "서울특별시 강남구 역삼동"
	jongno  = "서울특별시 종로구 청운동"
)

// exported returns the account of a user with an avatar on a first node,
// through the file format.
func exported(t *testing.T) *move.Account {
	t.Helper()
	old := testapp.New(t, config.Default())
	u := testapp.User(t, old, "mover@mealbuddy.test", "이사간이웃", gangnam)
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	f, _ := filesystem.NewFileFromBytes(img.Bytes(), "me.png")
	u.Set("avatar", f)
	if err := old.Save(u); err != nil {
		t.Fatal(err)
	}
	a, err := move.Export(old, "mover@mealbuddy.test")
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := move.Write(&file, a); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(file.String(), testapp.Password) {
		t.Fatal("the account file holds the password in plain text")
	}
	back, err := move.Read(&file)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestMove(t *testing.T) {
	a := exported(t)
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, app core.App)
		edit    func(a *move.Account)
		wantErr string
	}{
		{name: "sign-in, name, avatar and id move; the neighbourhood is the new one"},
		{name: "an e-mail that has an account here", wantErr: "already exists",
			setup: func(t *testing.T, app core.App) { testapp.User(t, app, "mover@mealbuddy.test", "다른사람", jongno) }},
		{name: "a name taken here fails as at sign-up", wantErr: "name",
			setup: func(t *testing.T, app core.App) {
				testapp.User(t, app, "other@mealbuddy.test", "이사간이웃", jongno)
			}},
		{name: "a file of another format", wantErr: "not a mealbuddy-account/1 file",
			edit: func(a *move.Account) { a.Format = "mealbuddy-account/0" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			app := testapp.New(t, config.Default())
			if tc.setup != nil {
				tc.setup(t, app)
			}
			acc := *a
			if tc.edit != nil {
				tc.edit(&acc)
			}
			u, err := move.Import(app, &acc, jongno)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Import = %v, want an error with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			u, err = app.FindAuthRecordByEmail("users", "mover@mealbuddy.test")
			if err != nil {
				t.Fatal(err)
			}
			if u.Id != a.Id || u.GetString("name") != "이사간이웃" || u.GetString("address") != jongno {
				t.Errorf("imported %s %q at %q", u.Id, u.GetString("name"), u.GetString("address"))
			}
			if !u.ValidatePassword(testapp.Password) {
				t.Error("the password does not sign in on the new node")
			}
			if u.GetString("avatar") == "" {
				t.Fatal("the avatar did not move")
			}
			fsys, err := app.NewFilesystem()
			if err != nil {
				t.Fatal(err)
			}
			defer fsys.Close()
			if ok, err := fsys.Exists(u.BaseFilesPath() + "/" + u.GetString("avatar")); !ok || err != nil {
				t.Errorf("the avatar file is not stored: %v", err)
			}
		})
	}
}

func TestExportUnknownEmail(t *testing.T) {
	app := testapp.New(t, config.Default())
	if _, err := move.Export(app, "nobody@mealbuddy.test"); err == nil {
		t.Fatal("exported an account that does not exist")
	}
}
