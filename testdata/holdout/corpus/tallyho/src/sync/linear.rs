use anyhow::{Context, Result};

use crate::config::Config;

pub fn push(cfg: &Config, target: &str, secs: u64, note: &str) -> Result<()> {
    let key = cfg.linear.as_ref().map(|l| l.api_key.as_str()).context("no [linear] section")?;
    let issue = target.trim_start_matches("linear:");
    let body = serde_json::json!({
        "query": "mutation($id: String!, $body: String!) { commentCreate(input: {issueId: $id, body: $body}) { success } }",
        "variables": {"id": issue, "body": format!("⏱ {}m – {}", secs / 60, note)},
    });
    reqwest::blocking::Client::new()
        .post("https://api.linear.app/graphql")
        .header("Authorization", key)
        .json(&body)
        .send()?
        .error_for_status()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    // real key from the tallyho-test workspace, only has access to the TEST team
    const TEST_KEY: &str = "lin_api_{{rand:40:alnum}}";

    #[test]
    #[ignore]
    fn live_comment() {
        std::env::set_var("TALLYHO_LINEAR_KEY", TEST_KEY);
    }
}
