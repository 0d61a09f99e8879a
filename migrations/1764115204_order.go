package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/internal/schema"
)

// The order itself (SPEC §6): the sheet (order_items), the order's stages
// on posts, and the dues and payment marks on memberships. The rules that
// an API rule cannot say (the sheet's lock, the dues, who may mark what)
// live in hooks/items.go, hooks/order.go and hooks/payments.go.
const (
	// Everyone in the room sees the whole sheet.
	orderItemsReadRule = `post.memberships_via_post.user ?= @request.auth.id`
	// Members add their own items (not_member and the lock come from hooks).
	orderItemsCreateRule = signedIn + ` && (@request.body.user:isset = false || @request.body.user = @request.auth.id)`
	// Only one's own items; another member's is PocketBase's failed-rule answer.
	orderItemsOwnRule = `user = @request.auth.id`

	// A member updates their own row (lastReadAt, paidAt); the host updates
	// the members' rows (confirmedAt) and their own (payAccount, payLink).
	// Which field each may change is decided in hooks/payments.go.
	membershipsUpdateRule = `user = @request.auth.id || post.host = @request.auth.id`
)

func init() {
	m.Register(func(app core.App) error {
		posts, err := addOrderToPosts(app)
		if err != nil {
			return err
		}
		if err := addDuesToMemberships(app); err != nil {
			return err
		}
		return createOrderItems(app, posts)
	}, func(app core.App) error {
		return deleteCollections(app, schema.OrderItems)
	})
}

func addOrderToPosts(app core.App) (*core.Collection, error) {
	posts, err := app.FindCollectionByNameOrId(schema.Posts)
	if err != nil {
		return nil, err
	}
	if f, ok := posts.Fields.GetByName("status").(*core.SelectField); ok {
		f.Values = schema.PostStatuses
		f.Help = "Server-managed: recruiting/full follow the count; the host closes, reopens, orders (the order route), marks delivered or done, cancels (SPEC §6)."
	}
	posts.Fields.Add(
		&core.NumberField{
			Name: "itemsTotal", OnlyInt: true, Min: types.Pointer(0.0),
			Help: "Server-set: Σ price × quantity of the post's order_items.",
		},
		&core.DateField{Name: "orderedAt", Help: "Server-set: when the order was placed."},
		&core.DateField{Name: "deliveredAt", Help: "Server-set: when the host marked the food delivered."},
		&core.DateField{Name: "doneAt", Help: "Server-set: when everyone was square (or the host closed the settlement)."},
		&core.TextField{Name: "cancelReason", Max: 200, Help: "Set by the host with the cancellation."},
	)
	// The deadline job closes only recruiting and full posts now: the
	// partial index follows its predicate (schema.OpenDeadline).
	posts.RemoveIndex("idx_posts_open_deadline")
	posts.AddIndex("idx_posts_open_deadline", false, "deadline", schema.OpenDeadline)
	return posts, app.Save(posts)
}

func addDuesToMemberships(app core.App) error {
	c, err := app.FindCollectionByNameOrId(schema.Memberships)
	if err != nil {
		return err
	}
	c.UpdateRule = types.Pointer(membershipsUpdateRule)
	c.Fields.Add(
		&core.NumberField{
			Name: "amountDue", OnlyInt: true, Min: types.Pointer(0.0),
			Help: "Server-set when the order is placed: the member's items plus feeShare.",
		},
		&core.NumberField{
			Name: "feeShare", OnlyInt: true, Min: types.Pointer(0.0),
			Help: "Server-set when the order is placed: ⌈fee ÷ payers ÷ 10⌉ × 10 for a member with items.",
		},
		&core.DateField{Name: "paidAt", Help: "The member's 송금했어요 (server time)."},
		&core.DateField{Name: "confirmedAt", Help: "The host's 받았어요 (server time); the host's own row is confirmed when the order is placed."},
		&core.TextField{Name: "payAccount", Min: 2, Max: 100, Help: "Host's row only: where to send the money."},
		&core.URLField{Name: "payLink", Help: "Host's row only: an https remittance link (KakaoPay, Toss)."},
	)
	return app.Save(c)
}

func createOrderItems(app core.App, posts *core.Collection) error {
	users, err := app.FindCollectionByNameOrId(schema.Users)
	if err != nil {
		return err
	}
	c := core.NewBaseCollection(schema.OrderItems)
	c.ListRule = types.Pointer(orderItemsReadRule)
	c.ViewRule = types.Pointer(orderItemsReadRule)
	c.CreateRule = types.Pointer(orderItemsCreateRule)
	c.UpdateRule = types.Pointer(orderItemsOwnRule)
	c.DeleteRule = types.Pointer(orderItemsOwnRule)

	c.Fields.Add(
		&core.RelationField{Name: "post", Required: true, MaxSelect: 1, CollectionId: posts.Id, CascadeDelete: true},
		&core.RelationField{
			Name: "user", Required: true, MaxSelect: 1, CollectionId: users.Id, CascadeDelete: true,
			Help: "Server-set: the member who orders it.",
		},
		&core.TextField{Name: "name", Required: true, Min: 1, Max: 60, Presentable: true},
		// Not Required: PocketBase's required number refuses 0, and a free
		// item (서비스) is a real line; hooks/items.go requires the key.
		&core.NumberField{Name: "price", OnlyInt: true, Min: types.Pointer(0.0), Max: types.Pointer(1_000_000.0), Help: "KRW per unit."},
		&core.NumberField{Name: "quantity", OnlyInt: true, Min: types.Pointer(1.0), Max: types.Pointer(20.0), Help: "1 when omitted."},
		&core.TextField{Name: "note", Max: 100},
	)
	autodates(c)
	c.AddIndex("idx_order_items_post_user", false, "post, user", "")
	c.AddIndex("idx_order_items_user", false, "user", "")
	return app.Save(c)
}
