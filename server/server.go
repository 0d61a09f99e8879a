// Package server wires MealBuddy onto a PocketBase app: the collections'
// rules, the realtime delivery, the routes, the scheduled jobs and the
// notifier. main.go and the
// tests (testsupport) call Bind the same way, so that what is tested is
// what runs.
package server

import (
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/hooks"
	"mealbuddy/internal/config"
	"mealbuddy/internal/health"
	"mealbuddy/internal/notify"
	"mealbuddy/internal/push"
	"mealbuddy/internal/realtime"
	"mealbuddy/internal/replica"
	"mealbuddy/internal/weather"
	"mealbuddy/jobs"
	_ "mealbuddy/migrations" // the schema, run at start
	"mealbuddy/routes"
)

// Bind binds everything MealBuddy adds to app, configured by cfg.
func Bind(app core.App, cfg config.Config) {
	w := weather.FromConfig(cfg) // one cache for the routes and the alerts
	sender := push.NewSender(cfg.PushAllowPrivate)

	hooks.Register(app)
	realtime.Register(app)
	push.Register(app, sender)
	notify.Register(app, sender, w)
	routes.Register(app, cfg, w)
	jobs.Register(app)
	health.Register(app)
	replica.Register(app, cfg.ReplicaURL) // nothing unless MEALBUDDY_REPLICA_URL is set
}
