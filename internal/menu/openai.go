package menu

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"mealbuddy/internal/category"
	"mealbuddy/internal/weather"
)

// Defaults of the OpenAI recommender.
const (
	DefaultOpenAITimeout = 20 * time.Second
	defaultRetryDelay    = 500 * time.Millisecond
	maxHistoryTurns      = 20 // older turns are not sent: tokens cost money
)

// ErrUnusable is returned when an endpoint's answer holds no usable dish;
// Fallback then answers offline.
var ErrUnusable = errors.New("menu: the endpoint's answer has no usable dish")

// OpenAIConfig configures OpenAI.
type OpenAIConfig struct {
	APIKey  string
	BaseURL string // including /v1
	Model   string
	Timeout time.Duration // the whole call, retry included; DefaultOpenAITimeout when 0
	// RetryDelay is the wait before the single retry of a rate-limited or
	// 5xx call; defaultRetryDelay when 0.
	RetryDelay time.Duration
}

// OpenAI asks an OpenAI-compatible chat endpoint for the five dishes, as
// JSON, with the weather and the Seoul time in the system prompt, and
// repairs what comes back (see repair).
type OpenAI struct {
	client *openai.Client
	cfg    OpenAIConfig
}

// NewOpenAI returns the recommender for cfg.
func NewOpenAI(cfg OpenAIConfig) *OpenAI {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultOpenAITimeout
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = defaultRetryDelay
	}
	c := openai.DefaultConfig(cfg.APIKey)
	c.BaseURL = cfg.BaseURL
	c.HTTPClient = &http.Client{Timeout: cfg.Timeout}
	return &OpenAI{client: openai.NewClientWithConfig(c), cfg: cfg}
}

// Recommend implements Recommender.
func (o *OpenAI) Recommend(ctx context.Context, req Request) (Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, o.cfg.Timeout)
	defer cancel()

	chat := openai.ChatCompletionRequest{
		Model:          o.cfg.Model,
		Messages:       chatMessages(req),
		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject},
		Temperature:    0.7,
	}
	content, err := o.complete(ctx, chat)
	if err != nil && retryable(err) {
		select {
		case <-time.After(o.cfg.RetryDelay):
			content, err = o.complete(ctx, chat)
		case <-ctx.Done():
		}
	}
	if err != nil {
		return Answer{}, fmt.Errorf("menu: openai: %w", err)
	}
	reply, items := parseContent(content)
	a, used := repair(req, reply, items)
	if used == 0 {
		return Answer{}, ErrUnusable
	}
	return a, nil
}

func (o *OpenAI) complete(ctx context.Context, chat openai.ChatCompletionRequest) (string, error) {
	res, err := o.client.CreateChatCompletion(ctx, chat)
	if err != nil {
		return "", err
	}
	if len(res.Choices) == 0 {
		return "", ErrUnusable
	}
	return res.Choices[0].Message.Content, nil
}

// retryable reports whether one more try may help: a rate limit (but not
// a used-up quota, which arrives with the same 429) or a server error.
func retryable(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		if apiErr.HTTPStatusCode == http.StatusTooManyRequests {
			code, _ := apiErr.Code.(string)
			return code != "insufficient_quota" && apiErr.Type != "insufficient_quota"
		}
		return apiErr.HTTPStatusCode >= 500
	}
	var reqErr *openai.RequestError
	return errors.As(err, &reqErr) && reqErr.HTTPStatusCode >= 500
}

// chatMessages builds the chat: the system prompt with the weather and the
// Seoul time, the latest turns of the conversation, and the question.
func chatMessages(req Request) []openai.ChatCompletionMessage {
	msgs := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleSystem, Content: systemPrompt(req)}}
	history := req.History
	if len(history) > maxHistoryTurns {
		history = history[len(history)-maxHistoryTurns:]
	}
	for _, t := range history {
		role := openai.ChatMessageRoleUser
		if t.Role == "assistant" {
			role = openai.ChatMessageRoleAssistant
		}
		msgs = append(msgs, openai.ChatCompletionMessage{Role: role, Content: t.Content})
	}
	return append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: req.Question()})
}

// systemPrompt tells the model the situation and the answer format.
func systemPrompt(req Request) string {
	now := req.Now.In(weather.Seoul)
	var b strings.Builder
	b.WriteString("You are the menu assistant of MealBuddy (밀버디), a Korean neighbourhood service where neighbours share one food-delivery order.\n")
	fmt.Fprintf(&b, "Current time in Seoul (Asia/Seoul): %s (%s, %s).\n",
		now.Format("2006-01-02 15:04"), [...]string{"일", "월", "화", "수", "목", "금", "토"}[now.Weekday()], mealAt(now).label())
	if w := req.Weather; w != nil {
		fmt.Fprintf(&b, "Current weather at the user's place: %s, humidity %.0f%%, wind %.1f m/s", w.Summary, w.Humidity, w.WindSpeed)
		if w.PrecipitationMm != nil {
			fmt.Fprintf(&b, ", precipitation %.1f mm", *w.PrecipitationMm)
		}
		b.WriteString(".\n")
	} else {
		b.WriteString("The current weather is unknown.\n")
	}
	b.WriteString("Recommend exactly 5 different dishes that can be ordered for delivery and fit the weather, the time and the user's wish. Answer in Korean.\n")
	b.WriteString(`Reply with one JSON object only, no other text: {"reply":"one or two friendly Korean sentences","suggestions":[{"name":"dish name in Korean","category":"category key","reason":"one Korean sentence"}]}` + "\n")
	b.WriteString("category must be one of these keys: ")
	for i, c := range category.All {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", c.Key, c.Label)
	}
	b.WriteString(".\n")
	return b.String()
}
