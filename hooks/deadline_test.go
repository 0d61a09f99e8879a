package hooks_test

import (
	"testing"
	"time"

	"mealbuddy/hooks"
	"mealbuddy/internal/clock"
)

func TestCloseExpiredPosts(t *testing.T) {
	w := newWorld(t)
	soon := w.newPost(t, "psoon0000000000", neighbourId, 3)
	soon.Set("deadline", future(time.Hour))
	if err := w.app.Save(soon); err != nil {
		t.Fatal(err)
	}
	full := w.newPost(t, "pfull0000000000", strangerId, 2)
	w.join(t, full.Id, bannedId) // the model does not check addresses: that is the API rule's job
	expire(t, w, postId)
	expire(t, w, full.Id)

	n, err := hooks.CloseExpiredPosts(w.app)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("closed %d posts, want 2", n)
	}
	for id, want := range map[string]string{postId: "closed", full.Id: "closed", soon.Id: "recruiting"} {
		if got := w.reload(t, "posts", id).GetString("status"); got != want {
			t.Fatalf("%s: %s, want %s", id, got, want)
		}
	}
	w.checkCount(t, postId)

	// nothing left to close
	if n, err := hooks.CloseExpiredPosts(w.app); err != nil || n != 0 {
		t.Fatalf("second run closed %d (%v)", n, err)
	}
}

// TestDeadlineLeavesOrdersAlone: the job closes only recruiting and full
// posts; an order under way, done or cancelled keeps its stage when its
// deadline passes. The clock moves instead of the deadlines.
func TestDeadlineLeavesOrdersAlone(t *testing.T) {
	w := newWorld(t)
	now := time.Now()
	clock.Set(w.app, clock.Fixed(&now))
	deadline := func(id string) {
		p := w.reload(t, "posts", id)
		p.Set("deadline", now.Add(time.Hour))
		if err := w.app.Save(p); err != nil {
			t.Fatal(err)
		}
	}
	deadline(postId)
	ordered(t, w) // the world's post, with a sheet and the order placed
	open := w.newPost(t, "popen0000000000", neighbourId, 3)
	deadline(open.Id)
	cancelled := w.newPost(t, "pcancel00000000", strangerId, 3)
	deadline(cancelled.Id)
	p := w.reload(t, "posts", cancelled.Id)
	p.Set("status", "cancelled")
	if err := w.app.Save(p); err != nil {
		t.Fatal(err)
	}

	if n, err := hooks.CloseExpiredPosts(w.app); err != nil || n != 0 {
		t.Fatalf("before the deadline: closed %d (%v)", n, err)
	}
	now = now.Add(2 * time.Hour)
	if n, err := hooks.CloseExpiredPosts(w.app); err != nil || n != 1 {
		t.Fatalf("after the deadline: closed %d (%v), want 1", n, err)
	}
	for id, want := range map[string]string{postId: "ordered", open.Id: "closed", cancelled.Id: "cancelled"} {
		if got := w.reload(t, "posts", id).GetString("status"); got != want {
			t.Fatalf("%s: %s, want %s", id, got, want)
		}
	}
}
