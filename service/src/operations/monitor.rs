//! What an operator looks at (seed 000's monitoring views), on either backend: `migration
//! monitor` prints it. Every difference between the backends is in this module: the queries,
//! and the shape of what each answers ([`Monitor::Postgres`], [`Monitor::Sqlite`]).
//!
//! Nothing here prints a password or a statement's values: the PostgreSQL database is named
//! by `current_database()`, not by its URL; statement texts come from `pg_stat_statements`,
//! which replaces the constants of planned statements by `$1`, `$2`, … but keeps those of
//! utility statements (a `SET LOCAL app.current_user_id = '…'`, a `CREATE ROLE … PASSWORD
//! '…'`), so every quoted literal left in a text is masked here as well ([`mask_literals`]).
use std::fmt;
use std::path::PathBuf;

use sea_orm::{DatabaseConnection, DbBackend, FromQueryResult};

use super::sql::{self, one, rows};
use crate::{Error, Result};

/// What [`monitor`] found.
#[derive(Clone, Debug, PartialEq)]
pub enum Monitor {
    Postgres(PostgresMonitor),
    Sqlite(SqliteMonitor),
}

/// PostgreSQL's monitoring views, for the connection's database.
#[derive(Clone, Debug, PartialEq)]
pub struct PostgresMonitor {
    pub database: String,
    /// `pg_database_size`.
    pub database_bytes: i64,
    /// Every table and materialized view outside the system schemas, largest first; a
    /// partitioned table counts its partitions, which are not listed on their own.
    pub tables: Vec<RelationSize>,
    /// Client connections to this database by `pg_stat_activity.state`. The state of another
    /// role's session is hidden from a role without `pg_read_all_stats`: it counts as
    /// `(not visible)`.
    pub connections: Vec<(String, i64)>,
    pub statements: SlowStatements,
}

/// One table's sizes in bytes: `pg_total_relation_size`, `pg_table_size` (with TOAST),
/// `pg_indexes_size`.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct RelationSize {
    /// `schema.table`.
    pub name: String,
    pub total_bytes: i64,
    pub table_bytes: i64,
    pub index_bytes: i64,
}

/// The slowest statements by mean execution time, or why there are none to show.
#[derive(Clone, Debug, PartialEq)]
pub enum SlowStatements {
    /// From `pg_stat_statements`, slowest first.
    Listed(Vec<SlowStatement>),
    /// The extension is not installed in this database.
    NotInstalled,
    /// Installed, but the view cannot be read (the library is not in
    /// `shared_preload_libraries`, or the role may not read it): the server's message.
    Unreadable(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct SlowStatement {
    /// The normalised text, every quoted literal masked, on one line.
    pub query: String,
    pub calls: i64,
    /// Milliseconds (`mean_exec_time`, `total_exec_time`: PostgreSQL 13+).
    pub mean_exec_ms: f64,
    pub total_exec_ms: f64,
}

/// SQLite's equivalents, for the connection's main database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqliteMonitor {
    /// The file, `None` for an in-memory database.
    pub file: Option<PathBuf>,
    pub file_bytes: Option<u64>,
    pub page_size: i64,
    pub page_count: i64,
    pub free_pages: i64,
    /// Pages per table and index (`dbstat`), most first; `None` when this SQLite was built
    /// without the `dbstat` virtual table (`SQLITE_ENABLE_DBSTAT_VTAB`).
    pub pages: Option<Vec<ObjectPages>>,
    /// The `-wal` file beside the database; `None` when there is none (not in WAL mode, or
    /// checkpointed and removed).
    pub wal_bytes: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct ObjectPages {
    pub name: String,
    /// `table`, `index`, … as `sqlite_schema` says; SQLite's own structures have no row there.
    pub kind: String,
    pub pages: i64,
}

/// Reads the monitoring views of the database behind `db`, listing at most `slowest`
/// statements. Only reads.
///
/// # Errors
/// [`Error::Db`] when a catalog query fails; [`Error::Config`] for a backend that is neither
/// PostgreSQL nor SQLite. A missing or unreadable `pg_stat_statements` is not an error: it is
/// reported in [`PostgresMonitor::statements`].
#[crate::traced("operations::monitor")]
pub async fn monitor(db: &DatabaseConnection, slowest: u32) -> Result<Monitor> {
    match db.get_database_backend() {
        DbBackend::Postgres => Ok(Monitor::Postgres(postgres(db, slowest).await?)),
        DbBackend::Sqlite => Ok(Monitor::Sqlite(sqlite(db).await?)),
        other => Err(Error::Config(format!(
            "monitor supports PostgreSQL and SQLite, not {other:?}"
        ))),
    }
}

/// A row of [`sql::PG_DATABASE`].
#[derive(FromQueryResult)]
struct DatabaseSize {
    name: String,
    bytes: i64,
}

/// A row of [`sql::PG_CONNECTIONS`].
#[derive(FromQueryResult)]
struct ConnectionsIn {
    state: String,
    connections: i64,
}

/// A row of [`sql::PG_STATEMENTS_SCHEMA`].
#[derive(FromQueryResult)]
struct StatementsSchema {
    schema: String,
}

/// A row of `pg_stat_statements`.
#[derive(FromQueryResult)]
struct StatementTimes {
    query: String,
    calls: i64,
    mean_exec_time: f64,
    total_exec_time: f64,
}

async fn postgres(db: &DatabaseConnection, slowest: u32) -> Result<PostgresMonitor> {
    let database: DatabaseSize = one(db, sql::PG_DATABASE).await?;
    let tables = rows(db, sql::PG_TABLES).await?;
    let connections = rows::<ConnectionsIn>(db, sql::PG_CONNECTIONS)
        .await?
        .into_iter()
        .map(|row| (row.state, row.connections))
        .collect();
    Ok(PostgresMonitor {
        database: database.name,
        database_bytes: database.bytes,
        tables,
        connections,
        statements: slow_statements(db, slowest).await?,
    })
}

async fn slow_statements(db: &DatabaseConnection, slowest: u32) -> Result<SlowStatements> {
    let Some(StatementsSchema { schema }) = rows(db, sql::PG_STATEMENTS_SCHEMA)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(SlowStatements::NotInstalled);
    };
    // Installed without the library loaded, the view fails to read: that is what to report.
    let found =
        match StatementTimes::find_by_statement(sql::pg_slowest_statements(&schema, slowest))
            .all(db)
            .await
        {
            Ok(found) => found,
            Err(e) => return Ok(SlowStatements::Unreadable(server_message(&e))),
        };
    let listed = found
        .into_iter()
        .map(|row| SlowStatement {
            query: one_line(&mask_literals(&row.query)),
            calls: row.calls,
            mean_exec_ms: row.mean_exec_time,
            total_exec_ms: row.total_exec_time,
        })
        .collect();
    Ok(SlowStatements::Listed(listed))
}

/// The server's own words, without the driver's prefixes.
fn server_message(err: &sea_orm::DbErr) -> String {
    let text = err.to_string();
    match text.rsplit_once("error returned from database: ") {
        Some((_, message)) => message.to_owned(),
        None => text,
    }
}

/// `statement` with the contents of every quoted literal replaced by `…`: `'…'`, `E'…'`,
/// `$tag$…$tag$`. Quoted identifiers (`"…"`) and `$1` parameters stay.
pub fn mask_literals(statement: &str) -> String {
    let mut out = String::with_capacity(statement.len());
    let mut rest = statement;
    while let Some(start) = rest.find(['\'', '$']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        if from.starts_with('\'') {
            // A quote is doubled inside a literal; with E'…' a backslash escapes one too.
            let escapes = before.ends_with(['E', 'e']);
            let bytes = from.as_bytes();
            let mut i = 1;
            loop {
                match bytes.get(i) {
                    None => break,
                    Some(b'\\') if escapes => i += 2,
                    Some(b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    Some(b'\'') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            let mut end = i.min(from.len());
            while !from.is_char_boundary(end) {
                end += 1;
            }
            out.push_str("'…'");
            rest = &from[end..];
        } else if let Some(tag) = dollar_tag(from) {
            let body = &from[tag.len()..];
            out.push_str(tag);
            out.push('…');
            out.push_str(tag);
            rest = match body.find(tag) {
                Some(end) => &body[end + tag.len()..],
                None => "",
            };
        } else {
            out.push('$');
            rest = &from[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The opening `$tag$` (or `$$`) at the start of `text`; `None` for a parameter (`$1`).
fn dollar_tag(text: &str) -> Option<&str> {
    let after = &text[1..];
    let end = after.find('$')?;
    let tag = &after[..end];
    let is_tag = tag.is_empty()
        || (tag.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !tag.starts_with(|c: char| c.is_ascii_digit()));
    is_tag.then(|| &text[..end + 2])
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The main database's file name (empty for an in-memory one).
#[derive(FromQueryResult)]
struct MainFile {
    file: String,
}

/// The page counts of the main database.
#[derive(FromQueryResult)]
struct PageCounts {
    page_size: i64,
    page_count: i64,
    free_pages: i64,
}

async fn sqlite(db: &DatabaseConnection) -> Result<SqliteMonitor> {
    let MainFile { file } = one(db, sql::SQLITE_MAIN_FILE).await?;
    // An in-memory (or temporary) database has no file name.
    let file = (!file.is_empty()).then(|| PathBuf::from(file));
    let pages: PageCounts = one(db, sql::SQLITE_PAGE_COUNTS).await?;
    let size_of = |path: &PathBuf| std::fs::metadata(path).ok().map(|m| m.len());
    let wal_bytes = file.as_ref().and_then(|path| {
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        size_of(&PathBuf::from(wal))
    });
    Ok(SqliteMonitor {
        file_bytes: file.as_ref().and_then(size_of),
        file,
        page_size: pages.page_size,
        page_count: pages.page_count,
        free_pages: pages.free_pages,
        pages: sqlite_pages(db).await?,
        wal_bytes,
    })
}

/// Pages per table and index from `dbstat`, when this SQLite has it. (Asking first through
/// `pragma_module_list` needs a build with `SQLITE_INTROSPECTION_PRAGMAS`: the query's own
/// "no such table" is the answer that works on every build.)
async fn sqlite_pages(db: &DatabaseConnection) -> Result<Option<Vec<ObjectPages>>> {
    let found = match rows(db, sql::SQLITE_PAGES).await {
        Ok(found) => found,
        Err(Error::Db(e)) if e.to_string().contains("no such table: dbstat") => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(Some(found))
}

/// `1.5 MiB`, `512 B`.
fn bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value.abs() >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

fn file_bytes(n: Option<u64>) -> String {
    n.map_or_else(
        || "none".to_owned(),
        |n| bytes(i64::try_from(n).unwrap_or(i64::MAX)),
    )
}

/// How to turn `pg_stat_statements` on, for the report when it is off.
pub const ENABLE_PG_STAT_STATEMENTS: &str = "add pg_stat_statements to shared_preload_libraries \
     (on RDS: the DB parameter group), restart the server, then run \
     `CREATE EXTENSION pg_stat_statements` in this database as a superuser (on RDS: the master \
     user)";

impl fmt::Display for Monitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Postgres(pg) => pg.fmt(f),
            Self::Sqlite(sqlite) => sqlite.fmt(f),
        }
    }
}

impl fmt::Display for PostgresMonitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "database {}: {}",
            self.database,
            bytes(self.database_bytes)
        )?;
        writeln!(f)?;
        writeln!(f, "tables, largest first (total = table + indexes):")?;
        let width = self.tables.iter().map(|t| t.name.len()).max().unwrap_or(0);
        for table in &self.tables {
            writeln!(
                f,
                "  {:width$}  total {:>10}  table {:>10}  indexes {:>10}",
                table.name,
                bytes(table.total_bytes),
                bytes(table.table_bytes),
                bytes(table.index_bytes),
            )?;
        }
        writeln!(f)?;
        writeln!(f, "connections to this database, by state:")?;
        for (state, count) in &self.connections {
            writeln!(f, "  {state}: {count}")?;
        }
        writeln!(f)?;
        match &self.statements {
            SlowStatements::Listed(statements) if statements.is_empty() => {
                write!(f, "slowest statements: none recorded yet")
            }
            SlowStatements::Listed(statements) => {
                writeln!(
                    f,
                    "slowest statements (pg_stat_statements, by mean execution time):"
                )?;
                for (i, s) in statements.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(
                        f,
                        "  mean {:.3} ms  calls {}  total {:.1} ms  {}",
                        s.mean_exec_ms, s.calls, s.total_exec_ms, s.query
                    )?;
                }
                Ok(())
            }
            SlowStatements::NotInstalled => write!(
                f,
                "slowest statements: pg_stat_statements is not installed in this database; \
                 to enable it, {ENABLE_PG_STAT_STATEMENTS}"
            ),
            SlowStatements::Unreadable(why) => write!(
                f,
                "slowest statements: pg_stat_statements is installed but cannot be read ({why}); \
                 to enable it, {ENABLE_PG_STAT_STATEMENTS}"
            ),
        }
    }
}

impl fmt::Display for SqliteMonitor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(path) => writeln!(
                f,
                "database file {}: {}",
                path.display(),
                file_bytes(self.file_bytes)
            )?,
            None => writeln!(f, "database in memory: no file")?,
        }
        writeln!(
            f,
            "pages: {} of {} (page size {}), {} free",
            self.page_count,
            bytes(self.page_count.saturating_mul(self.page_size)),
            bytes(self.page_size),
            self.free_pages
        )?;
        writeln!(f, "write-ahead log: {}", file_bytes(self.wal_bytes))?;
        writeln!(f)?;
        match &self.pages {
            Some(pages) => {
                write!(f, "pages per table and index, most first (dbstat):")?;
                let width = pages.iter().map(|p| p.name.len()).max().unwrap_or(0);
                for object in pages {
                    write!(
                        f,
                        "\n  {:width$}  {:8}  {:>8} pages  {:>10}",
                        object.name,
                        object.kind,
                        object.pages,
                        bytes(object.pages.saturating_mul(self.page_size)),
                    )?;
                }
                Ok(())
            }
            None => write!(
                f,
                "pages per table and index: this SQLite was built without the dbstat virtual \
                 table (SQLITE_ENABLE_DBSTAT_VTAB); `sqlite3_analyzer` reports the same from \
                 outside"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_masked_and_the_rest_kept() {
        assert_eq!(
            mask_literals("SET LOCAL app.current_user_id = 'a0b1-c2'"),
            "SET LOCAL app.current_user_id = '…'"
        );
        assert_eq!(
            mask_literals("CREATE ROLE x LOGIN PASSWORD 'it''s secret' IN ROLE y"),
            "CREATE ROLE x LOGIN PASSWORD '…' IN ROLE y"
        );
        assert_eq!(
            mask_literals(r#"SELECT E'a\'b' , $1, $2 FROM t WHERE "x" = 'y'"#),
            r#"SELECT E'…' , $1, $2 FROM t WHERE "x" = '…'"#
        );
        assert_eq!(
            mask_literals("DO $body$ SELECT 'secret' $body$; SELECT $$x$$"),
            "DO $body$…$body$; SELECT $$…$$"
        );
        assert_eq!(mask_literals("SELECT 'unterminated"), "SELECT '…'");
        assert_eq!(mask_literals("SELECT $1 + $2"), "SELECT $1 + $2");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(bytes(8 * 1024 * 1024), "8.0 MiB");
    }
}
