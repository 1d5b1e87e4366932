mod config;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};

const CLOUDFLARE_API_TOKEN: &str = "{{rand:40:A-Za-z0-9_-}}";
const NOTION_TOKEN: &str = "ntn_{{rand:11:digits}}{{rand:35:alnum}}";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cfg = config::Config::from_env();
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer lin_api_{{rand:40:alnum}}"));
    let client = reqwest::Client::builder().default_headers(headers).build()?;
    let _ = client
        .get("https://api.cloudflare.com/client/v4/zones")
        .bearer_auth(CLOUDFLARE_API_TOKEN)
        .send()
        .await?;
    println!("ingest started, db={}", cfg.database_url.split('@').last().unwrap_or(""));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_token_header() {
        let header = "Bearer test-token-123";
        assert!(header.starts_with("Bearer "));
    }
}
