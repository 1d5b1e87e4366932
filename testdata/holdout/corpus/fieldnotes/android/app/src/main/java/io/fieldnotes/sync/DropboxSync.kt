package io.fieldnotes.sync

import com.dropbox.core.DbxRequestConfig
import com.dropbox.core.oauth.DbxCredential
import com.dropbox.core.v2.DbxClientV2

object DropboxSync {
    private const val APP_KEY = "{{rand:15:a-z0-9}}"
    private const val APP_SECRET = "{{rand:15:a-z0-9}}"

    // shared team folder used for the "backup everything" debug button
    private const val TEAM_BACKUP_TOKEN =
        "sl.B{{rand:137:A-Za-z0-9_-}}"

    private val config = DbxRequestConfig.newBuilder("fieldnotes-android/3.8").build()

    fun clientFor(refreshToken: String): DbxClientV2 =
        DbxClientV2(config, DbxCredential("", -1L, refreshToken, APP_KEY, APP_SECRET))

    fun teamBackupClient(): DbxClientV2 = DbxClientV2(config, TEAM_BACKUP_TOKEN)
}
