//! `NewTable`: one `CREATE TABLE` for either backend, plus the statements that belong with it
//! (indexes, triggers, policies), run together by [`NewTable::create`].
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, DbErr};

use super::dialect::{POSTGRES_TEXT_COLLATION, StandIn, postgres_finite_condition};
use super::index::Index;
use super::{Tbl, run_sql};

/// Builds a table for either backend. Columns are NOT NULL unless their method ends in
/// `_null`. Each column gets its PostgreSQL type; on SQLite it gets the closest stand-in and a
/// CHECK named `chk_<column>_<kind>` that refuses what PostgreSQL's type would refuse.
pub struct NewTable {
    backend: DbBackend,
    table: Tbl,
    stmt: TableCreateStatement,
    /// Run after the CREATE TABLE: indexes, triggers, policies.
    after: Vec<String>,
    /// Run last: the partitions of a table partitioned by month.
    partitions: Vec<String>,
}

impl NewTable {
    pub fn new(backend: DbBackend, table: Tbl) -> Self {
        let mut stmt = Table::create();
        stmt.table(table.table_ref(backend));
        Self {
            backend,
            table,
            stmt,
            after: Vec::new(),
            partitions: Vec::new(),
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    pub fn table(&self) -> Tbl {
        self.table
    }

    fn is_pg(&self) -> bool {
        self.backend == DbBackend::Postgres
    }

    /// Adds a column: PostgreSQL gets `pg_type`, SQLite `sqlite_type` and the stand-in CHECK.
    fn typed(
        mut self,
        column: &str,
        nullable: bool,
        stand_in: StandIn,
        pg_type: impl FnOnce(&mut ColumnDef),
        sqlite_type: &str,
        default: Option<Expr>,
    ) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        if self.is_pg() {
            pg_type(&mut def);
        } else {
            def.custom(Alias::new(sqlite_type));
        }
        if !nullable {
            def.not_null();
        }
        if let Some(default) = default {
            def.default(default);
        }
        self.stmt.col(def);
        if self.is_pg() {
            if matches!(stand_in, StandIn::Date | StandIn::Timestamp) {
                let name = format!("chk_{column}_finite");
                return self.check(&name, &postgres_finite_condition(column, &stand_in));
            }
            return self;
        }
        let name = format!("chk_{column}_{}", stand_in.suffix());
        let condition = stand_in.sqlite_condition(column);
        self.check(&name, &format!("{column} IS NULL OR ({condition})"))
    }

    /// `id` UUID primary key with a database default, so raw inserts need not supply one.
    pub fn id(self) -> Self {
        let default = if self.is_pg() {
            Expr::cust("gen_random_uuid()")
        } else {
            Expr::cust("(randomblob(16))")
        };
        let table = self.typed(
            "id",
            false,
            StandIn::Uuid,
            |d| {
                d.uuid();
            },
            "BLOB",
            Some(default),
        );
        table.primary_key(&["id"])
    }

    /// `id` UUID with a database default, in a primary key `(id, <time column>)`: the key of a
    /// table [partitioned by month](NewTable::partition_by_month), which PostgreSQL requires to
    /// hold the partition column. SQLite gets the same key.
    pub fn id_and_time_key(self, time_column: &str) -> Self {
        let default = if self.is_pg() {
            Expr::cust("gen_random_uuid()")
        } else {
            Expr::cust("(randomblob(16))")
        };
        let table = self.typed(
            "id",
            false,
            StandIn::Uuid,
            |d| {
                d.uuid();
            },
            "BLOB",
            Some(default),
        );
        table.primary_key(&["id", time_column])
    }

    /// PostgreSQL: `PARTITION BY RANGE (<time column>)`, then (after the indexes and
    /// policies) a DEFAULT partition and the current and next month (see
    /// [`super::partitions`]); the function that makes months must exist first. SQLite: a
    /// plain table. The time column must be in the primary key ([`NewTable::id_and_time_key`]).
    pub fn partition_by_month(mut self, time_column: &str) -> Self {
        if self.is_pg() {
            self.stmt.partition_by_range([Alias::new(time_column)]);
        }
        self.partitions = super::partitions::partition_statements(self.backend, self.table);
        self
    }

    /// A primary key over these columns (one for a plain key, several for a link table).
    pub fn primary_key(mut self, columns: &[&str]) -> Self {
        let mut index = sea_orm_migration::prelude::Index::create();
        for column in columns {
            index.col(Alias::new(*column));
        }
        self.stmt.primary_key(&mut index);
        self
    }

    fn uuid_column(self, column: &str, nullable: bool) -> Self {
        self.typed(
            column,
            nullable,
            StandIn::Uuid,
            |d| {
                d.uuid();
            },
            "BLOB",
            None,
        )
    }

    pub fn uuid(self, column: &str) -> Self {
        self.uuid_column(column, false)
    }

    pub fn uuid_null(self, column: &str) -> Self {
        self.uuid_column(column, true)
    }

    fn varchar_column(self, column: &str, len: u32, nullable: bool) -> Self {
        self.typed(
            column,
            nullable,
            StandIn::Varchar(len),
            |d| {
                d.string_len(len).extra(POSTGRES_TEXT_COLLATION);
            },
            &format!("varchar({len})"),
            None,
        )
    }

    pub fn varchar(self, column: &str, len: u32) -> Self {
        self.varchar_column(column, len, false)
    }

    pub fn varchar_null(self, column: &str, len: u32) -> Self {
        self.varchar_column(column, len, true)
    }

    /// A NOT NULL varchar with a default value.
    pub fn varchar_default(self, column: &str, len: u32, default: &str) -> Self {
        self.typed(
            column,
            false,
            StandIn::Varchar(len),
            |d| {
                d.string_len(len).extra(POSTGRES_TEXT_COLLATION);
            },
            &format!("varchar({len})"),
            Some(Expr::val(default)),
        )
    }

    fn text_column(self, column: &str, nullable: bool) -> Self {
        self.typed(
            column,
            nullable,
            StandIn::Text,
            |d| {
                d.text().extra(POSTGRES_TEXT_COLLATION);
            },
            "TEXT",
            None,
        )
    }

    pub fn text(self, column: &str) -> Self {
        self.text_column(column, false)
    }

    pub fn text_null(self, column: &str) -> Self {
        self.text_column(column, true)
    }

    fn integer_column(self, column: &str, nullable: bool, default: Option<i32>) -> Self {
        self.typed(
            column,
            nullable,
            StandIn::Integer,
            |d| {
                d.integer();
            },
            "INTEGER",
            default.map(Expr::val),
        )
    }

    pub fn integer(self, column: &str) -> Self {
        self.integer_column(column, false, None)
    }

    pub fn integer_default(self, column: &str, default: i32) -> Self {
        self.integer_column(column, false, Some(default))
    }

    pub fn integer_null(self, column: &str) -> Self {
        self.integer_column(column, true, None)
    }

    pub fn boolean(self, column: &str, default: bool) -> Self {
        self.typed(
            column,
            false,
            StandIn::Boolean,
            |d| {
                d.boolean();
            },
            "INTEGER",
            Some(Expr::val(default)),
        )
    }

    /// DECIMAL(precision, scale). SQLite: REAL, held to the same digits (PostgreSQL would round
    /// extra decimals; SQLite refuses them, and the service refuses them on both).
    fn decimal_column(
        self,
        column: &str,
        precision: u32,
        scale: u32,
        nullable: bool,
        default: Option<Expr>,
    ) -> Self {
        self.typed(
            column,
            nullable,
            StandIn::Decimal { precision, scale },
            |d| {
                d.decimal_len(precision, scale);
            },
            "REAL",
            default,
        )
    }

    pub fn decimal(self, column: &str, precision: u32, scale: u32) -> Self {
        self.decimal_column(column, precision, scale, false, None)
    }

    /// A NOT NULL decimal defaulting to zero.
    pub fn decimal_zero(self, column: &str, precision: u32, scale: u32) -> Self {
        self.decimal_column(column, precision, scale, false, Some(Expr::val(0)))
    }

    pub fn decimal_null(self, column: &str, precision: u32, scale: u32) -> Self {
        self.decimal_column(column, precision, scale, true, None)
    }

    fn date_column(self, column: &str, nullable: bool) -> Self {
        self.typed(
            column,
            nullable,
            StandIn::Date,
            |d| {
                d.date();
            },
            "TEXT",
            None,
        )
    }

    pub fn date(self, column: &str) -> Self {
        self.date_column(column, false)
    }

    pub fn date_null(self, column: &str) -> Self {
        self.date_column(column, true)
    }

    fn timestamp_column(self, column: &str, nullable: bool, default_now: bool) -> Self {
        let default = default_now.then(|| {
            if self.is_pg() {
                Expr::cust("CURRENT_TIMESTAMP")
            } else {
                Expr::cust(super::dialect::SQLITE_NOW)
            }
        });
        self.typed(
            column,
            nullable,
            StandIn::Timestamp,
            |d| {
                d.timestamp_with_time_zone();
            },
            "TEXT",
            default,
        )
    }

    /// NOT NULL timestamp defaulting to now.
    pub fn timestamp_now(self, column: &str) -> Self {
        self.timestamp_column(column, false, true)
    }

    /// NOT NULL timestamp the writer must supply.
    pub fn timestamp(self, column: &str) -> Self {
        self.timestamp_column(column, false, false)
    }

    pub fn timestamp_null(self, column: &str) -> Self {
        self.timestamp_column(column, true, false)
    }

    /// `created_at` and `updated_at`, both defaulting to now; pair it with
    /// [`super::triggers::updated_at_trigger`].
    pub fn timestamps(self) -> Self {
        self.timestamp_now("created_at").timestamp_now("updated_at")
    }

    fn json_column(self, column: &str, nullable: bool) -> Self {
        self.typed(
            column,
            nullable,
            StandIn::Json,
            |d| {
                d.json_binary();
            },
            "TEXT",
            None,
        )
    }

    pub fn json(self, column: &str) -> Self {
        self.json_column(column, false)
    }

    pub fn json_null(self, column: &str) -> Self {
        self.json_column(column, true)
    }

    /// A list of strings: `text[]` on PostgreSQL, a JSON array on SQLite. NOT NULL, empty by
    /// default (a typed NULL cannot bind to both `text[]` and TEXT).
    pub fn text_list(self, column: &str) -> Self {
        let default = if self.is_pg() {
            Expr::cust("'{}'")
        } else {
            Expr::val("[]")
        };
        self.typed(
            column,
            false,
            StandIn::TextList,
            |d| {
                d.array(ColumnType::Text);
            },
            "TEXT",
            Some(default),
        )
    }

    /// An integer column computed from others and stored (`GENERATED ALWAYS AS (...) STORED`,
    /// the same SQL on both backends). Both refuse a direct write to it.
    pub fn generated_integer(mut self, column: &str, expression: &str) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        def.integer()
            .not_null()
            .generated(Expr::cust(expression.to_owned()), true);
        self.stmt.col(def);
        self
    }

    /// A named CHECK, the same SQL on both backends.
    pub fn check(mut self, name: &str, condition: &str) -> Self {
        self.stmt
            .check((Alias::new(name), Expr::cust(condition.to_owned())));
        self
    }

    /// A named CHECK whose SQL differs (PostgreSQL regex against SQLite GLOB, say).
    pub fn check_per_backend(self, name: &str, postgres: &str, sqlite: &str) -> Self {
        let condition = if self.is_pg() { postgres } else { sqlite };
        self.check(name, condition)
    }

    /// A named UNIQUE constraint over plain columns.
    pub fn unique(mut self, name: &str, columns: &[&str]) -> Self {
        let mut index = sea_orm_migration::prelude::Index::create();
        index.name(name).unique();
        for column in columns {
            index.col(Alias::new(*column));
        }
        self.stmt.index(&mut index);
        self
    }

    /// A foreign key named `name`; updates of the referenced key cascade.
    pub fn foreign_key(
        mut self,
        name: &str,
        columns: &[&str],
        target: Tbl,
        target_columns: &[&str],
        on_delete: ForeignKeyAction,
    ) -> Self {
        let mut fk = ForeignKey::create();
        fk.name(name)
            .from_tbl(Alias::new("_"))
            .to_tbl(target.table_ref(self.backend))
            .on_delete(on_delete)
            .on_update(ForeignKeyAction::Cascade);
        for column in columns {
            fk.from_col(Alias::new(*column));
        }
        for column in target_columns {
            fk.to_col(Alias::new(*column));
        }
        self.stmt.foreign_key(&mut fk);
        self
    }

    /// An index on this table, created right after it (skipped where the backend has no such
    /// index: see [`Index::sql`]).
    pub fn index(self, index: Index) -> Self {
        let sql = index.sql(self.backend, self.table);
        self.then_maybe(sql)
    }

    /// A statement to run right after the table is created (a trigger, a policy).
    pub fn then(mut self, sql: impl Into<String>) -> Self {
        self.after.push(sql.into());
        self
    }

    fn then_maybe(self, sql: Option<String>) -> Self {
        match sql {
            Some(sql) => self.then(sql),
            None => self,
        }
    }

    /// Several statements to run after the table is created, in order.
    pub fn then_all<I: IntoIterator<Item = String>>(mut self, statements: I) -> Self {
        self.after.extend(statements);
        self
    }

    /// The `CREATE TABLE` built so far. [`super::AlterTable`] renders it and takes the column
    /// definitions and constraints apart, so a column added to an existing table gets exactly
    /// what it would have had in a new one.
    pub(crate) fn statement(&self) -> &TableCreateStatement {
        &self.stmt
    }

    /// The statements [`NewTable::create`] runs after the `CREATE TABLE`, in order.
    pub(crate) fn after(&self) -> &[String] {
        &self.after
    }

    /// Creates the table, then runs the statements added with [`NewTable::index`] and
    /// [`NewTable::then`].
    pub async fn create(self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager.create_table(self.stmt).await?;
        run_sql(manager, &self.after).await?;
        run_sql(manager, &self.partitions).await
    }
}
