package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Settings shipped with a new installation. The operator may change any of
// them later in the dashboard (Settings → Application / Rate limiting);
// this migration runs only once, so their changes stay.
func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()

		s.Meta.AppName = "MealBuddy"
		s.Meta.AppURL = "http://127.0.0.1:8090"
		s.Meta.SenderName = "MealBuddy"
		s.Meta.SenderAddress = "no-reply@mealbuddy.local"

		// Batch requests are a supported path (every rule holds there too).
		s.Batch.Enabled = true
		s.Batch.MaxRequests = 50
		s.Batch.Timeout = 3

		// Per-IP limits only where the spec wants them: sign-in, sign-up and
		// the e-mail sending endpoints. No rule may cover messages or
		// memberships creates (neighbours share carrier NAT addresses), so
		// PocketBase's catch-all "*:create" and "/api/" defaults are left out;
		// message sending is limited per user in hooks/messages.go.
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = []core.RateLimitRule{
			{Label: "*:auth", MaxRequests: 60, Duration: 60},
			{Label: "users:create", MaxRequests: 60, Duration: 60},
			{Label: "*:requestPasswordReset", MaxRequests: 5, Duration: 60},
			{Label: "*:requestVerification", MaxRequests: 5, Duration: 60},
			{Label: "*:requestEmailChange", MaxRequests: 5, Duration: 60},
			{Label: "*:requestOTP", MaxRequests: 5, Duration: 60},
		}

		return app.Save(s)
	}, nil)
}
