package hooks_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"mealbuddy/testsupport/testapp"
)

func signupBody(email, name string) string {
	b, _ := json.Marshal(map[string]string{
		"email": email, "name": name, "address": addrA, "password": "password123", "passwordConfirm": "password123",
	})
	return string(b)
}

// TestNamesAreUniqueAsPeopleReadThem: names that look the same are the
// same name (SPEC §1), whatever the script, normal form or hidden
// characters; different names stay apart and keep their spelling.
func TestNamesAreUniqueAsPeopleReadThem(t *testing.T) {
	existing := func(name string) func(testing.TB, *world) {
		return func(t testing.TB, w *world) { w.user(t, "uexisting000000", "old@test.com", name, addrA) }
	}
	signup := func(name, taken, typed string, status int, contains ...string) scenario {
		return scenario{name: name, method: http.MethodPost, url: usersURL, body: signupBody("new@test.com", typed),
			status: status, contains: contains, before: existing(taken)}
	}
	notUnique := code("name", "validation_not_unique")
	scenarios := []scenario{
		signup("Latin letters beyond ASCII in another case", "Ærøskøbing", "ærøskøbing", 400, notUnique),
		signup("Cyrillic in another case", "Дима", "дима", 400, notUnique),
		signup("Hangul in NFD against NFC", "\uD55C\uACB0", "\u1112\u1161\u11AB\u1100\u1167\u11AF", 400, notUnique),
		signup("a trailing zero-width space", "rtHost", "rtHost\u200B", 400, notUnique),
		signup("a zero-width space inside", "rtHost", "rt\u200BHost", 400, notUnique),
		signup("full-width letters", "abc", "ＡＢＣ", 400, notUnique),
		signup("two different Korean names stay apart", "한결", "한겸", 200, `"name":"한겸"`),
		signup("the name keeps the spelling its owner typed", "ærøskøbing x", "Ærøskøbing", 200, `"name":"Ærøskøbing"`),
		{name: "renaming oneself to a name that reads the same as another's", actor: "member", method: http.MethodPatch,
			url: usersURL + "/" + memberId, body: `{"name":"호스트\u200b"}`, status: 400, contains: []string{notUnique}},
		{name: "a superuser renaming a user to a name that reads the same", actor: "superuser", method: http.MethodPatch,
			url: usersURL + "/" + memberId, body: `{"name":"ＲＴＨＯＳＴ"}`, status: 400, contains: []string{notUnique},
			before: existing("rthost")},
		{name: "renaming oneself to one's own name in another case", actor: "member", method: http.MethodPatch,
			url: usersURL + "/" + memberId, body: `{"name":"멤버 A"}`, status: 200, contains: []string{`"name":"멤버 A"`},
			before: func(t testing.TB, w *world) {
				m := w.reload(t, "users", memberId)
				m.Set("name", "멤버 a")
				if err := w.app.Save(m); err != nil {
					t.Fatal(err)
				}
			}},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

// TestConcurrentSignupsWithOneName: 20 people sign up at once with names
// that all normalise to one key; the database lets exactly one through
// and answers the others validation_not_unique on name, never a 500.
func TestConcurrentSignupsWithOneName(t *testing.T) {
	w := newWorld(t)
	srv := testapp.Serve(t, w.app)

	spellings := []string{"Ærøskøbing", "ærøskøbing", "ÆRØSKØBING", "ærøskøbing\u200B", "\u200Bærøskøbing", "ærøsköbing"}
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	bodies := make([]string, 20)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := spellings[i%5] // the sixth spelling differs (ö) and is not used
			res, err := http.Post(srv.URL+usersURL, "application/json",
				strings.NewReader(signupBody(fmt.Sprintf("racer%d@test.com", i), name)))
			if err != nil {
				bodies[i] = err.Error()
				return
			}
			defer res.Body.Close()
			statuses[i] = res.StatusCode
			b, _ := io.ReadAll(res.Body)
			bodies[i] = string(b)
		}()
	}
	wg.Wait()

	created := 0
	for i, s := range statuses {
		switch {
		case s == http.StatusOK:
			created++
		case s == http.StatusBadRequest && strings.Contains(bodies[i], code("name", "validation_not_unique")):
		default:
			t.Errorf("sign-up %d: %d %s", i, s, bodies[i])
		}
	}
	if created != 1 {
		t.Fatalf("%d sign-ups succeeded, want exactly 1", created)
	}
	if n, err := w.app.CountRecords("users"); err != nil || n != 6 {
		t.Fatalf("%d users (%v), want the world's 5 and one more", n, err)
	}
}
