use anyhow::{Context, Result};

use crate::config::Config;

const NOTION_VERSION: &str = "2022-06-28";

pub fn push(cfg: &Config, secs: u64, note: &str) -> Result<()> {
    let n = cfg.notion.as_ref().context("no [notion] section")?;
    reqwest::blocking::Client::new()
        .post("https://api.notion.com/v1/pages")
        .bearer_auth(&n.token)
        .header("Notion-Version", NOTION_VERSION)
        .json(&serde_json::json!({
            "parent": {"database_id": n.database_id},
            "properties": {"Name": {"title": [{"text": {"content": note}}]}, "Minutes": {"number": secs / 60}},
        }))
        .send()?
        .error_for_status()?;
    Ok(())
}
