package weather_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"
)

// fake is an upstream served by httptest that records what it was asked.
type fake struct {
	*httptest.Server
	mu      sync.Mutex
	queries []url.Values
	paths   []string
}

// newFake starts a server whose handler gets the 1-based call number.
func newFake(t *testing.T, handle func(w http.ResponseWriter, r *http.Request, call int)) *fake {
	t.Helper()
	f := &fake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.queries = append(f.queries, r.URL.Query())
		f.paths = append(f.paths, r.URL.Path)
		n := len(f.queries)
		f.mu.Unlock()
		handle(w, r, n)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fake) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queries)
}

func (f *fake) query(i int) url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.queries[i]
}

// file answers with a fixture of testdata/.
func file(t *testing.T, status int, ctype, name string) func(http.ResponseWriter, *http.Request, int) {
	t.Helper()
	body, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// hang answers only when the client gives up.
func hang(_ http.ResponseWriter, r *http.Request, _ int) {
	<-r.Context().Done()
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter, _ *http.Request, _ int) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

const (
	jsonType = "application/json;charset=UTF-8"
	xmlType  = "text/xml;charset=UTF-8"
)
