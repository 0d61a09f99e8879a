// Package routes holds the custom HTTP routes of SPEC §3, all under
// /api/mealbuddy/ and all for signed-in users.
package routes

import (
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"mealbuddy/internal/config"
	"mealbuddy/internal/schema"
	"mealbuddy/internal/weather"
)

// Prefix is the path prefix of every custom route.
const Prefix = "/api/mealbuddy"

// Register adds the custom routes to app's router when it serves; w is
// the weather (weather.FromConfig: cached, within its budget). The server
// and the tests call it the same way.
func Register(app core.App, cfg config.Config, w weather.Provider) {
	menu := newMenu(app, cfg, w)

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(boardIndexFilter)

		g := se.Router.Group(Prefix)
		g.Bind(apis.RequireAuth(schema.Users))

		g.POST("/account/delete", deleteAccount)
		g.GET("/chats", listChats)
		g.POST("/posts/{id}/order", placeOrder)
		g.GET("/push/key", pushKey)
		g.GET("/search", searchPosts)
		g.GET("/weather", weatherHandler(w))
		g.POST("/menu", menu.ask)
		g.DELETE("/menu", menu.forget)

		return se.Next()
	})
}

// answerError answers a rule's refusal as it is (a business error or a
// field error), and anything else as the server's own failure.
func answerError(e *core.RequestEvent, err error) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	var fields validation.Errors
	if errors.As(err, &fields) {
		return e.BadRequestError("", fields)
	}
	return e.InternalServerError("", err)
}
