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
//! - the source must hold no row whose parent does not exist ([`crate::orphans`]): SQLite
//!   checks foreign keys only on connections that turn them on, and a client that leaves them
//!   off (the `sqlite3` shell, Python's `sqlite3`) can leave such rows; it refuses, naming them;
//! - it writes with `session_replication_role = replica` (transaction-local), which keeps
//!   triggers from rewriting what is copied (`updated_at`, audit rows, aggregates arrive as
//!   they were) and also turns off the foreign-key triggers; tables still go parents first.
//!   Since nothing PostgreSQL does later would report a row written that way, every foreign
//!   key of the target's catalog is proved before COMMIT ([`crate::orphans::prove`]) and a
//!   broken one rolls the copy back;
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

use crate::orphans::{self, ForeignKey, Orphans};
use crate::{Migrator, MigratorTrait};

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

/// A column's PostgreSQL type, as far as the conversion cares.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Uuid,
    Timestamptz,
    Date,
    Numeric(Option<u32>),
    SmallInt,
    Int,
    BigInt,
    Bool,
    Text,
    Json,
    TextArray,
    Float,
    Bytes,
    /// Anything else, by its `format_type` (`point`, `interval`, ...): text both ways.
    Other(String),
}

impl Kind {
    fn from_catalog(typname: &str, format: &str, scale: Option<i32>) -> Self {
        match typname {
            "uuid" => Self::Uuid,
            "timestamptz" => Self::Timestamptz,
            "date" => Self::Date,
            "numeric" => Self::Numeric(scale.and_then(|s| u32::try_from(s).ok())),
            "int2" => Self::SmallInt,
            "int4" => Self::Int,
            "int8" => Self::BigInt,
            "bool" => Self::Bool,
            "text" | "varchar" | "bpchar" | "name" | "citext" => Self::Text,
            "json" | "jsonb" => Self::Json,
            "_text" | "_varchar" => Self::TextArray,
            "float4" | "float8" => Self::Float,
            "bytea" => Self::Bytes,
            _ => Self::Other(format.to_owned()),
        }
    }
}

#[derive(Clone, Debug)]
struct Column {
    name: String,
    kind: Kind,
}

/// A table to copy: its PostgreSQL schema and name (the SQLite table has the name alone).
#[derive(Clone, Debug)]
struct Table {
    schema: String,
    name: String,
    columns: Vec<Column>,
    /// SQLite: a `WITHOUT ROWID` table, read in one page (the others page by rowid).
    without_rowid: bool,
}

impl Table {
    fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    fn pg(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The plan: the target's tables, parents before children, and SQLite-only tables.
struct Plan {
    tables: Vec<Table>,
    sqlite_only: Vec<String>,
}

const MIGRATIONS_TABLE: &str = "seaql_migrations";
/// SQLite tables that are SQLite's own (`sqlite_sequence`, `sqlite_stat1`).
fn is_sqlite_internal(name: &str) -> bool {
    name.starts_with("sqlite_") || name == MIGRATIONS_TABLE
}

async fn migration_versions(db: &DatabaseConnection) -> Result<Vec<String>, CopyError> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT version FROM {MIGRATIONS_TABLE} ORDER BY version"),
        ))
        .await
        .map_err(db_err("reading the applied migrations"))?;
    rows.iter()
        .map(|r| r.try_get::<String>("", "version"))
        .collect::<Result<_, _>>()
        .map_err(db_err("reading the applied migrations"))
}

async fn plan(source: &DatabaseConnection, target: &DatabaseConnection) -> Result<Plan, CopyError> {
    let pg = DbBackend::Postgres;
    let tables = target
        .query_all_raw(Statement::from_string(
            pg,
            "SELECT c.oid::bigint AS oid, n.nspname::text AS schema, c.relname::text AS name \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition \
               AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' \
               AND c.relname <> 'seaql_migrations' \
             ORDER BY n.nspname, c.relname",
        ))
        .await
        .map_err(db_err("listing the target's tables"))?;
    let columns = target
        .query_all_raw(Statement::from_string(
            pg,
            "SELECT a.attrelid::bigint AS oid, a.attname::text AS name, t.typname::text AS typname, \
                    format_type(a.atttypid, a.atttypmod) AS format, \
                    CASE WHEN a.atttypid = 'numeric'::regtype AND a.atttypmod > 0 \
                         THEN ((a.atttypmod - 4) & 65535) END AS scale \
             FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
             WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' \
             ORDER BY a.attrelid, a.attnum",
        ))
        .await
        .map_err(db_err("listing the target's columns"))?;
    let edges = target
        .query_all_raw(Statement::from_string(
            pg,
            "SELECT DISTINCT conrelid::bigint AS child, confrelid::bigint AS parent \
             FROM pg_constraint WHERE contype = 'f' AND conparentid = 0",
        ))
        .await
        .map_err(db_err("listing the target's foreign keys"))?;

    let read = |r: &QueryResult, c: &str| r.try_get::<String>("", c);
    let mut by_oid: BTreeMap<i64, Table> = BTreeMap::new();
    for row in &tables {
        let oid: i64 = row.try_get("", "oid").map_err(db_err("reading tables"))?;
        by_oid.insert(
            oid,
            Table {
                schema: read(row, "schema").map_err(db_err("reading tables"))?,
                name: read(row, "name").map_err(db_err("reading tables"))?,
                columns: Vec::new(),
                without_rowid: false,
            },
        );
    }
    for row in &columns {
        let oid: i64 = row.try_get("", "oid").map_err(db_err("reading columns"))?;
        if let Some(table) = by_oid.get_mut(&oid) {
            let scale: Option<i32> = row
                .try_get("", "scale")
                .map_err(db_err("reading columns"))?;
            table.columns.push(Column {
                name: read(row, "name").map_err(db_err("reading columns"))?,
                kind: Kind::from_catalog(
                    &read(row, "typname").map_err(db_err("reading columns"))?,
                    &read(row, "format").map_err(db_err("reading columns"))?,
                    scale,
                ),
            });
        }
    }
    let mut parents: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for row in &edges {
        let child: i64 = row
            .try_get("", "child")
            .map_err(db_err("reading foreign keys"))?;
        let parent: i64 = row
            .try_get("", "parent")
            .map_err(db_err("reading foreign keys"))?;
        if child != parent && by_oid.contains_key(&child) && by_oid.contains_key(&parent) {
            parents.entry(child).or_default().insert(parent);
        }
    }
    // Parents first; ties by name, so the order is stable.
    let mut ordered = Vec::new();
    let mut done: BTreeSet<i64> = BTreeSet::new();
    while done.len() < by_oid.len() {
        let ready: Vec<i64> = by_oid
            .keys()
            .copied()
            .filter(|oid| !done.contains(oid))
            .filter(|oid| {
                parents
                    .get(oid)
                    .is_none_or(|ps| ps.iter().all(|p| done.contains(p)))
            })
            .collect();
        if ready.is_empty() {
            // A cycle of foreign keys: replica mode does not check them, so any order does.
            let rest: Vec<i64> = by_oid
                .keys()
                .copied()
                .filter(|o| !done.contains(o))
                .collect();
            ordered.extend(rest.iter().copied());
            done.extend(rest);
            break;
        }
        let mut ready_tables: Vec<(String, i64)> = ready
            .iter()
            .map(|oid| (by_oid[oid].qualified(), *oid))
            .collect();
        ready_tables.sort();
        for (_, oid) in ready_tables {
            ordered.push(oid);
            done.insert(oid);
        }
    }
    let mut plan_tables: Vec<Table> = ordered
        .iter()
        .filter_map(|oid| by_oid.get(oid).cloned())
        .collect();

    // The SQLite side: every PostgreSQL table and column must be there.
    let sqlite_tables: BTreeSet<String> = source
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table'",
        ))
        .await
        .map_err(db_err("listing the source's tables"))?
        .iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()
        .map_err(db_err("listing the source's tables"))?;
    for table in &mut plan_tables {
        if !sqlite_tables.contains(&table.name) {
            return Err(CopyError::Refused(format!(
                "the source has no table {} (are both databases migrated by the same code?)",
                table.name
            )));
        }
        let present: BTreeSet<String> = source
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!(
                    "SELECT name FROM pragma_table_xinfo('{}') WHERE hidden = 0",
                    table.name.replace('\'', "''")
                ),
            ))
            .await
            .map_err(db_err("listing the source's columns"))?
            .iter()
            .map(|r| r.try_get::<String>("", "name"))
            .collect::<Result<_, _>>()
            .map_err(db_err("listing the source's columns"))?;
        table.without_rowid = source
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!(
                    "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = '{}'",
                    table.name.replace('\'', "''")
                ),
            ))
            .await
            .map_err(db_err("reading the source's table list"))?
            .map(|r| r.try_get::<i64>("", "wr"))
            .transpose()
            .map_err(db_err("reading the source's table list"))?
            == Some(1);
        if let Some(missing) = table.columns.iter().find(|c| !present.contains(&c.name)) {
            return Err(CopyError::Refused(format!(
                "the source's table {} has no column {}",
                table.name, missing.name
            )));
        }
    }
    let known: BTreeSet<&str> = plan_tables.iter().map(|t| t.name.as_str()).collect();
    let sqlite_only = sqlite_tables
        .iter()
        .filter(|n| !is_sqlite_internal(n) && !known.contains(n.as_str()))
        .cloned()
        .collect();
    Ok(Plan {
        tables: plan_tables,
        sqlite_only,
    })
}

/// One value read from either side: what is inserted, and its canonical text.
struct Cell {
    value: Value,
    canonical: Option<String>,
}

fn null_of(kind: &Kind) -> Value {
    match kind {
        Kind::Uuid => Value::Uuid(None),
        Kind::Timestamptz => Value::ChronoDateTimeUtc(None),
        Kind::Date => Value::ChronoDate(None),
        Kind::Numeric(_) => Value::Decimal(None),
        Kind::SmallInt => Value::SmallInt(None),
        Kind::Int => Value::Int(None),
        Kind::BigInt => Value::BigInt(None),
        Kind::Bool => Value::Bool(None),
        Kind::Json => Value::Json(None),
        Kind::TextArray => Value::Array(ArrayType::String, None),
        Kind::Float => Value::Double(None),
        Kind::Bytes => Value::Bytes(None),
        Kind::Text | Kind::Other(_) => Value::String(None),
    }
}

/// JSON with object keys sorted at every level, whatever order either side kept them in.
fn canonical_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}:{}",
                        serde_json::Value::from(k.as_str()),
                        canonical_json(v)
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        serde_json::Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(canonical_json)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }
        other => other.to_string(),
    }
}

fn timestamp_text(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn decimal_text(d: &Decimal) -> String {
    d.normalize().to_string()
}

/// The SELECT expression reading a column's stand-in on SQLite.
fn sqlite_select(column: &Column) -> String {
    let c = quote_ident(&column.name);
    match column.kind {
        // The shortest decimal text of the double (SQLite prints up to 15 significant digits,
        // exactly what the stand-in CHECK allows).
        Kind::Numeric(_) | Kind::Other(_) => format!("CAST({c} AS TEXT)"),
        Kind::Float => format!("CAST({c} AS REAL)"),
        _ => c,
    }
}

/// The SELECT expression reading a column on PostgreSQL, into what [`pg_cell`] decodes.
fn pg_select(column: &Column) -> String {
    let c = quote_ident(&column.name);
    match column.kind {
        Kind::SmallInt | Kind::Int => format!("{c}::int8"),
        Kind::Float => format!("{c}::float8"),
        Kind::Json => format!("{c}::jsonb"),
        Kind::TextArray => format!("{c}::text[]"),
        Kind::Other(_) => format!("{c}::text"),
        _ => c,
    }
}

fn bad(table: &Table, column: &Column, reason: impl fmt::Display) -> CopyError {
    CopyError::Value {
        table: table.qualified(),
        column: column.name.clone(),
        reason: reason.to_string(),
    }
}

/// Reads column `i` of a SQLite row and converts it to its PostgreSQL value.
fn sqlite_cell(
    table: &Table,
    row: &QueryResult,
    i: usize,
    column: &Column,
) -> Result<Cell, CopyError> {
    let get_err = |e: DbErr| bad(table, column, e);
    macro_rules! get {
        ($t:ty) => {
            row.try_get_by_index::<Option<$t>>(i).map_err(get_err)?
        };
    }
    let cell = |value: Value, canonical: String| Cell {
        value,
        canonical: Some(canonical),
    };
    let null = Cell {
        value: null_of(&column.kind),
        canonical: None,
    };
    Ok(match &column.kind {
        Kind::Uuid => match get!(Vec<u8>) {
            None => null,
            Some(bytes) => {
                let id = uuid::Uuid::from_slice(&bytes).map_err(|e| bad(table, column, e))?;
                cell(Value::Uuid(Some(id)), id.to_string())
            }
        },
        Kind::Timestamptz => match get!(String) {
            None => null,
            Some(text) => {
                let t = DateTime::parse_from_rfc3339(&text)
                    .map_err(|e| bad(table, column, format!("{text:?}: {e}")))?
                    .with_timezone(&Utc);
                cell(Value::ChronoDateTimeUtc(Some(t)), timestamp_text(&t))
            }
        },
        Kind::Date => match get!(String) {
            None => null,
            Some(text) => {
                let d = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|e| bad(table, column, format!("{text:?}: {e}")))?;
                cell(Value::ChronoDate(Some(d)), d.to_string())
            }
        },
        Kind::Numeric(scale) => match get!(String) {
            None => null,
            Some(text) => {
                let parsed = if text.contains(['e', 'E']) {
                    Decimal::from_scientific(&text)
                } else {
                    text.parse::<Decimal>()
                };
                let mut d = parsed.map_err(|e| bad(table, column, format!("{text:?}: {e}")))?;
                if let Some(scale) = scale {
                    d = d.round_dp(*scale);
                }
                cell(Value::Decimal(Some(d)), decimal_text(&d))
            }
        },
        Kind::SmallInt | Kind::Int | Kind::BigInt => match get!(i64) {
            None => null,
            Some(n) => {
                let value = match column.kind {
                    Kind::SmallInt => {
                        Value::SmallInt(Some(i16::try_from(n).map_err(|e| bad(table, column, e))?))
                    }
                    Kind::Int => {
                        Value::Int(Some(i32::try_from(n).map_err(|e| bad(table, column, e))?))
                    }
                    _ => Value::BigInt(Some(n)),
                };
                cell(value, n.to_string())
            }
        },
        Kind::Bool => match get!(i64) {
            None => null,
            Some(n) => cell(Value::Bool(Some(n != 0)), (n != 0).to_string()),
        },
        Kind::Text => match get!(String) {
            None => null,
            Some(s) => cell(Value::String(Some(s.clone())), s),
        },
        Kind::Json => match get!(String) {
            None => null,
            Some(text) => {
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| bad(table, column, e))?;
                let canonical = canonical_json(&v);
                cell(Value::Json(Some(Box::new(v))), canonical)
            }
        },
        Kind::TextArray => match get!(String) {
            None => null,
            Some(text) => {
                let items: Vec<String> = serde_json::from_str(&text)
                    .map_err(|e| bad(table, column, format!("not a JSON list of texts: {e}")))?;
                let canonical = canonical_json(&serde_json::Value::from(items.clone()));
                let values = items.into_iter().map(|s| Value::String(Some(s))).collect();
                cell(
                    Value::Array(ArrayType::String, Some(Box::new(values))),
                    canonical,
                )
            }
        },
        Kind::Float => match get!(f64) {
            None => null,
            Some(f) => cell(Value::Double(Some(f)), f.to_string()),
        },
        Kind::Bytes => match get!(Vec<u8>) {
            None => null,
            Some(b) => {
                let canonical = hex::encode(&b);
                cell(Value::Bytes(Some(b)), canonical)
            }
        },
        Kind::Other(_) => match get!(String) {
            None => null,
            Some(s) => cell(Value::String(Some(s.clone())), s),
        },
    })
}

/// Reads column `i` of a PostgreSQL row as canonical text.
fn pg_cell(
    table: &Table,
    row: &QueryResult,
    i: usize,
    column: &Column,
) -> Result<Option<String>, CopyError> {
    let get_err = |e: DbErr| bad(table, column, e);
    macro_rules! get {
        ($t:ty) => {
            row.try_get_by_index::<Option<$t>>(i).map_err(get_err)?
        };
    }
    Ok(match &column.kind {
        Kind::Uuid => get!(uuid::Uuid).map(|u| u.to_string()),
        Kind::Timestamptz => get!(DateTime<Utc>).map(|t| timestamp_text(&t)),
        Kind::Date => get!(NaiveDate).map(|d| d.to_string()),
        Kind::Numeric(_) => get!(Decimal).map(|d| decimal_text(&d)),
        Kind::SmallInt | Kind::Int | Kind::BigInt => get!(i64).map(|n| n.to_string()),
        Kind::Bool => get!(bool).map(|b| b.to_string()),
        Kind::Text | Kind::Other(_) => get!(String),
        Kind::Json => get!(serde_json::Value).map(|v| canonical_json(&v)),
        Kind::TextArray => get!(Vec<String>).map(|v| canonical_json(&serde_json::Value::from(v))),
        Kind::Float => get!(f64).map(|f| f.to_string()),
        Kind::Bytes => get!(Vec<u8>).map(hex::encode),
    })
}

/// The digest of one row's canonical cells (each tagged with its length, so no two rows
/// share an encoding).
fn row_digest(cells: &[Option<String>]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for cell in cells {
        match cell {
            None => hasher.update(b"N;"),
            Some(text) => {
                hasher.update(format!("S{}:", text.len()).as_bytes());
                hasher.update(text.as_bytes());
                hasher.update(b";");
            }
        }
    }
    hasher.finalize().into()
}

/// The checksum of a table: SHA-256 over its row digests in sorted order (row order differs
/// between the backends).
fn table_checksum(mut digests: Vec<[u8; 32]>) -> String {
    digests.sort_unstable();
    let mut hasher = Sha256::new();
    for d in &digests {
        hasher.update(d);
    }
    hex::encode(hasher.finalize())
}

/// A page of SQLite rows, in rowid order after `after`.
async fn sqlite_page(
    source: &DatabaseConnection,
    table: &Table,
    after: i64,
    limit: usize,
) -> Result<Vec<(i64, Vec<Cell>)>, CopyError> {
    let select: Vec<String> = table.columns.iter().map(sqlite_select).collect();
    let sql = if table.without_rowid {
        if after != i64::MIN {
            return Ok(Vec::new());
        }
        format!(
            "SELECT 0 AS __rowid, {} FROM {} WHERE $1 IS NOT NULL",
            select.join(", "),
            quote_ident(&table.name)
        )
    } else {
        format!(
            "SELECT rowid AS __rowid, {} FROM {} WHERE rowid > $1 ORDER BY rowid LIMIT {limit}",
            select.join(", "),
            quote_ident(&table.name)
        )
    };
    let rows = source
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            [after.into()],
        ))
        .await
        .map_err(db_err(format!("reading {}", table.name)))?;
    rows.iter()
        .map(|row| {
            let rowid: i64 = row
                .try_get_by_index(0)
                .map_err(db_err(format!("reading {}", table.name)))?;
            let cells = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| sqlite_cell(table, row, i + 1, c))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((rowid, cells))
        })
        .collect()
}

/// Every row of a table, canonical, from either side (`Vec` per row, in the table's column
/// order), sorted: the field-by-field view a comparison needs.
async fn canonical_rows(
    db: &DatabaseConnection,
    table: &Table,
) -> Result<Vec<Vec<Option<String>>>, CopyError> {
    let mut rows = Vec::new();
    if db.get_database_backend() == DbBackend::Postgres {
        let select: Vec<String> = table.columns.iter().map(pg_select).collect();
        let sql = format!("SELECT {} FROM {}", select.join(", "), table.pg());
        let result = db
            .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .map_err(db_err(format!("reading {}", table.qualified())))?;
        for row in &result {
            rows.push(
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| pg_cell(table, row, i, c))
                    .collect::<Result<Vec<_>, _>>()?,
            );
        }
    } else {
        let mut after = i64::MIN;
        loop {
            let page = sqlite_page(db, table, after, 5_000).await?;
            let Some((last, _)) = page.last() else { break };
            after = *last;
            rows.extend(
                page.into_iter()
                    .map(|(_, cells)| cells.into_iter().map(|c| c.canonical).collect()),
            );
        }
    }
    rows.sort();
    Ok(rows)
}

/// One table, read on both sides through the same canonical decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRows {
    /// `schema.table` on PostgreSQL.
    pub table: String,
    pub columns: Vec<String>,
    /// Rows sorted by their canonical text; `None` is NULL.
    pub source: Vec<Vec<Option<String>>>,
    pub target: Vec<Vec<Option<String>>>,
}

/// Every table the copy walks, read on both sides: for a field-by-field comparison.
///
/// # Errors
/// As [`verify`].
pub async fn read_both(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> Result<Vec<TableRows>, CopyError> {
    check_backends(source, target)?;
    let plan = plan(source, target).await?;
    let mut out = Vec::new();
    for table in &plan.tables {
        out.push(TableRows {
            table: table.qualified(),
            columns: table.columns.iter().map(|c| c.name.clone()).collect(),
            source: canonical_rows(source, table).await?,
            target: canonical_rows(target, table).await?,
        });
    }
    Ok(out)
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

/// The rows a freshly migrated database holds, per table: the reference data.
async fn reference_counts(plan: &Plan) -> Result<HashMap<String, u64>, CopyError> {
    // One connection: each connection to `:memory:` is a database of its own.
    let mut memory = sea_orm::ConnectOptions::new("sqlite::memory:");
    memory
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .sqlx_logging(false);
    let fresh = Database::connect(memory)
        .await
        .map_err(db_err("opening an in-memory database"))?;
    Migrator::up(&fresh, None).await.map_err(db_err(
        "migrating an in-memory database to learn the reference rows",
    ))?;
    // A table no migration of this build makes (added by hand on both sides) has none.
    let made: BTreeSet<String> = fresh
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table'",
        ))
        .await
        .map_err(db_err("listing the reference tables"))?
        .iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()
        .map_err(db_err("listing the reference tables"))?;
    let mut counts = HashMap::new();
    for table in plan.tables.iter().filter(|t| made.contains(&t.name)) {
        let n = count(
            &fresh,
            format!("SELECT COUNT(*) FROM {}", quote_ident(&table.name)),
        )
        .await?;
        counts.insert(table.name.clone(), n);
    }
    let _ = fresh.close().await;
    Ok(counts)
}

struct Progress {
    on: bool,
}

impl Progress {
    fn new(wanted: bool) -> Self {
        Self {
            on: wanted && std::io::stderr().is_terminal(),
        }
    }

    fn show(&self, table: &str, done: u64, total: u64) {
        if self.on {
            let _ = write!(
                std::io::stderr().lock(),
                "\r\x1b[2Kcopying {table}: {done}/{total}"
            );
        }
    }

    fn finish(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
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
    progress.finish();
    let mut report = verify_plan(source, target, &plan).await?;
    for (t, n) in report.tables.iter_mut().zip(copied) {
        t.copied = n;
    }
    Ok(report)
}

/// Proves `keys` inside `txn`, which wrote the rows, and hands it back to be committed; rolls
/// it back when a key is broken. Replica mode kept PostgreSQL from checking the rows as they
/// were written, and nothing checks them later: this is their only check.
async fn prove_keys(
    txn: sea_orm::DatabaseTransaction,
    keys: &[ForeignKey],
    rolled_back: &str,
) -> Result<sea_orm::DatabaseTransaction, CopyError> {
    // A role that row-level security would filter gets an error, not a partial proof.
    txn.execute_unprepared("SET LOCAL row_security = off")
        .await
        .map_err(db_err("proving the foreign keys"))?;
    let orphans = orphans::prove(&txn, keys, orphans::SHOWN)
        .await
        .map_err(db_err("proving the foreign keys"))?;
    if orphans.is_empty() {
        return Ok(txn);
    }
    txn.rollback()
        .await
        .map_err(db_err("rolling back after a broken foreign key"))?;
    Err(CopyError::BrokenKeys {
        rolled_back: rolled_back.to_owned(),
        orphans,
    })
}

/// With a transaction per table, the keys to prove in each: a key is proved in the
/// transaction of the later of its two tables, when both hold their rows (a cycle's key waits
/// for its second table); a table the copy does not write counts as already there.
fn keys_due(plan: &Plan, keys: &[ForeignKey]) -> Vec<Vec<ForeignKey>> {
    let last = plan.tables.len().saturating_sub(1);
    let position: HashMap<String, usize> = plan
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.qualified(), i))
        .collect();
    let mut due = vec![Vec::new(); plan.tables.len()];
    for key in keys {
        let at = [&key.table, &key.parent]
            .iter()
            .filter_map(|t| position.get(t.as_str()).copied())
            .max()
            .unwrap_or(last);
        if let Some(list) = due.get_mut(at) {
            list.push(key.clone());
        }
    }
    due
}

async fn replica(txn: &impl ConnectionTrait) -> Result<(), CopyError> {
    txn.execute_unprepared("SET LOCAL session_replication_role = replica")
        .await
        .map(|_| ())
        .map_err(|e| {
            CopyError::Refused(format!(
                "the target role may not set session_replication_role (needed so that triggers \
                 do not rewrite copied rows): connect as a superuser (on RDS, the master user): {e}"
            ))
        })
}

async fn copy_table(
    source: &DatabaseConnection,
    txn: &sea_orm::DatabaseTransaction,
    table: &Table,
    options: &CopyOptions,
    progress: &Progress,
) -> Result<u64, CopyError> {
    // Reference rows the migrations inserted make way for the source's.
    txn.execute_unprepared(&format!("DELETE FROM {}", table.pg()))
        .await
        .map_err(db_err(format!("clearing {}", table.qualified())))?;
    let total = count(
        source,
        format!("SELECT COUNT(*) FROM {}", quote_ident(&table.name)),
    )
    .await?;
    let width = table.columns.len().max(1);
    let batch = options.batch_rows.clamp(1, 60_000 / width);
    let columns: Vec<String> = table.columns.iter().map(|c| quote_ident(&c.name)).collect();
    let mut after = i64::MIN;
    let mut done = 0_u64;
    loop {
        let page = sqlite_page(source, table, after, batch).await?;
        let Some((last, _)) = page.last() else { break };
        after = *last;
        // A page is at most `batch` rows, except a WITHOUT ROWID table's single page.
        let mut rows = page.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<(i64, Vec<Cell>)> = rows.by_ref().take(batch).collect();
            done += insert_rows(txn, table, &columns, chunk).await?;
            progress.show(&table.qualified(), done, total);
        }
    }
    Ok(done)
}

/// One multi-row INSERT; how many rows it wrote.
async fn insert_rows(
    txn: &sea_orm::DatabaseTransaction,
    table: &Table,
    columns: &[String],
    chunk: Vec<(i64, Vec<Cell>)>,
) -> Result<u64, CopyError> {
    let mut values = Vec::with_capacity(chunk.len() * columns.len());
    let mut tuples = Vec::with_capacity(chunk.len());
    for (_, cells) in chunk {
        let mut placeholders = Vec::with_capacity(columns.len());
        for (cell, column) in cells.into_iter().zip(&table.columns) {
            values.push(cell.value);
            let n = values.len();
            placeholders.push(match &column.kind {
                Kind::Other(ty) => format!("CAST(${n} AS {ty})"),
                _ => format!("${n}"),
            });
        }
        tuples.push(format!("({})", placeholders.join(", ")));
    }
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        table.pg(),
        columns.join(", "),
        tuples.join(", ")
    );
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        values,
    ))
    .await
    .map_err(db_err(format!("writing {}", table.qualified())))?;
    Ok(tuples.len() as u64)
}

async fn verify_plan(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
    plan: &Plan,
) -> Result<CopyReport, CopyError> {
    let mut report = CopyReport::default();
    for table in &plan.tables {
        let (from, to) = (
            canonical_rows(source, table).await?,
            canonical_rows(target, table).await?,
        );
        report.tables.push(TableReport {
            table: table.qualified(),
            copied: 0,
            source_rows: from.len() as u64,
            target_rows: to.len() as u64,
            source_checksum: table_checksum(from.iter().map(|r| row_digest(r)).collect()),
            target_checksum: table_checksum(to.iter().map(|r| row_digest(r)).collect()),
        });
    }
    for name in &plan.sqlite_only {
        let n = count(
            source,
            format!("SELECT COUNT(*) FROM {}", quote_ident(name)),
        )
        .await?;
        report.sqlite_only.push((name.clone(), n));
    }
    Ok(report)
}

/// Compares every table of `source` and `target` without writing: row counts and checksums,
/// per table (after a copy, or to check a target later).
///
/// # Errors
/// [`CopyError::Refused`] when the databases are not a SQLite and a PostgreSQL database at the
/// same migration; [`CopyError::Db`] if a database fails.
pub async fn verify(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> Result<CopyReport, CopyError> {
    check_backends(source, target)?;
    same_migrations(source, target).await?;
    let plan = plan(source, target).await?;
    verify_plan(source, target, &plan).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_are_sorted_at_every_level() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"b": 1, "a": {"d": [1, {"z": 0, "y": "x"}], "c": null}}"#)
                .unwrap();
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":null,"d":[1,{"y":"x","z":0}]},"b":1}"#
        );
    }

    #[test]
    fn a_row_digest_tells_null_from_empty_and_where_cells_end() {
        let s = |x: &str| Some(x.to_owned());
        assert_ne!(row_digest(&[None]), row_digest(&[s("")]));
        assert_ne!(
            row_digest(&[s("ab"), s("c")]),
            row_digest(&[s("a"), s("bc")])
        );
        assert_eq!(
            table_checksum(vec![row_digest(&[s("1")]), row_digest(&[s("2")])]),
            table_checksum(vec![row_digest(&[s("2")]), row_digest(&[s("1")])])
        );
    }

    #[test]
    fn types_are_read_from_the_catalog() {
        assert_eq!(
            Kind::from_catalog("numeric", "numeric(5,2)", Some(2)),
            Kind::Numeric(Some(2))
        );
        assert_eq!(Kind::from_catalog("_text", "text[]", None), Kind::TextArray);
        assert_eq!(
            Kind::from_catalog("point", "point", None),
            Kind::Other("point".to_owned())
        );
    }
}
