// Package schema is the one Go home of the database's words: collection
// names, the server-set fields added for our own rules, and select values.
// Migrations, hooks, routes, jobs and the seeder use these constants, in
// the spirit of PocketBase's core.CollectionNameSuperusers.
package schema

// Collection names (SPEC §1 and the private stores of our own).
const (
	Users            = "users"
	Posts            = "posts"
	Memberships      = "memberships"
	Bans             = "bans"
	Messages         = "messages"
	PasswordAttempts = "password_attempts"
)

// Fields of users that the server keeps for its own rules.
const (
	// UserNameKey is the normalised display name (internal/text.Key) that
	// the unique index idx_users_name_key holds: hidden, server-set.
	UserNameKey = "nameKey"
)
