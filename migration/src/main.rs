//! `cargo run -p migration -- [-u URL] <command>`: `up [-n N]` (the default), `down [-n N]`,
//! `status`, `fresh`, `refresh`, `reset`, `check`, `maintain`, `copy`, `backup` (see `--help`).
//!
//! With no `-u/--database-url`, no `DATABASE_URL` and no `.env`, it works on `./eatsential.db`
//! (SQLite), created if missing. A URL whose driver this build lacks is refused with the Cargo
//! feature to enable, before any connection is tried.
//!
//! What it did goes to stdout, a line per action. A failure is one line on stderr starting with
//! `error: ` and a non-zero exit: never a panic message, and never the URL or its password.
// Without a driver every URL is refused up front, leaving the error classification unused.
#![cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use cli::args::Cli;
use cli::error::{CliError, Redactor};

fn main() -> ExitCode {
    // Before parsing: clap reads DATABASE_URL from the environment, which `.env` may set.
    if let Err(message) = load_dotenv() {
        Redactor::default().report(&message);
        return ExitCode::FAILURE;
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    let redactor = Redactor::for_urls(cli.urls());
    report_panics_in_one_line(redactor.clone());
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            redactor.report(&CliError::Startup(e).to_string());
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(&cli)) {
        Ok(output) => {
            // The work is done and committed; a closed stdout cannot undo it.
            let _ = writeln!(std::io::stdout().lock(), "{}", redactor.redact(&output));
            ExitCode::SUCCESS
        }
        Err(e) => {
            // A check's findings, a line each, then the one error line.
            if let Some(report) = e.report() {
                let _ = writeln!(std::io::stdout().lock(), "{}", redactor.redact(report));
            }
            redactor.report(&e.to_string());
            ExitCode::FAILURE
        }
    }
}

/// Loads `.env` from this directory or a parent, if there is one. A file that exists but cannot
/// be read or parsed is an error: going on would quietly use another database.
fn load_dotenv() -> Result<(), String> {
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(e) if e.not_found() => Ok(()),
        // dotenvy's message quotes the line, which may hold DATABASE_URL and its password.
        Err(dotenvy::Error::LineParse(..)) => {
            Err(".env has a line that cannot be parsed (expected NAME=value)".to_owned())
        }
        Err(e) => Err(format!("cannot read .env: {e}")),
    }
}

/// `--help` and `--version` print as clap prints them; a usage mistake becomes clap's first
/// line (already `error: ...`) without the usage block below it.
fn usage(e: &clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let rendered = e.to_string();
    let first = rendered
        .lines()
        .next()
        .unwrap_or("error: invalid arguments");
    // clap quotes the argument it could not place: a URL given without `-u` would show.
    let urls: Vec<String> = std::env::args().filter(|a| a.contains("://")).collect();
    let first = Redactor::for_urls(urls.iter().map(String::as_str)).redact(first);
    let _ = writeln!(std::io::stderr().lock(), "{first} (see --help)");
    ExitCode::from(2)
}

/// A panic (a bug here or in a library) still ends as one `error:` line, not a message and a
/// backtrace hint over several lines.
fn report_panics_in_one_line(redactor: Redactor) {
    std::panic::set_hook(Box::new(move |info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        redactor.report(&format!("internal error: {what}"));
    }));
}
