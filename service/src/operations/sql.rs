//! The statements of operations that stay raw SQL, and the helpers that run them.
//!
//! Why raw: each reads the server's own catalogue (`pg_class`, `pg_stat_activity`,
//! `pg_stat_statements`, `pg_inherits`, SQLite's pragma tables and `dbstat`) or is a command
//! with no builder (`VACUUM INTO`): no entity maps them, and a builder statement would spell
//! their functions, casts and lateral joins as custom expressions, checking no more names than
//! the text. Partition maintenance's own writes go through the builder (`maintenance.rs`).
//!
//! Tests (the suite runs each on both backends; a backend's own statements run on that one):
//! [`health_basics`] in `operations::health_check::health_check_reports_a_live_database`; the monitor's in
//! `monitor::monitor_reports_sizes_and_activity` and
//! `monitor::pg_stat_statements_missing_or_not_loaded_is_explained`; [`pg_partitions`] in
//! `operations::partitions::retention_drops_whole_old_months_and_deletes_older_rows_once`;
//! [`vacuum_into`] in
//! `operations::backup::a_backup_under_a_concurrent_writer_holds_every_committed_row`.
use sea_orm::{DatabaseConnection, DbBackend, FromQueryResult, Statement};

use crate::{Error, Result};

/// Every row `sql` (no parameters) answers, decoded as `T`.
pub(super) async fn rows<T: FromQueryResult>(db: &DatabaseConnection, sql: &str) -> Result<Vec<T>> {
    let statement = Statement::from_string(db.get_database_backend(), sql);
    Ok(T::find_by_statement(statement).all(db).await?)
}

/// The first row `sql` (no parameters) answers; a missing row is an error.
pub(super) async fn one<T: FromQueryResult>(db: &DatabaseConnection, sql: &str) -> Result<T> {
    rows(db, sql)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Config(format!("no row from {sql}")))
}

/// The health check's first question: the server's version, the database's name (SQLite: its
/// file's path) and its size in bytes.
pub(super) fn health_basics(backend: DbBackend) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT version() AS version, current_database()::text AS name, \
             pg_database_size(current_database()) AS size"
        }
        _ => {
            "SELECT 'SQLite ' || sqlite_version() AS version, \
             (SELECT file FROM pragma_database_list WHERE name = 'main') AS name, \
             (SELECT page_count FROM pragma_page_count) * (SELECT page_size FROM pragma_page_size) AS size"
        }
    };
    Statement::from_string(backend, sql)
}

/// SQLite: a consistent copy of the database into the file at `path` (an expression, so the
/// path is bound, not pasted).
pub(super) fn vacuum_into(path: &str) -> Statement {
    Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO $1", [path.into()])
}

/// The database's name and size.
pub(super) const PG_DATABASE: &str =
    "SELECT current_database()::text AS name, pg_database_size(current_database()) AS bytes";

/// A partitioned table's sizes are its partitions' (the parent stores nothing).
pub(super) const PG_TABLES: &str = "\
    SELECT format('%I.%I', n.nspname, c.relname) AS name, \
           coalesce(sum(pg_total_relation_size(p.relid)), 0)::int8 AS total_bytes, \
           coalesce(sum(pg_table_size(p.relid)), 0)::int8 AS table_bytes, \
           coalesce(sum(pg_indexes_size(p.relid)), 0)::int8 AS index_bytes \
    FROM pg_class c \
    JOIN pg_namespace n ON n.oid = c.relnamespace \
    LEFT JOIN LATERAL (SELECT c.oid AS relid WHERE c.relkind <> 'p' \
                       UNION ALL \
                       SELECT t.relid FROM pg_partition_tree(c.oid) t \
                       WHERE c.relkind = 'p' AND t.isleaf) p ON true \
    WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition \
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
      AND n.nspname NOT LIKE 'pg\\_toast%' \
    GROUP BY n.nspname, c.relname \
    ORDER BY total_bytes DESC, name";

/// The client connections to this database, by state.
pub(super) const PG_CONNECTIONS: &str = "\
    SELECT coalesce(state, '(not visible)') AS state, count(*) AS connections \
    FROM pg_stat_activity \
    WHERE datname = current_database() AND backend_type = 'client backend' \
    GROUP BY 1 ORDER BY 1";

/// The schema `pg_stat_statements` is installed in, if it is.
pub(super) const PG_STATEMENTS_SCHEMA: &str = "\
    SELECT quote_ident(n.nspname) AS schema FROM pg_extension e \
    JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'";

/// The slowest `slowest` statements of this database by mean time, from
/// `pg_stat_statements` in `schema` (as `quote_ident` gave it: the server quoted it).
pub(super) fn pg_slowest_statements(schema: &str, slowest: u32) -> Statement {
    Statement::from_string(
        DbBackend::Postgres,
        format!(
            "SELECT query, calls, mean_exec_time, total_exec_time FROM {schema}.pg_stat_statements \
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
               AND query IS NOT NULL \
             ORDER BY mean_exec_time DESC LIMIT {slowest}"
        ),
    )
}

/// The partitions of the table `qualified` (`schema.table`), by name.
pub(super) fn pg_partitions(qualified: &str) -> Statement {
    Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT c.relname::text AS name FROM pg_inherits i \
         JOIN pg_class c ON c.oid = i.inhrelid \
         WHERE i.inhparent = $1::regclass ORDER BY 1",
        [qualified.into()],
    )
}

/// The main database's file name (empty for an in-memory one).
pub(super) const SQLITE_MAIN_FILE: &str =
    "SELECT file FROM pragma_database_list WHERE name = 'main'";

/// The main database's page size, page count and free pages.
pub(super) const SQLITE_PAGE_COUNTS: &str = "\
    SELECT (SELECT page_size FROM pragma_page_size) AS page_size, \
           (SELECT page_count FROM pragma_page_count) AS page_count, \
           (SELECT freelist_count FROM pragma_freelist_count) AS free_pages";

/// Pages per table and index, from `dbstat` (absent from some builds: "no such table").
pub(super) const SQLITE_PAGES: &str = "\
    SELECT d.name, coalesce(m.type, 'internal') AS kind, count(*) AS pages \
    FROM dbstat('main') d LEFT JOIN sqlite_schema m ON m.name = d.name \
    GROUP BY d.name ORDER BY pages DESC, d.name";
