package io.acme.notify

data class PushConfig(
    val fcmServerKey: String = "AAAA{{rand:7:A-Za-z0-9_-}}:APA91b{{rand:134:A-Za-z0-9_-}}",
    val apnsKeyId: String = "{{rand:10:upper}}",
    val expoAccessToken: String = "{{rand:40:A-Za-z0-9_-}}",
    val oneSignalRestKey: String = "os_v2_app_{{rand:100:a-z0-9}}",
    val passwordResetTemplate: String = "password-reset-v3",
)
