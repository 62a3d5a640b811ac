//! Partition maintenance of the tables partitioned by month (`catalog::tables::PARTITIONED_BY_MONTH`).
use serde::Serialize;
use std::fmt;

use catalog::tables::{PARTITIONED_BY_MONTH, Tbl};
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, Table};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, FromQueryResult, TransactionTrait};

use super::sql;
use crate::advisory::{self, Hash};
use crate::input::dates;
use crate::{Error, Result};

/// Rows deleted per statement when retention runs on SQLite, so that the write lock is held
/// briefly and the application's writers get their turn between batches.
const SQLITE_DELETE_BATCH: u32 = 5_000;

/// What [`maintain`] does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Maintenance {
    /// Months to make ahead of the current one (PostgreSQL): 3 makes this month and the next
    /// three.
    pub months_ahead: u32,
    /// Keep the current month and this many before it; older months are dropped (PostgreSQL)
    /// or their rows deleted in batches (SQLite). `None` keeps everything.
    pub retain_months: Option<u32>,
    /// The day maintenance counts from (UTC): today unless a test says otherwise.
    pub today: NaiveDate,
}

impl Default for Maintenance {
    fn default() -> Self {
        Self {
            months_ahead: 3,
            retain_months: None,
            today: Utc::now().date_naive(),
        }
    }
}

/// What maintenance did to one table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TableMaintenance {
    pub table: &'static str,
    /// Month partitions made (`<table>_YYYY_MM`).
    pub created: Vec<String>,
    /// Month partitions dropped by retention.
    pub dropped: Vec<String>,
    /// Rows deleted by retention outside dropped partitions (the DEFAULT partition; every row
    /// on SQLite).
    pub rows_deleted: u64,
}

/// What [`maintain`] did, table by table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MaintenanceReport {
    pub tables: Vec<TableMaintenance>,
}

impl MaintenanceReport {
    /// Whether the run changed nothing (a second run on the same day).
    pub fn changed_nothing(&self) -> bool {
        self.tables
            .iter()
            .all(|t| t.created.is_empty() && t.dropped.is_empty() && t.rows_deleted == 0)
    }
}

impl fmt::Display for MaintenanceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for t in &self.tables {
            if !first {
                writeln!(f)?;
            }
            first = false;
            let list = |v: &[String]| {
                if v.is_empty() {
                    "none".to_owned()
                } else {
                    v.join(", ")
                }
            };
            write!(
                f,
                "{}: created {}; dropped {}; {} old rows deleted",
                t.table,
                list(&t.created),
                list(&t.dropped),
                t.rows_deleted
            )?;
        }
        Ok(())
    }
}

/// The first day of the month `offset` months after the month of `day` (negative: before).
fn month_start(day: NaiveDate, offset: i32) -> NaiveDate {
    let index = day.year() * 12 + day.month0() as i32 + offset;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(NaiveDate::MIN)
}

/// Makes the months ahead and applies retention on every table partitioned by month. Safe to
/// run at any time and from several processes at once: on PostgreSQL each table is done in one
/// transaction under an advisory lock, making a month that exists does nothing, and the rows
/// that landed in the DEFAULT partition for a month being made are moved into it. A second
/// run on the same day changes nothing ([`MaintenanceReport::changed_nothing`]).
///
/// On SQLite there are no partitions: only retention does anything, deleting rows older than
/// the kept months in batches of 5,000, each its own transaction.
///
/// Run it as the role that owns the tables (the migrating role): making and dropping
/// partitions needs the owner.
///
/// # Errors
/// [`Error::Validation`] for `today` outside [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`],
/// `months_ahead` over 120 or reaching past the last storable month; [`Error::Db`] if the
/// database fails.
#[crate::traced("operations::maintain")]
pub async fn maintain(db: &DatabaseConnection, options: &Maintenance) -> Result<MaintenanceReport> {
    dates::check_date("today", options.today)?;
    if options.months_ahead > 120 {
        return Err(Error::invalid("months_ahead", "must be at most 120"));
    }
    // The last month made must hold storable rows: no partition for year 10000.
    if month_start(options.today, options.months_ahead as i32) > dates::LATEST_DATE {
        return Err(Error::invalid(
            "months_ahead",
            format!("reaches past {}", dates::LATEST_DATE),
        ));
    }
    // Nothing is stored before the first storable day: a cutoff earlier than it keeps all, as
    // it does.
    let cutoff = options
        .retain_months
        .map(|m| month_start(options.today, -(Ord::min(m, 12_000) as i32)))
        .map(|month| Ord::max(month, dates::EARLIEST_DATE));
    let mut report = MaintenanceReport::default();
    for (table, column) in PARTITIONED_BY_MONTH {
        let done = match db.get_database_backend() {
            DbBackend::Postgres => postgres_table(db, table, column, options, cutoff).await?,
            _ => sqlite_table(db, table, column, cutoff).await?,
        };
        report.tables.push(done);
    }
    Ok(report)
}

async fn postgres_table(
    db: &DatabaseConnection,
    table: Tbl,
    column: &str,
    options: &Maintenance,
    cutoff: Option<NaiveDate>,
) -> Result<TableMaintenance> {
    let backend = DbBackend::Postgres;
    let qualified = format!("{}.{}", table.schema, table.name);
    let mut done = TableMaintenance {
        table: table.name,
        ..TableMaintenance::default()
    };
    let txn = db.begin().await?;
    // One maintenance at a time: a second run waits here, then finds the months made. The
    // lock is the one `audit.create_monthly_partition` takes, so a direct call of it waits too.
    let lock = advisory::xact_lock(Hash::Text, "eatsential.partition_maintenance");
    txn.execute(&lock).await?;
    for offset in 0..=options.months_ahead as i32 {
        let month = month_start(options.today, offset);
        let create = Func::cust("audit.create_monthly_partition")
            .arg(Expr::val(qualified.clone()).cast_as("regclass"))
            .arg(month);
        let made = Made::find_by_statement(
            backend.build(&Query::select().expr_as(create, "created").to_owned()),
        )
        .one(&txn)
        .await?;
        if made.is_some_and(|m| m.created) {
            done.created.push(format!(
                "{}_{:04}_{:02}",
                table.name,
                month.year(),
                month.month()
            ));
        }
    }
    if let Some(cutoff) = cutoff {
        let children = Partition::find_by_statement(sql::pg_partitions(&qualified))
            .all(&txn)
            .await?;
        for Partition { name } in children {
            let Some(month) = partition_month(table, &name) else {
                continue;
            };
            if month < cutoff {
                txn.execute(
                    &Table::drop()
                        .table((Alias::new(table.schema), Alias::new(&name)))
                        .to_owned(),
                )
                .await?;
                done.dropped.push(name);
            }
        }
        let default = format!("{}_default", table.name);
        let older = Query::delete()
            .from_table((Alias::new(table.schema), Alias::new(default)))
            .and_where(Expr::col(Alias::new(column)).lt(utc_midnight(cutoff)))
            .to_owned();
        let deleted = txn.execute(&older).await?;
        done.rows_deleted = deleted.rows_affected();
    }
    txn.commit().await?;
    Ok(done)
}

/// What `audit.create_monthly_partition` answers: whether it made the partition.
#[derive(FromQueryResult)]
struct Made {
    created: bool,
}

/// A partition of a table, by name.
#[derive(FromQueryResult)]
struct Partition {
    name: String,
}

/// The month of a partition named `<table>_YYYY_MM`.
fn partition_month(table: Tbl, name: &str) -> Option<NaiveDate> {
    let suffix = name.strip_prefix(table.name)?.strip_prefix('_')?;
    let (year, month) = suffix.split_once('_')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

fn utc_midnight(day: NaiveDate) -> chrono::DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

async fn sqlite_table(
    db: &DatabaseConnection,
    table: Tbl,
    column: &str,
    cutoff: Option<NaiveDate>,
) -> Result<TableMaintenance> {
    let mut done = TableMaintenance {
        table: table.name,
        ..TableMaintenance::default()
    };
    let Some(cutoff) = cutoff else {
        return Ok(done);
    };
    // The stored text form orders as time does (DESIGN.md P2): compare with the same form.
    let bound = format!("{}T00:00:00+00:00", cutoff.format("%Y-%m-%d"));
    let batch = Query::select()
        .column("rowid")
        .from(table.name)
        .and_where(Expr::col(Alias::new(column)).lt(bound))
        .limit(u64::from(SQLITE_DELETE_BATCH))
        .to_owned();
    let older = Query::delete()
        .from_table(table.name)
        .and_where(Expr::col("rowid").in_subquery(batch))
        .to_owned();
    loop {
        let deleted = db.execute(&older).await?.rows_affected();
        done.rows_deleted += deleted;
        if deleted < u64::from(SQLITE_DELETE_BATCH) {
            return Ok(done);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_across_years() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            month_start(d, 0),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        );
        assert_eq!(
            month_start(d, 2),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        assert_eq!(
            month_start(d, -11),
            NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()
        );
        assert_eq!(
            month_start(d, -23),
            NaiveDate::from_ymd_opt(2024, 12, 1).unwrap()
        );
    }

    #[test]
    fn partition_names_give_their_month() {
        let t = Tbl::new("public", "api_requests");
        assert_eq!(
            partition_month(t, "api_requests_2026_02"),
            NaiveDate::from_ymd_opt(2026, 2, 1)
        );
        assert_eq!(partition_month(t, "api_requests_default"), None);
        assert_eq!(partition_month(t, "api_requests_2026_13"), None);
    }
}
