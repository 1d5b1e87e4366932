use anyhow::Result;

use crate::config::Config;

// Matt's token, for the `--demo` flag in screencasts. Revoke after recording!
const DEMO_ACCOUNT_ID: &str = "1987342";
const DEMO_TOKEN: &str = "{{rand:7:digits}}.pt.{{rand:86:A-Za-z0-9_-}}";

pub fn push(cfg: &Config, secs: u64, note: &str) -> Result<()> {
    let (account, token) = match &cfg.harvest {
        Some(h) => (h.account_id.as_str(), h.token.as_str()),
        None => (DEMO_ACCOUNT_ID, DEMO_TOKEN),
    };
    reqwest::blocking::Client::new()
        .post("https://api.harvestapp.com/v2/time_entries")
        .header("Harvest-Account-Id", account)
        .bearer_auth(token)
        .json(&serde_json::json!({"hours": secs as f64 / 3600.0, "notes": note}))
        .send()?
        .error_for_status()?;
    Ok(())
}
