package replica_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	password = "password123"
	address  = "서울특별시 강남구 역삼동"
)

// buildServer builds the mealbuddy binary once per test run.
var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	buildOut  []byte
)

func buildServer(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := filepath.Abs("../..")
		if err != nil {
			buildErr = err
			return
		}
		dir, err := mkdirTemp()
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "mealbuddy")
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		// The go command of the toolchain running the tests; "go" from PATH
		// (with GOTOOLCHAIN=auto) when that is unknown.
		goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goCmd); err != nil {
			goCmd = "go"
		}
		cmd := exec.CommandContext(ctx, goCmd, "build", "-o", builtBin, ".")
		cmd.Dir = root
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildOut)
	}
	return builtBin
}

// user is a neighbour signed in through the API.
type user struct {
	id, name, token string
}

type post struct {
	id, host string
}

// world is the drill's neighbourhood: users signed up and signed in
// through the API, and posts of the first hosts (10 seats each).
type world struct {
	url   string
	users []user
	posts []post

	serverErrors atomic.Int64 // answers of 500 and above
	orderItems   bool         // the server has the order sheet (order_items)
}

func newWorld(t testing.TB, baseURL string, users, hosts int) *world {
	return newWorldAs(t, baseURL, "", users, hosts, 2)
}

// newWorldAs builds the world; with a superuser token, past the sign-up
// and sign-in rate limits (for benchmarks that need many users).
func newWorldAs(t testing.TB, baseURL, su string, users, hosts, postsEach int) *world {
	t.Helper()
	w := &world{url: baseURL}
	ctx := context.Background()
	for i := range users {
		email := fmt.Sprintf("drill%02d@mealbuddy.test", i)
		name := fmt.Sprintf("드릴%02d", i)
		var rec struct{ Id string }
		if status := do(t, ctx, baseURL, su, http.MethodPost, "/api/collections/users/records", map[string]any{
			"email": email, "password": password, "passwordConfirm": password, "name": name, "address": address,
		}, &rec); status != http.StatusOK {
			t.Fatalf("sign-up %s: %d", email, status)
		}
		token := ""
		if su == "" {
			token = authenticate(t, baseURL, "users", email)
		} else {
			var auth struct{ Token string }
			if status := do(t, ctx, baseURL, su, http.MethodPost, "/api/collections/users/impersonate/"+rec.Id,
				map[string]any{"duration": 3600}, &auth); status != http.StatusOK {
				t.Fatalf("impersonate %s: %d", email, status)
			}
			token = auth.Token
		}
		w.users = append(w.users, user{id: rec.Id, name: name, token: token})
	}
	for i := range hosts {
		for j := range postsEach {
			var rec struct{ Id string }
			if status := w.call(ctx, w.users[i], http.MethodPost, "/api/collections/posts/records", map[string]any{
				"title": fmt.Sprintf("치킨 같이 시켜요 %d-%d", i, j), "category": "chicken", "targetCount": 10, "deliveryFee": 4000,
			}, &rec); status != http.StatusOK {
				t.Fatalf("post: %d", status)
			}
			w.posts = append(w.posts, post{id: rec.Id, host: w.users[i].id})
		}
	}
	w.orderItems = w.call(ctx, w.users[0], http.MethodGet, "/api/collections/order_items/records?perPage=1", nil, nil) == http.StatusOK
	return w
}

// call sends a request as u and returns the status (0 when the server
// did not answer, as after the kill).
func (w *world) call(ctx context.Context, u user, method, path string, body, out any) int {
	status := send(ctx, w.url, u.token, method, path, body, out)
	if status >= 500 {
		w.serverErrors.Add(1)
	}
	return status
}

func authenticate(t testing.TB, baseURL, collection, email string) string {
	t.Helper()
	var auth struct{ Token string }
	if status := do(t, context.Background(), baseURL, "", http.MethodPost, "/api/collections/"+collection+"/auth-with-password",
		map[string]any{"identity": email, "password": password}, &auth); status != http.StatusOK {
		t.Fatalf("sign-in %s: %d", email, status)
	}
	return auth.Token
}

// do is send for requests that must reach the server.
func do(t testing.TB, ctx context.Context, baseURL, token, method, path string, body, out any) int {
	t.Helper()
	status := send(ctx, baseURL, token, method, path, body, out)
	if status == 0 {
		t.Fatalf("%s %s: no answer", method, path)
	}
	return status
}

var client = &http.Client{Timeout: 5 * time.Second}

func send(ctx context.Context, baseURL, token, method, path string, body, out any) int {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, baseURL+path, r)
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0 // an answer cut off is no acknowledgement
	}
	if out != nil && resp.StatusCode < 300 {
		if json.Unmarshal(b, out) != nil {
			return 0
		}
	}
	return resp.StatusCode
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
