// Package routes holds the custom HTTP routes of SPEC §3, all under
// /api/mealbuddy/ and all for signed-in users.
package routes

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/config"
)

// Prefix is the path prefix of every custom route.
const Prefix = "/api/mealbuddy"

// Register adds the custom routes to app's router when it serves. The
// server and the tests call it the same way.
func Register(app core.App, cfg config.Config) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(boardIndexFilter)

		g := se.Router.Group(Prefix)
		g.Bind(apis.RequireAuth("users"))

		g.POST("/account/delete", deleteAccount)
		g.GET("/chats", listChats)

		return se.Next()
	})
}
