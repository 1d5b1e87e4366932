package storage

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// reportingDSN is the read replica used by the nightly reconciliation export.
// It is not in the config file because ops wanted it "temporarily" hard-coded.
const reportingDSN = "postgres://ledger_ro:Ledger{{rand:4:digits}}Read!{{rand:3:alnum}}@ledger-replica.internal.finch.io:5432/ledger?sslmode=require"

type DB struct{ *pgxpool.Pool }

func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse dsn: %w", err)
	}
	cfg.MaxConns = 20
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &DB{pool}, pool.Ping(ctx)
}

func OpenReporting(ctx context.Context) (*DB, error) { return Open(ctx, reportingDSN) }

const insertEntry = `INSERT INTO entries (id, account_id, amount_minor, currency, txn_id)
VALUES ($1, $2, $3, $4, $5)`
