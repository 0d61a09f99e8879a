package hooks_test

import (
	"net/http"
	"testing"
)

// cell is the expected outcome of one actor on one operation.
type cell struct {
	status   int
	contains []string
	excludes []string
}

// op is one row of the authorization matrix: an operation on a
// collection, with the expected outcome for every actor.
type op struct {
	name   string
	method string
	url    string
	body   string
	suBody string // body for the superuser, who has no user record to act as
	cells  map[string]cell
}

const (
	usersURL       = "/api/collections/users/records"
	postsURL       = "/api/collections/posts/records"
	membershipsURL = "/api/collections/memberships/records"
	bansURL        = "/api/collections/bans/records"
	messagesURL    = "/api/collections/messages/records"

	postFilter = "?filter=post%3D%27" + postId + "%27"
)

var (
	ok       = cell{status: 200}
	created  = cell{status: 200}
	deleted  = cell{status: 204}
	notFound = cell{status: 404}
	forbid   = cell{status: 403}
	badRule  = cell{status: 400, contains: []string{`"Failed to create record`}}
	empty    = cell{status: 200, contains: []string{`"items":[]`}}
)

func with(c cell, contains ...string) cell {
	c.contains = append(append([]string{}, c.contains...), contains...)
	return c
}

func without(c cell, excludes ...string) cell {
	c.excludes = append(append([]string{}, c.excludes...), excludes...)
	return c
}

// TestAuthorizationMatrix checks every actor against every operation on
// every collection (SPEC §1, Access).
func TestAuthorizationMatrix(t *testing.T) {
	ops := []op{
		// users
		{name: "users/list", method: "GET", url: usersURL, cells: map[string]cell{
			"anonymous": empty,
			"stranger":  without(with(ok, `"totalItems":1`, strangerId), hostId),
			"neighbour": without(with(ok, `"totalItems":1`, neighbourId), hostId),
			"member":    without(with(ok, `"totalItems":1`, memberId), hostId),
			"host":      without(with(ok, `"totalItems":1`, hostId), memberId),
			"banned":    without(with(ok, `"totalItems":1`, bannedId), hostId),
			"superuser": with(ok, `"totalItems":5`),
		}},
		{name: "users/view", method: "GET", url: usersURL + "/" + hostId, cells: map[string]cell{
			"anonymous": notFound,
			"stranger":  without(with(ok, `"name":"호스트"`), "host@test.com"),
			"neighbour": without(with(ok, `"name":"호스트"`), "host@test.com"),
			"member":    without(with(ok, `"name":"호스트"`), "host@test.com"),
			"host":      with(ok, "host@test.com"),
			"banned":    without(with(ok, `"name":"호스트"`), "host@test.com"),
			"superuser": with(ok, "host@test.com"),
		}},
		{name: "users/create", method: "POST", url: usersURL,
			body: `{"email":"new@test.com","password":"password123","passwordConfirm":"password123","name":"새이웃","address":"` + addrA + `"}`,
			cells: map[string]cell{
				"anonymous": with(created, `"name":"새이웃"`), "stranger": created, "neighbour": created,
				"member": created, "host": created, "banned": created, "superuser": created,
			}},
		{name: "users/update", method: "PATCH", url: usersURL + "/" + hostId, body: `{"name":"새이름"}`, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": with(ok, `"name":"새이름"`), "banned": notFound, "superuser": with(ok, `"name":"새이름"`),
		}},
		{name: "users/delete", method: "DELETE", url: usersURL + "/" + hostId, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": deleted,
		}},

		// posts
		{name: "posts/list", method: "GET", url: postsURL, cells: map[string]cell{
			"anonymous": empty, "stranger": empty,
			"neighbour": with(ok, postId), "member": with(ok, postId), "host": with(ok, postId),
			"banned": with(ok, postId), "superuser": with(ok, postId),
		}},
		{name: "posts/view", method: "GET", url: postsURL + "/" + postId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound,
			"neighbour": with(ok, `"joinedCount":2`), "member": ok, "host": ok, "banned": ok, "superuser": ok,
		}},
		{name: "posts/create", method: "POST", url: postsURL,
			body:   `{"title":"치킨 반반","category":"chicken","targetCount":3}`,
			suBody: `{"title":"치킨 반반","category":"chicken","targetCount":3,"host":"` + neighbourId + `"}`,
			cells: map[string]cell{
				"anonymous": badRule,
				"stranger":  with(created, `"address":"`+addrB+`"`, `"host":"`+strangerId+`"`, `"joinedCount":1`, `"status":"recruiting"`),
				"neighbour": with(created, `"address":"`+addrA+`"`, `"host":"`+neighbourId+`"`),
				"member":    created, "host": created, "banned": created,
				"superuser": with(created, `"host":"`+neighbourId+`"`),
			}},
		{name: "posts/update", method: "PATCH", url: postsURL + "/" + postId, body: `{"title":"보쌈으로 바꿔요"}`, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": with(ok, "보쌈으로 바꿔요"), "banned": notFound, "superuser": with(ok, "보쌈으로 바꿔요"),
		}},
		{name: "posts/delete", method: "DELETE", url: postsURL + "/" + postId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": deleted, "banned": notFound, "superuser": deleted,
		}},

		// memberships
		{name: "memberships/list", method: "GET", url: membershipsURL + postFilter, cells: map[string]cell{
			"anonymous": empty, "stranger": empty, "neighbour": empty, "banned": empty,
			"member":    with(ok, `"totalItems":2`, memberMembershipId),
			"host":      with(ok, `"totalItems":2`, memberMembershipId),
			"superuser": with(ok, `"totalItems":2`),
		}},
		{name: "memberships/view", method: "GET", url: membershipsURL + "/" + memberMembershipId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "banned": notFound,
			"member": with(ok, `"role":"member"`), "host": ok, "superuser": ok,
		}},
		{name: "memberships/create", method: "POST", url: membershipsURL, cells: map[string]cell{
			"anonymous": badRule,
			"stranger":  notFound,
			"neighbour": with(created, `"role":"member"`),
			"member":    cell{status: 400, contains: []string{code("post", "already_member")}},
			"host":      cell{status: 400, contains: []string{code("post", "already_member")}},
			"banned":    cell{status: 400, contains: []string{code("post", "banned")}},
			"superuser": with(created, `"user":"`+neighbourId+`"`),
		}},
		{name: "memberships/update", method: "PATCH", url: membershipsURL + "/" + memberMembershipId,
			body: `{"lastReadAt":"2030-01-01 00:00:00.000Z"}`, cells: map[string]cell{
				"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "banned": notFound,
				"host":   cell{status: 400, contains: []string{code("lastReadAt", "immutable_field")}}, // the member's own
				"member": with(ok, "2030-01-01"), "superuser": ok,
			}},
		{name: "memberships/delete", method: "DELETE", url: membershipsURL + "/" + memberMembershipId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "host": notFound, "banned": notFound,
			"member": deleted, "superuser": deleted,
		}},

		// bans
		{name: "bans/list", method: "GET", url: bansURL, cells: map[string]cell{
			"anonymous": empty, "stranger": empty, "neighbour": empty, "member": empty,
			"host": with(ok, banId), "banned": with(ok, banId), "superuser": with(ok, banId),
		}},
		{name: "bans/view", method: "GET", url: bansURL + "/" + banId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": ok, "banned": ok, "superuser": ok,
		}},
		{name: "bans/create", method: "POST", url: bansURL,
			body: `{"post":"` + postId + `","user":"` + memberId + `","reason":"노쇼"}`, cells: map[string]cell{
				"anonymous": badRule,
				"stranger":  notFound, // cannot view the post: as if it did not exist
				"neighbour": cell{status: 400, contains: []string{code("post", "not_host")}},
				"member":    cell{status: 400, contains: []string{code("post", "not_host")}},
				"banned":    cell{status: 400, contains: []string{code("post", "not_host")}},
				"host":      with(created, `"reason":"노쇼"`),
				"superuser": created,
			}},
		{name: "bans/update", method: "PATCH", url: bansURL + "/" + banId, body: `{"reason":"바뀐 사유"}`, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": with(ok, "바뀐 사유"),
		}},
		{name: "bans/delete", method: "DELETE", url: bansURL + "/" + banId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"banned": notFound, "host": deleted, "superuser": deleted,
		}},

		// messages
		{name: "messages/list", method: "GET", url: messagesURL + postFilter, cells: map[string]cell{
			"anonymous": empty, "stranger": empty, "neighbour": empty, "banned": empty,
			"member": with(ok, helloId), "host": with(ok, helloId), "superuser": with(ok, helloId),
		}},
		{name: "messages/view", method: "GET", url: messagesURL + "/" + helloId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "banned": notFound,
			"member": ok, "host": ok, "superuser": ok,
		}},
		{name: "messages/create", method: "POST", url: messagesURL,
			body:   `{"post":"` + postId + `","body":"  몇 시에 시킬까요?  "}`,
			suBody: `{"post":"` + postId + `","body":"공지","kind":"system"}`,
			cells: map[string]cell{
				"anonymous": badRule,
				"stranger":  cell{status: 400, contains: []string{code("post", "not_member")}},
				"neighbour": cell{status: 400, contains: []string{code("post", "not_member")}},
				"banned":    cell{status: 400, contains: []string{code("post", "not_member")}},
				"member":    with(created, `"body":"몇 시에 시킬까요?"`, `"author":"`+memberId+`"`, `"kind":"text"`),
				"host":      with(created, `"author":"`+hostId+`"`),
				"superuser": with(created, `"kind":"system"`),
			}},
		{name: "messages/update", method: "PATCH", url: messagesURL + "/" + helloId, body: `{"body":"수정"}`, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": with(ok, "수정"),
		}},
		{name: "messages/delete", method: "DELETE", url: messagesURL + "/" + helloId, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": deleted,
		}},
	}

	// the join body names the caller
	joinBody := map[string]string{}
	for _, a := range actors {
		id := map[string]string{"stranger": strangerId, "neighbour": neighbourId, "member": memberId,
			"host": hostId, "banned": bannedId, "superuser": neighbourId, "anonymous": neighbourId}[a]
		joinBody[a] = `{"post":"` + postId + `","user":"` + id + `"}`
	}

	for _, o := range ops {
		for _, actor := range actors {
			c, ok := o.cells[actor]
			if !ok {
				t.Fatalf("%s: no expectation for %s", o.name, actor)
			}
			body := o.body
			if actor == "superuser" && o.suBody != "" {
				body = o.suBody
			}
			if o.name == "memberships/create" {
				body = joinBody[actor]
			}
			scenario{
				name:     o.name + "/" + actor,
				actor:    actor,
				method:   o.method,
				url:      o.url,
				body:     body,
				status:   c.status,
				contains: c.contains,
				excludes: c.excludes,
			}.test(t)
		}
	}
}

// A member who moved away still sees the post (and its room) by id, but no
// longer on their new neighbourhood's board.
func TestMovedMemberKeepsTheirRoom(t *testing.T) {
	for _, s := range []scenario{
		{name: "view", url: postsURL + "/" + postId, status: 200},
		{name: "messages", url: messagesURL + postFilter, status: 200, contains: []string{helloId}},
		{name: "board", url: postsURL, status: 200, contains: []string{`"items":[]`}},
	} {
		s.actor = "member"
		s.method = http.MethodGet
		s.name = "moved member: " + s.name
		s.before = func(t testing.TB, w *world) {
			u := w.users["member"]
			u.Set("address", addrB)
			if err := w.app.Save(u); err != nil {
				t.Fatal(err)
			}
		}
		s.test(t)
	}
}
