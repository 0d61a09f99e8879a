package demo_test

import (
	"testing"

	"mealbuddy/demo"
	"mealbuddy/internal/category"
	"mealbuddy/internal/config"
	"mealbuddy/internal/schema"
	"mealbuddy/testsupport/testapp"
)

func TestSeed(t *testing.T) {
	app := testapp.New(t, config.Default())
	if err := demo.Seed(app, demo.Options{Posts: 160, Seed: 7}); err != nil {
		t.Fatal(err)
	}

	count := func(sql string) int {
		t.Helper()
		var n int
		if err := app.DB().NewQuery(sql).Row(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("SELECT COUNT(*) FROM users"); n < 30 {
		t.Fatalf("%d users, want 30+", n)
	}
	if n := count("SELECT COUNT(DISTINCT address) FROM users"); n < 3 {
		t.Fatalf("%d neighbourhoods", n)
	}
	if n := count("SELECT COUNT(*) FROM posts"); n != 160 {
		t.Fatalf("%d posts, want 160", n)
	}
	if n := count("SELECT COUNT(DISTINCT category) FROM posts"); n != len(category.All) {
		t.Fatalf("%d categories, want all %d", n, len(category.All))
	}
	for _, status := range schema.PostStatuses {
		if n := count("SELECT COUNT(*) FROM posts WHERE status = '" + status + "'"); n == 0 {
			t.Fatalf("no %s posts", status)
		}
	}
	if n := count("SELECT COUNT(*) FROM messages WHERE kind = 'text'"); n < 100 {
		t.Fatalf("%d chat messages", n)
	}
	// every rule still holds: the seed goes through the hooks
	if n := count(`SELECT COUNT(*) FROM posts p WHERE joinedCount !=
		(SELECT COUNT(*) FROM memberships m WHERE m.post = p.id) OR joinedCount > targetCount`); n != 0 {
		t.Fatalf("%d posts with a wrong count", n)
	}
	if n := count(`SELECT COUNT(*) FROM posts WHERE status IN ('recruiting', 'full') AND
		(status = 'full') != (joinedCount >= targetCount)`); n != 0 {
		t.Fatalf("%d posts with a status that does not follow the count", n)
	}
	if n := count(`SELECT COUNT(*) FROM posts p WHERE itemsTotal !=
		(SELECT COALESCE(SUM(price * quantity), 0) FROM order_items i WHERE i.post = p.id)`); n != 0 {
		t.Fatalf("%d posts whose itemsTotal is not their sheet", n)
	}
	if n := count(`SELECT COUNT(*) FROM posts p WHERE status IN ('ordered', 'delivered', 'done') AND itemsTotal !=
		(SELECT SUM(amountDue - feeShare) FROM memberships m WHERE m.post = p.id)`); n != 0 {
		t.Fatalf("%d orders whose dues do not cover the sheet", n)
	}
	if n := count(`SELECT COUNT(*) FROM posts p WHERE status = 'done' AND EXISTS
		(SELECT 1 FROM memberships m WHERE m.post = p.id AND m.amountDue > 0 AND m.confirmedAt = '')`); n != 0 {
		t.Fatalf("%d done groups with unconfirmed dues", n)
	}
	// payments in every state: sent and not, confirmed and not
	for _, where := range []string{"paidAt != '' AND confirmedAt = ''", "paidAt = '' AND amountDue > 0", "confirmedAt != '' AND role = 'member'"} {
		if n := count("SELECT COUNT(*) FROM memberships WHERE " + where); n == 0 {
			t.Fatalf("no membership with %s", where)
		}
	}
	if n := count(`SELECT COUNT(*) FROM posts p JOIN users u ON u.id = p.host WHERE p.address != u.address`); n != 0 {
		t.Fatalf("%d posts outside their host's neighbourhood", n)
	}

	me, err := app.FindAuthRecordByEmail("users", demo.TestEmail)
	if err != nil || !me.ValidatePassword(demo.TestPassword) || me.GetString("address") != demo.TestAddress {
		t.Fatalf("demo account: %v", err)
	}
	if n := count("SELECT COUNT(*) FROM memberships WHERE user = '" + me.Id + "'"); n < 3 {
		t.Fatalf("the demo account is in %d rooms", n)
	}
	if n := count("SELECT COUNT(*) FROM posts WHERE address = '" + demo.TestAddress + "' AND status = 'recruiting'"); n < 10 {
		t.Fatalf("the demo board has %d open groups", n)
	}

	// --if-empty leaves a seeded database alone
	if err := demo.Seed(app, demo.Options{Posts: 50, IfEmpty: true}); err != nil {
		t.Fatal(err)
	}
	if n := count("SELECT COUNT(*) FROM posts"); n != 160 {
		t.Fatalf("--if-empty added posts: %d", n)
	}
}
