//! One schema, two backends.
//!
//! Each column method of [`NewTable`] gives PostgreSQL its native type and SQLite the closest
//! stand-in, plus the CHECK that makes the stand-in refuse what PostgreSQL's type would refuse
//! (SQLite stores anything in any column): a UUID is a 16-byte BLOB, a timestamp is RFC 3339
//! text in UTC, a DECIMAL(p, s) is a REAL held to p digits and s decimals, a VARCHAR(n) is
//! length-checked, a boolean is 0 or 1, a `text[]` is a JSON array, and no text holds NUL. The
//! checks are named `chk_<column>_<type>`, so an error says which column was wrong.
//!
//! - [`dialect`]: every SQL fragment that differs between the backends.
//! - [`NewTable`], [`Index`], [`triggers`]: the builders migrations use.
//! - [`PointIndex`]: a spatial index on a latitude/longitude pair (GiST on PostgreSQL, an
//!   R*Tree kept in step by triggers on SQLite).
//! - [`guards`]: what the stand-in CHECKs miss on SQLite (triggers) and NaN on PostgreSQL.
//! - [`AlterTable`]: changes to an existing table (natively on PostgreSQL, by SQLite's
//!   rebuild procedure on SQLite).
//! - [`online`]: indexes and constraints added to a table that may hold rows, without blocking
//!   its writers on PostgreSQL (concurrent builds, `NOT VALID` then `VALIDATE`, lock timeouts).
//!   Every future migration that touches an existing table uses these.
//!
//! Table names come from `catalog::tables`; the shared conventions (owner column, link tables)
//! from `crate::conventions`, which builds on this module and not the other way round.
//!
//! Tables in the `auth`, `health` and `audit` schemas are qualified on PostgreSQL and plain on
//! SQLite, which has one namespace; table names are unique across schemas for that reason.

pub mod alter;
pub mod dialect;
pub mod guards;
mod index;
pub mod online;
pub mod partitions;
pub mod spatial;
mod table;
pub mod triggers;

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr};

pub use alter::AlterTable;
pub use catalog::tables::Tbl;
pub use dialect::{
    SQLITE_NOW, capitals_format, email_format, language_tag_format, one_of, one_of_enum,
    word_format,
};
pub use index::{Index, Method};
pub use online::Online;
pub use spatial::PointIndex;
pub use table::NewTable;
pub use triggers::{Audit, RunningMean, refusal_trigger, row_triggers, updated_at_trigger};

/// Runs raw SQL statements in order.
pub async fn run_sql<S: AsRef<str>>(
    manager: &SchemaManager<'_>,
    statements: &[S],
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql.as_ref()).await?;
    }
    Ok(())
}

/// Drops tables, in the order given (children first). CASCADE on PostgreSQL takes views and
/// triggers along.
pub async fn drop_tables(manager: &SchemaManager<'_>, tables: &[Tbl]) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    for table in tables {
        let mut stmt = Table::drop();
        stmt.table(table.table_ref(backend)).if_exists();
        if backend == DbBackend::Postgres {
            stmt.cascade();
        }
        manager.drop_table(stmt).await?;
    }
    Ok(())
}
