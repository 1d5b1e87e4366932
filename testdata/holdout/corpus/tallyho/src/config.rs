use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize, Default)]
pub struct Config {
    pub default_target: Option<String>,
    pub harvest: Option<Harvest>,
    pub toggl: Option<Toggl>,
    pub jira: Option<Jira>,
    pub linear: Option<Linear>,
    pub notion: Option<Notion>,
}

#[derive(Debug, Deserialize)]
pub struct Harvest { pub account_id: String, pub token: String }
#[derive(Debug, Deserialize)]
pub struct Toggl { pub workspace_id: u64, pub api_token: String }
#[derive(Debug, Deserialize)]
pub struct Jira { pub site: String, pub email: String, pub token: String }
#[derive(Debug, Deserialize)]
pub struct Linear { pub api_key: String }
#[derive(Debug, Deserialize)]
pub struct Notion { pub token: String, pub database_id: String }

pub fn load(path: Option<&Path>) -> Result<Config> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => dirs::config_dir().context("no config dir")?.join("tallyho/config.toml"),
    };
    let raw = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut cfg: Config = toml::from_str(&raw)?;
    if let (Some(h), Ok(t)) = (cfg.harvest.as_mut(), std::env::var("TALLYHO_HARVEST_TOKEN")) {
        h.token = t;
    }
    Ok(cfg)
}
