package routes

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/lockout"
)

// deleteAccount deletes the caller's account after checking the password
// (POST /api/mealbuddy/account/delete, SPEC §3). What happens to the
// account's posts, memberships and messages is decided by the users model
// hook (hooks/users.go), so the dashboard's delete does the same.
func deleteAccount(e *core.RequestEvent) error {
	var body struct {
		Password string `json:"password"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Failed to read the request body.", err)
	}
	// A wrong password here counts toward the account's lockout, like a
	// wrong one at sign-in (internal/lockout).
	ok, err := lockout.Check(e.App, e.Auth.Id, func() bool { return e.Auth.ValidatePassword(body.Password) })
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New("password", apperr.InvalidPassword, "The password is not correct.")
	}
	if err := e.App.Delete(e.Auth); err != nil {
		return answerError(e, err) // open_order, or the server's own failure
	}
	return e.NoContent(http.StatusNoContent)
}
