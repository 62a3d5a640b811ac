//! `maintain`, `backup` and `copy`: what operators run (`service::operations`,
//! `migration::copy`).
use std::time::Duration;

use migration::copy::{self, CopyOptions};
use sea_orm::DatabaseConnection;
use service::operations::{self, Maintenance};

use super::args::{BackupArgs, CopyArgs, MaintainArgs};
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
