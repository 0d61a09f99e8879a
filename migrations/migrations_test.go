package migrations_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/category"
	"mealbuddy/internal/config"
	"mealbuddy/testsupport/testapp"
)

func TestSchema(t *testing.T) {
	app := testapp.New(t, config.Default())

	indexes := map[string][]string{
		"users":       {"idx_users_name_key"},
		"posts":       {"idx_posts_address_created", "idx_posts_address_category_created"},
		"memberships": {"idx_memberships_post_user"},
		"bans":        {"idx_bans_post_user"},
		"messages":    {"idx_messages_post_created"},
	}
	for name, want := range indexes {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, idx := range want {
			found := slices.ContainsFunc(c.Indexes, func(s string) bool { return strings.Contains(s, "`"+idx+"`") })
			if !found {
				t.Errorf("%s: index %s missing in %v", name, idx, c.Indexes)
			}
		}
	}

	posts, _ := app.FindCollectionByNameOrId("posts")
	field, ok := posts.Fields.GetByName("category").(*core.SelectField)
	if !ok || !slices.Equal(field.Values, category.Keys()) {
		t.Errorf("posts.category values: %v", field)
	}
	if strings.Contains(*posts.ListRule, "_via_") {
		t.Errorf("the board's list rule must not use a back-relation: %s", *posts.ListRule)
	}

	users, _ := app.FindCollectionByNameOrId("users")
	if users.DeleteRule != nil {
		t.Errorf("users delete must be closed to clients, got %q", *users.DeleteRule)
	}
}

func TestRateLimitSettings(t *testing.T) {
	app := testapp.New(t, config.Default())
	rl := app.Settings().RateLimits
	if !rl.Enabled {
		t.Fatal("rate limiting is shipped disabled")
	}
	for _, labels := range [][]string{
		{"users:authWithPassword", "users:auth", "*:authWithPassword", "*:auth"},
		{"users:create", "*:create"},
	} {
		if _, ok := rl.FindRateLimitRule(labels); !ok {
			t.Errorf("no rule covers %v", labels)
		}
	}
	for _, collection := range []string{"messages", "memberships"} {
		path := "/api/collections/" + collection + "/records"
		labels := []string{collection + ":create", "*:create", "POST " + path, path}
		if rule, ok := rl.FindRateLimitRule(labels); ok {
			t.Errorf("per-IP rule %q covers %s creates", rule.Label, collection)
		}
		batch := []string{"POST /api/batch", "/api/batch"}
		if rule, ok := rl.FindRateLimitRule(batch); ok {
			t.Errorf("per-IP rule %q covers batch requests (and so %s creates)", rule.Label, collection)
		}
	}
}
