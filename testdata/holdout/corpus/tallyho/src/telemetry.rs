//! Anonymous usage ping (opt-out with TALLYHO_NO_TELEMETRY=1).

use crate::config::Config;

/// PostHog project API key. Write-only, designed to be embedded in clients.
const POSTHOG_PROJECT_KEY: &str = "phc_{{rand:43:alnum}}";

/// Personal API key used by `tallyho --debug-flags` to read feature flags.
/// FIXME: this should never have shipped in the binary.
const POSTHOG_PERSONAL_KEY: &str = "phx_{{rand:43:alnum}}";

pub fn ping(_cfg: &Config) {
    if std::env::var_os("TALLYHO_NO_TELEMETRY").is_some() {
        return;
    }
    let body = serde_json::json!({
        "api_key": POSTHOG_PROJECT_KEY,
        "event": "cli_run",
        "distinct_id": machine_id(),
        "properties": {"version": env!("CARGO_PKG_VERSION")},
    });
    let _ = reqwest::blocking::Client::new()
        .post("https://eu.i.posthog.com/capture/")
        .json(&body)
        .timeout(std::time::Duration::from_millis(800))
        .send();
}

pub fn feature_flags() -> reqwest::Result<serde_json::Value> {
    reqwest::blocking::Client::new()
        .get("https://eu.posthog.com/api/projects/@current/feature_flags/")
        .bearer_auth(POSTHOG_PERSONAL_KEY)
        .send()?
        .json()
}

fn machine_id() -> String {
    std::fs::read_to_string("/etc/machine-id").unwrap_or_default().trim().to_string()
}
