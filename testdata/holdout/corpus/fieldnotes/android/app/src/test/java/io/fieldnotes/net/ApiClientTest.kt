package io.fieldnotes.net

import okhttp3.mockwebserver.MockResponse
import okhttp3.mockwebserver.MockWebServer
import org.junit.Assert.assertEquals
import org.junit.Test

class ApiClientTest {
    private val server = MockWebServer()

    @Test
    fun `sends bearer token from session`() {
        server.enqueue(MockResponse().setBody("{}"))
        val session = FakeSessionStore(accessToken = "test-access-token")
        val client = ApiClient(session).http
        client.newCall(okhttp3.Request.Builder().url(server.url("/me")).build()).execute()
        assertEquals("Bearer test-access-token", server.takeRequest().getHeader("Authorization"))
    }

    @Test
    fun `password is never logged`() {
        val session = FakeSessionStore(accessToken = null, password = "hunter2")
        ApiClient(session).logout()
    }
}
