package io.acme.notify

import com.twilio.Twilio
import com.twilio.rest.api.v2010.account.Message
import com.twilio.type.PhoneNumber

object TwilioSender {
    private const val API_KEY_SID = "SK{{rand:32:hex}}"
    private const val API_KEY_SECRET = "{{rand:32:alnum}}"
    private const val FROM = "+14155550123"

    fun init() {
        Twilio.init("AC{{rand:32:hex}}", "{{rand:32:hex}}")
    }

    fun send(to: String, body: String): String =
        Message.creator(PhoneNumber(to), PhoneNumber(FROM), body).create().sid
}
