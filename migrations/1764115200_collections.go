// Package migrations holds the database schema of MealBuddy as Go
// migrations: collections, fields, API rules, indexes and settings.
//
// PocketBase runs them at start (serve, seed) and in tests
// (tests.NewTestApp). The package is imported for its side effects only.
package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/board"
	"mealbuddy/internal/category"
	"mealbuddy/internal/schema"
)

// API rules of SPEC.md §1. Kept together so that a reader sees the whole
// access model in one screen. The business rules that an API rule cannot
// express (seat count, bans, status changes, error codes) live in hooks/.
const (
	signedIn = `@request.auth.id != ""`

	// The board: a plain indexed comparison, no back-relation (see SPEC §1).
	postsListRule = signedIn + ` && ` + board.ListRule
	// One post: neighbours, and members wherever they live now.
	postsViewRule   = signedIn + ` && (address = @request.auth.address || memberships_via_post.user ?= @request.auth.id)`
	postsCreateRule = signedIn + ` && (@request.body.host:isset = false || @request.body.host = @request.auth.id)`
	postsHostRule   = `host = @request.auth.id`

	membershipsReadRule   = `user = @request.auth.id || post.memberships_via_post.user ?= @request.auth.id`
	membershipsCreateRule = signedIn + ` && user = @request.auth.id`
	membershipsOwnRule    = `user = @request.auth.id`

	bansReadRule   = `post.host = @request.auth.id || user = @request.auth.id`
	bansDeleteRule = `post.host = @request.auth.id`

	messagesReadRule   = `post.memberships_via_post.user ?= @request.auth.id`
	messagesCreateRule = signedIn +
		` && (@request.body.author:isset = false || @request.body.author = @request.auth.id)` +
		` && (@request.body.kind:isset = false || @request.body.kind = "` + schema.KindText + `")`
)

func init() {
	m.Register(func(app core.App) error {
		users, err := setupUsers(app)
		if err != nil {
			return err
		}
		posts, err := createPosts(app, users)
		if err != nil {
			return err
		}
		if _, err := createMemberships(app, users, posts); err != nil {
			return err
		}
		if err := createBans(app, users, posts); err != nil {
			return err
		}
		if err := createMessages(app, users, posts); err != nil {
			return err
		}

		// The view rule names memberships_via_post, which can only be
		// validated once the memberships collection exists.
		posts.ViewRule = types.Pointer(postsViewRule)
		return app.Save(posts)
	}, func(app core.App) error {
		return deleteCollections(app, schema.Messages, schema.Bans, schema.Memberships, schema.Posts)
	})
}

// deleteCollections drops collections in the order given, skipping those
// that do not exist: the down step of a migration that created them.
func deleteCollections(app core.App, names ...string) error {
	for _, name := range names {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		if err := app.Delete(c); err != nil {
			return err
		}
	}
	return nil
}

func setupUsers(app core.App) (*core.Collection, error) {
	users, err := app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return nil, err
	}

	users.ListRule = types.Pointer(`id = @request.auth.id`)
	users.ViewRule = types.Pointer(signedIn)
	users.CreateRule = types.Pointer("")
	users.UpdateRule = types.Pointer(`id = @request.auth.id`)
	users.DeleteRule = nil // account deletion goes through /api/mealbuddy/account/delete

	if f, ok := users.Fields.GetByName("password").(*core.PasswordField); ok {
		f.Min = 8
	}
	users.Fields.Add(&core.TextField{
		Name:        "name",
		Required:    true,
		Min:         2,
		Max:         20,
		Presentable: true,
		Help:        "Display name, unique regardless of case; trimmed by the server.",
	})
	users.Fields.Add(&core.TextField{
		Name:     "address",
		Required: true,
		Min:      2,
		Max:      100,
		Help:     "Neighbourhood, e.g. 서울특별시 강남구 역삼동; white space is normalised by the server.",
	})
	users.Fields.Add(&core.GeoPointField{
		Name: "location",
		Help: "Home location for weather; (0, 0) means unset.",
	})
	users.Fields.Add(&core.FileField{
		Name:      "avatar",
		MaxSelect: 1,
		MaxSize:   5 << 20,
		MimeTypes: []string{"image/jpeg", "image/png", "image/webp", "image/gif"},
		Thumbs:    []string{"100x100"},
	})
	// Move the autodate fields last so that the dashboard lists our fields
	// in a sensible order.
	for _, name := range []string{"created", "updated"} {
		if f := users.Fields.GetByName(name); f != nil {
			users.Fields.RemoveByName(name)
			users.Fields.Add(f)
		}
	}

	users.AddIndex("idx_users_name_nocase", true, "name COLLATE NOCASE", "")

	return users, app.Save(users)
}

func autodates(c *core.Collection) {
	c.Fields.Add(&core.AutodateField{Name: "created", OnCreate: true})
	c.Fields.Add(&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true})
}

func createPosts(app core.App, users *core.Collection) (*core.Collection, error) {
	posts := core.NewBaseCollection(schema.Posts)
	posts.ListRule = types.Pointer(postsListRule)
	posts.ViewRule = types.Pointer(postsListRule) // widened once memberships exists
	posts.CreateRule = types.Pointer(postsCreateRule)
	posts.UpdateRule = types.Pointer(postsHostRule)
	posts.DeleteRule = types.Pointer(postsHostRule)

	posts.Fields.Add(
		&core.TextField{Name: "title", Required: true, Min: 2, Max: 40, Presentable: true},
		&core.TextField{Name: "content", Max: 2000, Help: "Plain text."},
		&core.SelectField{Name: "category", Required: true, MaxSelect: 1, Values: category.Keys()},
		&core.RelationField{
			Name: "host", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
			Help: "Server-set to the creator; never changes.",
		},
		&core.TextField{
			Name: "address", Required: true, Max: 100,
			Help: "Server-set: the host's address at creation; never changes.",
		},
		&core.TextField{Name: "restaurant", Max: 60},
		&core.NumberField{Name: "minOrderAmount", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(1_000_000.0), Help: "KRW"},
		&core.NumberField{Name: "deliveryFee", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(100_000.0), Help: "KRW"},
		&core.TextField{Name: "pickupSpot", Max: 60},
		&core.GeoPointField{Name: "location", Help: "Pickup location; (0, 0) means unset."},
		&core.DateField{Name: "deadline", Help: "Optional; in the future and at most 7 days ahead when set."},
		&core.NumberField{
			Name: "targetCount", Required: true, OnlyInt: true, Min: types.Pointer(2.0), Max: types.Pointer(10.0),
			Help: "Head-count including the host; never below joinedCount.",
		},
		&core.NumberField{
			Name: "joinedCount", OnlyInt: true, Min: types.Pointer(0.0),
			Help: "Server-set: the number of memberships rows, host included.",
		},
		&core.SelectField{
			Name: "status", Required: true, MaxSelect: 1, Values: schema.PostStatuses,
			Help: "Server-managed: full/recruiting follow the count; the host may close and reopen.",
		},
	)
	autodates(posts)

	posts.AddIndex("idx_posts_address_created", false, "address, created", "")
	posts.AddIndex("idx_posts_address_category_created", false, "address, category, created", "")
	posts.AddIndex("idx_posts_host", false, "host", "")
	// serves the deadline job: only open posts with a deadline are indexed
	posts.AddIndex("idx_posts_open_deadline", false, "deadline", schema.OpenDeadline)

	return posts, app.Save(posts)
}

func createMemberships(app core.App, users, posts *core.Collection) (*core.Collection, error) {
	c := core.NewBaseCollection(schema.Memberships)
	c.ListRule = types.Pointer(membershipsReadRule)
	c.ViewRule = types.Pointer(membershipsReadRule)
	c.CreateRule = types.Pointer(membershipsCreateRule)
	c.UpdateRule = types.Pointer(membershipsOwnRule)
	c.DeleteRule = types.Pointer(membershipsOwnRule)

	c.Fields.Add(
		&core.RelationField{Name: "post", Required: true, MaxSelect: 1, CollectionId: posts.Id, CascadeDelete: true},
		&core.RelationField{Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true},
		&core.SelectField{
			Name: "role", Required: true, MaxSelect: 1, Values: schema.Roles,
			Help: "Server-set: host for the post's host, member otherwise.",
		},
		&core.DateField{Name: "lastReadAt", Help: "The only field a member may update."},
	)
	autodates(c)

	c.AddIndex("idx_memberships_post_user", true, "post, user", "")
	c.AddIndex("idx_memberships_user", false, "user", "")

	return c, app.Save(c)
}

func createBans(app core.App, users, posts *core.Collection) error {
	c := core.NewBaseCollection(schema.Bans)
	c.ListRule = types.Pointer(bansReadRule)
	c.ViewRule = types.Pointer(bansReadRule)
	c.CreateRule = types.Pointer(signedIn) // not_host / cannot_ban_self come from hooks
	c.UpdateRule = nil
	c.DeleteRule = types.Pointer(bansDeleteRule)

	c.Fields.Add(
		&core.RelationField{Name: "post", Required: true, MaxSelect: 1, CollectionId: posts.Id, CascadeDelete: true},
		&core.RelationField{Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true},
		&core.TextField{Name: "reason", Max: 200},
	)
	autodates(c)

	c.AddIndex("idx_bans_post_user", true, "post, user", "")
	c.AddIndex("idx_bans_user", false, "user", "")

	return app.Save(c)
}

func createMessages(app core.App, users, posts *core.Collection) error {
	c := core.NewBaseCollection(schema.Messages)
	c.ListRule = types.Pointer(messagesReadRule)
	c.ViewRule = types.Pointer(messagesReadRule)
	c.CreateRule = types.Pointer(messagesCreateRule)
	c.UpdateRule = nil // the chat is a record of what was said; superusers may moderate
	c.DeleteRule = nil

	c.Fields.Add(
		&core.RelationField{Name: "post", Required: true, MaxSelect: 1, CollectionId: posts.Id, CascadeDelete: true},
		&core.RelationField{
			Name: "author", MaxSelect: 1, CollectionId: users.Id,
			Help: "Empty for system messages and for authors who deleted their account.",
		},
		&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: schema.MessageKinds},
		&core.TextField{Name: "body", Required: true, Max: 1000, Help: "Plain text; trimmed by the server."},
	)
	autodates(c)

	c.AddIndex("idx_messages_post_created", false, "post, created", "")
	// serves the per-user send rate limit
	c.AddIndex("idx_messages_author_created", false, "author, created", "")

	return app.Save(c)
}
