package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/schema"
)

// The menu route's storage (POST/DELETE /api/mealbuddy/menu, SPEC §3):
// the conversation of each user, kept in the database so that a restart
// loses nothing, and the questions each user asked per Asia/Seoul day,
// counted here so that the daily limit holds across requests, restarts
// and concurrency. Both are private: every API rule is nil, so only
// superusers (the dashboard) can read them; the route works in Go.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId(schema.Users)
		if err != nil {
			return err
		}

		conv := core.NewBaseCollection(schema.MenuConversations)
		conv.Fields.Add(
			&core.RelationField{
				Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
				Presentable: true,
				Help:        "Whose conversation this is; one row per user.",
			},
			&core.JSONField{
				Name: "turns", MaxSize: 256 << 10,
				Help: `The conversation, oldest first: [{"role":"user"|"assistant","content":"…"}]. Emptied by DELETE /api/mealbuddy/menu and daily at 04:00 Asia/Seoul.`,
			},
		)
		autodates(conv)
		conv.AddIndex("idx_menu_conversations_user", true, "user", "")
		if err := app.Save(conv); err != nil {
			return err
		}

		usage := core.NewBaseCollection(schema.MenuUsage)
		usage.Fields.Add(
			&core.RelationField{
				Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
				Presentable: true,
				Help:        "Who asked.",
			},
			&core.TextField{
				Name: "day", Required: true, Min: 10, Max: 10, Pattern: `^\d{4}-\d{2}-\d{2}$`,
				Presentable: true,
				Help:        "The Asia/Seoul calendar day, YYYY-MM-DD.",
			},
			&core.NumberField{
				Name: "count", OnlyInt: true, Min: types.Pointer(0.0),
				Help: "Menu questions answered that day; the 11th is refused with 429 daily_limit. Lower it to give a user more.",
			},
		)
		autodates(usage)
		usage.AddIndex("idx_menu_usage_user_day", true, "user, day", "")
		// serves the daily clean-up of old days
		usage.AddIndex("idx_menu_usage_day", false, "day", "")
		return app.Save(usage)
	}, func(app core.App) error {
		return deleteCollections(app, schema.MenuUsage, schema.MenuConversations)
	})
}
