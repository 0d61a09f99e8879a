package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/order"
	"mealbuddy/internal/schema"
)

// The order's stages (SPEC §6), as seen from the post: what must hold to
// place it, what placing it writes (the dues), and the room's message for
// each step. The post's update hook (posts.go) calls these inside its
// transaction, so the stage and what follows from it commit together.

// PlaceOrder places the order of postId: the fee actually charged
// replaces the estimate, the post becomes ordered, and the host's row
// says where to send the money, in one transaction. Everything the order
// means (the checks, the locked sheet, the dues, the room's message)
// follows from the post's model hook inside it. The order route calls it
// once it has checked the caller and the body.
func PlaceOrder(app core.App, postId string, fee int, payAccount, payLink string) (*core.Record, error) {
	var placed *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		post, err := tx.FindRecordById(schema.Posts, postId)
		if err != nil {
			return err
		}
		if !sheetOpen(post.GetString("status")) {
			return apperr.New("status", apperr.InvalidStatus, "This order was already placed, or the group is finished.")
		}
		post.Set("deliveryFee", fee)
		post.Set("status", schema.StatusOrdered)
		if err := tx.Save(post); err != nil {
			return err
		}
		host, err := tx.FindFirstRecordByFilter(schema.Memberships, "post = {:post} && user = {:user}",
			dbx.Params{"post": postId, "user": post.GetString("host")})
		if err != nil {
			return err
		}
		host.Set("payAccount", payAccount)
		host.Set("payLink", payLink)
		if err := tx.Save(host); err != nil {
			return err
		}
		placed = post
		return tellOrdered(tx, post, host.GetString("payAccount"))
	})
	return placed, err
}

// itemsTotal is Σ price × quantity of a post's order items.
func itemsTotal(tx core.App, postId string) (int, error) {
	var total int
	err := tx.DB().Select("COALESCE(SUM(price * quantity), 0)").From(schema.OrderItems).
		Where(dbx.HashExp{"post": postId}).Row(&total)
	return total, err
}

// allConfirmed reports whether every due of the post is confirmed.
func allConfirmed(tx core.App, postId string) (bool, error) {
	open, err := tx.CountRecords(schema.Memberships,
		dbx.HashExp{"post": postId, "confirmedAt": ""}, dbx.NewExp("amountDue > 0"))
	return open == 0, err
}

// checkOrderable refuses an order nobody put anything on (no_items), or
// one below the restaurant's minimum (below_min_order).
func checkOrderable(tx core.App, post *core.Record) error {
	n, err := tx.CountRecords(schema.OrderItems, dbx.HashExp{"post": post.Id})
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New("post", apperr.NoItems, "Nobody has put anything on the order sheet yet.")
	}
	if min := post.GetInt("minOrderAmount"); min > 0 && post.GetInt("itemsTotal") < min {
		return apperr.New("post", apperr.BelowMinOrder,
			fmt.Sprintf("The sheet is %s short of the minimum order.", won(min-post.GetInt("itemsTotal"))))
	}
	return nil
}

// afterStatusChange runs after the post was saved in stage to: placing
// the order writes the dues, and every step tells the room.
func afterStatusChange(tx core.App, post *core.Record, from, to string) error {
	if from == to {
		return nil
	}
	if err := tellStage(tx, post, from, to); err != nil {
		return err
	}
	switch to {
	case schema.StatusOrdered:
		share, payers, err := writeDues(tx, post)
		if err != nil {
			return err
		}
		msg := "주문했어요! 각자 '보낼 금액'을 확인하고 송금해 주세요."
		if payers > 0 && post.GetInt("deliveryFee") > 0 {
			msg = fmt.Sprintf("주문했어요! 배달비 %s을 %d명이 나눠 1인당 %s이에요. 각자 '보낼 금액'을 확인하고 송금해 주세요.",
				won(post.GetInt("deliveryFee")), payers, won(share))
		}
		return addSystemMessage(tx, post.Id, msg)
	case schema.StatusDelivered:
		msg := "음식이 도착했어요! 찾아가 주세요."
		if spot := post.GetString("pickupSpot"); spot != "" {
			msg = "음식이 도착했어요! 픽업 장소: " + spot
		}
		return addSystemMessage(tx, post.Id, msg)
	case schema.StatusDone:
		if from == schema.StatusOrdered {
			if err := addSystemMessage(tx, post.Id, "음식이 도착했어요!"); err != nil {
				return err
			}
		}
		return addSystemMessage(tx, post.Id, "정산이 끝났어요. 맛있게 드세요!")
	case schema.StatusCancelled:
		msg := "방장이 모집을 취소했어요."
		if reason := post.GetString("cancelReason"); reason != "" {
			msg += " 사유: " + reason
		}
		return addSystemMessage(tx, post.Id, msg)
	}
	return nil
}

// writeDues computes every membership's due from the locked sheet and the
// fee actually charged (internal/order) and stores it, once, in the
// transaction that places the order. The host paid the restaurant: their
// own row is settled at once. It returns the fee share and the number of
// payers for the room's message.
func writeDues(tx core.App, post *core.Record) (share, payers int, err error) {
	memberships, err := tx.FindAllRecords(schema.Memberships, dbx.HashExp{"post": post.Id})
	if err != nil {
		return 0, 0, err
	}
	items, err := sheet(tx, post.Id)
	if err != nil {
		return 0, 0, err
	}
	members := make([]string, len(memberships))
	for i, m := range memberships {
		members[i] = m.GetString("user")
	}
	dues := order.Dues(members, items, post.GetInt("deliveryFee"))
	now := clock.Now(tx)
	for _, m := range memberships {
		d := dues[m.GetString("user")]
		m.Set("amountDue", d.Amount())
		m.Set("feeShare", d.FeeShare)
		if m.GetString("role") == schema.RoleHost {
			m.Set("confirmedAt", now)
		}
		if err := tx.Save(m); err != nil {
			return 0, 0, err
		}
		if d.FeeShare > 0 {
			share = d.FeeShare
			payers++
		}
	}
	return share, payers, nil
}

// sheet reads a post's order items for internal/order.
func sheet(tx core.App, postId string) ([]order.Item, error) {
	var rows []struct {
		User     string `db:"user"`
		Price    int    `db:"price"`
		Quantity int    `db:"quantity"`
	}
	err := tx.DB().Select("user", "price", "quantity").From(schema.OrderItems).
		Where(dbx.HashExp{"post": postId}).All(&rows)
	items := make([]order.Item, len(rows))
	for i, r := range rows {
		items[i] = order.Item{User: r.User, Price: r.Price, Quantity: r.Quantity}
	}
	return items, err
}

// dueFor is what the order's arithmetic says membership m owes, read from
// the locked sheet: the only value its dues may take (payments.go).
func dueFor(tx core.App, post *core.Record, m *core.Record) (order.Due, error) {
	var members []string
	err := tx.DB().Select("user").From(schema.Memberships).Where(dbx.HashExp{"post": post.Id}).Column(&members)
	if err != nil {
		return order.Due{}, err
	}
	items, err := sheet(tx, post.Id)
	if err != nil {
		return order.Due{}, err
	}
	return order.Dues(members, items, post.GetInt("deliveryFee"))[m.GetString("user")], nil
}

// won writes an amount the Korean way: 12,340원.
func won(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s + "원"
}
