// Package hooks makes the group-order rules of SPEC.md §1 hold on every
// path a change can take: the REST API, the JS SDK, batch requests, the
// admin dashboard, cascade deletes and our own Go code.
//
// Invariants (seat count, status, bans, system messages, immutable fields)
// live in model hooks (OnRecordCreate, OnRecordUpdate, OnRecordDelete),
// which run inside the transaction of every save. Request hooks
// (On...Request) only deal with the request: who the caller is, what they
// may see, how often they may send.
package hooks

import (
	"github.com/pocketbase/pocketbase/core"
)

// Register binds every collection rule to app. The server and the tests
// call it the same way.
func Register(app core.App) {
	// The text rule first: every hook after it sees cleaned text.
	bindText(app)
	bindPrivacy(app)
	bindPasswords(app)
	bindSignupLimit(app)
	bindAvatars(app)
	bindUsers(app)
	bindPosts(app)
	bindSearch(app)
	bindMemberships(app)
	bindBans(app)
	bindMessages(app)
	bindItems(app)
	bindNoticeRules(app)
}
