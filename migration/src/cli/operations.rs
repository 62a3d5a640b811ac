//! `maintain`, `backup`, `copy`, `check` and `monitor`: what operators run
//! (`service::operations`, `migration::operator::copy`, `migration::operator::orphans`).
use std::time::Duration;

use migration::operator::copy::{self, CopyOptions};
use migration::operator::orphans;
use sea_orm::{DatabaseConnection, DbBackend};
use service::operations::{self, Maintenance};

use super::args::{BackupArgs, CopyArgs, MaintainArgs, MonitorArgs};
use super::connect;
use super::error::CliError;

fn service_error(doing: &'static str) -> impl FnOnce(service::Error) -> CliError {
    move |e| match e {
        service::Error::Db(source) => CliError::Db { doing, source },
        other => CliError::Config(format!("{doing}: {other}")),
    }
}

/// Makes the months ahead and applies retention; one line per table.
pub async fn maintain(db: &DatabaseConnection, args: &MaintainArgs) -> Result<String, CliError> {
    let options = Maintenance {
        months_ahead: args.months_ahead,
        retain_months: args.retain_months,
        ..Maintenance::default()
    };
    let report = operations::maintain(db, &options)
        .await
        .map_err(service_error("maintaining the log tables"))?;
    Ok(report.to_string())
}

/// Writes an online backup of the SQLite database and prints its path.
pub async fn backup(db: &DatabaseConnection, args: &BackupArgs) -> Result<String, CliError> {
    let path = operations::backup_sqlite(db, &args.to)
        .await
        .map_err(service_error("backing up"))?;
    Ok(format!("backed up to {}", path.display()))
}

/// Prints the monitoring views (`service::operations::monitor`: every backend difference is
/// there).
pub async fn monitor(db: &DatabaseConnection, args: &MonitorArgs) -> Result<String, CliError> {
    let report = operations::monitor(db, args.top)
        .await
        .map_err(service_error("reading the monitoring views"))?;
    Ok(report.to_string())
}

/// Rows named one by one by `check` (the counts per foreign key cover every row).
const CHECK_SHOWN: usize = 20;

/// Finds rows whose parent does not exist; fails, listing them, when there are any.
pub async fn check(db: &DatabaseConnection) -> Result<String, CliError> {
    let found = orphans::find(db, CHECK_SHOWN)
        .await
        .map_err(CliError::db("checking the foreign keys"))?;
    if found.is_empty() {
        return Ok(found.to_string());
    }
    let how = if db.get_database_backend() == DbBackend::Postgres {
        "written while foreign-key triggers were off (session_replication_role = replica, as \
         `copy` writes)"
    } else {
        "written by a client with foreign keys off (PRAGMA foreign_keys)"
    };
    Err(CliError::Found {
        report: found.to_string(),
        summary: format!("{} (listed above), {how}", found.summary()),
    })
}

/// Copies (or with `--verify-only` compares) `--from` into `--to`; fails when a table differs.
pub async fn copy(args: &CopyArgs, timeout: Duration) -> Result<String, CliError> {
    let source = connect::open(&args.from, timeout).await?;
    let target = connect::open(&args.to, timeout).await?;
    let result = if args.verify_only {
        copy::verify(&source, &target).await
    } else {
        let options = CopyOptions {
            batch_rows: args.batch,
            one_transaction: !args.per_table,
            progress: true,
        };
        copy::copy(&source, &target, &options).await
    };
    let _ = source.close().await;
    let _ = target.close().await;
    let report = result.map_err(|e| CliError::Config(format!("copy: {e}")))?;
    if report.verified() {
        Ok(report.to_string())
    } else {
        Err(CliError::Config(format!(
            "copy: the target differs from the source:\n{report}"
        )))
    }
}
