// Command mealbuddy is the MealBuddy server: PocketBase with the
// group-order collections, hooks and routes, serving the web app.
//
// main only wires: configuration, then server.Bind (migrations, hooks,
// routes, scheduled jobs, notifications), the static web app and our
// commands. The rules live in hooks/, the HTTP handlers in routes/, the
// cron jobs in jobs/.
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/pocketbase/pocketbase/tools/osutils"

	"mealbuddy/demo"
	"mealbuddy/internal/config"
	"mealbuddy/internal/move"
	"mealbuddy/internal/replica"
	"mealbuddy/routes"
	"mealbuddy/server"
)

func main() {
	cfg := config.FromEnv()
	app := pocketbase.NewWithConfig(pocketbase.Config{
		DefaultDev: osutils.IsProbablyGoRun(), // as pocketbase.New()
		DBConnect:  replica.DBConnect(&cfg.ReplicaURL),
	})

	flags := app.RootCmd.PersistentFlags()
	flags.StringVar(&cfg.KMAServiceKey, "kmaServiceKey", cfg.KMAServiceKey, "data.go.kr service key for KMA weather (env MEALBUDDY_KMA_SERVICE_KEY)")
	flags.StringVar(&cfg.KMABaseURL, "kmaBaseURL", cfg.KMABaseURL, "KMA VilageFcstInfoService_2.0 base URL (env MEALBUDDY_KMA_BASE_URL)")
	flags.StringVar(&cfg.OpenMeteoBaseURL, "openMeteoBaseURL", cfg.OpenMeteoBaseURL, "Open-Meteo base URL (env MEALBUDDY_OPENMETEO_BASE_URL)")
	flags.DurationVar(&cfg.WeatherTimeout, "weatherTimeout", cfg.WeatherTimeout, "budget per weather request (env MEALBUDDY_WEATHER_TIMEOUT)")
	flags.StringVar(&cfg.OpenAIAPIKey, "openaiAPIKey", cfg.OpenAIAPIKey, "key of the OpenAI-compatible endpoint (env MEALBUDDY_OPENAI_API_KEY or OPENAI_API_KEY)")
	flags.StringVar(&cfg.OpenAIBaseURL, "openaiBaseURL", cfg.OpenAIBaseURL, "OpenAI-compatible base URL including /v1 (env MEALBUDDY_OPENAI_BASE_URL)")
	flags.StringVar(&cfg.OpenAIModel, "openaiModel", cfg.OpenAIModel, "chat model name (env MEALBUDDY_OPENAI_MODEL)")
	flags.StringVar(&cfg.ReplicaURL, "replicaURL", cfg.ReplicaURL, "continuous replica of the database: a directory or s3://bucket/path (env MEALBUDDY_REPLICA_URL)")

	flags.BoolVar(&cfg.PushAllowPrivate, "pushAllowPrivate", cfg.PushAllowPrivate, "accept Web Push endpoints on loopback and plain http, for local testing only (env MEALBUDDY_PUSH_ALLOW_PRIVATE=1)")

	publicDir := defaultPublicDir()
	flags.StringVar(&publicDir, "publicDir", publicDir, "the directory of the built web app")
	_ = app.RootCmd.ParseFlags(os.Args[1:])

	server.Bind(app, cfg)
	app.RootCmd.AddCommand(demo.NewCommand(app))
	app.RootCmd.AddCommand(replica.NewRestoreCommand(app, &cfg.ReplicaURL))
	app.RootCmd.AddCommand(move.NewCommand(app))
	// `migrate up|down|create|collections`; only in development (--dev,
	// go run) does a schema change in the dashboard write a migration file.
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{Automigrate: app.IsDev()})

	routes.ServeWebApp(app, publicDir)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}

// defaultPublicDir is pb_public beside the binary, or in the working
// directory under `go run`.
func defaultPublicDir() string {
	if osutils.IsProbablyGoRun() {
		return "./pb_public"
	}
	return filepath.Join(filepath.Dir(os.Args[0]), "pb_public")
}
