package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

var Version = "dev"

type Database struct {
	URL          string `toml:"url"`
	MaxConns     int32  `toml:"max_conns"`
	PasswordFile string `toml:"password_file"` // mounted by the CSI driver
}

// Redacted returns the DSN with the password masked, for logging.
func (d Database) Redacted() string {
	u, err := url.Parse(d.URL)
	if err != nil {
		return "<unparseable>"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

type Auth struct {
	JWTSigningKey string `toml:"jwt_signing_key"`
	TokenTTL      string `toml:"token_ttl"`
}

type Config struct {
	Database Database `toml:"database"`
	Auth     Auth     `toml:"auth"`
	Slack    struct {
		Channel string `toml:"channel"`
	} `toml:"slack"`
	Datadog struct {
		Enabled bool   `toml:"enabled"`
		APIKey  string `toml:"api_key"`
	} `toml:"datadog"`
}

func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var c Config
	if err := toml.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if v := os.Getenv("LEDGERD_DATABASE_URL"); v != "" {
		c.Database.URL = v
	}
	if v := os.Getenv("LEDGERD_JWT_SIGNING_KEY"); v != "" {
		c.Auth.JWTSigningKey = v
	}
	if v, ok := os.LookupEnv("DD_API_KEY"); ok {
		c.Datadog.APIKey = strings.TrimSpace(v)
	}
	if c.Database.URL == "" {
		c.Database.URL = "postgres://postgres:postgres@localhost:5432/ledger?sslmode=disable"
	}
	return &c, nil
}
