package hooks_test

import (
	"net/http"
	"testing"
)

// cell is the expected outcome of one actor on one operation: the status,
// what the body shows and hides, and the hook events that fired.
type cell struct {
	status   int
	contains []string
	excludes []string
	events   map[string]int
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

// The outcomes of the matrix. A rule that hides a record answers 404 (or
// an empty list) and one that forbids answers 403, before any hook runs;
// a create rule that refuses answers 400 "Failed to create record".
var (
	notFound = cell{status: 404, contains: []string{`"status":404`}, events: noHooks()}
	forbid   = cell{status: 403, contains: []string{`"status":403`}, events: noHooks()}
	badRule  = cell{status: 400, contains: []string{`"Failed to create record`}, events: noHooks()}
	empty    = cell{status: 200, contains: []string{`"items":[]`}, events: read(listRequest, 0)}
)

// listed: a list of n records with contains.
func listed(n int, contains ...string) cell {
	return cell{status: 200, contains: contains, events: read(listRequest, n)}
}

// viewed: the record, with contains.
func viewed(contains ...string) cell {
	return cell{status: 200, contains: contains, events: read(viewRequest, 1)}
}

// created, updated: the request's record with contains, after w.
func created(w writes, contains ...string) cell {
	return cell{status: 200, contains: contains, events: committed(createRequest, w)}
}

func updated(w writes, contains ...string) cell {
	return cell{status: 200, contains: contains, events: committed(updateRequest, w)}
}

// deleted: 204 with an empty body, after w.
func deleted(w writes) cell {
	return cell{status: 204, events: committed(deleteRequest, w)}
}

// failed: a 400 with an error code, refused with events.
func failed(events map[string]int, contains ...string) cell {
	return cell{status: 400, contains: contains, events: events}
}

// firing: c, with other events.
func firing(c cell, events map[string]int) cell {
	c.events = events
	return c
}

func without(c cell, excludes ...string) cell {
	c.excludes = append(append([]string{}, c.excludes...), excludes...)
	return c
}

// TestAuthorizationMatrix checks every actor against every operation on
// every collection (SPEC §1, Access).
func TestAuthorizationMatrix(t *testing.T) {
	// What the writes of the world's records take with them.
	var (
		oneRecord = writes{creates: 1}
		oneUpdate = writes{updates: 1}
		oneDelete = writes{deletes: 1}
		// a post and its host's membership
		newPost = writes{creates: 2}
		// the post, its 2 memberships, its ban, its 4 messages (three
		// system messages and 안녕하세요); the member hears of it, and the
		// world's 3 notifications about the post lose their post
		postCascade = writes{deletes: 8, notices: 1, emptied: 3}
		// the host with the post they host, and the host's 2 notifications
		hostCascade = writes{deletes: 1 + 8 + 2, notices: 1, emptied: 3}
	)
	hostSeen := `"name":"호스트"`
	membershipSeen := `"id":"` + memberMembershipId + `"`
	banSeen := `"id":"` + banId + `"`
	helloSeen := `"id":"` + helloId + `"`
	postSeen := `"id":"` + postId + `"`
	joinedBy := func(id string) cell { return created(joinWrites, `"role":"member"`, `"user":"`+id+`"`) }
	postBy := func(id string) cell { return created(newPost, `"host":"`+id+`"`, `"joinedCount":1`) }

	ops := []op{
		// users
		{name: "users/list", method: "GET", url: usersURL, cells: map[string]cell{
			"anonymous": empty,
			"stranger":  without(listed(1, `"totalItems":1`, strangerId), hostId),
			"neighbour": without(listed(1, `"totalItems":1`, neighbourId), hostId),
			"member":    without(listed(1, `"totalItems":1`, memberId), hostId),
			"host":      without(listed(1, `"totalItems":1`, hostId), memberId),
			"banned":    without(listed(1, `"totalItems":1`, bannedId), hostId),
			"superuser": listed(5, `"totalItems":5`),
		}},
		{name: "users/view", method: "GET", url: usersURL + "/" + hostId, cells: map[string]cell{
			"anonymous": notFound,
			"stranger":  without(viewed(hostSeen), "host@test.com"),
			"neighbour": without(viewed(hostSeen), "host@test.com"),
			"member":    without(viewed(hostSeen), "host@test.com"),
			"host":      viewed("host@test.com"),
			"banned":    without(viewed(hostSeen), "host@test.com"),
			"superuser": viewed("host@test.com"),
		}},
		{name: "users/create", method: "POST", url: usersURL,
			body: `{"email":"new@test.com","password":"password123","passwordConfirm":"password123","name":"새이웃","address":"` + addrA + `"}`,
			cells: map[string]cell{
				"anonymous": created(oneRecord, `"name":"새이웃"`), "stranger": created(oneRecord, `"name":"새이웃"`),
				"neighbour": created(oneRecord, `"name":"새이웃"`), "member": created(oneRecord, `"name":"새이웃"`),
				"host": created(oneRecord, `"name":"새이웃"`), "banned": created(oneRecord, `"name":"새이웃"`),
				"superuser": created(oneRecord, `"name":"새이웃"`, "new@test.com"),
			}},
		{name: "users/update", method: "PATCH", url: usersURL + "/" + hostId, body: `{"name":"새이름"}`, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": updated(oneUpdate, `"name":"새이름"`), "banned": notFound, "superuser": updated(oneUpdate, `"name":"새이름"`),
		}},
		{name: "users/delete", method: "DELETE", url: usersURL + "/" + hostId, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": deleted(hostCascade),
		}},

		// posts
		{name: "posts/list", method: "GET", url: postsURL, cells: map[string]cell{
			"anonymous": empty, "stranger": empty,
			"neighbour": listed(1, postSeen), "member": listed(1, postSeen), "host": listed(1, postSeen),
			"banned": listed(1, postSeen), "superuser": listed(1, postSeen),
		}},
		{name: "posts/view", method: "GET", url: postsURL + "/" + postId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound,
			"neighbour": viewed(postSeen, `"joinedCount":2`), "member": viewed(postSeen), "host": viewed(postSeen),
			"banned": viewed(postSeen), "superuser": viewed(postSeen),
		}},
		{name: "posts/create", method: "POST", url: postsURL,
			body:   `{"title":"치킨 반반","category":"chicken","targetCount":3}`,
			suBody: `{"title":"치킨 반반","category":"chicken","targetCount":3,"host":"` + neighbourId + `"}`,
			cells: map[string]cell{
				"anonymous": badRule,
				"stranger":  created(newPost, `"address":"`+addrB+`"`, `"host":"`+strangerId+`"`, `"joinedCount":1`, `"status":"recruiting"`),
				"neighbour": created(newPost, `"address":"`+addrA+`"`, `"host":"`+neighbourId+`"`),
				"member":    postBy(memberId), "host": postBy(hostId), "banned": postBy(bannedId),
				"superuser": postBy(neighbourId),
			}},
		{name: "posts/update", method: "PATCH", url: postsURL + "/" + postId, body: `{"title":"보쌈으로 바꿔요"}`, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": updated(oneUpdate, "보쌈으로 바꿔요"), "banned": notFound, "superuser": updated(oneUpdate, "보쌈으로 바꿔요"),
		}},
		{name: "posts/delete", method: "DELETE", url: postsURL + "/" + postId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": deleted(postCascade), "banned": notFound, "superuser": deleted(postCascade),
		}},

		// memberships
		{name: "memberships/list", method: "GET", url: membershipsURL + postFilter, cells: map[string]cell{
			"anonymous": empty, "stranger": empty, "neighbour": empty, "banned": empty,
			"member":    listed(2, `"totalItems":2`, memberMembershipId),
			"host":      listed(2, `"totalItems":2`, memberMembershipId),
			"superuser": listed(2, `"totalItems":2`),
		}},
		{name: "memberships/view", method: "GET", url: membershipsURL + "/" + memberMembershipId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "banned": notFound,
			"member": viewed(membershipSeen, `"role":"member"`), "host": viewed(membershipSeen), "superuser": viewed(membershipSeen),
		}},
		{name: "memberships/create", method: "POST", url: membershipsURL, cells: map[string]cell{
			"anonymous": badRule,
			"stranger":  firing(notFound, refusedByRequest(createRequest)), // onJoinRequest: the post is not theirs to see
			"neighbour": joinedBy(neighbourId),
			"member":    failed(refusedByModel(createRequest, "Create"), code("post", "already_member")),
			"host":      failed(refusedByModel(createRequest, "Create"), code("post", "already_member")),
			"banned":    failed(refusedByModel(createRequest, "Create"), code("post", "banned")),
			"superuser": joinedBy(neighbourId),
		}},
		{name: "memberships/update", method: "PATCH", url: membershipsURL + "/" + memberMembershipId,
			body: `{"lastReadAt":"2030-01-01 00:00:00.000Z"}`, cells: map[string]cell{
				"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "banned": notFound,
				// the member's own
				"host":   failed(refusedByRequest(updateRequest), code("lastReadAt", "immutable_field")),
				"member": updated(oneUpdate, "2030-01-01"), "superuser": updated(oneUpdate, "2030-01-01"),
			}},
		{name: "memberships/delete", method: "DELETE", url: membershipsURL + "/" + memberMembershipId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "host": notFound, "banned": notFound,
			"member": deleted(leaveWrites), "superuser": deleted(leaveWrites),
		}},

		// bans
		{name: "bans/list", method: "GET", url: bansURL, cells: map[string]cell{
			"anonymous": empty, "stranger": empty, "neighbour": empty, "member": empty,
			"host": listed(1, banId), "banned": listed(1, banId), "superuser": listed(1, banId),
		}},
		{name: "bans/view", method: "GET", url: bansURL + "/" + banId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"host": viewed(banSeen), "banned": viewed(banSeen), "superuser": viewed(banSeen),
		}},
		{name: "bans/create", method: "POST", url: bansURL,
			body: `{"post":"` + postId + `","user":"` + memberId + `","reason":"노쇼"}`, cells: map[string]cell{
				"anonymous": badRule,
				"stranger":  firing(notFound, refusedByRequest(createRequest)), // cannot view the post: as if it did not exist
				"neighbour": failed(refusedByRequest(createRequest), code("post", "not_host")),
				"member":    failed(refusedByRequest(createRequest), code("post", "not_host")),
				"banned":    failed(refusedByRequest(createRequest), code("post", "not_host")),
				"host":      created(banWrites, `"reason":"노쇼"`, `"user":"`+memberId+`"`),
				"superuser": created(banWrites, `"reason":"노쇼"`, `"user":"`+memberId+`"`),
			}},
		{name: "bans/update", method: "PATCH", url: bansURL + "/" + banId, body: `{"reason":"바뀐 사유"}`, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": updated(oneUpdate, "바뀐 사유"),
		}},
		{name: "bans/delete", method: "DELETE", url: bansURL + "/" + banId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "member": notFound,
			"banned": notFound, "host": deleted(oneDelete), "superuser": deleted(oneDelete),
		}},

		// messages
		{name: "messages/list", method: "GET", url: messagesURL + postFilter, cells: map[string]cell{
			"anonymous": empty, "stranger": empty, "neighbour": empty, "banned": empty,
			// 안녕하세요 and the three notices
			"member": listed(4, helloSeen), "host": listed(4, helloSeen), "superuser": listed(4, helloSeen),
		}},
		{name: "messages/view", method: "GET", url: messagesURL + "/" + helloId, cells: map[string]cell{
			"anonymous": notFound, "stranger": notFound, "neighbour": notFound, "banned": notFound,
			"member": viewed(helloSeen, `"body":"안녕하세요"`), "host": viewed(helloSeen), "superuser": viewed(helloSeen),
		}},
		{name: "messages/create", method: "POST", url: messagesURL,
			body:   `{"post":"` + postId + `","body":"  몇 시에 시킬까요?  "}`,
			suBody: `{"post":"` + postId + `","body":"공지","kind":"system"}`,
			cells: map[string]cell{
				"anonymous": badRule,
				"stranger":  failed(refusedByModel(createRequest, "Create"), code("post", "not_member")),
				"neighbour": failed(refusedByModel(createRequest, "Create"), code("post", "not_member")),
				"banned":    failed(refusedByModel(createRequest, "Create"), code("post", "not_member")),
				"member":    created(oneRecord, `"body":"몇 시에 시킬까요?"`, `"author":"`+memberId+`"`, `"kind":"text"`),
				"host":      created(oneRecord, `"author":"`+hostId+`"`),
				"superuser": created(oneRecord, `"kind":"system"`),
			}},
		{name: "messages/update", method: "PATCH", url: messagesURL + "/" + helloId, body: `{"body":"수정"}`, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": updated(oneUpdate, "수정"),
		}},
		{name: "messages/delete", method: "DELETE", url: messagesURL + "/" + helloId, cells: map[string]cell{
			"anonymous": forbid, "stranger": forbid, "neighbour": forbid, "member": forbid,
			"host": forbid, "banned": forbid, "superuser": deleted(oneDelete),
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
				events:   c.events,
			}.test(t)
		}
	}
}

// A member who moved away still sees the post (and its room) by id, but no
// longer on their new neighbourhood's board.
func TestMovedMemberKeepsTheirRoom(t *testing.T) {
	for _, s := range []scenario{
		{name: "view", url: postsURL + "/" + postId, status: 200, contains: []string{`"id":"` + postId + `"`, `"address":"` + addrA + `"`}},
		{name: "messages", url: messagesURL + postFilter, status: 200, contains: []string{helloId}},
		{name: "board", url: postsURL, status: 200, contains: []string{`"items":[]`}, excludes: []string{postId}},
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
