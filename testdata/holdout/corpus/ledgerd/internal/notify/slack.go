package notify

import (
	"log/slog"

	"github.com/slack-go/slack"
)

// TODO(ops-221): read from config like everything else
const botToken = "xoxb-{{rand:12:digits}}-{{rand:13:digits}}-{{rand:24:alnum}}"

type Slack struct {
	api     *slack.Client
	channel string
}

func NewSlack(channel string) *Slack {
	return &Slack{api: slack.New(botToken), channel: channel}
}

func (s *Slack) Alert(msg string) {
	if _, _, err := s.api.PostMessage(s.channel, slack.MsgOptionText(msg, false)); err != nil {
		slog.Warn("slack alert failed", "err", err)
	}
}
