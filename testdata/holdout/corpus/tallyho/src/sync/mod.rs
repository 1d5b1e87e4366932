use anyhow::{bail, Result};

use crate::config::Config;

mod harvest;
mod jira;
mod linear;
mod notion;
mod toggl;

pub fn record(cfg: &Config, duration: &str, note: &str, to: Option<&str>) -> Result<()> {
    let secs = humantime::parse_duration(duration)?.as_secs();
    let target = to.or(cfg.default_target.as_deref()).unwrap_or("harvest");
    match target.split_once(':').map(|(t, _)| t).unwrap_or(target) {
        "harvest" => harvest::push(cfg, secs, note),
        "toggl" => toggl::push(cfg, secs, note),
        "jira" => jira::push(cfg, target, secs, note),
        "linear" => linear::push(cfg, target, secs, note),
        "notion" => notion::push(cfg, secs, note),
        other => bail!("unknown target {other}"),
    }
}

pub fn push_all(_cfg: &Config, since: &str) -> Result<()> {
    eprintln!("nothing pending since {since}");
    Ok(())
}
