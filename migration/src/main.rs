//! `cargo run -p migration -- <up|down|status|fresh|refresh|reset>`.
//!
//! With no `-u/--database-url`, no `DATABASE_URL` and no `.env`, it works on `./eatsential.db`
//! (SQLite), created if missing. A URL whose driver this build lacks is refused with the Cargo
//! feature to enable, before any connection is tried.
use std::process::ExitCode;

use migration::{DEFAULT_DATABASE_URL, Migrator, backend_for_url};
use sea_orm_migration::cli::run_cli;

/// The URL given with `-u URL`, `--database-url URL` or `--database-url=URL`, if any.
fn url_from_args() -> Option<String> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "-u" || arg == "--database-url" {
            return args.next();
        }
        if let Some(url) = arg.strip_prefix("--database-url=") {
            return Some(url.to_owned());
        }
    }
    None
}

fn main() -> ExitCode {
    dotenvy::dotenv().ok();
    let url = match url_from_args().or_else(|| std::env::var("DATABASE_URL").ok()) {
        Some(url) => url,
        None => {
            // SAFETY: no other thread exists yet; the runtime is started below.
            unsafe { std::env::set_var("DATABASE_URL", DEFAULT_DATABASE_URL) };
            DEFAULT_DATABASE_URL.to_owned()
        }
    };
    if let Err(unsupported) = backend_for_url(&url) {
        eprintln!("error: {unsupported}");
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run_cli(Migrator));
    ExitCode::SUCCESS
}
