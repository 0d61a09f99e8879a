package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
	"mealbuddy/internal/text"
)

// textField is one text a person types, and how SPEC §1's text rule
// applies to it (internal/text).
type textField struct {
	name      string
	multiline bool // line feed and tab allowed (content, body, note)
	collapse  bool // runs of white space become one space (addresses)
}

// textFields is every text field the spec names, by collection: the one
// list the text rule reads. A new collection's texts are added here.
var textFields = map[string][]textField{
	schema.Users:       {{name: "name"}, {name: "address", collapse: true}},
	schema.Posts:       {{name: "title"}, {name: "content", multiline: true}, {name: "restaurant"}, {name: "pickupSpot"}, {name: "cancelReason"}},
	schema.Bans:        {{name: "reason"}},
	schema.Messages:    {{name: "body", multiline: true}},
	schema.OrderItems:  {{name: "name"}, {name: "note", multiline: true}},
	schema.Memberships: {{name: "payAccount"}},
}

func bindText(app core.App) {
	for collection := range textFields {
		app.OnRecordCreate(collection).BindFunc(cleanText)
		app.OnRecordUpdate(collection).BindFunc(cleanText)
	}
}

// cleanText stores each text field as internal/text cleans it before the
// field validators see it, so that a title of spaces or a name of
// zero-width characters fails "required" (validation_required) like an
// empty one, and a control character fails with invalid_text. On update
// only the fields that change are judged: a row stored before this rule
// can still be saved by a cascade (an author's account deletion).
func cleanText(e *core.RecordEvent) error {
	original := e.Record.Original()
	for _, f := range textFields[e.Record.Collection().Name] {
		value := e.Record.GetString(f.name)
		if !e.Record.IsNew() && original.Id != "" && value == original.GetString(f.name) {
			continue
		}
		cleaned, problem := text.Clean(value, f.multiline)
		if problem == text.Control {
			return apperr.New(f.name, apperr.InvalidText, "The text contains a control character that cannot be stored.")
		}
		if f.collapse {
			cleaned = text.CollapseSpaces(cleaned)
		}
		e.Record.Set(f.name, cleaned)
	}
	return e.Next()
}
