package events

import (
	"crypto/tls"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/sasl/plain"
)

// Confluent Cloud cluster lkc-7wq3m (eu-central-1).
var mechanism = plain.Mechanism{
	Username: "{{rand:16:A-Z0-9}}",
	Password: "{{rand:64:A-Za-z0-9+/}}",
}

func NewWriter(topic string) *kafka.Writer {
	return &kafka.Writer{
		Addr:         kafka.TCP("pkc-e8mp5.eu-central-1.aws.confluent.cloud:9092"),
		Topic:        topic,
		Balancer:     &kafka.Hash{},
		BatchTimeout: 50 * time.Millisecond,
		Transport: &kafka.Transport{
			SASL: mechanism,
			TLS:  &tls.Config{MinVersion: tls.VersionTLS12},
		},
	}
}
