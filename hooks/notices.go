package hooks

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/notify"
	"mealbuddy/internal/schema"
)

// Who hears of what (SPEC §7), and what they are told: every notification
// the group order sends is written here, in Korean that says what to do.
// Nobody is told of their own action: the host's steps go to the members,
// a member's steps to the host. The notices are delivered after the
// transaction commits (internal/notify).

// tellJoined tells the host that userId joined, and that the group is now
// full when the join filled it.
func tellJoined(tx core.App, postId, userId string) error {
	post, err := tx.FindRecordById(schema.Posts, postId)
	if err != nil {
		return err
	}
	title := post.GetString("title")
	notices := []notify.Notice{{
		User: post.GetString("host"), Kind: schema.NoticeJoined, Post: postId,
		Title: userName(tx, userId) + " 님이 참여했어요",
		Body:  fmt.Sprintf("'%s' %d/%d명", title, post.GetInt("joinedCount"), post.GetInt("targetCount")),
	}}
	if post.GetString("status") == schema.StatusFull {
		notices = append(notices, notify.Notice{
			User: post.GetString("host"), Kind: schema.NoticeFull, Post: postId,
			Title: "인원이 다 모였어요",
			Body:  fmt.Sprintf("'%s' %d명이 모였어요. 주문을 준비해 주세요.", title, post.GetInt("joinedCount")),
		})
	}
	notify.After(tx, notices...)
	return nil
}

// tellBanned tells a banned user that the host removed them.
func tellBanned(tx core.App, post *core.Record, userId, reason string) {
	body := "'" + post.GetString("title") + "' 모집에서 나가게 되었어요."
	if reason != "" {
		body += " 사유: " + reason
	}
	notify.After(tx, notify.Notice{User: userId, Kind: schema.NoticeBanned, Post: post.Id, Title: "방장이 모집에서 내보냈어요", Body: body})
}

// tellOrdered tells every payer but the host what to send and where.
func tellOrdered(tx core.App, post *core.Record, payAccount string) error {
	rows, err := members(tx, post.Id, "amountDue > 0")
	if err != nil {
		return err
	}
	var notices []notify.Notice
	for _, m := range rows {
		body := "보낼 금액 " + won(m.GetInt("amountDue"))
		if payAccount != "" {
			body += " — " + payAccount
		}
		notices = append(notices, notify.Notice{
			User: m.GetString("user"), Kind: schema.NoticeOrdered, Post: post.Id,
			Title: "주문했어요: " + post.GetString("title"), Body: body,
		})
	}
	notify.After(tx, notices...)
	return nil
}

// tellStage tells the members of a post's new stage: the payers of the
// delivery and the settlement, everyone of a cancellation.
func tellStage(tx core.App, post *core.Record, from, to string) error {
	var who, title, body string
	kind := to
	switch to {
	case schema.StatusDelivered:
		who, title, body = "amountDue > 0", "음식이 도착했어요", "'"+post.GetString("title")+"' 찾아가 주세요."
		if spot := post.GetString("pickupSpot"); spot != "" {
			body = "픽업 장소: " + spot
		}
	case schema.StatusDone:
		who, title, body = "amountDue > 0", "정산이 끝났어요", "'"+post.GetString("title")+"' 모두 정산했어요. 맛있게 드세요!"
		if from == schema.StatusOrdered { // delivered and settled in one step
			body = "음식이 도착했고 " + body
		}
	case schema.StatusCancelled:
		who, title, body = "", "모집이 취소되었어요", "'"+post.GetString("title")+"'"
		if reason := post.GetString("cancelReason"); reason != "" {
			body += " 사유: " + reason
		}
	default:
		return nil
	}
	rows, err := members(tx, post.Id, who)
	if err != nil {
		return err
	}
	notices := make([]notify.Notice, len(rows))
	for i, m := range rows {
		notices[i] = notify.Notice{User: m.GetString("user"), Kind: kind, Post: post.Id, Title: title, Body: body}
	}
	notify.After(tx, notices...)
	return nil
}

// tellPaymentMark tells the host of a payment sent, a member of theirs
// confirmed. Taking a mark back tells nobody: the room's message does.
func tellPaymentMark(tx core.App, post, before, after *core.Record) {
	if after.GetString("role") == schema.RoleHost {
		return // the host's own share is settled with the order
	}
	userId := after.GetString("user")
	switch {
	case before.GetDateTime("paidAt").IsZero() && !after.GetDateTime("paidAt").IsZero():
		notify.After(tx, notify.Notice{
			User: post.GetString("host"), Kind: schema.NoticePaid, Post: post.Id,
			Title: userName(tx, userId) + " 님이 송금했어요",
			Body:  won(after.GetInt("amountDue")) + " — 받았으면 '받았어요'를 눌러 주세요.",
		})
	case before.GetDateTime("confirmedAt").IsZero() && !after.GetDateTime("confirmedAt").IsZero():
		notify.After(tx, notify.Notice{
			User: userId, Kind: schema.NoticeConfirmed, Post: post.Id,
			Title: "방장이 송금을 확인했어요",
			Body:  "'" + post.GetString("title") + "' " + won(after.GetInt("amountDue")) + " 정산 완료",
		})
	}
}

// tellDeleted tells the members of a post that its host deleted it.
func tellDeleted(tx core.App, post *core.Record) error {
	rows, err := members(tx, post.Id, "")
	if err != nil {
		return err
	}
	notices := make([]notify.Notice, len(rows))
	for i, m := range rows {
		// Post stays empty: the post is gone.
		notices[i] = notify.Notice{User: m.GetString("user"), Kind: schema.NoticeDeleted,
			Title: "모집 글이 삭제되었어요", Body: "'" + post.GetString("title") + "'"}
	}
	notify.After(tx, notices...)
	return nil
}

// members returns the memberships of a post but the host's, optionally
// only those matching where.
func members(tx core.App, postId, where string) ([]*core.Record, error) {
	exps := []dbx.Expression{dbx.HashExp{"post": postId}, dbx.Not(dbx.HashExp{"role": schema.RoleHost})}
	if where != "" {
		exps = append(exps, dbx.NewExp(where))
	}
	return tx.FindAllRecords(schema.Memberships, exps...)
}
