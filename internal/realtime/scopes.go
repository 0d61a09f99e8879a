package realtime

import (
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/schema"
)

// The words of the schema the index is built from.
const (
	usersCollection   = schema.Users
	roomsCollection   = schema.Posts       // a room is a post
	roomAddressField  = "address"          // a post's neighbourhood
	membersCollection = schema.Memberships // who is in a room
	memberRoomField   = "post"
	memberUserField   = "user"
	// membershipsOfRoom is how a filter on posts names its members.
	membershipsOfRoom = membersCollection + "_via_" + memberRoomField + "." + memberUserField
)

// audienceKind is the shape of a collection's access rule.
type audienceKind int

const (
	// roomItself: the posts. List: neighbours (same address); view:
	// neighbours and members.
	roomItself audienceKind = iota
	// inRoom: records with a post field, seen by the post's members (and,
	// with owner, by the user the record names).
	inRoom
	// ownedBy: records seen only by the user their owner field names.
	ownedBy
)

// scope is a collection whose events the index delivers: who may receive
// them (audience), and the exact API rules that audience implements. When
// a collection's rules are not these (an operator changed one in the
// dashboard, a migration moved on), its events go PocketBase's own way,
// with a rule query per subscribed client: slower, never wider.
type scope struct {
	collection string
	audience   audienceKind
	room       string // inRoom: the field naming the post
	owner      string // inRoom, ownedBy: the field naming a user who may see it
	listRule   string
	viewRule   string
}

const (
	signedIn         = `@request.auth.id != ""`
	membersOfTheRoom = `post.memberships_via_post.user ?= @request.auth.id`
)

// scopes are the collections of SPEC §4, by name. Another room-scoped
// collection (a `post` field, members only) or user-scoped one (a `user`
// field, its user only) is one more line here.
var scopes = map[string]scope{}

func init() {
	for _, s := range []scope{
		{
			collection: schema.Posts, audience: roomItself,
			listRule: signedIn + ` && address = @request.auth.address`,
			viewRule: signedIn + ` && (address = @request.auth.address || memberships_via_post.user ?= @request.auth.id)`,
		},
		{collection: schema.Messages, audience: inRoom, room: "post", listRule: membersOfTheRoom, viewRule: membersOfTheRoom},
		{
			collection: schema.Memberships, audience: inRoom, room: "post", owner: "user",
			listRule: `user = @request.auth.id || ` + membersOfTheRoom,
			viewRule: `user = @request.auth.id || ` + membersOfTheRoom,
		},
		{collection: schema.OrderItems, audience: inRoom, room: "post", listRule: membersOfTheRoom, viewRule: membersOfTheRoom},
		{collection: schema.Notifications, audience: ownedBy, owner: "user", listRule: `user = @request.auth.id`, viewRule: `user = @request.auth.id`},
	} {
		scopes[s.collection] = s
	}
}

// serves tells whether c is a collection of scopes whose rules are still
// the ones its audience implements.
func serves(c *core.Collection) (scope, bool) {
	s, ok := scopes[c.Name]
	if !ok || c.ListRule == nil || c.ViewRule == nil || *c.ListRule != s.listRule || *c.ViewRule != s.viewRule {
		return scope{}, false
	}
	return s, true
}
