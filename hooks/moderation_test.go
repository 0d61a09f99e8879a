package hooks_test

import (
	"net/http"
	"testing"
)

// helloIs asserts the stored state of the world's message 안녕하세요.
func helloIs(post, author, kind, body string) func(testing.TB, *world) {
	return func(t testing.TB, w *world) {
		t.Helper()
		m := w.reload(t, "messages", helloId)
		if m.GetString("post") != post || m.GetString("author") != author || m.GetString("kind") != kind || m.GetString("body") != body {
			t.Fatalf("message is now post=%s author=%q kind=%s body=%q", m.GetString("post"), m.GetString("author"), m.GetString("kind"), m.GetString("body"))
		}
	}
}

// TestChatHistoryCannotBeForged: a superuser may moderate a message's
// body, but never turn it into a system message, take its author away or
// give it another, or move it (SPEC §1); an account's deletion still
// empties the author as PocketBase's cascade does.
func TestChatHistoryCannotBeForged(t *testing.T) {
	patch := func(name, body string, status int, contains []string, after func(testing.TB, *world)) scenario {
		return scenario{name: name, actor: "superuser", method: http.MethodPatch, url: messagesURL + "/" + helloId,
			body: body, status: status, contains: contains, after: after}
	}
	untouched := helloIs(postId, memberId, "text", "안녕하세요")
	scenarios := []scenario{
		patch("an authored message cannot become a system message", `{"kind":"system"}`, 400,
			[]string{code("kind", "immutable_field")}, untouched),
		patch("its author cannot be emptied", `{"author":""}`, 400, []string{code("author", "immutable_field")}, untouched),
		patch("it cannot be given another author", `{"author":"`+hostId+`"}`, 400,
			[]string{code("author", "immutable_field")}, untouched),
		patch("it cannot move to another room", `{"post":"`+postId+`x"}`, 400, []string{`"post":{"code":`}, untouched),
		patch("its body cannot be blanked", `{"body":"   "}`, 400, []string{code("body", "validation_required")}, untouched),
		patch("its body cannot become invisible", `{"body":"\u200b\ufeff"}`, 400, []string{code("body", "validation_required")}, untouched),
		patch("its body cannot take a control character", `{"body":"a\u0000"}`, 400, []string{code("body", "invalid_text")}, untouched),
		patch("its body can be moderated", `{"body":"  관리자가 가린 메시지  "}`, 200, []string{`"body":"관리자가 가린 메시지"`},
			helloIs(postId, memberId, "text", "관리자가 가린 메시지")),
		{name: "its author cannot edit it", actor: "member", method: http.MethodPatch, url: messagesURL + "/" + helloId,
			body: `{"body":"고쳐 쓴 말"}`, status: 403, contains: []string{`"status":403`}, after: untouched},
		{name: "the author's account deletion still empties the author", actor: "superuser", method: http.MethodDelete,
			url: usersURL + "/" + memberId, status: 204, after: helloIs(postId, "", "text", "안녕하세요")},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}
