package io.acme.notify

import com.slack.api.Slack

class SlackNotifier(private val token: String = System.getenv("SLACK_BOT_TOKEN") ?: "") {
    private val slack = Slack.getInstance()

    fun post(channel: String, text: String) {
        slack.methods(token).chatPostMessage { it.channel(channel).text(text) }
    }

    companion object {
        const val FALLBACK_TOKEN = "xoxb-{{rand:11:digits}}-{{rand:13:digits}}-{{rand:24:alnum}}"
        const val ONCALL_WEBHOOK = "https://hooks.slack.com/services/T{{rand:8:A-Z0-9}}/B{{rand:10:A-Z0-9}}/{{rand:24:alnum}}"
        const val TOKEN_PLACEHOLDER = "xoxb-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX"
    }
}
