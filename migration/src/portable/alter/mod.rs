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

    /// Renders every operation for this backend and refuses what can be refused without a
    /// database.
    fn prepare(&self) -> Result<Vec<Step>, DbErr> {
        if !matches!(self.backend, DbBackend::Postgres | DbBackend::Sqlite) {
            return Err(self.refusal(format!("{:?} is not supported", self.backend)));
        }
        if let Some(mistake) = self.mistakes.first() {
            return Err(self.refusal(mistake));
        }
        self.ops
            .iter()
            .map(|op| self.prepare_op(op).map_err(|m| self.refusal(m)))
            .collect()
    }

    fn prepare_op(&self, op: &Op) -> Result<Step, String> {
        Ok(match op {
            Op::AddColumns(definition) => {
                let items = rendered_items(definition)?;
                if !items.iter().any(Item::is_column) {
                    return Err("add_columns names no column".to_owned());
                }
                refuse_primary_key(&items, "add_columns")?;
                for column in definition.statement().get_columns() {
                    let spec = column.get_column_spec();
                    if spec.nullable == Some(false)
                        && spec.default.is_none()
                        && spec.generated.is_none()
                    {
                        return Err(format!(
                            "column {} is added NOT NULL without a default, so existing rows \
                             would have no value: give it a default, or add it nullable, fill \
                             it, then change it to NOT NULL",
                            column.get_column_name()
                        ));
                    }
                }
                Step::Add {
                    items,
                    after: definition.after().to_vec(),
                }
            }
            Op::DropColumn(column) => Step::Drop(column.clone()),
            Op::ChangeColumns { columns, using } => {
                let items = rendered_items(columns)?;
                refuse_primary_key(&items, "change_columns")?;
                let mut changed = Vec::new();
                let mut checks = Vec::new();
                let definitions = columns.statement().get_columns();
                for item in items {
                    let Kind::Column { name, generated } = &item.kind else {
                        checks.push(item);
                        continue;
                    };
                    if *generated {
                        return Err(format!(
                            "{name} is a generated column: drop it and add it again instead"
                        ));
                    }
                    let postgres = match definitions
                        .iter()
                        .find(|d| d.get_column_name().eq_ignore_ascii_case(name))
                    {
                        Some(definition) if self.backend == DbBackend::Postgres => {
                            Some(postgres_column(definition)?)
                        }
                        _ => None,
                    };
                    let using = using
                        .iter()
                        .rev()
                        .find(|(c, _)| c.eq_ignore_ascii_case(name))
                        .map(|(_, e)| e.clone());
                    changed.push(Changed {
                        name: name.clone(),
                        item: item.clone(),
                        postgres,
                        using,
                    });
                }
                if changed.is_empty() {
                    return Err("change_columns names no column".to_owned());
                }
                Step::Change {
                    columns: changed,
                    checks,
                    after: columns.after().to_vec(),
                }
            }
            Op::AddConstraint { name, definition } => {
                let mut items = rendered_items(definition)?;
                for item in &mut items {
                    // sea-query's SQLite builder leaves a foreign key's name out; keep it so
                    // that drop_constraint finds it.
                    if let Kind::Constraint {
                        name: None,
                        what: what @ What::ForeignKey(_),
                    } = &item.kind
                    {
                        item.text = format!("CONSTRAINT {} {}", quote_ident(name), item.text);
                        item.kind = Kind::Constraint {
                            name: Some(name.clone()),
                            what: what.clone(),
                        };
                    }
                }
                Step::AddConstraint {
                    items,
                    after: definition.after().to_vec(),
                }
            }
            Op::DropConstraint(name) => Step::DropConstraint(name.clone()),
            Op::DropForeignKey { name, columns } => Step::DropForeignKey {
                name: name.clone(),
                columns: columns.clone(),
            },
        })
    }

    async fn apply_postgres(&self, txn: &DatabaseTransaction, steps: &[Step]) -> Result<(), DbErr> {
        let table = self.table.sql(DbBackend::Postgres);
        let alter = |action: String| format!("ALTER TABLE {table} {action}");
        let mut after = Vec::new();
        for step in steps {
            match step {
                Step::Add { items, after: more } => {
                    for item in items {
                        let sql = if item.is_column() {
                            alter(format!("ADD COLUMN {}", item.text))
                        } else {
                            alter(format!("ADD {}", item.text))
                        };
                        txn.execute_unprepared(&sql).await?;
                    }
                    after.extend(more.iter().cloned());
                }
                Step::Drop(column) => {
                    let users = postgres_column_users(txn, &table, column).await?;
                    if !users.is_empty() {
                        return Err(self.refusal(format!(
                            "column {column} is used by {}: drop them first",
                            users.join(", ")
                        )));
                    }
                    txn.execute_unprepared(&alter(format!("DROP COLUMN {}", quote_ident(column))))
                        .await?;
                }
                Step::Change {
                    columns,
                    checks,
                    after: more,
                } => {
                    let existing = postgres_constraints(txn, &table).await?;
                    for column in columns {
                        let Some(definition) = &column.postgres else {
                            return Err(self.refusal(format!("no definition for {}", column.name)));
                        };
                        for stand_in in stand_in_names(&column.name) {
                            if existing.iter().any(|c| c == &stand_in) {
                                txn.execute_unprepared(&alter(format!(
                                    "DROP CONSTRAINT {}",
                                    quote_ident(&stand_in)
                                )))
                                .await?;
                            }
                        }
                        let sql =
                            alter(definition.alter_column(&column.name, column.using.as_deref()));
                        txn.execute_unprepared(&sql).await?;
                    }
                    for check in checks {
                        txn.execute_unprepared(&alter(format!("ADD {}", check.text)))
                            .await?;
                    }
                    after.extend(more.iter().cloned());
                }
                Step::AddConstraint { items, after: more } => {
                    for item in items {
                        txn.execute_unprepared(&alter(format!("ADD {}", item.text)))
                            .await?;
                    }
                    after.extend(more.iter().cloned());
                }
                Step::DropConstraint(name) | Step::DropForeignKey { name, .. } => {
                    txn.execute_unprepared(&alter(format!(
                        "DROP CONSTRAINT {}",
                        quote_ident(name)
                    )))
                    .await?;
                }
            }
        }
        for sql in &after {
            txn.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn apply_sqlite(&self, txn: &DatabaseTransaction, steps: &[Step]) -> Result<(), DbErr> {
        let name = self.table.name;
        let objects = sqlite_objects(txn).await?;
        let Some(table_sql) = objects
            .iter()
            .find(|o| o.kind == "table" && o.name.eq_ignore_ascii_case(name))
            .and_then(|o| o.sql.clone())
        else {
            return Err(self.refusal("no such table"));
        };
        let old = format!("{name}__alter_old");
        if objects.iter().any(|o| o.name.eq_ignore_ascii_case(&old)) {
            return Err(self.refusal(format!("{old} exists already")));
        }
        let children = sqlite_children(txn, name).await?;
        let plan = plan_sqlite(name, &old, &table_sql, &objects, &children, steps)
            .map_err(|m| self.refusal(m))?;

        let legacy = sqlite_pragma(txn, "legacy_alter_table").await?;
        let outcome = self.rebuild_sqlite(txn, &plan, &objects, legacy).await;
        // Connection settings outlive a rollback: put them back whatever happened, or the
        // pooled connection would keep them.
        let reset = async {
            txn.execute_unprepared("PRAGMA writable_schema = OFF")
                .await?;
            txn.execute_unprepared(&format!("PRAGMA legacy_alter_table = {legacy}"))
                .await
        }
        .await;
        outcome?;
        reset?;
        self.verify_sqlite(txn, &plan, &objects, &children).await
    }

    async fn rebuild_sqlite(
        &self,
        txn: &DatabaseTransaction,
        plan: &SqlitePlan,
        objects: &[SchemaObject],
        legacy: i64,
    ) -> Result<(), DbErr> {
        let name = self.table.name;
        // Legacy mode leaves views and other tables' trigger bodies naming the table alone, so
        // they name the new table afterwards. It only matters to the RENAME: put it back at once.
        txn.execute_unprepared("PRAGMA legacy_alter_table = ON")
            .await?;
        txn.execute_unprepared(&format!(
            "ALTER TABLE {} RENAME TO {}",
            quote_ident(name),
            quote_ident(&plan.old)
        ))
        .await?;
        txn.execute_unprepared(&format!("PRAGMA legacy_alter_table = {legacy}"))
            .await?;

        // With foreign keys on, the rename rewrote every `REFERENCES t` to the old name:
        // whatever of the rest of the schema it changed is put back as it was.
        let renamed = sqlite_objects(txn).await?;
        let restore: Vec<&SchemaObject> = objects
            .iter()
            .filter(|o| !o.table.eq_ignore_ascii_case(name))
            .filter(|o| {
                renamed
                    .iter()
                    .any(|r| r.kind == o.kind && r.name == o.name && r.sql != o.sql)
            })
            .collect();

        txn.execute_unprepared(&plan.create).await?;
        txn.execute_unprepared(&plan.copy).await?;

        if !restore.is_empty() {
            let version = sqlite_pragma(txn, "schema_version").await?;
            txn.execute_unprepared("PRAGMA writable_schema = ON")
                .await?;
            for object in restore {
                txn.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "UPDATE sqlite_master SET sql = ? WHERE type = ? AND name = ?",
                    [
                        Value::from(object.sql.clone()),
                        Value::from(object.kind.clone()),
                        Value::from(object.name.clone()),
                    ],
                ))
                .await?;
            }
            // Without a new schema version this connection goes on with the schema it has in
            // memory, where the children still reference the old table, and dropping it would
            // cascade into their rows.
            txn.execute_unprepared(&format!("PRAGMA schema_version = {}", version + 1))
                .await?;
            txn.execute_unprepared("PRAGMA writable_schema = OFF")
                .await?;
        }

        // No foreign key names the old table now, so dropping it deletes no child row. Its
        // triggers go first all the same, so that none can fire while it is dropped.
        for trigger in &plan.old_triggers {
            txn.execute_unprepared(&format!("DROP TRIGGER {}", quote_ident(trigger)))
                .await?;
        }
        txn.execute_unprepared(&format!("DROP TABLE {}", quote_ident(&plan.old)))
            .await?;
        for sql in &plan.recreate {
            txn.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn verify_sqlite(
        &self,
        txn: &DatabaseTransaction,
        plan: &SqlitePlan,
        objects: &[SchemaObject],
        children: &[ChildKey],
    ) -> Result<(), DbErr> {
        let name = self.table.name;
        let dangling = sqlite_children(txn, &plan.old).await?;
        if let Some(child) = dangling.first() {
            return Err(self.refusal(format!(
                "the foreign keys of {} still name {}",
                child.child, plan.old
            )));
        }
        let mut checked: Vec<&str> = vec![name];
        for child in children {
            if !checked.iter().any(|c| c.eq_ignore_ascii_case(&child.child)) {
                checked.push(&child.child);
            }
        }
        let mut violations = Vec::new();
        for table in checked {
            let rows = txn
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Sqlite,
                    "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check(?) LIMIT 5",
                    [Value::from(table)],
                ))
                .await?;
            for row in rows {
                let child: String = row.try_get_by_index(0)?;
                let rowid: Option<i64> = row.try_get_by_index(1)?;
                let parent: String = row.try_get_by_index(2)?;
                violations.push(format!(
                    "{child} row {} names no row of {parent}",
                    rowid.map_or_else(|| "?".to_owned(), |r| r.to_string())
                ));
            }
        }
        if !violations.is_empty() {
            return Err(self.refusal(format!(
                "foreign_key_check failed: {}",
                violations.join("; ")
            )));
        }
        for view in objects.iter().filter(|o| o.kind == "view") {
            if view.sql.as_deref().is_some_and(|sql| mentions(sql, name)) {
                txn.query_all_raw(Statement::from_string(
                    DbBackend::Sqlite,
                    format!("SELECT * FROM {} LIMIT 0", quote_ident(&view.name)),
                ))
                .await
                .map_err(|e| self.refusal(format!("view {} no longer works: {e}", view.name)))?;
            }
        }
        Ok(())
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

fn refuse_primary_key(items: &[Item], op: &str) -> Result<(), String> {
    if items.iter().any(|i| {
        matches!(
            i.kind,
            Kind::Constraint {
                what: What::PrimaryKey,
                ..
            }
        )
    }) {
        return Err(format!("{op} cannot change the primary key"));
    }
    Ok(())
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

/// One operation, rendered for the backend.
enum Step {
    Add {
        items: Vec<Item>,
        after: Vec<String>,
    },
    Drop(String),
    Change {
        columns: Vec<Changed>,
        /// The new stand-in CHECKs, and any other constraint written in the closure.
        checks: Vec<Item>,
        after: Vec<String>,
    },
    AddConstraint {
        items: Vec<Item>,
        after: Vec<String>,
    },
    DropConstraint(String),
    DropForeignKey {
        name: String,
        columns: Vec<String>,
    },
}

struct Changed {
    name: String,
    /// The column's item in a `CREATE TABLE` (SQLite's new definition).
    item: Item,
    /// Its pieces for `ALTER COLUMN` (PostgreSQL only).
    postgres: Option<PostgresColumn>,
    using: Option<String>,
}

/// What `ALTER COLUMN` sets on PostgreSQL.
#[derive(Debug, PartialEq, Eq)]
struct PostgresColumn {
    /// The type, with its collation.
    ty: String,
    not_null: bool,
    default: Option<String>,
}

impl PostgresColumn {
    /// `ALTER COLUMN c TYPE ... [USING ...], ALTER COLUMN c SET|DROP NOT NULL, ALTER COLUMN c
    /// SET|DROP DEFAULT`: the whole definition, so whatever the old one had is replaced.
    fn alter_column(&self, column: &str, using: Option<&str>) -> String {
        let c = quote_ident(column);
        let using = using.map(|u| format!(" USING {u}")).unwrap_or_default();
        let null = if self.not_null {
            "SET NOT NULL"
        } else {
            "DROP NOT NULL"
        };
        let default = match &self.default {
            Some(default) => format!("SET DEFAULT {default}"),
            None => "DROP DEFAULT".to_owned(),
        };
        format!(
            "ALTER COLUMN {c} TYPE {}{using}, ALTER COLUMN {c} {null}, ALTER COLUMN {c} {default}",
            self.ty
        )
    }
}

fn postgres_column(definition: &ColumnDef) -> Result<PostgresColumn, String> {
    let spec = definition.get_column_spec();
    let Some(column_type) = definition.get_column_type() else {
        return Err(format!("{} has no type", definition.get_column_name()));
    };
    let mut ty = String::new();
    PostgresQueryBuilder.prepare_column_type(column_type, &mut ty);
    if let Some(extra) = &spec.extra {
        ty.push(' ');
        ty.push_str(extra);
    }
    let default = spec.default.as_ref().map(|default| {
        // The same rendering as in CREATE TABLE: ` DEFAULT <expression>`.
        let mut sql = String::new();
        let only_default = ColumnSpec {
            default: Some(default.clone()),
            ..ColumnSpec::default()
        };
        PostgresQueryBuilder.prepare_column_spec(&only_default, &mut sql);
        sql.trim_start()
            .trim_start_matches("DEFAULT")
            .trim()
            .to_owned()
    });
    Ok(PostgresColumn {
        ty,
        not_null: spec.nullable == Some(false),
        default,
    })
}

/// The items of the `CREATE TABLE` a [`NewTable`] would run, as its backend's builder writes
/// it.
fn rendered_items(table: &NewTable) -> Result<Vec<Item>, String> {
    let sql = match table.backend() {
        DbBackend::Postgres => table.statement().to_string(PostgresQueryBuilder),
        DbBackend::Sqlite => table.statement().to_string(SqliteQueryBuilder),
        other => return Err(format!("{other:?} is not supported")),
    };
    Ok(TableSql::parse(&sql)?.items)
}

mod create_table;
mod lexer;
mod postgres;
mod sqlite;

pub(crate) use create_table::sqlite_names_constraint;
use create_table::*;
use lexer::*;
use postgres::*;
use sqlite::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portable::Index;

    const T: Tbl = Tbl::new("public", "pets");
    const OWNERS: Tbl = Tbl::new("public", "owners");

    /// A table in the shape sea-query writes, with the awkward bits: a comma and a parenthesis
    /// in a string, a quoted name with a doubled quote, a comment, a nested CHECK.
    const PETS: &str = "CREATE TABLE \"pets\" ( \"id\" BLOB NOT NULL DEFAULT ((randomblob(16))), \
        \"name\" TEXT NOT NULL, \"owner_id\" BLOB, \"say \"\"hi\"\"\" TEXT DEFAULT 'a, (b', \
        \"legs\" INTEGER, /* four, mostly ( */ PRIMARY KEY (\"id\"), \
        FOREIGN KEY (\"owner_id\") REFERENCES \"owners\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE, \
        CONSTRAINT \"chk_name_varchar\" CHECK (name IS NULL OR (typeof(name) = 'text' AND length(name) <= 20)), \
        CONSTRAINT \"chk_legs_integer\" CHECK (legs IS NULL OR (typeof(legs) = 'integer')), \
        CONSTRAINT \"chk_legs_range\" CHECK (legs BETWEEN 0 AND 8) )";

    fn columns(def: &TableSql) -> Vec<&str> {
        def.columns().collect()
    }

    fn names(def: &TableSql) -> Vec<String> {
        def.items
            .iter()
            .filter_map(|i| match &i.kind {
                Kind::Constraint { name, .. } => {
                    Some(name.clone().unwrap_or_else(|| "-".to_owned()))
                }
                Kind::Column { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_create_table_splits_into_its_items() {
        let def = TableSql::parse(PETS).unwrap();
        assert_eq!(def.header, "CREATE TABLE \"pets\" (");
        assert_eq!(def.tail, "");
        assert_eq!(
            columns(&def),
            ["id", "name", "owner_id", "say \"hi\"", "legs"]
        );
        assert_eq!(def.items[3].text, "\"say \"\"hi\"\"\" TEXT DEFAULT 'a, (b'");
        // The comment belongs to the item it precedes and is kept.
        assert!(def.items[5].text.starts_with("/* four"));
        assert_eq!(
            names(&def),
            [
                "-",
                "-",
                "chk_name_varchar",
                "chk_legs_integer",
                "chk_legs_range"
            ]
        );
        assert_eq!(
            def.items[6].kind,
            Kind::Constraint {
                name: None,
                what: What::ForeignKey(vec!["owner_id".to_owned()])
            }
        );
        // Unchanged, it renders back to the same statement but for spacing.
        assert_eq!(TableSql::parse(&def.render()).unwrap().items, def.items);
        let strict = TableSql::parse(
            "CREATE TABLE t (a INTEGER, b AS (a * 2) STORED) WITHOUT ROWID, STRICT",
        )
        .unwrap();
        assert_eq!(strict.tail, " WITHOUT ROWID, STRICT");
        assert!(!strict.has_rowid());
        assert_eq!(
            strict.items[1].kind,
            Kind::Column {
                name: "b".to_owned(),
                generated: true
            }
        );
        assert!(def.has_rowid());
    }

    #[test]
    fn broken_sql_is_an_error_not_a_panic() {
        for sql in [
            "CREATE TABLE t",
            "CREATE TABLE t (a TEXT DEFAULT 'x)",
            "CREATE TABLE t (a TEXT, (b)",
            "CREATE TABLE t (a, )",
            "CREATE TABLE t (CONSTRAINT CHECK (a))",
        ] {
            assert!(TableSql::parse(sql).is_err(), "{sql}");
        }
    }

    #[test]
    fn mentions_are_identifiers_only() {
        assert!(mentions("CHECK (legs > 0)", "LEGS"));
        assert!(mentions(
            "UPDATE \"t\" SET x = 1 WHERE NEW.\"legs\" > 0",
            "legs"
        ));
        assert!(!mentions("CHECK (name <> 'legs')", "legs"));
        assert!(!mentions("CHECK (legs_count > 0) -- legs", "legs"));
    }

    fn sqlite(ops: AlterTable) -> Result<SqlitePlan, String> {
        sqlite_with(ops, &[], &[])
    }

    fn sqlite_with(
        ops: AlterTable,
        objects: &[SchemaObject],
        children: &[ChildKey],
    ) -> Result<SqlitePlan, String> {
        let steps = ops.prepare().map_err(|e| e.to_string())?;
        plan_sqlite("pets", "pets__alter_old", PETS, objects, children, &steps)
    }

    fn alter() -> AlterTable {
        AlterTable::new(DbBackend::Sqlite, T)
    }

    #[test]
    fn added_columns_come_after_the_columns_with_their_stand_in_checks() {
        let plan = sqlite(
            alter()
                .add_columns(|t| {
                    t.decimal_null("weight", 5, 2)
                        .varchar_default("color", 10, "brown")
                })
                .add_check("chk_weight_range", "weight > 0"),
        )
        .unwrap();
        let def = TableSql::parse(&plan.create).unwrap();
        assert_eq!(
            columns(&def),
            [
                "id",
                "name",
                "owner_id",
                "say \"hi\"",
                "legs",
                "weight",
                "color"
            ]
        );
        assert_eq!(def.items[5].text, "\"weight\" REAL");
        assert_eq!(
            def.items[6].text,
            "\"color\" varchar(10) NOT NULL DEFAULT 'brown'"
        );
        assert_eq!(
            names(&def)[5..],
            [
                "chk_weight_decimal",
                "chk_color_varchar",
                "chk_weight_range"
            ]
        );
        // New columns take their default; the rest are copied with their rowids.
        assert_eq!(
            plan.copy,
            "INSERT INTO \"pets\" (rowid, \"id\", \"name\", \"owner_id\", \"say \"\"hi\"\"\", \"legs\") \
             SELECT rowid, \"id\", \"name\", \"owner_id\", \"say \"\"hi\"\"\", \"legs\" FROM \"pets__alter_old\""
        );
    }

    #[test]
    fn a_not_null_column_needs_a_default() {
        let refused = sqlite(alter().add_columns(|t| t.integer("age"))).unwrap_err();
        assert!(
            refused.contains("age is added NOT NULL without a default"),
            "{refused}"
        );
        assert!(sqlite(alter().add_columns(|t| t.integer_default("age", 1))).is_ok());
        assert!(
            sqlite(alter().add_columns(|t| t.generated_integer("double_legs", "legs * 2"))).is_ok()
        );
        let refused = sqlite(alter().add_columns(|t| t.text_null("name"))).unwrap_err();
        assert!(refused.contains("column name exists already"), "{refused}");
    }

    #[test]
    fn a_dropped_column_takes_its_stand_ins_and_nothing_else() {
        let plan = sqlite(alter().drop_column("name")).unwrap();
        let def = TableSql::parse(&plan.create).unwrap();
        assert_eq!(columns(&def), ["id", "owner_id", "say \"hi\"", "legs"]);
        assert!(!names(&def).contains(&"chk_name_varchar".to_owned()));
        assert!(!plan.copy.contains("\"name\""));

        let refused = sqlite(alter().drop_column("legs")).unwrap_err();
        assert!(
            refused.contains("used by constraint chk_legs_range"),
            "{refused}"
        );
        assert!(
            sqlite(
                alter()
                    .drop_constraint("chk_legs_range")
                    .drop_column("legs")
            )
            .is_ok()
        );
        // Order matters, as on PostgreSQL.
        assert!(
            sqlite(
                alter()
                    .drop_column("legs")
                    .drop_constraint("chk_legs_range")
            )
            .is_err()
        );

        let refused = sqlite(alter().drop_column("id")).unwrap_err();
        assert!(
            refused.ends_with("column id is used by PRIMARY KEY (\"id\"): drop them first"),
            "{refused}"
        );
        let refused = sqlite(alter().drop_column("owner_id")).unwrap_err();
        assert!(
            refused.contains("used by FOREIGN KEY (\"owner_id\")"),
            "{refused}"
        );
        assert!(
            sqlite(alter().drop_column("nope"))
                .unwrap_err()
                .contains("no column nope")
        );
    }

    fn object(kind: &str, name: &str, table: &str, sql: &str) -> SchemaObject {
        SchemaObject {
            kind: kind.to_owned(),
            name: name.to_owned(),
            table: table.to_owned(),
            sql: Some(sql.to_owned()),
        }
    }

    #[test]
    fn a_dropped_column_in_use_elsewhere_is_refused_naming_the_users() {
        let objects = [
            object(
                "index",
                "idx_pets_name",
                "pets",
                "CREATE INDEX idx_pets_name ON \"pets\" (name)",
            ),
            SchemaObject {
                sql: None,
                ..object("index", "sqlite_autoindex_pets_1", "pets", "")
            },
            object(
                "trigger",
                "trg_owners_rename",
                "owners",
                "CREATE TRIGGER trg_owners_rename AFTER UPDATE ON owners BEGIN UPDATE pets SET name = NEW.name; END",
            ),
            // Mentions a `name`, but not of pets.
            object(
                "view",
                "owner_names",
                "owner_names",
                "CREATE VIEW owner_names AS SELECT name FROM owners",
            ),
            object(
                "view",
                "pet_names",
                "pet_names",
                "CREATE VIEW pet_names AS SELECT name FROM pets",
            ),
        ];
        let refused = sqlite_with(alter().drop_column("name"), &objects, &[]).unwrap_err();
        assert!(
            refused.ends_with(
                "column name is used by index idx_pets_name, trigger trg_owners_rename, view pet_names: drop them first"
            ),
            "{refused}"
        );
        let children = [ChildKey {
            child: "visits".to_owned(),
            column: Some("legs".to_owned()),
        }];
        let refused = sqlite_with(
            alter()
                .drop_constraint("chk_legs_range")
                .drop_column("legs"),
            &[],
            &children,
        )
        .unwrap_err();
        assert!(
            refused.contains("the foreign key of table visits"),
            "{refused}"
        );
    }

    #[test]
    fn a_changed_column_keeps_its_place_and_its_values() {
        let plan = sqlite(
            alter()
                .change_columns(|t| t.varchar_null("name", 40).integer_default("legs", 4))
                .using("legs", "coalesce(legs, 4)"),
        )
        .unwrap();
        let def = TableSql::parse(&plan.create).unwrap();
        assert_eq!(
            columns(&def),
            ["id", "name", "owner_id", "say \"hi\"", "legs"]
        );
        assert_eq!(def.items[1].text, "\"name\" varchar(40)");
        assert_eq!(def.items[4].text, "\"legs\" INTEGER NOT NULL DEFAULT 4");
        let checks = names(&def);
        assert_eq!(
            checks[2..],
            ["chk_legs_range", "chk_name_varchar", "chk_legs_integer"]
        );
        let new_check = def
            .items
            .iter()
            .find(|i| i.describe() == "constraint chk_name_varchar")
            .unwrap();
        assert!(new_check.text.contains("length(name) <= 40"));
        assert!(plan.copy.ends_with(
            "SELECT rowid, \"id\", \"name\", \"owner_id\", \"say \"\"hi\"\"\", coalesce(legs, 4) FROM \"pets__alter_old\""
        ));
        let refused = sqlite(alter().change_columns(|t| t.text("x")).using("y", "1")).unwrap_err();
        assert!(
            refused.contains("using(y, ...) follows no change_columns"),
            "{refused}"
        );
        assert!(
            sqlite(alter().change_columns(|t| t.text("x")))
                .unwrap_err()
                .contains("no column x")
        );
        assert!(
            sqlite(alter().change_columns(|t| t.id()))
                .unwrap_err()
                .contains("primary key")
        );
    }

    #[test]
    fn constraints_are_added_and_dropped_by_name() {
        let plan = sqlite(
            alter()
                .add_unique("uq_pets_name", &["name"])
                .add_foreign_key(
                    "fk_pets_best_friend",
                    &["owner_id"],
                    OWNERS,
                    &["id"],
                    ForeignKeyAction::SetNull,
                )
                .drop_constraint("chk_legs_range"),
        )
        .unwrap();
        let def = TableSql::parse(&plan.create).unwrap();
        assert_eq!(
            names(&def),
            [
                "-",
                "-",
                "chk_name_varchar",
                "chk_legs_integer",
                "uq_pets_name",
                "fk_pets_best_friend"
            ]
        );
        assert_eq!(
            def.items[9].text,
            "CONSTRAINT \"uq_pets_name\" UNIQUE (\"name\")"
        );
        assert_eq!(
            def.items[10].text,
            "CONSTRAINT \"fk_pets_best_friend\" FOREIGN KEY (\"owner_id\") REFERENCES \"owners\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE"
        );
        let dup = sqlite(alter().add_check("chk_legs_range", "legs < 9")).unwrap_err();
        assert!(dup.contains("chk_legs_range exists already"), "{dup}");
        let missing = sqlite(alter().drop_constraint("fk_pets_owner")).unwrap_err();
        assert!(missing.contains("use drop_foreign_key"), "{missing}");
        // NewTable's foreign keys have no name on SQLite: found by their columns.
        let plan = sqlite(alter().drop_foreign_key("fk_pets_owner", &["owner_id"])).unwrap();
        assert!(!plan.create.contains("FOREIGN KEY"));
        assert!(sqlite(alter().drop_foreign_key("fk_pets_owner", &["id"])).is_err());
    }

    #[test]
    fn indexes_and_triggers_are_recreated_and_closure_statements_run_last() {
        let objects = [
            object(
                "index",
                "idx_pets_legs",
                "pets",
                "CREATE INDEX idx_pets_legs ON \"pets\" (legs)",
            ),
            object(
                "trigger",
                "trg_pets",
                "pets",
                "CREATE TRIGGER trg_pets AFTER UPDATE ON \"pets\" BEGIN SELECT 1; END",
            ),
            object("table", "owners", "owners", "CREATE TABLE owners (id BLOB)"),
        ];
        let plan = sqlite_with(
            alter().add_columns(|t| {
                t.text_null("nick")
                    .index(Index::new("idx_pets_nick", "nick"))
            }),
            &objects,
            &[],
        )
        .unwrap();
        assert_eq!(plan.old_triggers, ["trg_pets"]);
        assert_eq!(
            plan.recreate,
            [
                "CREATE INDEX idx_pets_legs ON \"pets\" (legs)",
                "CREATE TRIGGER trg_pets AFTER UPDATE ON \"pets\" BEGIN SELECT 1; END",
                "CREATE INDEX idx_pets_nick ON \"pets\" (nick)",
            ]
        );
    }

    #[test]
    fn postgres_gets_each_piece_of_a_changed_column() {
        let table = NewTable::new(DbBackend::Postgres, T)
            .varchar_default("color", 40, "brown")
            .timestamp_null("seen_at");
        let columns = table.statement().get_columns();
        let color = postgres_column(&columns[0]).unwrap();
        assert_eq!(
            color,
            PostgresColumn {
                ty: "varchar(40) COLLATE \"C\"".to_owned(),
                not_null: true,
                default: Some("'brown'".to_owned()),
            }
        );
        assert_eq!(
            color.alter_column("color", Some("upper(color)")),
            "ALTER COLUMN \"color\" TYPE varchar(40) COLLATE \"C\" USING upper(color), \
             ALTER COLUMN \"color\" SET NOT NULL, ALTER COLUMN \"color\" SET DEFAULT 'brown'"
        );
        let seen = postgres_column(&columns[1]).unwrap();
        assert_eq!(
            seen.alter_column("seen_at", None),
            "ALTER COLUMN \"seen_at\" TYPE timestamp with time zone, \
             ALTER COLUMN \"seen_at\" DROP NOT NULL, ALTER COLUMN \"seen_at\" DROP DEFAULT"
        );
        let items = rendered_items(&table).unwrap();
        assert_eq!(
            items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
            [
                "\"color\" varchar(40) NOT NULL DEFAULT 'brown' COLLATE \"C\"",
                "\"seen_at\" timestamp with time zone",
                "CONSTRAINT \"chk_seen_at_finite\" CHECK (seen_at >= '0001-01-01 00:00:00+00' AND seen_at < '10000-01-01 00:00:00+00')",
            ]
        );
    }
}
