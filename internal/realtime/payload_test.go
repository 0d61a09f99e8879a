package realtime_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/types"

	"mealbuddy/hooks"
	"mealbuddy/internal/config"
	"mealbuddy/internal/realtime"
	"mealbuddy/internal/sseclient"
	"mealbuddy/testsupport/testapp"
)

// The index changes who PocketBase renders for, never what: on two copies
// of one database, stock PocketBase and the app with this package send
// the same events with the same JSON (record, action, expand with the
// private homes hidden by the enrich hook per receiver, fields) to the
// same subscriptions, for creates, updates and deletes.
func TestSamePayloadsAsPocketBase(t *testing.T) {
	seed := testapp.Open(t, t.TempDir(), config.Default())
	fastPasswords(t, seed)
	host := testapp.User(t, seed, "host@test.com", "호스트", addrA, "uhost0000000000")
	member := testapp.User(t, seed, "member@test.com", "멤버", addrA, "umember00000000")
	for _, u := range []*core.Record{host, member} {
		u.Set("location", types.GeoPoint{Lon: 127.03, Lat: 37.5})
		if err := seed.Save(u); err != nil {
			t.Fatal(err)
		}
	}
	post := testapp.Create(t, seed, "posts", map[string]any{"title": "족발", "category": "jokbal_bossam", "host": host.Id, "targetCount": 4}, "ppost0000000000")
	testapp.Create(t, seed, "memberships", map[string]any{"post": post.Id, "user": member.Id}, "mmember00000000")
	dir := seed.DataDir()
	// What TestApp.Cleanup does but removing the files: the terminate hooks
	// wait for the notices still being sent, then the database closes.
	err := seed.OnTerminate().Trigger(&core.TerminateEvent{App: seed}, func(e *core.TerminateEvent) error {
		return seed.ResetBootstrapState()
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	keys := append(append(append(roomPage(post.Id), chatList(member.Id)...), board(member.Id)...),
		sseclient.Key("messages/*", "expand", "author,post", "fields", "id,body,expand.author.name,expand.author.address"),
		sseclient.Key("memberships/mmember00000000", "expand", "user"),
		sseclient.Key("messages/*", "filter", "post.host = 'uhost0000000000'"), // left to PocketBase's query
	)
	run := func(withIndex bool) map[string][]string {
		app, err := tests.NewTestApp(dir) // a copy of dir
		if err != nil {
			t.Fatal(err)
		}
		defer app.Cleanup()
		// The rules and the enrich hooks (hooks/privacy.go hides homes), with
		// the realtime package or without it; nothing else renders events.
		hooks.Register(app)
		if withIndex {
			realtime.Register(app)
		}
		srv := httptest.NewServer(testapp.Handler(t, app))
		defer srv.Close()

		var mu sync.Mutex
		got := map[string][]string{}
		for _, u := range []*core.Record{host, member} {
			conn, err := sseclient.Dial(context.Background(), srv.Client(), srv.URL, func(e sseclient.Event) {
				mu.Lock()
				defer mu.Unlock()
				got[u.Id+" "+e.Name] = append(got[u.Id+" "+e.Name], withoutTimes(t, e.Data))
			})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if err := conn.Subscribe(context.Background(), testapp.Token(t, u), keys...); err != nil {
				t.Fatal(err)
			}
		}

		testapp.Create(t, app, "messages", map[string]any{"post": post.Id, "author": host.Id, "body": "안녕하세요"}, "mhello000000000")
		m, _ := app.FindRecordById("memberships", "mmember00000000")
		m.Set("lastReadAt", "2026-01-01 00:00:00.000Z")
		if err := app.Save(m); err != nil {
			t.Fatal(err)
		}
		p, _ := app.FindRecordById("posts", post.Id)
		p.Set("title", "족발 보쌈")
		if err := app.Save(p); err != nil {
			t.Fatal(err)
		}
		msg, _ := app.FindRecordById("messages", "mhello000000000")
		if err := app.Delete(msg); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		for _, events := range got {
			sort.Strings(events)
		}
		return got
	}

	stock, ours := run(false), run(true)
	if len(stock) < 20 { // every key of both users but the other's room filter
		t.Fatalf("stock PocketBase answered only %d subscriptions: the test proves little", len(stock))
	}
	if !reflect.DeepEqual(stock, ours) {
		for key := range merged(stock, ours) {
			if !reflect.DeepEqual(stock[key], ours[key]) {
				t.Errorf("%s\n stock: %v\n ours:  %v", key, stock[key], ours[key])
			}
		}
	}
}

// withoutTimes is the event's JSON without created and updated, which
// differ between the two runs.
func withoutTimes(t *testing.T, data []byte) string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Error(err)
	}
	var strip func(any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "created")
			delete(x, "updated")
			for _, y := range x {
				strip(y)
			}
		case []any:
			for _, y := range x {
				strip(y)
			}
		}
	}
	strip(v)
	b, _ := json.Marshal(v)
	return string(b)
}

func merged(a, b map[string][]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
