package search_test

import (
	"strings"
	"testing"

	"mealbuddy/internal/search"
)

// matches applies Query to Document as the index and the exact check do.
func matches(q, title, restaurant string) bool {
	terms, folded := search.Document(title, restaurant, "역삼동", "chicken")
	match, needle, ok := search.Query(q, "역삼동", "")
	if !ok {
		return false
	}
	have := map[string]bool{}
	for _, t := range strings.Fields(terms) {
		have[t] = true
	}
	for _, t := range strings.Split(match, " AND ") {
		if !have[strings.Trim(t, `"`)] {
			return false
		}
	}
	return strings.Contains(folded, needle)
}

func TestSearch(t *testing.T) {
	cases := []struct {
		name, q, title, restaurant string
		want                       bool
	}{
		{"a title word", "치킨", "치킨 반반 같이 시켜요", "", true},
		{"inside a restaurant name", "치킨", "저녁 같이 드실 분", "바삭치킨 역삼동점", true},
		{"a longer query across a space", "바삭치킨", "야식", "바삭 치킨 역삼점", true},
		{"one syllable", "국", "국밥 한 그릇", "", true},
		{"case and width folded", "BBQ", "야식", "ｂｂｑ 역삼점", true},
		{"punctuation ignored", "교촌", "교촌! 허니콤보", "", true},
		{"all bigrams, not just some", "치즈킨", "치즈볼 치킨", "", false},
		{"not there", "피자", "치킨 반반", "바삭치킨", false},
		{"digits", "2마리", "치킨 2마리 나눠요", "", true},
	}
	for _, c := range cases {
		if got := matches(c.q, c.title, c.restaurant); got != c.want {
			t.Errorf("%s: %q in %q / %q = %v, want %v", c.name, c.q, c.title, c.restaurant, got, c.want)
		}
	}
	if _, _, ok := search.Query("  !! ", "역삼동", ""); ok {
		t.Error("nothing searchable still made a query")
	}
	a, _, _ := search.Query("치킨", "역삼동", "")
	b, _, _ := search.Query("치킨", "청운동", "")
	if a == b {
		t.Error("the neighbourhood is not part of the query")
	}
}
