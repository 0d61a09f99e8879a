package fakeupstream_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"mealbuddy/testsupport/fakeupstream"
)

// TestRecords: every request is recorded before the handler runs, which
// still reads the body and gets the 1-based call number.
func TestRecords(t *testing.T) {
	s := fakeupstream.New(t, func(w http.ResponseWriter, r *http.Request, call int) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(200 + call)
		_, _ = w.Write(body) // echoed: the handler could read it
	})
	if s.Calls() != 0 {
		t.Fatalf("calls %d before any request", s.Calls())
	}
	res, err := http.Get(s.URL + "/v1/a?x=1&x=2")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/b", strings.NewReader(`{"k":"v"}`))
	req.Header.Set("Authorization", "Bearer t")
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	echo, _ := io.ReadAll(res2.Body)
	res2.Body.Close()

	if s.Calls() != 2 || res.StatusCode != 201 || res2.StatusCode != 202 {
		t.Errorf("calls %d, statuses %d %d", s.Calls(), res.StatusCode, res2.StatusCode)
	}
	if first := s.Request(0); first.Method != "GET" || first.Path != "/v1/a" ||
		strings.Join(first.Query["x"], ",") != "1,2" || len(first.Body) != 0 {
		t.Errorf("first %+v", first)
	}
	if last := s.Last(); last.Method != "POST" || last.Path != "/b" ||
		last.Header.Get("Authorization") != "Bearer t" || string(last.Body) != `{"k":"v"}` {
		t.Errorf("last %+v", last)
	}
	if all := s.Requests(); len(all) != 2 || all[1].Path != "/b" {
		t.Errorf("requests %+v", all)
	}
	if string(echo) != `{"k":"v"}` {
		t.Errorf("handler read %q", echo)
	}
}

func TestFixture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ok.json")
	if err := os.WriteFile(path, []byte(`{"ok":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := fakeupstream.New(t, fakeupstream.Fixture(t, 418, "application/json;charset=UTF-8", path))
	for range 2 { // read once, served every time
		res, err := http.Get(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 418 || res.Header.Get("Content-Type") != "application/json;charset=UTF-8" || string(body) != `{"ok":true}` {
			t.Errorf("%d %q %s", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	}
}

// TestFailures: the ways an upstream fails are errors for the client, and
// quick ones.
func TestFailures(t *testing.T) {
	client := &http.Client{Timeout: 100 * time.Millisecond}
	for name, url := range map[string]string{
		"hang": fakeupstream.New(t, fakeupstream.Hang).URL,
		"drop": fakeupstream.New(t, fakeupstream.Drop).URL,
		"dead": fakeupstream.DeadURL(t),
	} {
		start := time.Now()
		_, err := client.Get(url)
		if err == nil || time.Since(start) > 2*time.Second {
			t.Errorf("%s: err %v after %v", name, err, time.Since(start))
		}
		if name == "dead" && !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("dead: err %v, want connection refused", err)
		}
	}
}
