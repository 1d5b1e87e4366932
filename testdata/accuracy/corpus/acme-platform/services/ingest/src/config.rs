use std::env;

pub struct Config {
    pub database_url: String,
    pub kafka_password: String,
    pub databricks_token: String,
}

const DEFAULT_DB: &str = "postgres://ingest:Summer{{rand:4:digits}}{{rand:4:alnum}}@ingest-db.internal:5432/events";
const KAFKA_SASL_PASSWORD: &str = "{{rand:64:base64}}";
const DATABRICKS_TOKEN: &str = "dapi{{rand:32:hex}}";
const PLANETSCALE_TOKEN: &str = "pscale_tkn_{{rand:43:A-Za-z0-9_-}}";
const PASSWORD_ENV: &str = "KAFKA_SASL_PASSWORD";

impl Config {
    pub fn from_env() -> Self {
        Config {
            database_url: env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DB.to_string()),
            kafka_password: env::var(PASSWORD_ENV).unwrap_or_else(|_| KAFKA_SASL_PASSWORD.into()),
            databricks_token: env::var("DATABRICKS_TOKEN").unwrap_or_default(),
        }
    }
}
