// Package apperr builds the business-rule errors of SPEC.md.
//
// Every error code the contract names is spelled once, here, and every
// error is built by the helpers below so that clients always receive
// PocketBase's JSON error shape with data.<field>.code set:
//
//	{"status":400,"message":"This group is already full.",
//	 "data":{"post":{"code":"post_full","message":"This group is already full."}}}
package apperr

import (
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/tools/router"
)

// Error codes of SPEC.md §1 and §3.
const (
	ImmutableField = "immutable_field"
	InvalidStatus  = "invalid_status"

	AlreadyMember   = "already_member"
	Banned          = "banned"
	DeadlinePassed  = "deadline_passed"
	PostClosed      = "post_closed"
	PostFull        = "post_full"
	HostCannotLeave = "host_cannot_leave"

	NotHost       = "not_host"
	CannotBanSelf = "cannot_ban_self"

	NotMember   = "not_member"
	RateLimited = "rate_limited"

	InvalidPassword    = "invalid_password"
	TooManyAttempts    = "too_many_attempts"
	InvalidCoordinates = "invalid_coordinates"
	WeatherUnavailable = "weather_unavailable"
	DailyLimit         = "daily_limit"

	// The order (SPEC §6).
	OrderLocked    = "order_locked"
	PaymentNotOpen = "payment_not_open"
	NoItems        = "no_items"
	BelowMinOrder  = "below_min_order"
	TooManyItems   = "too_many_items"
	OpenOrder      = "open_order"

	// Notifications (SPEC §7).
	InvalidEndpoint = "invalid_endpoint"
	TooManyAlerts   = "too_many_alerts"

	InvalidText   = "invalid_text"
	ImageTooLarge = "image_too_large"

	// Codes the spec leaves to us (documented in docs/RULES.md).
	InvalidDeadline = "invalid_deadline"
	TargetTooLow    = "target_below_joined"
	InvalidAuthor   = "invalid_author"

	// TooLong is PocketBase's own code for a text over its maximum, used
	// for route inputs so that clients handle it like a field error.
	TooLong = "validation_max_text_constraint"
)

// New returns a 400 error whose data names field with code.
func New(field, code, message string) *router.ApiError {
	return WithStatus(http.StatusBadRequest, field, code, message)
}

// WithStatus is New with another HTTP status (429 for rate limits, 503 for
// an unavailable provider).
func WithStatus(status int, field, code, message string) *router.ApiError {
	return router.NewApiError(status, message, validation.Errors{
		field: validation.NewError(code, message),
	})
}
