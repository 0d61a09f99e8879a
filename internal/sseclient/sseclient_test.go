package sseclient_test

import (
	"testing"

	"mealbuddy/internal/sseclient"
)

// The expected keys are what the JS SDK 0.28 sends for the same calls
// (node: `encodeURIComponent(JSON.stringify({query, headers}))`).
func TestKeyIsTheSDKs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		topic string
		query []string
		want  string
	}{
		{"no options", "posts/abc", nil, "posts/abc"},
		{"filter and expand, in the caller's order", "messages/*", []string{"filter", `post = "a" && x ~ "é<>"`, "expand", "author"},
			"messages/*?options=%7B%22query%22%3A%7B%22filter%22%3A%22post%20%3D%20%5C%22a%5C%22%20%26%26%20x%20~%20%5C%22%C3%A9%3C%3E%5C%22%22%2C%22expand%22%3A%22author%22%7D%7D"},
		{"a topic that has a query already", "posts/*?x=1", []string{"fields", "id"},
			"posts/*?x=1&options=%7B%22query%22%3A%7B%22fields%22%3A%22id%22%7D%7D"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sseclient.Key(tc.topic, tc.query...); got != tc.want {
				t.Errorf("Key = %s\nwant  %s", got, tc.want)
			}
		})
	}
}
