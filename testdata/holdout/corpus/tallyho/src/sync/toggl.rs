use anyhow::{Context, Result};
use base64::Engine;

use crate::config::Config;

pub fn push(cfg: &Config, secs: u64, note: &str) -> Result<()> {
    let t = cfg.toggl.as_ref().context("no [toggl] section")?;
    // Toggl wants basic auth with the literal password "api_token"
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{}:api_token", t.api_token));
    reqwest::blocking::Client::new()
        .post(format!("https://api.track.toggl.com/api/v9/workspaces/{}/time_entries", t.workspace_id))
        .header("Authorization", format!("Basic {basic}"))
        .json(&serde_json::json!({"duration": secs, "description": note, "created_with": "tallyho"}))
        .send()?
        .error_for_status()?;
    Ok(())
}
