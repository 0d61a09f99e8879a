// Package fakeupstream stands in for the outside services (KMA,
// Open-Meteo, OpenAI) in tests: a local httptest server that records
// every request and answers with a Handler, most often a fixture file.
//
// It exists for tests only. It is not a _test.go file because the tests of
// several packages (weather, menu, routes) import it; it sits under
// testsupport/, not among the production packages, so that nothing the
// server links depends on it.
package fakeupstream

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"
)

// Handler answers one request; call is 1-based, so that a handler can
// answer the first call differently from the retry.
type Handler func(w http.ResponseWriter, r *http.Request, call int)

// Recorded is what a Server was asked in one request.
type Recorded struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Server is a fake upstream. Its URL is the base URL to configure.
type Server struct {
	*httptest.Server
	t        testing.TB
	mu       sync.Mutex
	requests []Recorded
}

// New starts a Server that records each request, then lets handle answer
// it. The server is closed when the test ends.
func New(t testing.TB, handle Handler) *Server {
	t.Helper()
	s := &Server{t: t}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // handle may read it too
		s.mu.Lock()
		s.requests = append(s.requests, Recorded{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body,
		})
		call := len(s.requests)
		s.mu.Unlock()
		handle(w, r, call)
	}))
	t.Cleanup(s.Close)
	return s
}

// Calls returns how many requests the server has received.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Recorded(nil), s.requests...)
}

// Request returns request i, counted from 0 (call i+1 of the Handler).
// It fails the test if there was no such request.
func (s *Server) Request(i int) Recorded {
	s.t.Helper()
	all := s.Requests()
	if i < 0 || i >= len(all) {
		s.t.Fatalf("fakeupstream: request %d asked for, %d received", i, len(all))
	}
	return all[i]
}

// Last returns the latest request. It fails the test if there was none.
func (s *Server) Last() Recorded {
	s.t.Helper()
	return s.Request(s.Calls() - 1)
}

// Respond answers every call with status and body.
func Respond(status int, contentType, body string) Handler {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// Fixture answers every call with the file at path, read once now; a
// missing file fails the test.
func Fixture(t testing.TB, status int, contentType, path string) Handler {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Respond(status, contentType, string(body))
}

// Hang never answers: it lets go when the client gives up (its timeout
// or its context).
func Hang(_ http.ResponseWriter, r *http.Request, _ int) {
	<-r.Context().Done()
}

// Drop closes the connection without an answer.
func Drop(w http.ResponseWriter, _ *http.Request, _ int) {
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		conn.Close()
	}
}

// DeadURL returns the address of a server that is gone: connections are
// refused at once, as on a machine without network.
func DeadURL(t testing.TB) string {
	t.Helper()
	s := httptest.NewServer(http.NotFoundHandler())
	s.Close()
	return s.URL
}
