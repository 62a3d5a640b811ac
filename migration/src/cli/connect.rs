//! The CLI's one connection: pool options for a migration run, the connect timeout from the
//! environment, and a probe that makes a refused PostgreSQL connection fail at once.
//!
//! Why the probe: sqlx's pool treats `ConnectionRefused` while connecting as a server still
//! starting up and retries with backoff until `acquire_timeout` (`PoolInner::connect` in
//! sqlx-core 0.9), then reports only `PoolTimedOut`. A single connection opened by the driver
//! itself, outside the pool, fails at once with the real error; it is closed again and the pool
//! then connects as usual.
use std::time::Duration;

use migration::backend_for_url;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};

use super::error::CliError;
use super::failure;
use super::target::Target;

pub const TIMEOUT_VARIABLE: &str = "DATABASE_CONNECT_TIMEOUT_SECS";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// An hour: past it a connection is not coming, and sqlx adds the timeout to `Instant::now()`,
/// which overflows (a panic) for values near `u64::MAX` seconds.
const MAX_TIMEOUT_SECS: u64 = 3600;

/// How long to wait for a connection: `DATABASE_CONNECT_TIMEOUT_SECS` seconds, 10 if unset.
///
/// # Errors
/// [`CliError::Config`] naming the variable when its value is not a whole number of seconds
/// from 1 to 3600.
pub fn timeout_from(value: Option<&str>) -> Result<Duration, CliError> {
    let Some(raw) = value else {
        return Ok(DEFAULT_TIMEOUT);
    };
    match raw.trim().parse::<u64>() {
        Ok(secs) if (1..=MAX_TIMEOUT_SECS).contains(&secs) => Ok(Duration::from_secs(secs)),
        _ => Err(not_seconds(Some(raw))),
    }
}

fn not_seconds(raw: Option<&str>) -> CliError {
    let got = raw.map(|raw| format!(", got {raw:?}")).unwrap_or_default();
    CliError::Config(format!(
        "{TIMEOUT_VARIABLE} must be a whole number of seconds from 1 to {MAX_TIMEOUT_SECS}{got}"
    ))
}

/// [`timeout_from`] the process environment.
///
/// # Errors
/// As [`timeout_from`]; a value that is not Unicode is refused too.
pub fn timeout_from_env() -> Result<Duration, CliError> {
    match std::env::var(TIMEOUT_VARIABLE) {
        Ok(value) => timeout_from(Some(&value)),
        Err(std::env::VarError::NotPresent) => timeout_from(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(not_seconds(None)),
    }
}

/// Connects to `url` for a migration run, or says in one line why it cannot.
///
/// # Errors
/// [`CliError::Config`] for a URL this build cannot use, [`CliError::Connect`] otherwise.
pub async fn open(url: &str, timeout: Duration) -> Result<DatabaseConnection, CliError> {
    let backend = backend_for_url(url).map_err(|e| CliError::Config(e.to_string()))?;
    let target = Target::parse(url, backend)?;
    if backend == DbBackend::Postgres {
        probe_postgres(url, &target, timeout).await?;
    }
    Database::connect(options(url, timeout))
        .await
        .map_err(|e| CliError::Connect(failure::from_db_err(&target, &e, timeout)))
}

fn options(url: &str, timeout: Duration) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .connect_timeout(timeout)
        .acquire_timeout(timeout)
        // SQLite allows one writer: a second pooled connection would wait on the migration's
        // own transaction. One is all a migration run needs on PostgreSQL too.
        .max_connections(1)
        .sqlx_logging(false);
    // No `SET search_path` on PostgreSQL: the path is the database's (migration 22), and each
    // migration sets it for its own transaction (`migration::Atomic`) until then.
    enable_foreign_keys(&mut options);
    options
}

/// SQLite checks foreign keys only when asked to, per connection; the migrations' cascades
/// rely on them. (sqlx turns them on by default too; this does not depend on that.)
#[cfg(feature = "sqlite")]
fn enable_foreign_keys(options: &mut ConnectOptions) {
    options.map_sqlx_sqlite_opts(|o| o.foreign_keys(true));
}

#[cfg(not(feature = "sqlite"))]
fn enable_foreign_keys(_: &mut ConnectOptions) {}

/// Opens and closes one connection outside the pool (see the module comment).
#[cfg(feature = "postgres")]
async fn probe_postgres(url: &str, target: &Target, timeout: Duration) -> Result<(), CliError> {
    use sea_orm::sqlx::postgres::PgConnectOptions;
    use sea_orm::sqlx::{ConnectOptions as _, Connection as _};

    let fail = |e: &sea_orm::sqlx::Error| CliError::Connect(failure::classify(target, e, timeout));
    let options: PgConnectOptions = url.parse().map_err(|e| fail(&e))?;
    match tokio::time::timeout(timeout, options.connect()).await {
        Ok(Ok(connection)) => {
            // The probe's answer is in; how the goodbye goes does not matter.
            let _ = connection.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(fail(&e)),
        Err(_elapsed) => Err(CliError::Connect(failure::timed_out(target, timeout))),
    }
}

#[cfg(not(feature = "postgres"))]
async fn probe_postgres(_: &str, _: &Target, _: Duration) -> Result<(), CliError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeout_defaults_to_ten_seconds() {
        assert_eq!(timeout_from(None).ok(), Some(Duration::from_secs(10)));
        assert_eq!(timeout_from(Some(" 3 ")).ok(), Some(Duration::from_secs(3)));
    }

    #[test]
    fn a_bad_timeout_names_the_variable() {
        for bad in ["ten", "0", "-1", "", "3601", "18446744073709551615"] {
            match timeout_from(Some(bad)) {
                Err(CliError::Config(message)) => {
                    assert!(message.starts_with(TIMEOUT_VARIABLE), "{message}");
                    assert!(!message.contains('\n'), "{message}");
                }
                other => panic!("{bad:?}: expected a config error, got {other:?}"),
            }
        }
    }
}
