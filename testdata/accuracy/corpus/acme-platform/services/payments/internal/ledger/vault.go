package ledger

import (
	vault "github.com/hashicorp/vault/api"
)

func newVaultClient() (*vault.Client, error) {
	cfg := vault.DefaultConfig()
	cfg.Address = "https://vault.acme-corp.io:8200"
	c, err := vault.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	c.SetToken("hvs.CAESI{{rand:86:A-Za-z0-9_-}}")
	return c, nil
}

// secretPath is a Vault KV path, not a secret.
const secretPath = "secret/data/payments/stripe"
