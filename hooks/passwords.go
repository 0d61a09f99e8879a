package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cast"

	"mealbuddy/internal/lockout"
	"mealbuddy/internal/schema"
)

// Password guessing is limited per account (internal/lockout) on every
// path that compares a password: sign-in and the oldPassword of a
// password change here, account deletion in routes/account.go.
func bindPasswords(app core.App) {
	app.OnRecordAuthWithPasswordRequest(schema.Users).BindFunc(lockSignIn)
	app.OnRecordUpdateRequest(schema.Users).BindFunc(lockOldPassword)
}

// lockSignIn counts a wrong password for a known account. An unknown
// identity has no account to lock; PocketBase answers it as before.
func lockSignIn(e *core.RecordAuthWithPasswordRequestEvent) error {
	if e.Record == nil {
		return e.Next()
	}
	ok, err := lockout.Check(e.App, e.Record.Id, func() bool { return e.Record.ValidatePassword(e.Password) })
	if err != nil {
		return err
	}
	if !ok {
		// PocketBase's own answer, so that the lockout adds no oracle.
		return e.BadRequestError("Failed to authenticate.", nil)
	}
	return e.Next()
}

// lockOldPassword counts a wrong oldPassword in a password change (the
// only case in which PocketBase compares it; superusers need none).
func lockOldPassword(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	old := cast.ToString(info.Body["oldPassword"])
	changing := cast.ToString(info.Body["password"]) != "" || cast.ToString(info.Body["passwordConfirm"]) != ""
	if old == "" || !changing {
		return e.Next()
	}
	stored := e.Record.Original()
	if _, err := lockout.Check(e.App, e.Record.Id, func() bool { return stored.ValidatePassword(old) }); err != nil {
		return err
	}
	// A wrong one is counted; PocketBase's validator answers it as before.
	return e.Next()
}
