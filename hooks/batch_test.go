package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"
)

// Batch requests go through the same rules, and a batch is all or nothing.
func TestBatchRequests(t *testing.T) {
	join := `{"method":"POST","url":"` + membershipsURL + `","body":{"post":"` + postId + `","user":"` + neighbourId + `"}}`
	say := `{"method":"POST","url":"` + messagesURL + `","body":{"post":"` + postId + `","body":"배치로 인사"}}`
	scenarios := []scenario{
		{name: "join and greet in one batch", actor: "neighbour", method: http.MethodPost, url: "/api/batch",
			body: `{"requests":[` + join + `,` + say + `]}`, status: 200,
			contains: []string{`"role":"member"`, `"body":"배치로 인사"`},
			after:    all(wantJoined(3, "recruiting"), wantLastSystem("이웃 님이 입장했습니다."))},
		{name: "greeting before joining fails the whole batch", actor: "neighbour", method: http.MethodPost, url: "/api/batch",
			body: `{"requests":[` + say + `,` + join + `]}`, status: 400, contains: []string{`"code":"not_member"`},
			after: all(wantJoined(2, "recruiting"), noNewSystemMessage, func(t testing.TB, w *world) {
				if n := w.count(t, "messages", dbx.HashExp{"author": neighbourId}); n != 0 {
					t.Fatalf("stored %d messages", n)
				}
			})},
		{name: "a batch cannot overfill a post", actor: "superuser", method: http.MethodPost, url: "/api/batch",
			body: `{"requests":[` + join + `,` +
				`{"method":"POST","url":"` + membershipsURL + `","body":{"post":"` + postId + `","user":"` + strangerId + `"}}]}`,
			status: 400, contains: []string{`"code":"post_full"`},
			before: func(t testing.TB, w *world) { setTarget(t, w, 3) },
			after:  all(wantJoined(2, "recruiting"), noNewSystemMessage)},
		{name: "a batch cannot change joinedCount", actor: "host", method: http.MethodPost, url: "/api/batch",
			body:   `{"requests":[{"method":"PATCH","url":"` + postsURL + `/` + postId + `","body":{"joinedCount":1}}]}`,
			status: 400, contains: []string{`"code":"immutable_field"`}, after: unchanged},
	}
	for _, s := range scenarios {
		s.test(t)
	}
}
