module github.com/acme-corp/acme-platform/services/payments

go 1.22

require (
	github.com/aws/aws-sdk-go-v2 v1.30.0
	github.com/jackc/pgx/v5 v5.6.0
	github.com/stripe/stripe-go/v79 v79.2.0
	github.com/redis/go-redis/v9 v9.5.3
)
