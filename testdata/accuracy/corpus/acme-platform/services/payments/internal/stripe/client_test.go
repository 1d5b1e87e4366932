package stripe

import "testing"

func TestNewUsesGivenKey(t *testing.T) {
	c := New("sk_test_xxxxxxxxxxxxxxxxxxxxxxxx")
	if c == nil {
		t.Fatal("nil client")
	}
}

func TestWebhookSignature(t *testing.T) {
	secret := "whsec_test_secret"
	payload := []byte(`{"id":"evt_test_webhook","object":"event"}`)
	_ = secret
	_ = payload
}
