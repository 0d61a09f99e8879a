package order_test

import (
	"fmt"
	"testing"

	"mealbuddy/internal/order"
)

func TestFeeShare(t *testing.T) {
	cases := []struct {
		fee, payers, want int
	}{
		{3000, 1, 3000},
		{3000, 2, 1500},
		{3000, 3, 1000}, // divides
		{3000, 4, 750},  // divides to 10 won
		{3000, 7, 430},  // 428.57… → 430
		{3000, 9, 340},  // 333.3… → 340
		{3000, 10, 300},
		{4000, 3, 1340},    // 1333.3… → 1340
		{3500, 6, 590},     // 583.3… → 590
		{100000, 7, 14290}, // 14285.7… → 14290
		{1, 1, 10},         // a won rounds up to 10
		{10, 3, 10},        // 3.3… → 10
		{0, 5, 0},          // free delivery
		{3000, 0, 0},       // no payers, no share
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d won among %d", c.fee, c.payers), func(t *testing.T) {
			got := order.FeeShare(c.fee, c.payers)
			if got != c.want {
				t.Fatalf("FeeShare(%d, %d) = %d, want %d", c.fee, c.payers, got, c.want)
			}
			if c.payers > 0 && c.fee > 0 && (got*c.payers < c.fee || got*c.payers-c.fee >= 10*c.payers || got%10 != 0) {
				t.Fatalf("share %d × %d does not cover %d by less than 10 won each", got, c.payers, c.fee)
			}
		})
	}
	// Every fee of the product's range, 1 to 10 payers: the shares cover the
	// fee, by less than 10 won a payer, in whole tens.
	for payers := 1; payers <= 10; payers++ {
		for fee := 0; fee <= 100_000; fee += 7 {
			s := order.FeeShare(fee, payers)
			if s%10 != 0 || s*payers < fee || (fee > 0 && s*payers-fee >= 10*payers) {
				t.Fatalf("FeeShare(%d, %d) = %d", fee, payers, s)
			}
		}
	}
}

func TestDues(t *testing.T) {
	host, a, b, c := "host", "a", "b", "c"
	cases := []struct {
		name    string
		members []string
		items   []order.Item
		fee     int
		want    map[string]order.Due
	}{
		{"the host without items: the members split the fee",
			[]string{host, a, b}, []order.Item{{a, 9000, 1}, {b, 4500, 2}}, 3000,
			map[string]order.Due{host: {}, a: {9000, 1500}, b: {9000, 1500}}},
		{"the host with items pays a share too",
			[]string{host, a, b}, []order.Item{{host, 8000, 1}, {a, 9000, 1}, {b, 4500, 2}}, 3000,
			map[string]order.Due{host: {8000, 1000}, a: {9000, 1000}, b: {9000, 1000}}},
		{"a member with no items owes nothing",
			[]string{host, a, b, c}, []order.Item{{a, 12000, 1}, {c, 3000, 3}}, 4000,
			map[string]order.Due{host: {}, a: {12000, 2000}, b: {}, c: {9000, 2000}}},
		{"a fee that does not divide rounds up to 10 won",
			[]string{host, a, b, c}, []order.Item{{host, 1000, 1}, {a, 1000, 1}, {b, 1000, 1}}, 4000,
			map[string]order.Due{host: {1000, 1340}, a: {1000, 1340}, b: {1000, 1340}, c: {}}},
		{"free delivery",
			[]string{host, a}, []order.Item{{a, 7000, 2}}, 0,
			map[string]order.Due{host: {}, a: {14000, 0}}},
		{"free items still make a payer",
			[]string{host, a, b}, []order.Item{{a, 0, 1}, {b, 5000, 1}}, 3000,
			map[string]order.Due{host: {}, a: {0, 1500}, b: {5000, 1500}}},
		{"an item of someone who is not a member is ignored",
			[]string{host, a}, []order.Item{{a, 5000, 1}, {"gone", 9000, 1}}, 3000,
			map[string]order.Due{host: {}, a: {5000, 3000}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := order.Dues(c.members, c.items, c.fee)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for m, want := range c.want {
				if got[m] != want {
					t.Errorf("%s: got %+v, want %+v", m, got[m], want)
				}
			}
		})
	}
	if (order.Due{Items: 9000, FeeShare: 1500}).Amount() != 10500 {
		t.Fatal("Amount is items plus the share")
	}
}
