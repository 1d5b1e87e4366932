use anyhow::Result;
use clap::{Parser, Subcommand};

mod config;
mod sync;
mod telemetry;

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Path to config file
    #[arg(long, env = "TALLYHO_CONFIG")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Record a time entry locally
    Log { duration: String, note: String, #[arg(long)] to: Option<String> },
    /// Push pending entries
    Sync { #[arg(long, default_value = "today")] since: String },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let cfg = config::load(cli.config.as_deref())?;
    telemetry::ping(&cfg);
    match cli.cmd {
        Cmd::Log { duration, note, to } => sync::record(&cfg, &duration, &note, to.as_deref()),
        Cmd::Sync { since } => sync::push_all(&cfg, &since),
    }
}
