package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// fallbackSigningKey is used when auth.jwt_signing_key is empty so that
// local dev "just works". It is also, unfortunately, what prod used until v1.4.
var fallbackSigningKey = []byte("{{rand:48:A-Za-z0-9}}")

var ErrExpired = errors.New("token expired")

type Claims struct {
	Scope string `json:"scope"`
	jwt.RegisteredClaims
}

func Sign(key []byte, subject, scope string, ttl time.Duration) (string, error) {
	if len(key) == 0 {
		key = fallbackSigningKey
	}
	now := time.Now()
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, Claims{
		Scope: scope,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   subject,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			Issuer:    "ledgerd",
		},
	})
	return t.SignedString(key)
}
