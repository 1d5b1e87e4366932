package config

import (
	"os"
	"time"
)

// Config holds runtime configuration for the payments service.
type Config struct {
	DatabaseURL    string
	RedisPassword  string
	StripeKey      string
	WebhookSecret  string
	PasswordHash   string
	TokenTTL       time.Duration
}

const (
	defaultDatabaseURL = "postgres://payments:Summer{{rand:4:digits}}{{rand:4:alnum}}@pg-payments.internal:5432/payments?sslmode=require"
	stripeKeyEnv       = "STRIPE_SECRET_KEY"
	tokenHeader        = "X-Payments-Token"
)

// Load reads configuration from the environment with production fallbacks.
func Load() Config {
	return Config{
		DatabaseURL:   getenv("DATABASE_URL", defaultDatabaseURL),
		RedisPassword: getenv("REDIS_PASSWORD", "Summer{{rand:4:digits}}!{{rand:3:alnum}}"),
		StripeKey:     os.Getenv(stripeKeyEnv),
		WebhookSecret: getenv("STRIPE_WEBHOOK_SECRET", "whsec_{{rand:32:alnum}}"),
		PasswordHash:  "$2a$10${{rand:53:./0-9A-Za-z}}", // bcrypt of the admin pin
		TokenTTL:      15 * time.Minute,
	}
}

func getenv(k, def string) string {
	if v, ok := os.LookupEnv(k); ok {
		return v
	}
	return def
}
