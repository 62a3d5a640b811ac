//! [`AlterTable`]: add, drop or change a column, a CHECK or a constraint of an existing table,
//! on both backends, whole or not at all.
//!
//! ```no_run
//! # use migration::portable::AlterTable;
//! # use migration::tables::HEALTH_PROFILES;
//! # use migration::{DbErr, SchemaManager};
//! # async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
//! # let backend = manager.get_database_backend();
//! AlterTable::new(backend, HEALTH_PROFILES)
//!     .add_columns(|t| t.decimal_null("body_fat", 4, 1).varchar_default("units", 10, "metric"))
//!     .add_check("chk_body_fat_range", "body_fat BETWEEN 2 AND 70")
//!     .change_columns(|t| t.varchar_null("gender", 30))
//!     .drop_constraint("chk_height_range")
//!     .drop_column("height_cm")
//!     .apply(manager)
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! New and changed columns are written with the [`NewTable`] column methods, so a column added
//! to an existing table gets exactly the type, default, stand-in and CHECK it would have had in
//! a new one; constraints likewise come from [`NewTable::check`], [`NewTable::unique`] and
//! [`NewTable::foreign_key`]. Indexes and triggers added inside those closures
//! ([`NewTable::index`], [`NewTable::then`]) run last.
//!
//! Operations apply in the order chained: a column's dependents must be dropped before the
//! column (`.drop_constraint("chk_x").drop_column("x")`). Before touching anything `apply`
//! refuses a column added NOT NULL without a default, a generated or primary-key column in a
//! change, and a `using` no change names. It then opens a transaction of its own: a savepoint
//! inside the migration's transaction (which [`crate::atomic`] always opens), or a transaction
//! on a bare connection. Either way an alteration that fails leaves the table as it was, even
//! if the caller goes on.
//!
//! # PostgreSQL
//!
//! Native `ALTER TABLE`, one statement per operation, in order:
//! - add: `ADD COLUMN` with the column's definition, then `ADD CONSTRAINT` for its
//!   `chk_<column>_finite` (dates and timestamps) and any constraint written in the closure;
//! - drop: `DROP COLUMN` (PostgreSQL drops the column's own `chk_<column>_finite` with it);
//! - change: `DROP CONSTRAINT` of the column's own stand-in CHECKs, `ALTER COLUMN ... TYPE`
//!   (with `COLLATE "C"` for text, and `USING` when given), `SET`/`DROP NOT NULL`,
//!   `SET`/`DROP DEFAULT`, then `ADD CONSTRAINT` for the new stand-in CHECKs;
//! - constraints: `ADD CONSTRAINT` / `DROP CONSTRAINT`.
//!
//! # SQLite
//!
//! SQLite's `ALTER TABLE` cannot change a column or a constraint, so the table is rebuilt, after
//! SQLite's documented procedure (<https://sqlite.org/lang_altertable.html#otheralter>) adapted
//! to running inside a transaction. Its first step, `PRAGMA foreign_keys = OFF`, is a no-op
//! inside a transaction, and with foreign keys on:
//! - `DROP TABLE` of a parent first deletes its rows, and that delete CASCADEs into (or is
//!   refused by) child rows;
//! - `ALTER TABLE ... RENAME` rewrites the children's `REFERENCES` to the new name, even with
//!   `legacy_alter_table` on.
//!
//! So neither "create the new table, copy, drop the old, rename" nor "rename the old away,
//! create, copy, drop the old" keeps the child rows: both lose them on the bundled SQLite
//! 3.51. The procedure here:
//! 1. Reads the table's `CREATE TABLE`, its indexes and triggers, every other schema object,
//!    and which tables' foreign keys name it, from `sqlite_master`.
//! 2. Edits the `CREATE TABLE`: its body is split into top-level items (respecting
//!    parentheses, quotes and comments), and items are added, removed or replaced by column or
//!    constraint name; new items are rendered by sea-query's SQLite builder from a
//!    [`NewTable`]. Everything that can be refused is refused here, before any change.
//! 3. `PRAGMA legacy_alter_table = ON`, so the rename below leaves views and other tables'
//!    trigger bodies naming the table as they are; `ALTER TABLE t RENAME TO t__alter_old`; the
//!    flag is put back at once.
//! 4. `CREATE TABLE t` with the new definition; `INSERT INTO t (rowid, columns) SELECT rowid,
//!    columns FROM t__alter_old` (a changed column's `using` expression in place of its name).
//!    The new table has no triggers yet, so the copy writes no audit row and touches no
//!    `updated_at`.
//! 5. The rename rewrote the children's `REFERENCES t` to `t__alter_old`: their `CREATE TABLE`
//!    text is put back exactly as read in step 1 (SQLite's documented `writable_schema`
//!    procedure for changes that leave the stored rows alone), and `schema_version` is
//!    incremented, without which this connection keeps the rewritten schema and the next step
//!    would cascade.
//! 6. Drops `t__alter_old`'s triggers, then `t__alter_old` itself: no foreign key names it now,
//!    so nothing cascades.
//! 7. Recreates the indexes and triggers from the text read in step 1, then runs the
//!    statements added in the closures.
//! 8. Checks that no foreign key names `t__alter_old`, that `PRAGMA foreign_key_check` finds no
//!    row for the table and for each table whose foreign keys name it, and that every view
//!    mentioning the table still compiles. Any failure is an error, and the savepoint rolls
//!    everything back (this was verified too, `writable_schema` edit included).
//!
//! `legacy_alter_table` and `writable_schema` belong to the connection, not the transaction:
//! both are put back even when a step fails.
//!
//! # Limits
//!
//! - Dropping a column used by anything but its own stand-in CHECK is refused on both
//!   backends, naming the users: CHECKs, UNIQUE and primary keys, indexes, views, triggers,
//!   foreign keys. PostgreSQL alone would silently drop the CHECKs, UNIQUEs and indexes with the
//!   column; here the caller drops them first, so both backends end alike. SQLite finds the
//!   users by the column's name appearing in their SQL (a trigger or view must also name the
//!   table), so a same-named column elsewhere in a trigger is a false alarm; PostgreSQL asks
//!   `pg_depend`, which does not see inside trigger functions (a function reading `NEW.x`
//!   breaks when it next runs).
//! - PostgreSQL refuses to change the type of a column a view uses; SQLite does not mind. Drop
//!   and recreate the view around the change.
//! - A `using` expression sees the table's columns as they were before `apply` on SQLite, and as
//!   they are at that point of the chain on PostgreSQL: do not use a column dropped earlier in
//!   the same chain.
//! - SQLite keeps no names for the foreign keys [`NewTable`] creates (sea-query leaves them
//!   out); [`AlterTable::drop_foreign_key`] finds them by their columns there. Foreign keys added
//!   here are named on both backends.
//! - SQLite rewrites the whole table: time and space grow with its size. Rowids are kept;
//!   an `AUTOINCREMENT` counter restarts from the largest rowid copied. Refused on databases
//!   in SQLite's defensive mode, which forbids `writable_schema` (sqlx does not turn it on).
//! - Other backends are refused.
//!
//! # Where each part is
//!
//! This file holds the chain a migration writes ([`AlterTable`]'s methods) and `apply`. Then:
//! - `steps`: each operation rendered for the backend, and the refusals that need no database;
//! - `postgres`: the native `ALTER TABLE` statements and the catalog queries behind them;
//! - `sqlite`: the rebuild run (steps 1 and 3-8 above) and `sqlite_plan` its plan (step 2);
//! - `create_table`: a SQLite `CREATE TABLE` taken apart into items and written back, and
//!   `lexer`, the tokens it is taken apart by (strings, quoted names and comments whole).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, QueryResult, Statement,
    TransactionTrait, Value,
};
use sea_orm_migration::sea_query::{ColumnSpec, TableBuilder};

use super::{NewTable, Tbl};
use catalog::constraints::STAND_IN_SUFFIXES;

/// Changes to one existing table, applied together by [`AlterTable::apply`].
#[must_use = "an AlterTable changes nothing until `apply` runs it"]
pub struct AlterTable {
    backend: DbBackend,
    table: Tbl,
    ops: Vec<Op>,
    /// Mistakes found while chaining, reported by `apply` before it touches anything.
    mistakes: Vec<String>,
}

enum Op {
    AddColumns(NewTable),
    DropColumn(String),
    ChangeColumns {
        columns: NewTable,
        /// (column, expression computing its new value from the old row)
        using: Vec<(String, String)>,
    },
    AddConstraint {
        name: String,
        definition: NewTable,
    },
    DropConstraint(String),
    DropForeignKey {
        name: String,
        columns: Vec<String>,
    },
}

impl AlterTable {
    pub fn new(backend: DbBackend, table: Tbl) -> Self {
        Self {
            backend,
            table,
            ops: Vec::new(),
            mistakes: Vec::new(),
        }
    }

    /// Adds the columns `columns` writes on an empty [`NewTable`], with their stand-in CHECKs
    /// and anything else written there (constraints, indexes). A NOT NULL column needs a
    /// default: existing rows would have no value.
    pub fn add_columns(mut self, columns: impl FnOnce(NewTable) -> NewTable) -> Self {
        let definition = columns(NewTable::new(self.backend, self.table));
        self.ops.push(Op::AddColumns(definition));
        self
    }

    /// Drops a column and its own stand-in CHECK. Anything else using it must be dropped
    /// first, else `apply` refuses, naming it.
    pub fn drop_column(mut self, column: &str) -> Self {
        self.ops.push(Op::DropColumn(column.to_owned()));
        self
    }

    /// Replaces the definition of each column `columns` writes (type, nullability, default,
    /// stand-in CHECK), keeping its name and its values; see [`AlterTable::using`] to convert
    /// them.
    pub fn change_columns(mut self, columns: impl FnOnce(NewTable) -> NewTable) -> Self {
        let columns = columns(NewTable::new(self.backend, self.table));
        self.ops.push(Op::ChangeColumns {
            columns,
            using: Vec::new(),
        });
        self
    }

    /// The expression that computes `column`'s new value from the row as it was, for the latest
    /// [`AlterTable::change_columns`] of that column: `ALTER COLUMN ... USING` on PostgreSQL,
    /// the copy's `SELECT` on SQLite. Write it for this backend.
    pub fn using(mut self, column: &str, expression: &str) -> Self {
        let change = self.ops.iter_mut().rev().find_map(|op| match op {
            Op::ChangeColumns { columns, using } if defines(columns, column) => Some(using),
            _ => None,
        });
        match change {
            Some(using) => using.push((column.to_owned(), expression.to_owned())),
            None => self.mistakes.push(format!(
                "using({column}, ...) follows no change_columns that changes {column}"
            )),
        }
        self
    }

    fn add_constraint(mut self, name: &str, write: impl FnOnce(NewTable) -> NewTable) -> Self {
        let definition = write(NewTable::new(self.backend, self.table));
        self.ops.push(Op::AddConstraint {
            name: name.to_owned(),
            definition,
        });
        self
    }

    /// A named CHECK, the same SQL on both backends. Existing rows must pass it.
    pub fn add_check(self, name: &str, condition: &str) -> Self {
        self.add_constraint(name, |t| t.check(name, condition))
    }

    /// A named CHECK whose SQL differs between the backends.
    pub fn add_check_per_backend(self, name: &str, postgres: &str, sqlite: &str) -> Self {
        self.add_constraint(name, |t| t.check_per_backend(name, postgres, sqlite))
    }

    /// A named UNIQUE constraint over plain columns.
    pub fn add_unique(self, name: &str, columns: &[&str]) -> Self {
        self.add_constraint(name, |t| t.unique(name, columns))
    }

    /// A foreign key, as [`NewTable::foreign_key`] writes it (updates of the referenced key
    /// cascade), but named on SQLite too so that it can be dropped by name.
    pub fn add_foreign_key(
        self,
        name: &str,
        columns: &[&str],
        target: Tbl,
        target_columns: &[&str],
        on_delete: ForeignKeyAction,
    ) -> Self {
        self.add_constraint(name, |t| {
            t.foreign_key(name, columns, target, target_columns, on_delete)
        })
    }

    /// Drops a named CHECK, UNIQUE or foreign key (one added by [`AlterTable::add_foreign_key`]
    /// on SQLite; see [`AlterTable::drop_foreign_key`] for those [`NewTable`] created).
    pub fn drop_constraint(mut self, name: &str) -> Self {
        self.ops.push(Op::DropConstraint(name.to_owned()));
        self
    }

    /// Drops a foreign key: by name on PostgreSQL; on SQLite by name when it has one there, else
    /// the one foreign key over exactly `columns` (SQLite keeps no name for those
    /// [`NewTable::foreign_key`] created).
    pub fn drop_foreign_key(mut self, name: &str, columns: &[&str]) -> Self {
        self.ops.push(Op::DropForeignKey {
            name: name.to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        });
        self
    }

    /// Applies every change, in order, in one savepoint (or transaction): all of them or none.
    ///
    /// # Errors
    /// [`DbErr::Migration`] for a change refused before anything was touched (saying why) or a
    /// check after the SQLite rebuild that failed; the database's own error for a statement it
    /// refused (a CHECK existing rows break, a type they cannot be cast to). Nothing is left
    /// changed either way.
    pub async fn apply(self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        let steps = self.prepare()?;
        if steps.is_empty() {
            return Ok(());
        }
        let txn = manager.get_connection().begin().await?;
        let outcome = match self.backend {
            DbBackend::Postgres => self.apply_postgres(&txn, &steps).await,
            _ => self.apply_sqlite(&txn, &steps).await,
        };
        match outcome {
            Ok(()) => txn.commit().await,
            Err(error) => match txn.rollback().await {
                Ok(()) => Err(error),
                Err(rollback) => Err(DbErr::Migration(format!(
                    "{error}; rolling the alteration back failed too: {rollback}"
                ))),
            },
        }
    }

    fn refusal(&self, message: impl std::fmt::Display) -> DbErr {
        DbErr::Migration(format!("altering table {}: {message}", self.table.name))
    }
}

/// Whether `table` writes a column named `column`.
fn defines(table: &NewTable, column: &str) -> bool {
    table
        .statement()
        .get_columns()
        .iter()
        .any(|c| c.get_column_name().eq_ignore_ascii_case(column))
}

/// The names of the stand-in CHECKs the table builder may give `column` on either backend.
fn stand_in_names(column: &str) -> Vec<String> {
    STAND_IN_SUFFIXES
        .iter()
        .map(|(suffix, _)| format!("chk_{column}_{suffix}"))
        .collect()
}

fn is_stand_in_of(constraint: &str, column: &str) -> bool {
    stand_in_names(column)
        .iter()
        .any(|n| n.eq_ignore_ascii_case(constraint))
}

/// An identifier quoted for SQL (the same quoting on both backends).
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

mod create_table;
mod lexer;
mod postgres;
mod sqlite;
mod sqlite_plan;
mod steps;
#[cfg(test)]
mod tests;

pub(crate) use create_table::sqlite_names_constraint;
use create_table::*;
use lexer::*;
use postgres::*;
use sqlite::*;
use sqlite_plan::*;
use steps::*;
