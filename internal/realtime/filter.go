package realtime

import (
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// filter is a subscription's `filter` option decided in memory against
// the event's record, instead of one SQL query per subscriber and event.
//
// Only the shapes whose SQL meaning is plain are compiled (see
// compileFilter); for everything else compileFilter says no, and
// PocketBase's own filter query decides, for the clients the index has
// already authorised only.
type filter struct {
	groups []fexpr.ExprGroup
	// mine: the filter can only hold for rooms the subscriber is a member
	// of (a top-level `&&` with the membership condition), so the index
	// finds its subscriber through the room's members instead of through
	// the whole neighbourhood.
	mine bool
}

// member tells whether the subscriber is a member of the room (post) id.
type member func(room string) bool

// compileFilter compiles raw for records of c subscribed by the user
// self. It accepts conditions joined by && and || with parentheses, each
// either
//   - `field op 'text'` (either way round) where field is id or a
//     single-valued text, select or relation field of c and op is =, !=,
//     ?= or ?!=, which PocketBase turns into a plain (COALESCE'd) string
//     comparison; or
//   - on the rooms' collection only, `memberships_via_post.user ?= 'self'`:
//     the subscriber is a member of the room.
//
// Numbers, functions, modifiers (:isset, :lower…), other relations,
// @request and @collection identifiers are refused: their SQL meaning is
// PocketBase's to decide.
func compileFilter(c *core.Collection, raw, self string) (*filter, bool) {
	groups, err := fexpr.Parse(raw)
	if err != nil || len(groups) == 0 {
		return nil, false
	}
	budget := search.DefaultFilterExprLimit // PocketBase refuses longer filters
	if !accepts(c, groups, self, &budget) {
		return nil, false
	}
	f := &filter{groups: groups}
	for i, g := range groups {
		if i > 0 && g.Join == fexpr.JoinOr {
			return f, true // a top-level || : not necessarily mine
		}
	}
	for _, g := range groups {
		if e, ok := g.Item.(fexpr.Expr); ok && isMembership(c, e, self) {
			f.mine = true
		}
	}
	return f, true
}

func accepts(c *core.Collection, groups []fexpr.ExprGroup, self string, budget *int) bool {
	for _, g := range groups {
		switch item := g.Item.(type) {
		case fexpr.Expr:
			if *budget--; *budget < 0 {
				return false
			}
			if _, _, ok := comparison(c, item); !ok && !isMembership(c, item, self) {
				return false
			}
		case fexpr.ExprGroup:
			if !accepts(c, []fexpr.ExprGroup{item}, self, budget) {
				return false
			}
		case []fexpr.ExprGroup:
			if !accepts(c, item, self, budget) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// comparison recognises `field op 'text'` on a plain own field.
func comparison(c *core.Collection, e fexpr.Expr) (field, value string, ok bool) {
	left, right := e.Left, e.Right
	if left.Type == fexpr.TokenText {
		left, right = right, left
	}
	if left.Type != fexpr.TokenIdentifier || right.Type != fexpr.TokenText {
		return "", "", false
	}
	switch e.Op {
	case fexpr.SignEq, fexpr.SignNeq, fexpr.SignAnyEq, fexpr.SignAnyNeq:
	default:
		return "", "", false
	}
	if !plainField(c, left.Literal) {
		return "", "", false
	}
	return left.Literal, right.Literal, true
}

// plainField: id, or a field holding one string.
func plainField(c *core.Collection, name string) bool {
	if name == core.FieldNameId {
		return true
	}
	switch f := c.Fields.GetByName(name).(type) {
	case *core.TextField:
		return true
	case *core.SelectField:
		return f.MaxSelect <= 1
	case *core.RelationField:
		return f.MaxSelect <= 1
	}
	return false
}

// isMembership recognises `memberships_via_post.user ?= 'self'` on the
// rooms' collection.
func isMembership(c *core.Collection, e fexpr.Expr, self string) bool {
	return c.Name == roomsCollection && self != "" && e.Op == fexpr.SignAnyEq &&
		e.Left.Type == fexpr.TokenIdentifier && e.Left.Literal == membershipsOfRoom &&
		e.Right.Type == fexpr.TokenText && e.Right.Literal == self
}

// holds evaluates the filter for r. PocketBase joins the conditions as SQL
// does (&& binds tighter than ||), so the groups are an || of &&-runs.
func (f *filter) holds(c *core.Collection, r *core.Record, self string, isMember member) bool {
	return evaluate(c, f.groups, r, self, isMember)
}

func evaluate(c *core.Collection, groups []fexpr.ExprGroup, r *core.Record, self string, isMember member) bool {
	result, run := false, true
	for i, g := range groups {
		if i > 0 && g.Join == fexpr.JoinOr {
			result = result || run
			run = true
		}
		if !run {
			continue // the rest of this &&-run cannot change it
		}
		switch item := g.Item.(type) {
		case fexpr.Expr:
			run = condition(c, item, r, self, isMember)
		case fexpr.ExprGroup:
			run = evaluate(c, []fexpr.ExprGroup{item}, r, self, isMember)
		case []fexpr.ExprGroup:
			run = evaluate(c, item, r, self, isMember)
		}
	}
	return result || run
}

func condition(c *core.Collection, e fexpr.Expr, r *core.Record, self string, isMember member) bool {
	if isMembership(c, e, self) {
		return isMember(r.Id)
	}
	field, value, _ := comparison(c, e)
	equal := r.GetString(field) == value
	if strings.Contains(string(e.Op), "!") {
		return !equal
	}
	return equal
}
