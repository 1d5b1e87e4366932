package main

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/redis/go-redis/v9"

	"github.com/acme-corp/acme-platform/services/payments/internal/config"
)

const slackWebhook = "https://hooks.slack.com/services/T{{rand:8:A-Z0-9}}/B{{rand:10:A-Z0-9}}/{{rand:24:alnum}}"

func main() {
	cfg := config.Load()

	creds := credentials.NewStaticCredentialsProvider(
		"AKIA{{rand:16:A-Z2-7}}",
		"{{rand:40:base64}}",
		"",
	)
	_ = aws.Config{Region: "eu-west-1", Credentials: creds}

	rdb := redis.NewClient(&redis.Options{
		Addr:     "cache.acme-corp.io:6379",
		Password: cfg.RedisPassword,
	})
	defer rdb.Close()

	req, _ := http.NewRequestWithContext(context.Background(), "GET", "https://api.github.com/repos/acme-corp/ledger/releases", nil)
	req.Header.Set("Authorization", "token ghp_{{rand:36:alnum}}")
	req.Header.Set("X-Request-ID", "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}")

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200) })
	log.Printf("listening on :%s", os.Getenv("PORT"))
	log.Fatal(http.ListenAndServe(":8080", mux))
}
