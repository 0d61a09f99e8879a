// Package push sends Web Push messages (RFC 8030, encrypted per RFC 8291,
// signed per RFC 8292 with the server's VAPID keys) to the browsers that
// subscribed, with github.com/SherClockHolmes/webpush-go.
//
// The push service's URL is the subscription's endpoint, chosen by the
// browser: so that nobody can make the server send requests into its own
// network, an endpoint must be https on a public address, both when it is
// stored (invalid_endpoint) and when it is dialled (a name that resolves
// to a private address is refused then). MEALBUDDY_PUSH_ALLOW_PRIVATE=1
// lifts both for local testing.
package push

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/SherClockHolmes/webpush-go"
	"github.com/pocketbase/pocketbase/core"

	"mealbuddy/internal/schema"
)

// Timeout bounds one push request, connection included.
const Timeout = 10 * time.Second

// Subscription is one browser's push subscription.
type Subscription struct {
	Id, Endpoint, P256dh, Auth string
}

// Keys returns the server's VAPID key pair, made by a migration at the
// first start and kept in the push_keys collection.
func Keys(app core.App) (public, private string, err error) {
	rows, err := app.FindAllRecords(schema.PushKeys)
	if err != nil {
		return "", "", err
	}
	if len(rows) == 0 {
		return "", "", errors.New("push: no VAPID keys")
	}
	return rows[0].GetString("publicKey"), rows[0].GetString("privateKey"), nil
}

// Sender sends push messages.
type Sender struct {
	client       *http.Client
	allowPrivate bool
}

// NewSender returns a Sender whose requests are bounded by Timeout and,
// unless allowPrivate, dial public addresses only.
func NewSender(allowPrivate bool) *Sender {
	dialer := &net.Dialer{Timeout: Timeout}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip, err := netip.ParseAddr(host); err != nil || !public(ip) {
				return fmt.Errorf("push: %s is not a public address", host)
			}
			return nil
		}
	}
	return &Sender{
		client: &http.Client{
			Timeout:   Timeout,
			Transport: &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: Timeout, ResponseHeaderTimeout: Timeout},
			// A push service answers itself; a redirect could lead inside.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		allowPrivate: allowPrivate,
	}
}

// ErrGone is a subscription the push service no longer knows (404, 410):
// the browser unsubscribed or the subscription expired; delete it.
var ErrGone = errors.New("push: subscription gone")

// Send delivers payload to sub, signed with the VAPID keys.
func (s *Sender) Send(ctx context.Context, sub Subscription, payload []byte, publicKey, privateKey, subscriber string) error {
	if err := s.CheckEndpoint(sub.Endpoint); err != nil {
		return err
	}
	res, err := webpush.SendNotificationWithContext(ctx, payload, &webpush.Subscription{
		Endpoint: sub.Endpoint,
		Keys:     webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth},
	}, &webpush.Options{
		HTTPClient:      s.client,
		Subscriber:      subscriber,
		VAPIDPublicKey:  publicKey,
		VAPIDPrivateKey: privateKey,
		TTL:             24 * 60 * 60,
		Urgency:         webpush.UrgencyHigh,
	})
	if err != nil {
		return err
	}
	defer res.Body.Close()
	switch {
	case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusGone:
		return ErrGone
	case res.StatusCode >= 300:
		return fmt.Errorf("push: the push service answered %d", res.StatusCode)
	}
	return nil
}

// CheckEndpoint refuses an endpoint the server must not call: not https,
// or on a loopback, private, link-local or unspecified address (literal,
// or a name such as localhost). A public name is checked again when it is
// dialled.
func (s *Sender) CheckEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return errInvalidEndpoint
	}
	if s.allowPrivate {
		if u.Scheme != "https" && u.Scheme != "http" {
			return errInvalidEndpoint
		}
		return nil
	}
	if u.Scheme != "https" {
		return errInvalidEndpoint
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".internal") {
		return errInvalidEndpoint
	}
	if ip, err := netip.ParseAddr(host); err == nil && !public(ip) {
		return errInvalidEndpoint
	}
	return nil
}

var errInvalidEndpoint = errors.New("push: the endpoint must be https on a public address")

// IsInvalidEndpoint reports whether err is CheckEndpoint's refusal.
func IsInvalidEndpoint(err error) bool { return errors.Is(err, errInvalidEndpoint) }

func public(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsUnspecified() && !ip.IsMulticast() &&
		!netip.MustParsePrefix("100.64.0.0/10").Contains(ip) // carrier-grade NAT
}
