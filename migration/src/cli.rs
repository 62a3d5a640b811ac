//! The `migration` command line: arguments, connection, commands and how they fail.
//!
//! [`run`] gives each subcommand its arm. Every subcommand so far works on the one `-u`
//! database, opened before the match; one that connects elsewhere (`copy --from URL --to URL`)
//! is matched and returned before that.
pub mod args;
pub mod connect;
pub mod error;
pub mod failure;
pub mod inventory;
pub mod migrate;
pub mod operations;
pub mod target;

use args::{Cli, Command};
use error::CliError;

/// Runs the subcommand `cli` names and returns what to print on stdout.
///
/// # Errors
/// A [`CliError`] whose `Display` is the one line to print.
pub async fn run(cli: &Cli) -> Result<String, CliError> {
    let timeout = connect::timeout_from_env()?;
    let command = cli.subcommand();
    if let Command::Copy(args) = &command {
        return operations::copy(args, timeout).await;
    }
    let db = connect::open(&cli.database_url, timeout).await?;
    let result = match command {
        Command::Up(up) => migrate::up(&db, up.num).await,
        Command::Down(down) => migrate::down(&db, down.num).await,
        Command::Status => migrate::status(&db).await,
        Command::Fresh => migrate::fresh(&db).await,
        Command::Refresh => migrate::refresh(&db).await,
        Command::Reset => migrate::reset(&db).await,
        Command::Maintain(args) => operations::maintain(&db, &args).await,
        Command::Backup(args) => operations::backup(&db, &args).await,
        Command::Check => operations::check(&db).await,
        Command::Monitor(args) => operations::monitor(&db, &args).await,
        Command::Copy(_) => Err(CliError::Config("copy is matched above".to_owned())),
    };
    // Every step commits its own work; a failed goodbye changes nothing worth reporting.
    let _ = db.close().await;
    result
}

/// `1 migration`, `6 migrations`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
