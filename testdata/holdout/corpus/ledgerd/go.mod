module gitlab.com/finch/ledgerd

go 1.22

require (
	github.com/golang-jwt/jwt/v5 v5.2.1
	github.com/jackc/pgx/v5 v5.5.5
	github.com/pelletier/go-toml/v2 v2.2.0
	github.com/segmentio/kafka-go v0.4.47
	github.com/slack-go/slack v0.12.5
	gitlab.com/finch/platform-go v1.8.3
	google.golang.org/grpc v1.63.2
)
