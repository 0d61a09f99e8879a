// Package schema is the one Go home of the database's words: collection
// names, select values, and the predicates that an index and a query must
// share. Migrations, hooks, routes, jobs and the seeder use these
// constants, in the spirit of PocketBase's core.CollectionNameSuperusers;
// the web app's copy (web/src/lib/schema.gen.ts) is generated from them
// (`go generate ./internal/schema`).
//
// Field names stay plain strings where they are used, as in PocketBase's
// own code: they read as the API does, and the migrations that define them
// are one file away. Field names that only the server knows are here.
package schema

// Collection names: the collections of SPEC §1 and our private stores.
const (
	Users             = "users"
	Posts             = "posts"
	Memberships       = "memberships"
	Bans              = "bans"
	Messages          = "messages"
	OrderItems        = "order_items"
	Notifications     = "notifications"
	PushSubscriptions = "push_subscriptions"
	Alerts            = "alerts"
	PushKeys          = "push_keys"
	PasswordAttempts  = "password_attempts"
	MenuConversations = "menu_conversations"
	MenuUsage         = "menu_usage"
)

// A post's status (SPEC §1 and §6).
const (
	StatusRecruiting = "recruiting"
	StatusFull       = "full"
	StatusClosed     = "closed"
	StatusOrdered    = "ordered"
	StatusDelivered  = "delivered"
	StatusDone       = "done"
	StatusCancelled  = "cancelled"
)

// PostStatuses are the values of posts.status, in the order of a post's
// life.
var PostStatuses = []string{
	StatusRecruiting, StatusFull, StatusClosed,
	StatusOrdered, StatusDelivered, StatusDone, StatusCancelled,
}

// A membership's role.
const (
	RoleHost   = "host"
	RoleMember = "member"
)

// Roles are the values of memberships.role.
var Roles = []string{RoleHost, RoleMember}

// A message's kind.
const (
	KindText   = "text"
	KindSystem = "system"
)

// MessageKinds are the values of messages.kind.
var MessageKinds = []string{KindText, KindSystem}

// A notification's kind (SPEC §7).
const (
	NoticeJoined    = "joined"
	NoticeFull      = "full"
	NoticeOrdered   = "ordered"
	NoticeDelivered = "delivered"
	NoticePaid      = "paid"
	NoticeConfirmed = "confirmed"
	NoticeDone      = "done"
	NoticeCancelled = "cancelled"
	NoticeBanned    = "banned"
	NoticeDeleted   = "deleted"
	NoticeAlert     = "alert"
)

// NoticeKinds are the values of notifications.kind.
var NoticeKinds = []string{
	NoticeJoined, NoticeFull, NoticeOrdered, NoticeDelivered, NoticePaid, NoticeConfirmed,
	NoticeDone, NoticeCancelled, NoticeBanned, NoticeDeleted, NoticeAlert,
}

// The weather an alert asks for (SPEC §7).
const (
	WeatherAny  = "any"
	WeatherRain = "rain"
	WeatherCold = "cold"
	WeatherHot  = "hot"
)

// AlertWeathers are the values of alerts.weather.
var AlertWeathers = []string{WeatherAny, WeatherRain, WeatherCold, WeatherHot}

// OpenDeadline selects the posts the deadline job may close: recruiting or
// full, with a deadline. The partial index idx_posts_open_deadline is
// built on exactly this predicate, so that SQLite can use it for the job's
// query; both read this constant.
const OpenDeadline = "status IN ('" + StatusRecruiting + "', '" + StatusFull + "') AND deadline != ''"

// Fields of users that the server keeps for its own rules.
const (
	// UserNameKey is the normalised display name (internal/text.Key) that
	// the unique index idx_users_name_key holds: hidden, server-set.
	UserNameKey = "nameKey"
)
