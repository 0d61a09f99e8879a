package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
)

// TestTextRule: blank and invisible text fails "required" like empty
// text, control characters are refused, and nothing is stored either way
// (SPEC §1, the text rule). Legitimate text, line breaks in multi-line
// fields included, is stored trimmed.
func TestTextRule(t *testing.T) {
	post := func(title, content string) string {
		return `{"title":"` + title + `","content":"` + content + `","category":"chicken","targetCount":4}`
	}
	newPost := func(name, body string, status int, contains ...string) scenario {
		return scenario{name: name, actor: "neighbour", method: http.MethodPost, url: postsURL, body: body,
			status: status, contains: contains, after: postsOf(neighbourId, status == 200)}
	}
	send := func(name, body string, status int, contains ...string) scenario {
		return scenario{name: name, actor: "member", method: http.MethodPost, url: messagesURL,
			body: `{"post":"` + postId + `","body":"` + body + `"}`, status: status, contains: contains,
			after: messagesOf(memberId, status == 200)}
	}
	required := func(field string) string { return code(field, "validation_required") }
	invalid := func(field string) string { return code(field, "invalid_text") }

	scenarios := []scenario{
		newPost("a title of spaces", post("   ", ""), 400, required("title")),
		newPost("a title of zero-width spaces", post(`\u200b\u200b\u200b`, ""), 400, required("title")),
		newPost("a title of Hangul fillers", post(`\u3164\u3164`, ""), 400, required("title")),
		newPost("a title with a NUL", post(`치킨\u0000모집`, ""), 400, invalid("title")),
		newPost("a title with an escape sequence", post(`\u001b[2J치킨`, ""), 400, invalid("title")),
		newPost("a title with a line break", post(`치킨\n모집`, ""), 400, invalid("title")),
		newPost("content with a NUL", post("치킨 모집", `내용\u0000`), 400, invalid("content")),
		newPost("content keeps its line breaks and tabs", post("  치킨 모집  ", `첫 줄\r\n\t둘째 줄`), 200,
			`"title":"치킨 모집"`, `"content":"첫 줄\n\t둘째 줄"`),
		newPost("content of invisible characters is stored empty", post("치킨 모집", `\u200b\ufeff`), 200, `"content":""`),

		send("a message of a BOM", `\ufeff`, 400, required("body")),
		send("a message of zero-width spaces", `\u200b \u200b`, 400, required("body")),
		send("a message of Hangul fillers U+3164", `\u3164`, 400, required("body")),
		send("a message with ESC", `\u001b]0;title\u0007`, 400, invalid("body")),
		send("a message with NUL", `a\u0000b`, 400, invalid("body")),
		send("a message of two lines", `안녕하세요\n반가워요`, 200, `"body":"안녕하세요\n반가워요"`),

		{name: "a name of zero-width spaces", method: http.MethodPost, url: usersURL,
			body: signupBody("zw@test.com", "\u200b\u200b\u200b"), status: 400, contains: []string{required("name")}},
		{name: "a name of Hangul fillers", method: http.MethodPost, url: usersURL,
			body: signupBody("hf@test.com", "\u3164\u3164"), status: 400, contains: []string{required("name")}},
		{name: "a name with ESC", method: http.MethodPost, url: usersURL,
			body: signupBody("esc@test.com", "\x1b[31m빨강"), status: 400, contains: []string{invalid("name")}},
		{name: "renaming oneself to invisible characters", actor: "member", method: http.MethodPatch,
			url: usersURL + "/" + memberId, body: `{"name":"\u200b\ufeff\u200b"}`, status: 400,
			contains: []string{required("name")}, after: unchangedName},
		{name: "a ban reason with a NUL", actor: "host", method: http.MethodPost, url: bansURL,
			body: `{"post":"` + postId + `","user":"` + memberId + `","reason":"욕설\u0000"}`, status: 400,
			contains: []string{invalid("reason")}, after: wantJoined(2, "recruiting")},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}

// postsOf asserts whether user hosts a post besides the world's.
func postsOf(user string, want bool) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		if n := w.count(t, "posts", dbx.HashExp{"host": user}); (n > 0) != want {
			t.Fatalf("%s hosts %d posts", user, n)
		}
	}
}

// messagesOf asserts whether user has a message besides the world's.
func messagesOf(user string, want bool) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		before := 0
		if user == memberId {
			before = 1 // the world's 안녕하세요
		}
		if n := w.count(t, "messages", dbx.HashExp{"author": user}); (n > before) != want {
			t.Fatalf("%s has %d messages", user, n)
		}
	}
}

func unchangedName(t testing.TB, w *world) {
	t.Helper()
	if got := w.reload(t, "users", memberId).GetString("name"); got != "멤버" {
		t.Fatalf("name = %q", got)
	}
}
