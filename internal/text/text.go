// Package text is SPEC §1's rule for every text a person types: names,
// titles, bodies, reasons, item names.
//
// Surrounding white space (and invisible format characters beside it) is
// trimmed, invisible format characters do not count as content, and
// control characters are refused except line feed and tab in multi-line
// fields. The same invisible set decides when two display names are the
// same (Key), so that "rtHost" and "rtHost" + U+200B cannot both exist.
package text

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Invisible reports whether r is a character that shows nothing on its
// own: Unicode format characters (zero-width space and joiners, BOM, bidi
// controls, soft hyphen, …) and the Hangul fillers, which render as blank
// but are letters by category and so escape white-space trimming.
func Invisible(r rune) bool {
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', // Hangul fillers
		'\u034F', // combining grapheme joiner
		'\u2800': // braille blank, a favourite "empty name"
		return true
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}

// blank is trimmed from both ends of every text.
func blank(r rune) bool { return unicode.IsSpace(r) || Invisible(r) }

// Problem is what is wrong with a text, if anything.
type Problem int

const (
	// OK: the text may be stored as cleaned.
	OK Problem = iota
	// Control: the text holds a control character it may not hold
	// (invalid_text).
	Control
)

// Clean returns s as it is stored: CRLF and lone CR folded to LF in
// multi-line texts, surrounding blanks trimmed, and "" when nothing
// visible is left (so that a required field fails like an empty one).
// Interior invisible characters stay: a zero-width joiner holds emoji
// sequences together. It reports Control for a control character other
// than LF and tab in a multi-line text (any control in a single-line
// one).
func Clean(s string, multiline bool) (string, Problem) {
	if multiline {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t')) {
			return s, Control
		}
	}
	s = strings.TrimFunc(s, blank)
	if !Visible(s) {
		return "", OK
	}
	return s, OK
}

// Visible reports whether s has at least one character that is neither
// white space nor invisible.
func Visible(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !blank(r) }) >= 0
}

// CollapseSpaces replaces every run of white space with one space, for
// texts such as addresses where spacing carries no meaning.
func CollapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var fold = cases.Fold()

// Key is the identity of a display name: two names with the same key are
// the same name (SPEC §1). It is Unicode NFKC with full case folding (all
// scripts, not only ASCII), invisible characters removed, and white space
// collapsed, so that NFC and NFD 한결, Ærøskøbing and ærøskøbing, Дима and
// дима, and "rtHost" with a hidden U+200B all share one key, while 한결
// and 한겸 stay apart.
func Key(name string) string {
	k := norm.NFKC.String(strip(name))
	k = norm.NFKC.String(fold.String(k)) // folding can leave text unnormalised
	return CollapseSpaces(strip(k))
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if Invisible(r) {
			return -1
		}
		return r
	}, s)
}
