package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
)

// unchanged refuses (immutable_field) a record whose fields differ from
// those of ref, the state the change started from.
func unchanged(r, ref *core.Record, fields ...string) error {
	for _, field := range fields {
		if r.GetString(field) != ref.GetString(field) {
			return apperr.New(field, apperr.ImmutableField, "The field "+field+" is set by the server and cannot be changed.")
		}
	}
	return nil
}

// keepFields is an update hook body: it refuses a change of any of fields
// from what is stored, then lets the save go on.
func keepFields(e *core.RecordEvent, collection string, fields ...string) error {
	stored, err := e.App.FindRecordById(collection, e.Record.Id)
	if err != nil {
		return err
	}
	if err := unchanged(e.Record, stored, fields...); err != nil {
		return err
	}
	return e.Next()
}

// seenState returns the state of a record as its writer read it: what
// PocketBase loaded from the database, or, for a record that was never
// loaded (created in Go and saved again), the stored row. A field equal to
// its seen value is "sent back unchanged", whatever happened meanwhile.
func seenState(r, stored *core.Record) *core.Record {
	if original := r.Original(); original.Id != "" {
		return original
	}
	return stored
}
