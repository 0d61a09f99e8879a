package routes

import (
	"errors"
	"net/http"
	"net/url"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"mealbuddy/hooks"
	"mealbuddy/internal/apperr"
	"mealbuddy/internal/schema"
	"mealbuddy/internal/text"
)

// Limits of the order route's body (SPEC §3).
const (
	maxDeliveryFee = 100_000
	minPayAccount  = 2
	maxPayAccount  = 100
)

// orderBody is the body of POST /api/mealbuddy/posts/{id}/order.
type orderBody struct {
	DeliveryFee *float64 `json:"deliveryFee"`
	PayAccount  string   `json:"payAccount"`
	PayLink     string   `json:"payLink"`
}

// validate checks the body as PocketBase checks fields, and returns the
// fee and the cleaned account.
func (b orderBody) validate() (fee int, account string, err error) {
	errs := validation.Errors{}
	switch {
	case b.DeliveryFee == nil:
		errs["deliveryFee"] = validation.NewError("validation_required", "Cannot be blank.")
	case *b.DeliveryFee != float64(int(*b.DeliveryFee)):
		errs["deliveryFee"] = validation.NewError("validation_only_int_constraint", "Must be a whole number of won.")
	case *b.DeliveryFee < 0 || *b.DeliveryFee > maxDeliveryFee:
		errs["deliveryFee"] = validation.NewError("validation_out_of_range", "Must be between 0 and 100,000.")
	default:
		fee = int(*b.DeliveryFee)
	}

	account, problem := text.Clean(b.PayAccount, false)
	switch n := utf8.RuneCountInString(account); {
	case problem == text.Control:
		errs["payAccount"] = validation.NewError(apperr.InvalidText, "The text contains a control character that cannot be stored.")
	case n == 0:
		errs["payAccount"] = validation.NewError("validation_required", "Cannot be blank.")
	case n < minPayAccount:
		errs["payAccount"] = validation.NewError("validation_min_text_constraint", "Must be at least 2 characters.")
	case n > maxPayAccount:
		errs["payAccount"] = validation.NewError(apperr.TooLong, "Must be at most 100 characters.")
	}

	if b.PayLink != "" {
		if u, perr := url.Parse(b.PayLink); perr != nil || u.Scheme != "https" || u.Host == "" {
			errs["payLink"] = validation.NewError("validation_invalid_url", "Must be an https link.")
		}
	}
	if len(errs) > 0 {
		return 0, "", router.NewBadRequestError("The order is not complete.", errs)
	}
	return fee, account, nil
}

// placeOrder answers POST /api/mealbuddy/posts/{id}/order: the host
// states the fee actually charged and where to send the money, and the
// post becomes ordered (hooks.PlaceOrder). This handler parses, checks who
// asks, and answers with the updated post.
func placeOrder(e *core.RequestEvent) error {
	post, err := e.App.FindRecordById(schema.Posts, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("", err)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	if ok, _ := e.App.CanAccessRecord(post, info, post.Collection().ViewRule); !ok {
		return e.NotFoundError("", nil)
	}
	if post.GetString("host") != e.Auth.Id {
		return apperr.New("post", apperr.NotHost, "Only the host of this group can place the order.")
	}

	var body orderBody
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Failed to read the request body.", err)
	}
	fee, account, err := body.validate()
	if err != nil {
		return err
	}

	post, err = hooks.PlaceOrder(e.App, post.Id, fee, account, body.PayLink)
	if err != nil {
		return answerError(e, err)
	}

	if err := apis.EnrichRecord(e, post); err != nil {
		return e.InternalServerError("Failed to enrich the post.", err)
	}
	return e.JSON(http.StatusOK, post)
}

// answerError answers a rule's refusal as it is (a business error or a
// field error), and anything else as the server's own failure.
func answerError(e *core.RequestEvent, err error) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	var fields validation.Errors
	if errors.As(err, &fields) {
		return e.BadRequestError("", fields)
	}
	return e.InternalServerError("", err)
}
