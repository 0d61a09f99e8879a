// Package search finds group orders by what people type: words of their
// titles and restaurant names, within a neighbourhood (SPEC §1's board
// rule), through an index instead of a scan.
//
// Korean words are often two syllables (치킨, 피자, 족발), shorter than
// SQLite's trigram tokenizer can index, so each post is indexed by its
// letters and their bigrams, taken from the title and restaurant folded
// (text.Key) with spaces and punctuation removed, in an FTS5 table
// (post_search, migrations/1764115206_search.go). A query matches the
// posts that hold all its bigrams (or its letter, for one letter) and then
// the exact folded text, so "바삭치킨" finds "바삭 치킨 역삼점" and "치킨"
// finds "바삭치킨 역삼동점". The neighbourhood and the category are tokens
// of the same row, so the index narrows by them too.
package search

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"mealbuddy/internal/text"
)

// Table is the FTS5 table of the index; its rowid is the post's rowid.
const Table = "post_search"

// fold is the text as the index compares it: the key of internal/text
// (NFKC, case folded, invisible characters gone) with only letters and
// digits kept.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, text.Key(s))
}

// AddressToken is the token that stands for a neighbourhood in the index:
// the address may hold spaces and punctuation, a token may not.
func AddressToken(address string) string {
	sum := sha256.Sum256([]byte(address))
	return "addr" + hex.EncodeToString(sum[:8])
}

// CategoryToken stands for a category key in the index.
func CategoryToken(category string) string {
	return "cat" + strings.ReplaceAll(category, "_", "")
}

// Document is what the index holds for one post: its tokens, and its
// folded text for the exact check.
func Document(title, restaurant, address, category string) (terms, folded string) {
	folded = fold(title) + " " + fold(restaurant)
	seen := map[string]bool{}
	tokens := []string{AddressToken(address), CategoryToken(category)}
	for _, part := range strings.Fields(folded) {
		runes := []rune(part)
		for i := range runes {
			for _, t := range []string{string(runes[i]), bigram(runes, i)} {
				if t != "" && !seen[t] {
					seen[t] = true
					tokens = append(tokens, t)
				}
			}
		}
	}
	return strings.Join(tokens, " "), folded
}

func bigram(runes []rune, i int) string {
	if i+1 >= len(runes) {
		return ""
	}
	return string(runes[i : i+2])
}

// Query turns what someone typed into an FTS5 match for the given
// neighbourhood (and category, when not empty) and the folded needle for
// the exact check; ok is false when nothing searchable was typed.
func Query(q, address, category string) (match, needle string, ok bool) {
	needle = fold(q)
	runes := []rune(needle)
	if len(runes) == 0 {
		return "", "", false
	}
	tokens := []string{AddressToken(address)}
	if category != "" {
		tokens = append(tokens, CategoryToken(category))
	}
	if len(runes) == 1 {
		tokens = append(tokens, needle)
	} else {
		for i := 0; i+1 < len(runes); i++ {
			tokens = append(tokens, bigram(runes, i))
		}
	}
	quoted := make([]string, len(tokens))
	for i, t := range tokens {
		quoted[i] = `"` + t + `"` // letters and digits only: nothing to escape
	}
	return strings.Join(quoted, " AND "), needle, true
}
