package text_test

import (
	"testing"

	"mealbuddy/internal/text"
)

func TestClean(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		multiline bool
		want      string
		problem   text.Problem
	}{
		{"surrounding spaces are trimmed", "  치킨 같이  ", false, "치킨 같이", text.OK},
		{"ideographic space trims too", "\u3000모집\u3000", false, "모집", text.OK},
		{"only spaces is empty", "   ", false, "", text.OK},
		{"only zero-width spaces is empty", "\u200B\u200B", false, "", text.OK},
		{"only BOM is empty", "\uFEFF", false, "", text.OK},
		{"only Hangul filler U+3164 is empty", "\u3164\u3164", false, "", text.OK},
		{"Hangul fillers U+115F U+1160 U+FFA0 are empty", "\u115F\u1160\uFFA0", false, "", text.OK},
		{"bidi controls are empty", "\u202E\u2066", false, "", text.OK},
		{"edge invisibles are trimmed", "\u200B한결\uFEFF", false, "한결", text.OK},
		{"an emoji ZWJ sequence keeps its joiner", "👨\u200D👩\u200D👧", false, "👨\u200D👩\u200D👧", text.OK},
		{"NUL is refused", "a\x00b", false, "a\x00b", text.Control},
		{"ESC is refused", "\x1b[31m빨강", false, "\x1b[31m빨강", text.Control},
		{"a line feed is refused in a single-line text", "a\nb", false, "a\nb", text.Control},
		{"DEL is refused", "a\x7fb", true, "a\x7fb", text.Control},
		{"C1 controls are refused", "a\u0085b", true, "a\u0085b", text.Control},
		{"line feed and tab stay in a multi-line text", "첫 줄\n\t둘째 줄", true, "첫 줄\n\t둘째 줄", text.OK},
		{"CRLF becomes LF in a multi-line text", "a\r\nb\rc", true, "a\nb\nc", text.OK},
		{"a multi-line text of blank lines is empty", "\n\n\t \n", true, "", text.OK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, problem := text.Clean(c.in, c.multiline)
			if problem != c.problem {
				t.Fatalf("problem = %v, want %v", problem, c.problem)
			}
			if problem == text.OK && got != c.want {
				t.Fatalf("Clean(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestKey(t *testing.T) {
	same := []struct{ name, a, b string }{
		{"Latin case beyond ASCII", "Ærøskøbing", "ærøskøbing"},
		{"Cyrillic case", "Дима", "дима"},
		{"NFC and NFD Hangul", "\uD55C\uACB0", "\u1112\u1161\u11AB\u1100\u1167\u11AF"},
		{"a hidden zero-width space", "rtHost", "rtHost\u200B"},
		{"a hidden BOM inside", "밀\uFEFF버디", "밀버디"},
		{"full-width letters (NFKC)", "ＡＢＣ", "abc"},
		{"German sharp s folds fully", "STRASSE", "straße"},
		{"Greek final sigma", "ΟΔΟΣ", "οδος"},
		{"inner spaces collapse", "김  철수", "김 철수"},
	}
	for _, c := range same {
		t.Run("same: "+c.name, func(t *testing.T) {
			if text.Key(c.a) != text.Key(c.b) {
				t.Fatalf("Key(%q) = %q, Key(%q) = %q: want equal", c.a, text.Key(c.a), c.b, text.Key(c.b))
			}
		})
	}
	different := []struct{ name, a, b string }{
		{"two Korean names", "한결", "한겸"},
		{"a space is a character", "김철수", "김 철수"},
		{"Latin letters", "anna", "anne"},
	}
	for _, c := range different {
		t.Run("different: "+c.name, func(t *testing.T) {
			if text.Key(c.a) == text.Key(c.b) {
				t.Fatalf("Key(%q) == Key(%q) = %q: want different", c.a, c.b, text.Key(c.a))
			}
		})
	}
}
