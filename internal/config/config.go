// Package config reads MealBuddy's settings from the environment (SPEC §5).
//
// Every variable is optional: with none set, the server runs with
// Open-Meteo for weather and the offline menu recommender. main.go mirrors
// each variable as a flag of the serve command; a flag wins over the
// environment.
package config

import (
	"os"
	"time"
)

// Defaults for the outside services.
const (
	DefaultKMABaseURL       = "https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0"
	DefaultOpenMeteoBaseURL = "https://api.open-meteo.com/v1"
	DefaultWeatherTimeout   = 5 * time.Second
	DefaultOpenAIBaseURL    = "https://api.openai.com/v1"
	DefaultOpenAIModel      = "gpt-4o-mini"
)

// Config is the configuration of the outside services.
type Config struct {
	KMAServiceKey    string        // MEALBUDDY_KMA_SERVICE_KEY
	KMABaseURL       string        // MEALBUDDY_KMA_BASE_URL
	OpenMeteoBaseURL string        // MEALBUDDY_OPENMETEO_BASE_URL
	WeatherTimeout   time.Duration // MEALBUDDY_WEATHER_TIMEOUT

	OpenAIAPIKey  string // MEALBUDDY_OPENAI_API_KEY, or OPENAI_API_KEY
	OpenAIBaseURL string // MEALBUDDY_OPENAI_BASE_URL
	OpenAIModel   string // MEALBUDDY_OPENAI_MODEL

	// PushAllowPrivate accepts Web Push endpoints on loopback and plain
	// http (MEALBUDDY_PUSH_ALLOW_PRIVATE=1): local testing only.
	PushAllowPrivate bool

	// ReplicaURL is where the database is replicated continuously
	// (internal/replica): a directory path or an s3:// URL; empty = off.
	ReplicaURL string // MEALBUDDY_REPLICA_URL
}

// Default returns the configuration with no variable set.
func Default() Config {
	return Config{
		KMABaseURL:       DefaultKMABaseURL,
		OpenMeteoBaseURL: DefaultOpenMeteoBaseURL,
		WeatherTimeout:   DefaultWeatherTimeout,
		OpenAIBaseURL:    DefaultOpenAIBaseURL,
		OpenAIModel:      DefaultOpenAIModel,
	}
}

// FromEnv returns the defaults overridden by the environment. An
// unparsable MEALBUDDY_WEATHER_TIMEOUT keeps the default.
func FromEnv() Config {
	c := Default()
	set := func(dst *string, names ...string) {
		for _, n := range names {
			if v := os.Getenv(n); v != "" {
				*dst = v
				return
			}
		}
	}
	set(&c.KMAServiceKey, "MEALBUDDY_KMA_SERVICE_KEY")
	set(&c.KMABaseURL, "MEALBUDDY_KMA_BASE_URL")
	set(&c.OpenMeteoBaseURL, "MEALBUDDY_OPENMETEO_BASE_URL")
	set(&c.OpenAIAPIKey, "MEALBUDDY_OPENAI_API_KEY", "OPENAI_API_KEY")
	set(&c.OpenAIBaseURL, "MEALBUDDY_OPENAI_BASE_URL")
	set(&c.OpenAIModel, "MEALBUDDY_OPENAI_MODEL")
	c.PushAllowPrivate = os.Getenv("MEALBUDDY_PUSH_ALLOW_PRIVATE") == "1"
	set(&c.ReplicaURL, "MEALBUDDY_REPLICA_URL")
	if d, err := time.ParseDuration(os.Getenv("MEALBUDDY_WEATHER_TIMEOUT")); err == nil && d > 0 {
		c.WeatherTimeout = d
	}
	return c
}
