//! A normalised, human-diffable text of the schema the migrations built, one per backend.
//!
//! The integration suite pins it (`migration/schema/*.sql`): any change to what the migrations
//! create, including one made through a shared helper in `portable`, shows up as a line diff.
//! The text holds no OIDs, no database name, no owner and no random name, and is sorted here in
//! Rust by byte order, so it does not depend on the database's collation. See
//! `tests/suite/pinned.rs` for the regenerate command.
//!
//! PostgreSQL: the database's own settings (its `search_path`), every schema but the system
//! ones, extensions, types, sequences, tables and views
//! (columns, constraints, indexes, triggers, row-level security and policies, partitioning) and
//! functions, as the server deparses them. The deparsers qualify a name unless it is on the
//! `search_path`, so the dump runs with an empty one: every application object comes out
//! schema-qualified whatever the caller's connection uses.
//!
//! SQLite: every `sqlite_master` row with its SQL, whitespace collapsed (a `CREATE TABLE` is
//! laid out one column or constraint per line, a trigger one statement per line, so a diff
//! points at the element that changed), plus each table's and view's columns as
//! `PRAGMA table_xinfo` reports them.
//!
//! `seaql_migrations`, the migrator's own bookkeeping, is left out on both backends.
//!
//! This file runs the dump and writes its blocks out in order; what each backend's catalog
//! gives is in `postgres` (settings, schemas, extensions, types, functions) with
//! `postgres_relations` (tables, views, sequences and what hangs off them) and in `sqlite`; the
//! SQL text is normalised in `layout`; `diff` is the line diff the pinned-dump tests print.

mod diff;
mod layout;
mod postgres;
mod postgres_relations;
mod sqlite;

pub use diff::line_diff;
pub use layout::{collapse_whitespace, layout_sqlite_sql};

use sea_orm_migration::sea_orm::{
    ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, TransactionSession,
    TransactionTrait, Value,
};

/// The migrator's bookkeeping table, not part of the schema.
const MIGRATIONS_TABLE: &str = "seaql_migrations";

/// Dumps the schema of `db` as normalised text (empty for an empty SQLite database).
///
/// Runs in a transaction of its own that is rolled back: it only reads, reads one consistent
/// snapshot on PostgreSQL, and its transaction-local `search_path` never leaks into the pool.
///
/// # Errors
/// A catalog query failed, or the backend is neither PostgreSQL nor SQLite.
pub async fn schema_dump<C>(db: &C) -> Result<String, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    let dump = match backend {
        DbBackend::Postgres => postgres::dump(&txn).await,
        DbBackend::Sqlite => sqlite::dump(&txn).await,
        other => Err(DbErr::Custom(format!(
            "schema_dump supports PostgreSQL and SQLite, not {other:?}"
        ))),
    };
    let rolled_back = txn.rollback().await;
    let dump = dump?;
    rolled_back?;
    Ok(dump)
}

/// One top-level object of the dump: its header line and indented detail lines.
struct Block {
    /// Where its kind goes in the dump (schemas before tables before functions, ...).
    rank: u8,
    /// Sort key within the rank: the object's qualified name.
    name: String,
    lines: Vec<String>,
}

/// Sorts the blocks and joins them; a block with details stands between empty lines.
fn render(mut blocks: Vec<Block>) -> String {
    blocks.sort_by(|a, b| (a.rank, &a.name).cmp(&(b.rank, &b.name)));
    let mut out = String::new();
    for block in blocks {
        let detailed = block.lines.len() > 1;
        if detailed && !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        for line in &block.lines {
            out.push_str(line);
            out.push('\n');
        }
        if detailed {
            out.push('\n');
        }
    }
    out
}

async fn rows<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
}

fn text(row: &QueryResult, column: &str) -> Result<String, DbErr> {
    row.try_get("", column)
}

fn opt_text(row: &QueryResult, column: &str) -> Result<Option<String>, DbErr> {
    row.try_get("", column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_sorts_by_rank_then_name() {
        let block = |rank, name: &str, lines: &[&str]| Block {
            rank,
            name: name.to_owned(),
            lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        };
        let out = render(vec![
            block(2, "b", &["table b", "  column x"]),
            block(1, "z", &["schema z"]),
            block(2, "a", &["table a"]),
        ]);
        assert_eq!(out, "schema z\ntable a\n\ntable b\n  column x\n\n");
    }
}
