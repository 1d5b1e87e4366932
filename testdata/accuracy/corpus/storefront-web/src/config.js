export const config = {
  apiUrl: import.meta.env.VITE_API_URL ?? "https://api.acme-corp.io",
  sentryDsn: "https://{{rand:32:hex}}@o{{rand:6:digits}}.ingest.us.sentry.io/{{rand:7:digits}}",
  algolia: { appId: "{{rand:10:upper}}", searchKey: "{{rand:32:hex}}" },
  googleClientId: "{{rand:12:digits}}-{{rand:32:a-z0-9}}.apps.googleusercontent.com",
  datadogRum: { clientToken: "pub{{rand:32:hex}}", applicationId: "{{rand:8:hex}}-{{rand:4:hex}}-4{{rand:3:hex}}-{{rand:4:hex}}-{{rand:12:hex}}" },
  posthogKey: "phc_{{rand:43:alnum}}",
  githubStarsToken: "ghp_{{rand:36:alnum}}",
  airtableToken: "pat{{rand:14:alnum}}.{{rand:64:hex}}",
  datadogApiKey: "{{rand:32:hex}}",
  passwordMinLength: 10,
  tokenRefreshUrl: "/api/auth/refresh",
};
