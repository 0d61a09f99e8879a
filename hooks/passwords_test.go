package hooks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"mealbuddy/internal/clock"
	"mealbuddy/internal/config"
	"mealbuddy/testsupport/testapp"
)

const wrongPassword = "wrong-password"

// attempt is one password check on the host's account through one of
// the three paths of SPEC §1.
type attempt struct {
	path    string // "signin", "old" (a password change) or "delete"
	right   bool
	ip      string        // the caller's address; "" for 192.0.2.1
	advance time.Duration // the clock moves this much first
	status  int
	code    string // data.password.code or data.oldPassword.code expected in the answer, if any
}

func (a attempt) request(t testing.TB, w *world) *http.Request {
	pw := wrongPassword
	if a.right {
		pw = testapp.Password
	}
	var req *http.Request
	switch a.path {
	case "signin":
		req = httptest.NewRequest("POST", "/api/collections/users/auth-with-password",
			strings.NewReader(`{"identity":"host@test.com","password":"`+pw+`"}`))
	case "old":
		req = httptest.NewRequest("PATCH", usersURL+"/"+hostId,
			strings.NewReader(`{"oldPassword":"`+pw+`","password":"new-password-1","passwordConfirm":"new-password-1"}`))
		req.Header.Set("Authorization", w.token(t, "host"))
	case "delete":
		req = httptest.NewRequest("POST", "/api/mealbuddy/account/delete", strings.NewReader(`{"password":"`+pw+`"}`))
		req.Header.Set("Authorization", w.token(t, "host"))
	default:
		t.Fatalf("unknown path %q", a.path)
	}
	req.Header.Set("Content-Type", "application/json")
	if a.ip != "" {
		req.RemoteAddr = a.ip + ":40000"
	}
	return req
}

func wrong(path string) attempt { return attempt{path: path, status: 400} }
func right(path string, status int) attempt {
	return attempt{path: path, right: true, status: status}
}

var locked = attempt{status: 429, code: "too_many_attempts"}

func lockedOn(path string, right bool) attempt {
	a := locked
	a.path, a.right = path, right
	return a
}

// TestPasswordLockout: 5 wrong passwords per account within 15 minutes,
// across sign-in, oldPassword and account deletion, lock further attempts
// with 429 too_many_attempts, whatever the IP (SPEC §1).
func TestPasswordLockout(t *testing.T) {
	from := func(ip string, a attempt) attempt { a.ip = ip; return a }
	after := func(d time.Duration, a attempt) attempt { a.advance = d; return a }

	cases := []struct {
		name  string
		steps []attempt
	}{
		{"five wrong sign-ins lock the sixth, right or wrong", []attempt{
			wrong("signin"), wrong("signin"), wrong("signin"), wrong("signin"), wrong("signin"),
			lockedOn("signin", true), lockedOn("signin", false),
		}},
		{"the lock ends when the window has passed", []attempt{
			wrong("signin"), wrong("signin"), wrong("signin"), wrong("signin"), wrong("signin"),
			after(14*time.Minute, lockedOn("signin", true)),
			after(time.Minute+time.Second, right("signin", 200)),
		}},
		{"a sliding window: the oldest wrong password leaves it first", []attempt{
			wrong("signin"), after(10*time.Minute, wrong("signin")), wrong("signin"), wrong("signin"), wrong("signin"),
			after(5*time.Minute+time.Second, wrong("signin")), // the first has left the window
			lockedOn("signin", true),
		}},
		{"wrong passwords count across the three paths", []attempt{
			{path: "signin", status: 400},
			{path: "old", status: 400, code: "validation_invalid_old_password"},
			{path: "delete", status: 400, code: "invalid_password"},
			wrong("signin"),
			{path: "old", status: 400, code: "validation_invalid_old_password"},
			lockedOn("delete", true), lockedOn("old", true), lockedOn("signin", true),
		}},
		{"a right password does not reset the count", []attempt{
			wrong("signin"), wrong("old"), wrong("signin"), wrong("delete"),
			right("signin", 200),
			wrong("signin"),
			lockedOn("signin", true),
		}},
		{"whatever the IP", []attempt{
			from("203.0.113.1", wrong("signin")), from("203.0.113.2", wrong("signin")), from("198.51.100.7", wrong("old")),
			from("198.51.100.8", wrong("signin")), from("192.0.2.55", wrong("delete")),
			from("203.0.113.99", lockedOn("signin", true)),
		}},
		{"four wrong passwords still let the owner in", []attempt{
			wrong("signin"), wrong("signin"), wrong("signin"), wrong("signin"), right("signin", 200),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			now := time.Now()
			clock.Set(w.app, clock.Fixed(&now))
			h := testapp.Handler(t, w.app)
			for i, a := range c.steps {
				now = now.Add(a.advance)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, a.request(t, w))
				if rec.Code != a.status {
					t.Fatalf("step %d (%s, right=%v): status %d, want %d: %s", i, a.path, a.right, rec.Code, a.status, rec.Body)
				}
				if a.code != "" && !strings.Contains(rec.Body.String(), `"code":"`+a.code+`"`) {
					t.Fatalf("step %d (%s): want code %s in %s", i, a.path, a.code, rec.Body)
				}
			}
			if _, err := w.app.FindRecordById("users", hostId); err != nil {
				t.Fatal("the account was deleted")
			}
		})
	}
}

// TestLockoutOtherAccounts: locking the host's account leaves the
// member's alone, and an unknown e-mail locks nothing.
func TestLockoutOtherAccounts(t *testing.T) {
	w := newWorld(t)
	h := testapp.Handler(t, w.app)
	for range 5 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, wrong("signin").request(t, w))
	}
	for _, c := range []struct{ identity, password string }{
		{"member@test.com", testapp.Password},
		{"nobody@test.com", wrongPassword},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/collections/users/auth-with-password",
			strings.NewReader(`{"identity":"`+c.identity+`","password":"`+c.password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusTooManyRequests {
			t.Fatalf("%s is locked too: %s", c.identity, rec.Body)
		}
	}
}

// TestLockoutUnderConcurrency: 20 wrong passwords at once from 20
// addresses; exactly 5 are compared (400) and 15 refused (429).
func TestLockoutUnderConcurrency(t *testing.T) {
	w := newWorld(t)
	h := testapp.Handler(t, w.app)
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := wrong("signin")
			a.ip = fmt.Sprintf("203.0.113.%d", i+1)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, a.request(t, w))
			mu.Lock()
			statuses[rec.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[400] != 5 || statuses[429] != 15 {
		t.Fatalf("statuses %v, want 5 × 400 and 15 × 429", statuses)
	}
}

// TestLockoutSurvivesARestart: the attempts are in the database, so a
// server started again on the same data still refuses.
func TestLockoutSurvivesARestart(t *testing.T) {
	w := newWorld(t)
	h := testapp.Handler(t, w.app)
	for range 5 {
		h.ServeHTTP(httptest.NewRecorder(), wrong("signin").request(t, w))
	}

	restarted := testapp.Open(t, w.app.DataDir(), config.Default()) // a copy of the data dir
	t.Cleanup(restarted.Cleanup)
	clock.Set(restarted, clock.Fixed(&w.now)) // the same moment, a new process
	rec := httptest.NewRecorder()
	testapp.Handler(t, restarted).ServeHTTP(rec, right("signin", 0).request(t, w))
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("after a restart: %d %s, want 429", rec.Code, rec.Body)
	}
}
