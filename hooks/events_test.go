package hooks_test

import "maps"

// The hook events a scenario's request fires (scenario.events, which is
// tests.ApiScenario.ExpectedEvents). Every set built here is exhaustive:
// it holds "*": 0, so an event it does not list fails the scenario. The
// counts say which path the request took and what it wrote: a join
// creates the membership and its message in the room and updates the
// post, a refused create reaches the model hook but never the insert or
// its success event, and a delete counts its cascade.

// Request events, as tests.TestApp names them.
const (
	listRequest   = "OnRecordsListRequest"
	viewRequest   = "OnRecordViewRequest"
	createRequest = "OnRecordCreateRequest"
	updateRequest = "OnRecordUpdateRequest"
	deleteRequest = "OnRecordDeleteRequest"
	// customRoute is the request of one of our routes (/api/mealbuddy/…),
	// which fires no request event of its own.
	customRoute = ""
)

// writes counts the records a request creates, updates and deletes,
// with the writes of our hooks and PocketBase's cascades.
type writes struct {
	creates, updates, deletes int
	// notices are the notifications written once the change commits
	// (SPEC §7, internal/notify): who hears of it
	notices int
	// emptied are the records whose relation to a deleted record
	// PocketBase's cascade empties (a notification's post): updates
	// saved without validation
	emptied int
}

// noHooks: nothing fired: an API rule refused the request before any
// hook ran, or our code refused it before it wrote anything.
func noHooks() map[string]int { return map[string]int{"*": 0} }

// read: a list or view request that answers n records.
func read(request string, n int) map[string]int {
	return map[string]int{"*": 0, request: 1, "OnRecordEnrich": n}
}

// refusedByRequest: a request hook of ours (who asks, which post they
// may see) refused the request before any model event.
func refusedByRequest(request string) map[string]int {
	return map[string]int{"*": 0, request: 1}
}

// committed: every write of the request went through and committed. A
// create or update request answers with its record (enriched once).
func committed(request string, w writes) map[string]int {
	ev := map[string]int{"*": 0}
	if request != customRoute {
		ev[request] = 1
	}
	if request == createRequest || request == updateRequest {
		ev["OnRecordEnrich"] = 1
	}
	for _, a := range []struct {
		action string
		n      int
	}{{"Create", w.creates + w.notices}, {"Update", w.updates + w.emptied}, {"Delete", w.deletes}} {
		if a.n == 0 {
			continue
		}
		for _, kind := range []string{"OnModel", "OnRecord"} {
			ev[kind+a.action] = a.n
			ev[kind+a.action+"Execute"] = a.n
			ev[kind+"After"+a.action+"Success"] = a.n
		}
	}
	if n := w.creates + w.notices + w.updates; n > 0 { // deletes are not validated
		ev["OnModelValidate"], ev["OnRecordValidate"] = n, n
	}
	return ev
}

// refusedByModel: a model hook of ours refused the request's record
// (action is "Create", "Update" or "Delete") before it was validated or
// written: the model event fired and its error event, never the write or
// its success.
func refusedByModel(request, action string) map[string]int {
	ev := map[string]int{"*": 0}
	if request != customRoute {
		ev[request] = 1
	}
	for _, kind := range []string{"OnModel", "OnRecord"} {
		ev[kind+action] = 1
		ev[kind+"After"+action+"Error"] = 1
		ev[kind+action+"Execute"] = 0
		ev[kind+"After"+action+"Success"] = 0
	}
	return ev
}

// refusedByValidation: our model hooks let the record through and a
// field's validator (the schema's limits, the text rule) refused it:
// validated, never written.
func refusedByValidation(request, action string) map[string]int {
	ev := refusedByModel(request, action)
	ev["OnModelValidate"], ev["OnRecordValidate"] = 1, 1
	return ev
}

// refusedByIndex: hooks and validators let the record through and a
// unique index refused the write itself.
func refusedByIndex(request, action string) map[string]int {
	ev := refusedByValidation(request, action)
	ev["OnModel"+action+"Execute"], ev["OnRecord"+action+"Execute"] = 1, 1
	return ev
}

// plus returns events with more counts set (for what a helper does not
// model, such as a custom route answering with a record).
func plus(events map[string]int, more map[string]int) map[string]int {
	out := maps.Clone(events)
	maps.Copy(out, more)
	return out
}
