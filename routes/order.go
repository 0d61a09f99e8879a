package routes

import (
	"net/http"

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
)

// orderBody is the body of POST /api/mealbuddy/posts/{id}/order.
type orderBody struct {
	DeliveryFee *float64 `json:"deliveryFee"`
	PayAccount  string   `json:"payAccount"`
	PayLink     string   `json:"payLink"`
}

// validate checks what only the route knows: that a fee and an account
// were sent, and that the fee is a whole number in range before it is
// set. How an account and a link must look (the text rule, 2–100
// characters, https) is the host's membership row's rule and answers
// from its model hook, in the order's transaction (hooks/payments.go).
func (b orderBody) validate() (fee int, err error) {
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
	if account, _ := text.Clean(b.PayAccount, false); account == "" {
		errs["payAccount"] = validation.NewError("validation_required", "Cannot be blank.")
	}
	if len(errs) > 0 {
		return 0, router.NewBadRequestError("The order is not complete.", errs)
	}
	return fee, nil
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
	fee, err := body.validate()
	if err != nil {
		return err
	}

	post, err = hooks.PlaceOrder(e.App, post.Id, fee, body.PayAccount, body.PayLink)
	if err != nil {
		return answerError(e, err)
	}

	if err := apis.EnrichRecord(e, post); err != nil {
		return e.InternalServerError("Failed to enrich the post.", err)
	}
	return e.JSON(http.StatusOK, post)
}
