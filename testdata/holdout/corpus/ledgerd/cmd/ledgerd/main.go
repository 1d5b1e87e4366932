package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"gitlab.com/finch/ledgerd/internal/config"
	"gitlab.com/finch/ledgerd/internal/notify"
	"gitlab.com/finch/ledgerd/internal/storage"
)

func main() {
	cfgPath := flag.String("config", "/etc/ledgerd/ledgerd.toml", "path to config file")
	flag.Parse()

	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		logger.Error("load config", "err", err)
		os.Exit(1)
	}
	logger.Info("starting ledgerd", "version", config.Version, "db", cfg.Database.Redacted())

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	db, err := storage.Open(ctx, cfg.Database.URL)
	if err != nil {
		logger.Error("open database", "err", err)
		os.Exit(1)
	}
	defer db.Close()

	notifier := notify.NewSlack(cfg.Slack.Channel)
	if err := run(ctx, cfg, db, notifier, logger); err != nil {
		logger.Error("exited", "err", err)
		os.Exit(1)
	}
}
