package notify_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"golang.org/x/crypto/hkdf"

	"mealbuddy/internal/clock"
	"mealbuddy/internal/config"
	"mealbuddy/internal/notify"
	"mealbuddy/testsupport/testapp"
)

const addr = "서울특별시 강남구 역삼동"

// neighbours is an app with a host who opened a post and a neighbour.
type neighbours struct {
	app             *tests.TestApp
	h               http.Handler
	host, neighbour *core.Record
	post            *core.Record
}

func newNeighbours(t *testing.T, cfg config.Config) *neighbours {
	t.Helper()
	app := testapp.New(t, cfg)
	n := &neighbours{app: app, h: testapp.Handler(t, app)}
	n.host = testapp.User(t, app, "host@test.com", "방장", addr)
	n.neighbour = testapp.User(t, app, "nb@test.com", "이웃", addr)
	n.post = testapp.Create(t, app, "posts", map[string]any{"title": "치킨 같이", "category": "chicken", "targetCount": 4, "host": n.host.Id})
	notify.Wait(app)
	return n
}

func (n *neighbours) do(t *testing.T, who *core.Record, method, url, body string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if who != nil {
		req.Header.Set("Authorization", testapp.Token(t, who))
	}
	rec := httptest.NewRecorder()
	n.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// join makes the neighbour join the post: the host is notified.
func (n *neighbours) join(t *testing.T) {
	t.Helper()
	if s, b := n.do(t, n.neighbour, "POST", "/api/collections/memberships/records",
		`{"post":"`+n.post.Id+`","user":"`+n.neighbour.Id+`"}`); s != 200 {
		t.Fatalf("join: %d %s", s, b)
	}
}

// TestOwnRowsOnly: notifications, push subscriptions and alerts are their
// owner's alone, for every action (SPEC §7).
func TestOwnRowsOnly(t *testing.T) {
	n := newNeighbours(t, config.Default())
	n.join(t) // the host's first notification
	notify.Wait(n.app)
	note, err := n.app.FindFirstRecordByFilter("notifications", "user = {:u}", dbx.Params{"u": n.host.Id})
	if err != nil {
		t.Fatal(err)
	}
	sub := testapp.Create(t, n.app, "push_subscriptions", map[string]any{
		"user": n.host.Id, "endpoint": "https://push.example.com/abc", "p256dh": "k", "auth": "a"})
	alert := testapp.Create(t, n.app, "alerts", map[string]any{"user": n.host.Id, "fromHour": 18, "toHour": 22})

	rows := map[string]string{"notifications": note.Id, "push_subscriptions": sub.Id, "alerts": alert.Id}
	for collection, id := range rows {
		base := "/api/collections/" + collection + "/records"
		cases := []struct {
			name, method, url, body string
			who                     *core.Record
			status                  int
			contains                string
		}{
			{"the owner lists it", "GET", base, "", n.host, 200, `"totalItems":1`},
			{"another lists nothing", "GET", base, "", n.neighbour, 200, `"totalItems":0`},
			{"another cannot view it", "GET", base + "/" + id, "", n.neighbour, 404, `"status":404`},
			{"another cannot change it", "PATCH", base + "/" + id, `{}`, n.neighbour, 404, `"status":404`},
			{"another cannot delete it", "DELETE", base + "/" + id, "", n.neighbour, 404, `"status":404`},
			{"anonymous lists nothing", "GET", base, "", nil, 200, `"totalItems":0`},
		}
		for _, c := range cases {
			if s, b := n.do(t, c.who, c.method, c.url, c.body); s != c.status || !strings.Contains(b, c.contains) {
				t.Errorf("%s: %s: %d %s, want %d with %s", collection, c.name, s, b, c.status, c.contains)
			}
		}
	}

	for _, c := range []struct {
		name, method, url, body string
		status                  int
		contains                string
	}{
		{"the recipient marks it read", "PATCH", "/api/collections/notifications/records/" + note.Id, `{"readAt":"2030-01-01 00:00:00.000Z"}`, 200, `"readAt":"2030-01-01`},
		{"but cannot rewrite it", "PATCH", "/api/collections/notifications/records/" + note.Id, `{"title":"가짜"}`, 400, `"code":"immutable_field"`},
		{"nobody creates notifications", "POST", "/api/collections/notifications/records", `{"user":"` + n.host.Id + `","kind":"joined"}`, 403, `"status":403`},
		{"an alert is one's own", "POST", "/api/collections/alerts/records", `{"user":"` + n.host.Id + `","fromHour":1,"toHour":2}`, 400, `"status":400`},
		{"a subscription is one's own", "POST", "/api/collections/push_subscriptions/records", `{"user":"` + n.host.Id + `","endpoint":"https://push.example.com/x","p256dh":"k","auth":"a"}`, 400, `"status":400`},
		{"a loopback endpoint is refused", "POST", "/api/collections/push_subscriptions/records", `{"endpoint":"https://127.0.0.1/x","p256dh":"k","auth":"a"}`, 400, `"code":"invalid_endpoint"`},
		{"a private endpoint is refused", "POST", "/api/collections/push_subscriptions/records", `{"endpoint":"https://10.0.0.8/x","p256dh":"k","auth":"a"}`, 400, `"code":"invalid_endpoint"`},
		{"a link-local endpoint is refused", "POST", "/api/collections/push_subscriptions/records", `{"endpoint":"https://169.254.169.254/latest","p256dh":"k","auth":"a"}`, 400, `"code":"invalid_endpoint"`},
		{"localhost is refused", "POST", "/api/collections/push_subscriptions/records", `{"endpoint":"https://localhost:8443/x","p256dh":"k","auth":"a"}`, 400, `"code":"invalid_endpoint"`},
		{"plain http is refused", "POST", "/api/collections/push_subscriptions/records", `{"endpoint":"http://push.example.com/x","p256dh":"k","auth":"a"}`, 400, `"code":"invalid_endpoint"`},
		{"a public https endpoint is fine", "POST", "/api/collections/push_subscriptions/records", `{"endpoint":"https://fcm.googleapis.com/fcm/send/abc","p256dh":"k","auth":"a"}`, 200, `"user":"` + n.neighbour.Id + `"`},
		{"the VAPID key is public", "GET", "/api/mealbuddy/push/key", "", 200, `"publicKey":"B`},
		// a shared browser: the host's endpoint, subscribed again by the neighbour
		{"the next person on a shared browser takes the endpoint over", "POST", "/api/collections/push_subscriptions/records", `{"endpoint":"https://push.example.com/abc","p256dh":"k2","auth":"a2"}`, 200, `"user":"` + n.neighbour.Id + `"`},
	} {
		if s, b := n.do(t, n.neighbour, c.method, c.url, c.body); s != c.status || !strings.Contains(b, c.contains) {
			if c.name == "the recipient marks it read" || c.name == "but cannot rewrite it" {
				s, b = n.do(t, n.host, c.method, c.url, c.body)
			}
			if s != c.status || !strings.Contains(b, c.contains) {
				t.Errorf("%s: %d %s, want %d with %s", c.name, s, b, c.status, c.contains)
			}
		}
	}

	if owners, _ := n.app.FindAllRecords("push_subscriptions", dbx.HashExp{"endpoint": "https://push.example.com/abc"}); len(owners) != 1 || owners[0].GetString("user") != n.neighbour.Id {
		t.Errorf("the shared endpoint has %d rows, want the neighbour's alone", len(owners))
	}

	for i := range 9 {
		if s, b := n.do(t, n.host, "POST", "/api/collections/alerts/records", fmt.Sprintf(`{"fromHour":%d,"toHour":23}`, i)); s != 200 {
			t.Fatalf("alert %d: %d %s", i+2, s, b)
		}
	}
	if s, b := n.do(t, n.host, "POST", "/api/collections/alerts/records", `{"fromHour":1,"toHour":2}`); s != 400 || !strings.Contains(b, `"code":"too_many_alerts"`) {
		t.Fatalf("the 11th alert: %d %s", s, b)
	}
}

// ua is a browser's push subscription keys (RFC 8291): its ECDH key and
// auth secret; decrypt opens what the server sent it.
type ua struct {
	key  *ecdh.PrivateKey
	auth []byte
}

func newUA(t *testing.T) ua {
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	return ua{key, auth}
}

func (u ua) p256dh() string { return base64.RawURLEncoding.EncodeToString(u.key.PublicKey().Bytes()) }
func (u ua) secret() string { return base64.RawURLEncoding.EncodeToString(u.auth) }

// decrypt reverses RFC 8291's aes128gcm content coding.
func (u ua) decrypt(t *testing.T, body []byte) []byte {
	t.Helper()
	if len(body) < 21 {
		t.Fatalf("body of %d bytes", len(body))
	}
	salt, rs, idlen := body[:16], binary.BigEndian.Uint32(body[16:20]), int(body[20])
	asPublic, ciphertext := body[21:21+idlen], body[21+idlen:]
	if rs < 18 || len(ciphertext) > int(rs) {
		t.Fatalf("record size %d for %d bytes", rs, len(ciphertext))
	}
	as, err := ecdh.P256().NewPublicKey(asPublic)
	if err != nil {
		t.Fatal(err)
	}
	shared, err := u.key.ECDH(as)
	if err != nil {
		t.Fatal(err)
	}
	info := append(append([]byte("WebPush: info\x00"), u.key.PublicKey().Bytes()...), asPublic...)
	ikm := expand(t, hkdfExtract(u.auth, shared), info, 32)
	prk := hkdfExtract(salt, ikm)
	cek := expand(t, prk, []byte("Content-Encoding: aes128gcm\x00"), 16)
	nonce := expand(t, prk, []byte("Content-Encoding: nonce\x00"), 12)
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)
	plain, err := gcm.Open(nil, nonce, ciphertext, nil)
	if err != nil {
		t.Fatalf("the push message does not decrypt with the subscription's key: %v", err)
	}
	// the last record ends with the delimiter 0x02, then padding zeros
	end := bytes.LastIndexByte(plain, 0x02)
	if end < 0 {
		t.Fatal("no padding delimiter")
	}
	return plain[:end]
}

func hkdfExtract(salt, secret []byte) []byte {
	m := hmac.New(sha256.New, salt)
	m.Write(secret)
	return m.Sum(nil)
}

func expand(t *testing.T, prk, info []byte, n int) []byte {
	out := make([]byte, n)
	if _, err := io.ReadFull(hkdf.Expand(sha256.New, prk, info), out); err != nil {
		t.Fatal(err)
	}
	return out
}

// pushService is a local stand-in for a browser vendor's push service.
type pushService struct {
	*httptest.Server
	mu       sync.Mutex
	received [][]byte
	headers  []http.Header
}

func newPushService(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *pushService {
	p := &pushService{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.received = append(p.received, body)
		p.headers = append(p.headers, r.Header.Clone())
		p.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func localPush() config.Config {
	cfg := config.Default()
	cfg.PushAllowPrivate = true // the fake push service is on loopback
	return cfg
}

// TestPushDelivery: a notification also reaches the recipient's browser
// as an encrypted, VAPID-signed push message that the subscription's key
// opens; a subscription the push service no longer knows is deleted.
func TestPushDelivery(t *testing.T) {
	t.Run("delivered and decrypted", func(t *testing.T) {
		n := newNeighbours(t, localPush())
		svc := newPushService(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) })
		browser := newUA(t)
		testapp.Create(t, n.app, "push_subscriptions", map[string]any{
			"user": n.host.Id, "endpoint": svc.URL + "/push/host", "p256dh": browser.p256dh(), "auth": browser.secret()})

		n.join(t)
		notify.Wait(n.app)

		svc.mu.Lock()
		defer svc.mu.Unlock()
		if len(svc.received) != 1 {
			t.Fatalf("the push service received %d messages, want 1", len(svc.received))
		}
		h := svc.headers[0]
		if h.Get("Content-Encoding") != "aes128gcm" || !strings.HasPrefix(h.Get("Authorization"), "vapid t=") || h.Get("TTL") == "" {
			t.Fatalf("headers: %v", h)
		}
		var payload struct{ Title, Body, URL, Kind, Id string }
		if err := json.Unmarshal(browser.decrypt(t, svc.received[0]), &payload); err != nil {
			t.Fatal(err)
		}
		if payload.Kind != "joined" || payload.Title != "이웃 님이 참여했어요" || payload.URL != "/chats/"+n.post.Id || payload.Id == "" {
			t.Fatalf("payload %+v", payload)
		}
	})

	t.Run("a gone subscription is deleted", func(t *testing.T) {
		n := newNeighbours(t, localPush())
		svc := newPushService(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) })
		browser := newUA(t)
		sub := testapp.Create(t, n.app, "push_subscriptions", map[string]any{
			"user": n.host.Id, "endpoint": svc.URL + "/push/gone", "p256dh": browser.p256dh(), "auth": browser.secret()})
		n.join(t)
		notify.Wait(n.app)
		if _, err := n.app.FindRecordById("push_subscriptions", sub.Id); err == nil {
			t.Fatal("the gone subscription is still there")
		}
		if c, _ := n.app.CountRecords("notifications", dbx.HashExp{"user": n.host.Id}); c != 1 {
			t.Fatal("the in-app notification is missing")
		}
	})

	t.Run("a push service that hangs does not hold the request", func(t *testing.T) {
		n := newNeighbours(t, localPush())
		release := make(chan struct{})
		arrived := make(chan struct{}, 1)
		svc := newPushService(t, func(w http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		browser := newUA(t)
		testapp.Create(t, n.app, "push_subscriptions", map[string]any{
			"user": n.host.Id, "endpoint": svc.URL + "/push/slow", "p256dh": browser.p256dh(), "auth": browser.secret()})

		n.join(t) // returns while the push service still holds the message
		<-arrived
		if c, _ := n.app.CountRecords("notifications", dbx.HashExp{"user": n.host.Id}); c != 1 {
			t.Fatal("the in-app notification waited for the push service")
		}
		close(release)
		notify.Wait(n.app)
	})
}

// openMeteo is a fake Open-Meteo answering the fixture's shape with the
// given temperature and precipitation.
func openMeteo(t *testing.T, temp, rain float64) string {
	t.Helper()
	raw, err := io.ReadAll(must(t, "../weather/testdata/openmeteo/current_ok.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	json.Unmarshal(raw, &doc)
	cur := doc["current"].(map[string]any)
	cur["temperature_2m"], cur["precipitation"], cur["rain"] = temp, rain, rain
	if rain == 0 {
		cur["weather_code"] = 1
	}
	out, _ := json.Marshal(doc)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestAlerts: a new post in the neighbourhood that matches an alert tells
// its owner once an hour, never for their own post (SPEC §7).
func TestAlerts(t *testing.T) {
	seoul7pm := time.Date(2026, 12, 1, 19, 30, 0, 0, time.FixedZone("KST", 9*3600))
	type alert struct {
		category     string
		from, to     int
		weather      string
		otherAddress bool
	}
	cases := []struct {
		name    string
		alert   alert
		at      time.Time
		temp    float64
		rain    float64
		dead    bool // the weather cannot be had
		posts   int  // posts opened one after the other
		advance time.Duration
		want    int
	}{
		{"the category at the hour", alert{"chicken", 18, 23, "any", false}, seoul7pm, 10, 0, false, 1, 0, 1},
		{"any category", alert{"", 18, 23, "", false}, seoul7pm, 10, 0, false, 1, 0, 1},
		{"another category", alert{"pizza", 18, 23, "any", false}, seoul7pm, 10, 0, false, 1, 0, 0},
		{"outside the hours", alert{"chicken", 8, 11, "any", false}, seoul7pm, 10, 0, false, 1, 0, 0},
		{"a window across midnight at 00:30", alert{"chicken", 22, 2, "any", false}, seoul7pm.Add(5 * time.Hour), 10, 0, false, 1, 0, 1},
		{"a window across midnight at 19:30", alert{"chicken", 22, 2, "any", false}, seoul7pm, 10, 0, false, 1, 0, 0},
		{"rain when it rains", alert{"chicken", 18, 23, "rain", false}, seoul7pm, 12, 1.2, false, 1, 0, 1},
		{"rain when it is dry", alert{"chicken", 18, 23, "rain", false}, seoul7pm, 12, 0, false, 1, 0, 0},
		{"cold at 3 ℃", alert{"chicken", 18, 23, "cold", false}, seoul7pm, 3, 0, false, 1, 0, 1},
		{"cold at 12 ℃", alert{"chicken", 18, 23, "cold", false}, seoul7pm, 12, 0, false, 1, 0, 0},
		{"hot at 31 ℃", alert{"chicken", 18, 23, "hot", false}, seoul7pm, 31, 0, false, 1, 0, 1},
		{"weather unavailable fails an alert that asks for it", alert{"chicken", 18, 23, "rain", false}, seoul7pm, 0, 0, true, 1, 0, 0},
		{"weather unavailable does not fail one that does not", alert{"chicken", 18, 23, "any", false}, seoul7pm, 0, 0, true, 1, 0, 1},
		{"at most once an hour", alert{"chicken", 18, 23, "any", false}, seoul7pm, 10, 0, false, 3, 10 * time.Minute, 1},
		{"again after an hour", alert{"chicken", 0, 0, "any", false}, seoul7pm, 10, 0, false, 2, 61 * time.Minute, 2},
		{"another neighbourhood's alert", alert{"chicken", 18, 23, "any", true}, seoul7pm, 10, 0, false, 1, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.OpenMeteoBaseURL = openMeteo(t, c.temp, c.rain)
			if c.dead {
				cfg.OpenMeteoBaseURL = "http://127.0.0.1:1"
			}
			app := testapp.New(t, cfg)
			now := c.at
			clock.Set(app, clock.Fixed(&now))
			host := testapp.User(t, app, "host@test.com", "방장", addr)
			host.Set("location", map[string]float64{"lat": 37.5, "lon": 127.03})
			if err := app.Save(host); err != nil {
				t.Fatal(err)
			}
			hungryAddr := addr
			if c.alert.otherAddress {
				hungryAddr = "서울특별시 종로구 청운동"
			}
			hungry := testapp.User(t, app, "hungry@test.com", "배고픈이웃", hungryAddr)
			testapp.Create(t, app, "alerts", map[string]any{"user": hungry.Id, "category": c.alert.category,
				"fromHour": c.alert.from, "toHour": c.alert.to, "weather": c.alert.weather})
			// the host's own alert never fires for the host's post
			testapp.Create(t, app, "alerts", map[string]any{"user": host.Id, "fromHour": 0, "toHour": 0})

			for i := range c.posts {
				testapp.Create(t, app, "posts", map[string]any{"title": fmt.Sprintf("치킨 %d", i), "category": "chicken", "targetCount": 3, "host": host.Id})
				notify.Wait(app)
				now = now.Add(c.advance)
			}
			got, _ := app.CountRecords("notifications", dbx.HashExp{"user": hungry.Id, "kind": "alert"})
			if int(got) != c.want {
				t.Fatalf("%d alert notifications, want %d", got, c.want)
			}
			if own, _ := app.CountRecords("notifications", dbx.HashExp{"user": host.Id}); own != 0 {
				t.Fatal("the host was alerted of their own post")
			}
		})
	}
}

func must(t *testing.T, path string) io.Reader {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}
