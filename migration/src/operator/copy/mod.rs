//! Copies a migrated SQLite database into a migrated, otherwise empty PostgreSQL database, and
//! verifies the copy (`docs/DESIGN.md` D37).
//!
//! Nothing here names a table: the tables, their columns and types, and the order of their
//! foreign keys are read from the target's catalog, so a table added by a later migration is
//! copied without a change here. Each column is converted from its SQLite stand-in to its
//! PostgreSQL type by that type (DESIGN P1-P9): 16-byte blobs to `uuid`, canonical text to
//! `timestamptz` and `date`, REAL to `numeric` at the column's scale (through the shortest
//! decimal text of the double, exact for the 15 digits the stand-in CHECK allows), 0/1 to
//! `boolean`, JSON text to `jsonb` and, for lists, to `text[]`. A type this module does not know
//! travels as text and is cast by PostgreSQL.
//!
//! What makes the copy safe to run:
//! - the two databases must be at the same migration (`seaql_migrations`), else it refuses;
//! - the target must hold nothing but what the migrations insert: a table the migrations leave
//!   empty must be empty, and a reference table (allergens, diets: fixed ids, DESIGN P10) must
//!   hold no more rows than a freshly migrated database has. So a second run, or a target in
//!   use, is refused before anything is written. Reference rows are replaced by the source's,
//!   so the target ends up equal to the source;
//! - the source must hold no row whose parent does not exist ([`super::orphans`]): SQLite
//!   checks foreign keys only on connections that turn them on, and a client that leaves them
//!   off (the `sqlite3` shell, Python's `sqlite3`) can leave such rows; it refuses, naming them;
//! - it writes with `session_replication_role = replica` (transaction-local), which keeps
//!   triggers from rewriting what is copied (`updated_at`, audit rows, aggregates arrive as
//!   they were) and also turns off the foreign-key triggers; tables still go parents first.
//!   Since nothing PostgreSQL does later would report a row written that way, every foreign
//!   key of the target's catalog is proved before COMMIT ([`super::orphans::prove`]) and a
//!   broken one rolls the copy back;
//! - the tables PostgreSQL derives from others by triggers
//!   ([`catalog::tables::DERIVED_ON_POSTGRES`], which a SQLite file does not have) are left
//!   out, and refilled from the copied rows by their own function before the copy commits;
//! - afterwards each table is read back on both sides through the same typed decoding into one
//!   canonical text per row, and compared: row counts and a SHA-256 over the sorted row
//!   digests ([`verify`], also run alone to check a target later).
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::{IsTerminal, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::ArrayType;
use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, QueryResult, Statement,
    TransactionTrait, Value,
};
use sha2::{Digest, Sha256};

use super::orphans::{self, ForeignKey, Orphans};
use crate::{Migrator, MigratorTrait};
use catalog::tables::DERIVED_ON_POSTGRES;

mod cells;
mod plan;
mod verify;
mod write;

use cells::*;
use plan::*;
use verify::*;
pub use verify::{TableRows, read_both, verify};
use write::*;

/// How [`copy`] writes.
#[derive(Clone, Debug)]
pub struct CopyOptions {
    /// Rows per INSERT (fewer when a table has many columns: PostgreSQL takes 65,535
    /// parameters per statement).
    pub batch_rows: usize,
    /// One transaction for everything (the default: all or nothing), or one per table.
    pub one_transaction: bool,
    /// Progress on stderr, only when stderr is a terminal.
    pub progress: bool,
}

impl Default for CopyOptions {
    fn default() -> Self {
        Self {
            batch_rows: 1_000,
            one_transaction: true,
            progress: true,
        }
    }
}

/// Why a copy did not happen or failed.
#[derive(Debug)]
pub enum CopyError {
    /// The databases are not fit for a copy (different migrations, a non-empty target, a
    /// table or column missing on one side); nothing was written.
    Refused(String),
    /// The source holds rows whose parent does not exist (written by a client with foreign
    /// keys off); nothing was written.
    Orphans(Orphans),
    /// After writing, PostgreSQL held rows whose parent does not exist (a foreign key the
    /// target has and the source lacks); `rolled_back` says what was undone.
    BrokenKeys {
        rolled_back: String,
        orphans: Orphans,
    },
    /// A value that cannot become its PostgreSQL type.
    Value {
        table: String,
        column: String,
        reason: String,
    },
    /// The database failed while `doing` something.
    Db { doing: String, source: DbErr },
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused(why) => write!(f, "refused: {why}"),
            Self::Orphans(orphans) => write!(
                f,
                "refused: the source holds rows whose parent does not exist (written by a client \
                 with foreign keys off; `migration check` lists them); nothing was written; {}",
                orphans.one_line()
            ),
            Self::BrokenKeys {
                rolled_back,
                orphans,
            } => write!(
                f,
                "foreign keys do not hold on the target after writing, so {rolled_back} was \
                 rolled back; {}",
                orphans.one_line()
            ),
            Self::Value {
                table,
                column,
                reason,
            } => write!(f, "{table}.{column}: {reason}"),
            Self::Db { doing, source } => write!(f, "{doing} failed: {source}"),
        }
    }
}

impl std::error::Error for CopyError {}

fn db_err(doing: impl Into<String>) -> impl FnOnce(DbErr) -> CopyError {
    let doing = doing.into();
    move |source| CopyError::Db { doing, source }
}

/// One table's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableReport {
    /// `schema.table` on PostgreSQL.
    pub table: String,
    /// Rows written by this run (0 for [`verify`]).
    pub copied: u64,
    pub source_rows: u64,
    pub target_rows: u64,
    pub source_checksum: String,
    pub target_checksum: String,
}

impl TableReport {
    pub fn matches(&self) -> bool {
        self.source_rows == self.target_rows && self.source_checksum == self.target_checksum
    }
}

/// Every table's result, in the order they were copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<TableReport>,
    /// SQLite tables with no PostgreSQL counterpart (SQLite-only bookkeeping such as
    /// `audit_context`, or an R*Tree index's tables), with their row counts: not copied.
    pub sqlite_only: Vec<(String, u64)>,
}

impl CopyReport {
    /// Whether every table has the same rows on both sides.
    pub fn verified(&self) -> bool {
        self.tables.iter().all(TableReport::matches)
    }

    /// The tables whose rows differ.
    pub fn mismatched(&self) -> Vec<&TableReport> {
        self.tables.iter().filter(|t| !t.matches()).collect()
    }
}

impl fmt::Display for CopyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.tables {
            let verdict = if t.matches() { "ok" } else { "MISMATCH" };
            writeln!(
                f,
                "{verdict:8} {:40} copied {:>8}  rows {:>8} / {:<8} checksum {} / {}",
                t.table,
                t.copied,
                t.source_rows,
                t.target_rows,
                &t.source_checksum[..12.min(t.source_checksum.len())],
                &t.target_checksum[..12.min(t.target_checksum.len())],
            )?;
        }
        for (table, rows) in &self.sqlite_only {
            writeln!(f, "skipped  {table:40} SQLite only ({rows} rows)")?;
        }
        let bad = self.mismatched().len();
        if bad == 0 {
            write!(
                f,
                "verified {} tables: row counts and checksums match",
                self.tables.len()
            )
        } else {
            write!(f, "{bad} of {} tables differ", self.tables.len())
        }
    }
}

fn check_backends(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> Result<(), CopyError> {
    if source.get_database_backend() != DbBackend::Sqlite {
        return Err(CopyError::Refused(
            "the source must be a SQLite database".to_owned(),
        ));
    }
    if target.get_database_backend() != DbBackend::Postgres {
        return Err(CopyError::Refused(
            "the target must be a PostgreSQL database".to_owned(),
        ));
    }
    Ok(())
}

async fn same_migrations(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> Result<(), CopyError> {
    let (from, to) = (
        migration_versions(source).await?,
        migration_versions(target).await?,
    );
    if from != to {
        return Err(CopyError::Refused(format!(
            "the databases are at different migrations (source: {}, target: {}); run `migration up` on both",
            from.last().map_or("none", String::as_str),
            to.last().map_or("none", String::as_str)
        )));
    }
    Ok(())
}

async fn count(db: &impl ConnectionTrait, sql: String) -> Result<u64, CopyError> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            sql.clone(),
        ))
        .await
        .map_err(db_err(format!("counting: {sql}")))?;
    let n: i64 = row
        .map(|r| r.try_get_by_index(0))
        .transpose()
        .map_err(db_err("counting"))?
        .unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Refills each table PostgreSQL derives from the copied ones, by its own function.
async fn rebuild_derived(txn: &impl ConnectionTrait) -> Result<(), CopyError> {
    for (table, rebuild) in DERIVED_ON_POSTGRES {
        txn.execute_unprepared(&format!("SELECT {rebuild}"))
            .await
            .map_err(db_err(format!("refilling {}", table.name)))?;
    }
    Ok(())
}

/// Copies every table of the SQLite `source` into the PostgreSQL `target`, then verifies the
/// copy table by table. Both must be at the same migration, and the target must hold nothing
/// but what the migrations insert; otherwise it refuses before writing anything.
///
/// The report says per table how many rows were copied and whether counts and checksums
/// match ([`CopyReport::verified`]).
///
/// Needs a target role that may set `session_replication_role` (a superuser; on RDS the
/// master user, a member of `rds_superuser`).
///
/// # Errors
/// [`CopyError::Refused`] before anything is written, and [`CopyError::Orphans`] when the
/// source holds rows whose parent does not exist; [`CopyError::BrokenKeys`] when, after
/// writing, a foreign key of the target does not hold (that transaction is rolled back);
/// [`CopyError::Value`] for a value that does not convert; [`CopyError::Db`] if a database
/// fails (with one transaction, nothing stays written).
pub async fn copy(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
    options: &CopyOptions,
) -> Result<CopyReport, CopyError> {
    check_backends(source, target)?;
    same_migrations(source, target).await?;
    let plan = plan(source, target).await?;
    let reference = reference_counts(&plan).await?;
    for table in &plan.tables {
        let held = count(target, format!("SELECT COUNT(*) FROM {}", table.pg())).await?;
        let fresh = reference.get(&table.name).copied().unwrap_or(0);
        if held > fresh {
            return Err(CopyError::Refused(format!(
                "the target is not empty: {} holds {held} rows where a freshly migrated database holds {fresh} \
                 (copied already? start from `migration fresh` on the target)",
                table.qualified()
            )));
        }
    }
    let orphans = orphans::in_sqlite(source, orphans::SHOWN)
        .await
        .map_err(db_err("checking the source's foreign keys"))?;
    if !orphans.is_empty() {
        return Err(CopyError::Orphans(orphans));
    }
    let keys = orphans::postgres_keys(target)
        .await
        .map_err(db_err("listing the target's foreign keys"))?;
    let progress = Progress::new(options.progress);
    let mut copied: Vec<u64> = Vec::new();
    if options.one_transaction {
        let txn = target.begin().await.map_err(db_err("starting the copy"))?;
        replica(&txn).await?;
        for table in &plan.tables {
            copied.push(copy_table(source, &txn, table, options, &progress).await?);
        }
        rebuild_derived(&txn).await?;
        prove_keys(txn, &keys, "the whole copy")
            .await?
            .commit()
            .await
            .map_err(db_err("committing the copy"))?;
    } else {
        let due = keys_due(&plan, &keys);
        for (i, table) in plan.tables.iter().enumerate() {
            let txn = target.begin().await.map_err(db_err("starting the copy"))?;
            replica(&txn).await?;
            copied.push(copy_table(source, &txn, table, options, &progress).await?);
            let undone = format!(
                "{} (the tables before it were committed: start again from `migration fresh` \
                 on the target)",
                table.qualified()
            );
            prove_keys(txn, &due[i], &undone)
                .await?
                .commit()
                .await
                .map_err(db_err(format!("committing {}", table.qualified())))?;
        }
    }
    if !options.one_transaction {
        let txn = target.begin().await.map_err(db_err("starting the copy"))?;
        rebuild_derived(&txn).await?;
        txn.commit()
            .await
            .map_err(db_err("committing the derived tables"))?;
    }
    progress.finish();
    let mut report = verify_plan(source, target, &plan).await?;
    for (t, n) in report.tables.iter_mut().zip(copied) {
        t.copied = n;
    }
    Ok(report)
}
