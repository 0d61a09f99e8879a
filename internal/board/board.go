// Package board states the one rule of the board (SPEC §1): a signed-in
// user lists the posts of their own neighbourhood, the posts whose
// address equals theirs.
//
// PocketBase applies the rule as written (the posts list rule), but it
// resolves `@request.auth.address` through a join and compares it inside
// COALESCE, which no index serves: every page would sort the whole table.
// The same comparison with the caller's address as a literal lets SQLite
// seek the (address, …) indexes, so the board route adds it to the
// request's filter (routes/board.go). Both are built here from one field
// name, so they cannot say different things; routes/board_test.go proves
// the answer is the same and that the query plan uses the index.
package board

import "strings"

// Field is the posts field the board is partitioned by.
const Field = "address"

// ListRule is the posts list rule: the caller's neighbourhood.
const ListRule = Field + ` = @request.auth.` + Field

// Filter is ListRule for one caller's address as a literal filter
// expression, or false when the address cannot be written as a plain
// literal (then the rule alone still answers, only slower).
func Filter(address string) (string, bool) {
	if address == "" || strings.ContainsAny(address, `"\`) {
		return "", false
	}
	return Field + ` = "` + address + `"`, true
}
