// Package order is the arithmetic of a group order (SPEC §6): who pays,
// each payer's share of the delivery fee, and what each member owes. It
// knows nothing of the database; the hooks feed it the sheet and store
// its answer, in the transaction that places the order.
package order

// Item is one line of the order sheet.
type Item struct {
	User     string
	Price    int // KRW per unit
	Quantity int
}

// Due is what one member owes once the order is placed.
type Due struct {
	Items    int // Σ price × quantity of the member's own items
	FeeShare int // the member's share of the delivery fee
}

// Amount is the money the member sends: their items plus their share.
func (d Due) Amount() int { return d.Items + d.FeeShare }

// FeeShare is one payer's share of fee among payers: fee ÷ payers rounded
// up to 10 won, so that the host is never short (the payers together pay
// at most 10 won × payers more than the fee). No payers, no share.
func FeeShare(fee, payers int) int {
	if payers <= 0 || fee <= 0 {
		return 0
	}
	// ⌈fee ÷ payers ÷ 10⌉ × 10 with integers: ⌈a ÷ b⌉ = (a + b − 1) ÷ b.
	return (fee + 10*payers - 1) / (10 * payers) * 10
}

// Dues computes every member's due from the sheet: the payers are the
// members with at least one item (the host too, when the host has items),
// each pays their items and FeeShare(fee, payers); a member with no items
// owes nothing. members lists everyone in the group; the answer has an
// entry for each of them.
func Dues(members []string, items []Item, fee int) map[string]Due {
	dues := make(map[string]Due, len(members))
	for _, m := range members {
		dues[m] = Due{}
	}
	for _, it := range items {
		d, ok := dues[it.User]
		if !ok {
			continue // items follow their membership; a stray line pays nothing
		}
		d.Items += it.Price * it.Quantity
		dues[it.User] = d
	}
	payers := 0
	for _, m := range members {
		if hasItems(items, m) {
			payers++
		}
	}
	share := FeeShare(fee, payers)
	for _, m := range members {
		if hasItems(items, m) {
			d := dues[m]
			d.FeeShare = share
			dues[m] = d
		}
	}
	return dues
}

func hasItems(items []Item, user string) bool {
	for _, it := range items {
		if it.User == user {
			return true
		}
	}
	return false
}
