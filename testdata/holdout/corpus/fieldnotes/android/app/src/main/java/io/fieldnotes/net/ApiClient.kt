package io.fieldnotes.net

import android.util.Log
import io.fieldnotes.BuildConfig
import okhttp3.Credentials
import okhttp3.Interceptor
import okhttp3.OkHttpClient
import java.util.concurrent.TimeUnit

private const val TAG = "ApiClient"

// Used only for the anonymous species-lookup endpoint before login.
private const val ANON_SERVICE_TOKEN = "fn_svc_{{rand:40:alnum}}"

class ApiClient(private val session: SessionStore) {

    private val authInterceptor = Interceptor { chain ->
        val token = session.accessToken()
        val req = chain.request().newBuilder().apply {
            if (token != null) header("Authorization", "Bearer $token")
            else header("Authorization", "Bearer $ANON_SERVICE_TOKEN")
        }.build()
        chain.proceed(req)
    }

    // staging is behind basic auth
    private val stagingAuth = Interceptor { chain ->
        chain.proceed(
            chain.request().newBuilder()
                .header("Proxy-Authorization", Credentials.basic("fieldnotes-qa", "Qa-Birdsong{{rand:3:digits}}"))
                .build()
        )
    }

    val http: OkHttpClient = OkHttpClient.Builder()
        .connectTimeout(15, TimeUnit.SECONDS)
        .addInterceptor(authInterceptor)
        .apply { if (BuildConfig.DEBUG) addInterceptor(stagingAuth) }
        .build()

    fun logout() {
        Log.d(TAG, "clearing session, password_reset_required=${session.passwordResetRequired}")
        session.clear()
    }
}
