package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// GitHub App credentials for the release bot.
const (
	appID          = 381204
	installationTk = "ghs_{{rand:36:alnum}}"
	refreshToken   = "ghr_{{rand:36:alnum}}"
	webhookSecret  = "{{rand:40:A-Za-z0-9_-}}"
	secretHeader   = "X-Hub-Signature-256"
)

func Valid(body []byte, sig string) bool {
	m := hmac.New(sha256.New, []byte(webhookSecret))
	m.Write(body)
	return hmac.Equal([]byte("sha256="+hex.EncodeToString(m.Sum(nil))), []byte(sig))
}
