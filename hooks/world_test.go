package hooks_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"mealbuddy/internal/clock"
	"mealbuddy/internal/config"
	"mealbuddy/testsupport/testapp"
)

// The test world: one group order in 역삼동 with its host, a member and a
// banned user, a neighbour who is not in it, and a stranger from another
// neighbourhood. Ids are fixed so that scenario tables can name them.
const (
	addrA = "서울특별시 강남구 역삼동"
	addrB = "서울특별시 종로구 청운동"

	hostId      = "uhost0000000000"
	memberId    = "umember00000000"
	neighbourId = "uneighbour00000"
	strangerId  = "ustranger000000"
	bannedId    = "ubanned00000000"

	postId = "ppost0000000000"

	memberMembershipId = "mmember00000000"
	banId              = "bbanned00000000"
	helloId            = "mhello000000000"
)

type world struct {
	app   *tests.TestApp
	users map[string]*core.Record // by actor name
	post  *core.Record
	su    string // superuser token
	// now is the time the world's rules read (clock.Fixed): worldNow
	// until a test moves it.
	now time.Time
}

// worldNow is the time of every world's clock, the one our rules read
// (deadlines, windows, payment stamps). Scenario tables compute deadlines
// from it (future, expire), so that they are exact however slow the
// machine and however long the run. (PocketBase's created and updated
// stamps stay wall time.)
var worldNow = time.Now().UTC().Truncate(time.Millisecond)

// actors of the authorization matrix, in table order.
var actors = []string{"anonymous", "stranger", "neighbour", "member", "host", "banned", "superuser"}

// templateDir holds a data dir with the world already built; every test
// clones it (tests.NewTestApp copies the dir), which is much faster than
// building the world, passwords and all, each time.
var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if templateDir != "" {
		os.RemoveAll(templateDir)
	}
	os.Exit(code)
}

func buildTemplate(t testing.TB) string {
	templateOnce.Do(func() {
		templateDir, templateErr = os.MkdirTemp("", "mealbuddy-world-")
		if templateErr != nil {
			return
		}
		app := testapp.Open(t, templateDir, config.Default())
		w := &world{app: app, users: map[string]*core.Record{}}
		for _, u := range []struct{ actor, id, name, addr string }{
			{"host", hostId, "호스트", addrA},
			{"member", memberId, "멤버", addrA},
			{"neighbour", neighbourId, "이웃", addrA},
			{"stranger", strangerId, "낯선사람", addrB},
			{"banned", bannedId, "강퇴자", addrA},
		} {
			w.user(t, u.id, u.actor+"@test.com", u.name, u.addr)
		}
		w.newPost(t, postId, hostId, 4)
		w.join(t, postId, memberId, memberMembershipId)
		w.join(t, postId, bannedId)
		w.ban(t, postId, bannedId, banId)
		w.say(t, postId, memberId, "안녕하세요", helloId)
		testapp.Superuser(t, app)
		// A batch's transaction is cut off after Batch.Timeout seconds of
		// the wall clock (3 in production); a batch under -race on a
		// loaded machine can take longer, and no test is about the cut.
		s := app.Settings()
		s.Batch.Timeout = 120
		if err := app.Save(s); err != nil {
			t.Fatal(err)
		}
		// Copy the built dir (not the clone NewTestApp worked in) aside.
		built := app.DataDir()
		app.ClearBootstrap()
		os.RemoveAll(templateDir)
		templateDir = built
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	return templateDir
}

// newWorld returns a fresh app holding the world, cleaned up with the test.
func newWorld(t testing.TB) *world {
	t.Helper()
	w := cloneWorld(t)
	t.Cleanup(w.app.Cleanup)
	return w
}

// cloneWorld is newWorld without the cleanup, for tests.ApiScenario,
// which cleans its app up itself.
func cloneWorld(t testing.TB) *world {
	t.Helper()
	app := testapp.Open(t, buildTemplate(t), config.Default())
	w := &world{app: app, users: map[string]*core.Record{}, now: worldNow}
	clock.Set(app, clock.Fixed(&w.now))
	for actor, id := range map[string]string{
		"host": hostId, "member": memberId, "neighbour": neighbourId, "stranger": strangerId, "banned": bannedId,
	} {
		w.users[actor] = w.reload(t, "users", id)
	}
	w.post = w.reload(t, "posts", postId)
	su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "admin@mealbuddy.test")
	if err != nil {
		t.Fatal(err)
	}
	w.su = testapp.Token(t, su)
	return w
}

// create saves a record through the model (see testapp.Create).
func (w *world) create(t testing.TB, collection string, fields map[string]any, id ...string) *core.Record {
	t.Helper()
	return testapp.Create(t, w.app, collection, fields, id...)
}

func (w *world) user(t testing.TB, id, email, name, addr string) *core.Record {
	t.Helper()
	return testapp.User(t, w.app, email, name, addr, id)
}

func (w *world) newPost(t testing.TB, id, host string, target int) *core.Record {
	t.Helper()
	return w.create(t, "posts", map[string]any{
		"title": "족발 같이 시켜요", "category": "jokbal_bossam", "host": host,
		"targetCount": target, "deliveryFee": 4000,
	}, id)
}

func (w *world) join(t testing.TB, post, user string, id ...string) *core.Record {
	t.Helper()
	return w.create(t, "memberships", map[string]any{"post": post, "user": user}, id...)
}

func (w *world) ban(t testing.TB, post, user string, id ...string) {
	t.Helper()
	w.create(t, "bans", map[string]any{"post": post, "user": user}, id...)
}

func (w *world) say(t testing.TB, post, user, body string, id ...string) {
	t.Helper()
	w.create(t, "messages", map[string]any{"post": post, "author": user, "body": body}, id...)
}

// token returns the Authorization header value of an actor ("" for anonymous).
func (w *world) token(t testing.TB, actor string) string {
	switch actor {
	case "anonymous", "":
		return ""
	case "superuser":
		return w.su
	}
	return testapp.Token(t, w.users[actor])
}

// reload returns the stored state of a record.
func (w *world) reload(t testing.TB, collection, id string) *core.Record {
	t.Helper()
	r, err := w.app.FindRecordById(collection, id)
	if err != nil {
		t.Fatalf("reload %s/%s: %v", collection, id, err)
	}
	return r
}

// count returns the number of rows of collection matching exp.
func (w *world) count(t testing.TB, collection string, exp dbx.Expression) int {
	t.Helper()
	n, err := w.app.CountRecords(collection, exp)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// systemMessages returns the bodies of the system messages of a post, oldest first.
func (w *world) systemMessages(t testing.TB, post string) []string {
	t.Helper()
	rows, err := w.app.FindRecordsByFilter("messages", "post = {:p} && kind = 'system'", "created", 0, 0, dbx.Params{"p": post})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.GetString("body")
	}
	return out
}

// checkCount asserts the invariant of SPEC §1: joinedCount equals the
// number of memberships rows of the post and never exceeds targetCount.
// One statement reads all three, so that it sees one snapshot even while
// other requests commit.
func (w *world) checkCount(t testing.TB, post string) int {
	t.Helper()
	n, err := w.countErr(post)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// countErr is checkCount for goroutines, which may not call t.Fatal.
func (w *world) countErr(post string) (int, error) {
	var row struct {
		Joined int `db:"joinedCount"`
		Target int `db:"targetCount"`
		Rows   int `db:"rows"`
	}
	err := w.app.DB().NewQuery(`SELECT joinedCount, targetCount,
		(SELECT COUNT(*) FROM memberships WHERE memberships.post = posts.id) AS rows
		FROM posts WHERE id = {:id}`).Bind(dbx.Params{"id": post}).One(&row)
	switch {
	case err != nil:
		return 0, err
	case row.Joined != row.Rows:
		return 0, fmt.Errorf("joinedCount %d != %d memberships rows", row.Joined, row.Rows)
	case row.Joined > row.Target:
		return 0, fmt.Errorf("joinedCount %d exceeds targetCount %d", row.Joined, row.Target)
	}
	return row.Rows, nil
}

// scenario is one request against a fresh world, run as a
// tests.ApiScenario. Every scenario asserts its body: what it proves is in
// contains (a record's fields, an error code: see code), what it proves is
// not revealed is in excludes, and a 204 asserts the empty body; a
// scenario with none of these fails, since "any JSON" proves nothing.
type scenario struct {
	name     string
	actor    string
	method   string
	url      string
	urlFn    func(w *world) string // when the URL names a record made at run time
	body     string
	status   int
	contains []string // substrings of the JSON response
	excludes []string // substrings the response must not have
	// events are the hook events the request fires and how often
	// (tests.ApiScenario.ExpectedEvents): an event listed with 0 must not
	// fire, and "*": 0 fails on any event not listed. Nothing that before
	// saves is counted.
	events map[string]int
	before func(t testing.TB, w *world) // changes the world before the request
	after  func(t testing.TB, w *world) // checks the world after it
}

func (s scenario) test(t *testing.T) {
	t.Helper()
	if len(s.contains) == 0 && len(s.excludes) == 0 && s.status != http.StatusNoContent {
		t.Run(s.name, func(t *testing.T) {
			t.Fatal("the scenario asserts nothing about the body: give it contains or excludes (a 204 asserts an empty body)")
		})
		return
	}
	headers := map[string]string{}
	var w *world
	var body io.Reader
	if s.body != "" {
		body = strings.NewReader(s.body)
	}
	var as *tests.ApiScenario
	as = &tests.ApiScenario{
		Name:               s.name,
		Method:             s.method,
		URL:                s.url,
		Body:               body,
		Headers:            headers,
		ExpectedStatus:     s.status,
		ExpectedContent:    s.contains,
		NotExpectedContent: s.excludes,
		ExpectedEvents:     s.events,
		TestAppFactory: func(t testing.TB) *tests.TestApp {
			w = cloneWorld(t)
			return w.app
		},
		BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
			if s.before != nil {
				s.before(t, w)
			}
			if s.urlFn != nil {
				as.URL = s.urlFn(w)
			}
			if tok := w.token(t, s.actor); tok != "" {
				headers["Authorization"] = tok
			}
		},
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if s.after != nil {
				s.after(t, w)
			}
		},
	}
	as.Test(t)
}

// hostMembership returns the id of the host's membership of the world's post.
func (w *world) hostMembership(t testing.TB) string {
	t.Helper()
	m, err := w.app.FindFirstRecordByFilter("memberships", "post = {:p} && user = {:u}", dbx.Params{"p": postId, "u": hostId})
	if err != nil {
		t.Fatal(err)
	}
	return m.Id
}

// code returns the JSON fragment of an error code on a field.
func code(field, code string) string {
	b, _ := json.Marshal(code)
	return `"` + field + `":{"code":` + string(b)
}
