package realtime

import "github.com/pocketbase/pocketbase/core"

// CompileFilter exposes compileFilter to the external tests: whether raw
// is decided in memory, whether it implies membership, and its verdict on r.
func CompileFilter(c *core.Collection, raw, self string, r *core.Record, isMember func(room string) bool) (compiled, mine, holds bool) {
	f, ok := compileFilter(c, raw, self)
	if !ok {
		return false, false, false
	}
	return true, f.mine, f.holds(r, isMember)
}

// Serves exposes serves.
func Serves(c *core.Collection) bool { _, ok := serves(c); return ok }
