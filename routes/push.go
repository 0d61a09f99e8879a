package routes

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/push"
)

// pushKey answers GET /api/mealbuddy/push/key: the server's VAPID public
// key, which a browser subscribes with (SPEC §7).
func pushKey(e *core.RequestEvent) error {
	public, _, err := push.Keys(e.App)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]string{"publicKey": public})
}
