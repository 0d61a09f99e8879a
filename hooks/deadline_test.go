package hooks_test

import (
	"testing"
	"time"

	"mealbuddy/hooks"
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
