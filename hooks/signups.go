package hooks

import (
	"net/http"
	"net/netip"
	"regexp"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/clock"
	"mealbuddy/internal/ratelimit"
	"mealbuddy/internal/schema"
)

// Sign-ups sent inside a batch request count against the operator's
// users:create rate limit like direct ones (SPEC §1). PocketBase keeps a
// batch's sub-requests in limiter buckets of their own, so without this a
// batch adds another full allowance. Here one set of windows sees both
// paths: a direct sign-up (which PocketBase's own limiter has also let
// through) takes one request, a batch takes one per sign-up it carries,
// keyed by the address of the request that came in. The rule itself —
// its size and window — is the one in Settings → Rate limiting.
func bindSignupLimit(app core.App) {
	windows := ratelimit.New(func() time.Time { return clock.Now(app) })

	app.OnRecordCreateRequest(schema.Users).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Get(core.RequestEventKeyInfoContext) == core.RequestInfoContextBatch {
			return e.Next() // counted with its batch, below
		}
		if err := takeSignups(e.RequestEvent, windows, 1); err != nil {
			return err
		}
		return e.Next()
	})

	app.OnBatchRequest().BindFunc(func(e *core.BatchRequestEvent) error {
		users, err := e.App.FindCachedCollectionByNameOrId(schema.Users)
		if err != nil {
			return err
		}
		n := 0
		for _, r := range e.Batch {
			if isSignup(r, users) {
				n++
			}
		}
		if n > 0 {
			if err := takeSignups(e.RequestEvent, windows, n); err != nil {
				return err
			}
		}
		return e.Next()
	})
}

// batchCreate matches the batch actions that can create a record.
var batchCreate = regexp.MustCompile(`^/api/collections/([^/?]+)/records(\?.*)?$`)

func isSignup(r *core.InternalRequest, users *core.Collection) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		return false
	}
	m := batchCreate.FindStringSubmatch(r.URL)
	return m != nil && (m[1] == users.Name || m[1] == users.Id)
}

// takeSignups takes n sign-ups from the caller's window of the rule that
// covers users:create, the way PocketBase picks it.
func takeSignups(e *core.RequestEvent, windows *ratelimit.Windows, n int) error {
	limits := e.App.Settings().RateLimits
	if !limits.Enabled || e.HasSuperuserAuth() {
		return nil
	}
	ip := e.RealIP()
	if excluded(limits.ExcludedIPs, ip) {
		return nil
	}
	audience := []string{core.RateLimitRuleAudienceAll, core.RateLimitRuleAudienceGuest}
	if e.Auth != nil {
		audience = []string{core.RateLimitRuleAudienceAll, core.RateLimitRuleAudienceAuth}
	}
	path := "/api/collections/" + schema.Users + "/records"
	rule, ok := limits.FindRateLimitRule([]string{schema.Users + ":create", "*:create", http.MethodPost + " " + path, path}, audience...)
	if !ok {
		return nil
	}
	if !windows.Allow(rule.Label+rule.Audience+"|"+ip, n, rule.MaxRequests, time.Duration(rule.Duration)*time.Second) {
		return e.TooManyRequestsError("", nil)
	}
	return nil
}

// excluded reports whether ip is one of the operator's excluded addresses
// or subnets, as PocketBase reads that list.
func excluded(list []string, ip string) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, item := range list {
		if p, err := netip.ParsePrefix(item); err == nil && p.Contains(addr) {
			return true
		}
		if a, err := netip.ParseAddr(item); err == nil && a == addr {
			return true
		}
	}
	return false
}
