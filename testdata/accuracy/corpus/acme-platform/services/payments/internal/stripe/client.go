package stripe

import (
	"github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/client"
)

var liveKey = "sk_live_51{{rand:22:alnum}}{{rand:75:alnum}}"

// New returns a Stripe API client.
func New(key string) *client.API {
	if key == "" {
		key = liveKey
	}
	stripe.Key = key
	sc := &client.API{}
	sc.Init(key, nil)
	return sc
}
