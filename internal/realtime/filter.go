package realtime

import (
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
	raw   string   // the filter as compiled; see conn.answers
	anyOf [][]term // an || of &&-runs, as SQL binds them
	// mine: the filter can only hold for rooms the subscriber is a member
	// of (a top-level `&&` with the membership condition), so the index
	// finds its subscriber through the room's members instead of through
	// the whole neighbourhood.
	mine bool
}

// term is one condition: `field = value` (negated: !=), the subscriber's
// membership of the room, or a parenthesised filter.
type term struct {
	field, value string
	negated      bool
	member       bool
	group        *filter
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
	f, ok := compile(c, groups, self, &budget)
	if !ok {
		return nil, false
	}
	f.raw = raw
	if len(f.anyOf) == 1 {
		for _, t := range f.anyOf[0] {
			f.mine = f.mine || t.member
		}
	}
	return f, true
}

func compile(c *core.Collection, groups []fexpr.ExprGroup, self string, budget *int) (*filter, bool) {
	f := &filter{}
	for i, g := range groups {
		if i == 0 || g.Join == fexpr.JoinOr {
			f.anyOf = append(f.anyOf, nil)
		}
		var t term
		switch item := g.Item.(type) {
		case fexpr.Expr:
			if *budget--; *budget < 0 {
				return nil, false
			}
			if isMembership(c, item, self) {
				t.member = true
			} else if field, value, ok := comparison(c, item); ok {
				t.field, t.value = field, value
				t.negated = item.Op == fexpr.SignNeq || item.Op == fexpr.SignAnyNeq
			} else {
				return nil, false
			}
		case fexpr.ExprGroup, []fexpr.ExprGroup:
			nested, _ := item.([]fexpr.ExprGroup)
			if one, ok := item.(fexpr.ExprGroup); ok {
				nested = []fexpr.ExprGroup{one}
			}
			group, ok := compile(c, nested, self, budget)
			if !ok {
				return nil, false
			}
			t.group = group
		default:
			return nil, false
		}
		last := len(f.anyOf) - 1
		f.anyOf[last] = append(f.anyOf[last], t)
	}
	return f, true
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

// holds evaluates the filter for r.
func (f *filter) holds(r *core.Record, isMember member) bool {
	for _, run := range f.anyOf {
		all := true
		for _, t := range run {
			if all = t.holds(r, isMember); !all {
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func (t term) holds(r *core.Record, isMember member) bool {
	switch {
	case t.member:
		return isMember(r.Id)
	case t.group != nil:
		return t.group.holds(r, isMember)
	}
	return (r.GetString(t.field) == t.value) != t.negated
}
