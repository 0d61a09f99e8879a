package hooks

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"mealbuddy/internal/schema"
)

// privateUserFields reach only the user themself and superusers (SPEC §1),
// in REST answers, expanded relations and realtime events alike.
//
// They cannot be PocketBase "hidden" fields: clients could then not set
// them at sign-up or in the profile. Instead the enrich hook, which
// PocketBase runs for every record it is about to send (REST, expand,
// batch, realtime) with the auth of the client it goes to, hides them from
// everyone else. Filters are the other way to read a field: a client filter
// through a relation (posts `host.address = …`) is joined under the users
// list rule (only yourself), so it reveals nothing; the one left is a
// realtime subscription to a user by id with a filter, refused below.
var privateUserFields = []string{"address", "location"}

func bindPrivacy(app core.App) {
	app.OnRecordEnrich(schema.Users).BindFunc(hideOthersHomes)
	app.OnRealtimeSubscribeRequest().BindFunc(refusePrivateFilters)
}

func hideOthersHomes(e *core.RecordEnrichEvent) error {
	auth := e.RequestInfo.Auth
	own := auth != nil && auth.Id == e.Record.Id && auth.Collection().Name == schema.Users
	if !own && !e.RequestInfo.HasSuperuserAuth() {
		e.Record.Hide(privateUserFields...)
	}
	return e.Next()
}

// privateFieldRef finds a private field named in a filter.
var privateFieldRef = regexp.MustCompile(`\b(` + strings.Join(privateUserFields, "|") + `)\b`)

// refusePrivateFilters refuses a subscription to users records whose
// filter names a private field: events that arrive only when a
// neighbour's address matches would tell the address.
func refusePrivateFilters(e *core.RealtimeSubscribeRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	users, err := e.App.FindCachedCollectionByNameOrId(schema.Users)
	if err != nil {
		return err
	}
	for _, sub := range e.Subscriptions {
		topic, _, _ := strings.Cut(sub, "?")
		collection, _, _ := strings.Cut(topic, "/")
		if collection != users.Name && collection != users.Id {
			continue
		}
		parsed := subscriptions.NewDefaultClient()
		parsed.Subscribe(sub)
		for _, options := range parsed.Subscriptions() {
			if privateFieldRef.MatchString(options.Query["filter"]) {
				return e.Error(http.StatusForbidden, "Users cannot be filtered by their address or location.", nil)
			}
		}
	}
	return e.Next()
}
