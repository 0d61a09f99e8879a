package hooks

import (
	"net/url"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/apperr"
	"mealbuddy/internal/clock"
	"mealbuddy/internal/schema"
)

// Paying (SPEC §6 step 3) lives on the memberships: the dues the order's
// placement wrote, the member's "송금했어요" (paidAt), the host's
// "받았어요" (confirmedAt), and where to send the money on the host's row
// (payAccount, payLink).

// membershipImmutable never change after a membership is created.
var membershipImmutable = []string{"post", "user", "role"}

// A membership's fields that a client changes, and who may change each.
const (
	ownRow    = 1 << iota // the member, on their own row
	hostsRow              // the host, on their own row
	othersRow             // the host, on a member's row
)

var whoMayChange = map[string]int{
	"lastReadAt":  ownRow | hostsRow,
	"paidAt":      ownRow,
	"confirmedAt": othersRow,
	"payAccount":  hostsRow,
	"payLink":     hostsRow,
}

// onMembershipUpdateRequest decides who may change which field (the
// update rule lets the member and the host in): a member marks their own
// payment and reads the room; the host confirms members' payments and
// corrects where to send the money. Payment marks carry the server's
// time, whatever time the client sent.
func onMembershipUpdateRequest(e *core.RecordRequestEvent) error {
	if e.Auth == nil || e.HasSuperuserAuth() {
		return e.Next()
	}
	stored := e.Record.Original()
	post, err := e.App.FindRecordById(schema.Posts, stored.GetString("post"))
	if err != nil {
		return e.NotFoundError("", err)
	}
	var as int
	switch {
	case stored.GetString("user") != e.Auth.Id:
		as = othersRow
	case post.GetString("host") == e.Auth.Id:
		as = hostsRow
	default:
		as = ownRow
	}
	for field, who := range whoMayChange {
		if e.Record.GetString(field) != stored.GetString(field) && who&as == 0 {
			return apperr.New(field, apperr.ImmutableField, "This field of the membership is not yours to change.")
		}
	}
	for _, mark := range []string{"paidAt", "confirmedAt"} {
		if v := e.Record.GetDateTime(mark); !v.IsZero() && e.Record.GetString(mark) != stored.GetString(mark) {
			e.Record.Set(mark, clock.Now(e.App))
		}
	}
	return e.Next()
}

// onMembershipUpdate keeps a membership's rules on every path (the API,
// the dashboard, the order's placement): post, user and role never change;
// the dues change only to what the order's arithmetic says, while the
// order is being placed; payment marks only while money is moving, on a
// row that owes something; where to send the money only on the host's row.
func onMembershipUpdate(e *core.RecordEvent) error {
	return withTx(e, func(tx core.App) error {
		m := e.Record
		stored, err := tx.FindRecordById(schema.Memberships, m.Id)
		if err != nil {
			return err
		}
		if err := unchanged(m, stored, membershipImmutable...); err != nil {
			return err
		}
		post, err := tx.FindRecordById(schema.Posts, stored.GetString("post"))
		if err != nil {
			return err
		}
		changed := func(f string) bool { return m.GetString(f) != stored.GetString(f) }
		host := stored.GetString("role") == schema.RoleHost
		status := post.GetString("status")

		if changed("amountDue") || changed("feeShare") {
			if err := checkDues(tx, post, m); err != nil {
				return err
			}
		}
		if changed("paidAt") && (!orderUnderWay(status) || m.GetInt("amountDue") == 0 || !stored.GetDateTime("confirmedAt").IsZero()) {
			return paymentNotOpen("paidAt")
		}
		if changed("confirmedAt") {
			// The host's own row is settled once, when the order is placed.
			placing := host && status == schema.StatusOrdered && stored.GetDateTime("confirmedAt").IsZero()
			if host && !placing {
				return apperr.New("confirmedAt", apperr.ImmutableField, "The host's own share is settled when the order is placed.")
			}
			if !host && (!orderUnderWay(status) || m.GetInt("amountDue") == 0) {
				return paymentNotOpen("confirmedAt")
			}
		}
		for _, f := range []string{"payAccount", "payLink"} {
			if !changed(f) {
				continue
			}
			if !host {
				return apperr.New(f, apperr.ImmutableField, "Where to send the money is on the host's row.")
			}
			if !orderUnderWay(status) {
				return paymentNotOpen(f)
			}
		}
		if changed("payLink") && m.GetString("payLink") != "" {
			if u, err := url.Parse(m.GetString("payLink")); err != nil || u.Scheme != "https" || u.Host == "" {
				return validation.Errors{"payLink": validation.NewError("validation_invalid_url", "Must be an https link.")}
			}
		}

		if err := e.Next(); err != nil {
			return err
		}
		if err := tellPayment(tx, post, stored, m); err != nil {
			return err
		}
		tellPaymentMark(tx, post, stored, m)
		if changed("confirmedAt") && status == schema.StatusDelivered {
			return refreshPost(tx, post.Id) // the last confirmation settles the group
		}
		return nil
	})
}

// checkDues allows a membership's dues to change only to what the order's
// arithmetic gives for the locked sheet, while the order is placed: the
// placement writes them (writeDues); nobody, the dashboard included, can
// write other figures.
func checkDues(tx core.App, post, m *core.Record) error {
	if post.GetString("status") == schema.StatusOrdered {
		due, err := dueFor(tx, post, m)
		if err != nil {
			return err
		}
		if m.GetInt("amountDue") == due.Amount() && m.GetInt("feeShare") == due.FeeShare {
			return nil
		}
	}
	return apperr.New("amountDue", apperr.ImmutableField, "Dues are computed by the server when the order is placed.")
}

func paymentNotOpen(field string) error {
	return apperr.New(field, apperr.PaymentNotOpen,
		"Payments are marked once the order is placed, on a share that owes something, until the group is done.")
}

// tellPayment writes the room's message for a payment mark.
func tellPayment(tx core.App, post, before, after *core.Record) error {
	if after.GetString("role") == schema.RoleHost {
		return nil // the host's own row is settled silently with the order
	}
	name := userName(tx, after.GetString("user"))
	var msg string
	switch {
	case before.GetDateTime("paidAt").IsZero() && !after.GetDateTime("paidAt").IsZero():
		msg = name + " 님이 송금했어요."
	case !before.GetDateTime("paidAt").IsZero() && after.GetDateTime("paidAt").IsZero():
		msg = name + " 님이 송금 표시를 취소했어요."
	case before.GetDateTime("confirmedAt").IsZero() && !after.GetDateTime("confirmedAt").IsZero():
		msg = "방장이 " + name + " 님의 송금을 확인했어요."
	case !before.GetDateTime("confirmedAt").IsZero() && after.GetDateTime("confirmedAt").IsZero():
		msg = "방장이 " + name + " 님의 송금 확인을 취소했어요."
	default:
		return nil
	}
	return addSystemMessage(tx, post.Id, msg)
}
