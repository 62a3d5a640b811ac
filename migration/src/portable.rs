//! One schema, two backends.
//!
//! Each column helper gives PostgreSQL its native type and SQLite the closest stand-in, plus the
//! CHECK that makes the stand-in refuse what PostgreSQL's type would refuse (SQLite stores
//! anything in any column): a UUID is a 16-byte BLOB, a timestamp is RFC 3339 text in UTC, a
//! DECIMAL(p, s) is a REAL held to p digits and s decimals, a VARCHAR(n) is length-checked, a
//! boolean is 0 or 1, a `text[]` is a JSON array. The checks are named `chk_<column>_<type>`,
//! so an error says which column was wrong.
//!
//! Tables in the `auth`, `health` and `audit` schemas are qualified on PostgreSQL and plain on
//! SQLite, which has one namespace; table names are unique across schemas for that reason.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr};

/// SQLite's "now" in the one text format every timestamp column holds (what sqlx writes for a
/// `DateTime<Utc>`, at millisecond precision): text comparison then orders instants correctly.
pub const SQLITE_NOW: &str = "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')";

/// A table and the PostgreSQL schema it lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tbl {
    pub schema: &'static str,
    pub name: &'static str,
}

impl Tbl {
    pub const fn new(schema: &'static str, name: &'static str) -> Self {
        Self { schema, name }
    }

    /// For sea-query statements: `schema.name` on PostgreSQL, `name` on SQLite.
    pub fn table_ref(self, backend: DbBackend) -> TableRef {
        match backend {
            DbBackend::Postgres => {
                (Alias::new(self.schema), Alias::new(self.name)).into_table_ref()
            }
            _ => Alias::new(self.name).into_table_ref(),
        }
    }

    /// For raw SQL: `"schema"."name"` on PostgreSQL, `"name"` on SQLite.
    pub fn sql(self, backend: DbBackend) -> String {
        match backend {
            DbBackend::Postgres => format!("\"{}\".\"{}\"", self.schema, self.name),
            _ => format!("\"{}\"", self.name),
        }
    }
}

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

/// `value IN ('a', 'b')`, for CHECKs that list a closed set (identical on both backends).
pub fn one_of(column: &str, values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    format!("{column} IN ({})", quoted.join(", "))
}

/// SQLite expression turning a 16-byte UUID blob into its hyphenated text, as PostgreSQL
/// prints it (for JSON snapshots in triggers: JSON cannot hold a blob).
fn sqlite_uuid_text(expr: &str) -> String {
    let h = format!("hex({expr})");
    format!(
        "lower(substr({h}, 1, 8) || '-' || substr({h}, 9, 4) || '-' || substr({h}, 13, 4) || '-' || substr({h}, 17, 4) || '-' || substr({h}, 21))"
    )
}

/// Builds a `CREATE TABLE` for either backend. Columns are NOT NULL unless their helper ends
/// in `_null`.
pub struct NewTable {
    backend: DbBackend,
    table: Tbl,
    stmt: TableCreateStatement,
}

impl NewTable {
    pub fn new(backend: DbBackend, table: Tbl) -> Self {
        let mut stmt = Table::create();
        stmt.table(table.table_ref(backend));
        Self {
            backend,
            table,
            stmt,
        }
    }

    fn is_pg(&self) -> bool {
        self.backend == DbBackend::Postgres
    }

    fn column(mut self, mut def: ColumnDef, nullable: bool) -> Self {
        if !nullable {
            def.not_null();
        }
        self.stmt.col(def);
        self
    }

    /// A CHECK that only SQLite needs, standing in for a PostgreSQL type.
    fn sqlite_check(self, column: &str, kind: &str, condition: String) -> Self {
        if self.is_pg() {
            return self;
        }
        self.check(
            &format!("chk_{column}_{kind}"),
            &format!("{column} IS NULL OR ({condition})"),
        )
    }

    /// `id` UUID primary key with a database default, so raw inserts need not supply one.
    pub fn id(self) -> Self {
        let mut def = ColumnDef::new(Alias::new("id"));
        if self.is_pg() {
            def.uuid().default(Expr::cust("gen_random_uuid()"));
        } else {
            def.custom(Alias::new("BLOB"))
                .default(Expr::cust("(randomblob(16))"));
        }
        def.primary_key();
        self.column(def, false)
            .sqlite_check("id", "uuid", uuid_condition("id"))
    }

    fn uuid_column(self, column: &str, nullable: bool) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        if self.is_pg() {
            def.uuid();
        } else {
            def.custom(Alias::new("BLOB"));
        }
        self.column(def, nullable)
            .sqlite_check(column, "uuid", uuid_condition(column))
    }

    pub fn uuid(self, column: &str) -> Self {
        self.uuid_column(column, false)
    }

    pub fn uuid_null(self, column: &str) -> Self {
        self.uuid_column(column, true)
    }

    fn varchar_column(self, column: &str, len: u32, nullable: bool) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        def.string_len(len);
        self.column(def, nullable).sqlite_check(
            column,
            "varchar",
            format!("typeof({column}) = 'text' AND length({column}) <= {len}"),
        )
    }

    pub fn varchar(self, column: &str, len: u32) -> Self {
        self.varchar_column(column, len, false)
    }

    pub fn varchar_null(self, column: &str, len: u32) -> Self {
        self.varchar_column(column, len, true)
    }

    pub fn text_null(self, column: &str) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        def.text();
        self.column(def, true)
            .sqlite_check(column, "text", format!("typeof({column}) = 'text'"))
    }

    pub fn integer_null(self, column: &str) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        def.integer();
        self.column(def, true).sqlite_check(
            column,
            "integer",
            format!("typeof({column}) = 'integer' AND {column} BETWEEN -2147483648 AND 2147483647"),
        )
    }

    pub fn boolean(self, column: &str, default: bool) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        def.boolean().default(default);
        self.column(def, false)
            .sqlite_check(column, "boolean", format!("{column} IN (0, 1)"))
    }

    /// DECIMAL(precision, scale). SQLite: REAL, held to the same digits (PostgreSQL would round
    /// extra decimals; SQLite refuses them, and the service refuses them on both).
    pub fn decimal_null(self, column: &str, precision: u32, scale: u32) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        if self.is_pg() {
            def.decimal_len(precision, scale);
        } else {
            def.custom(Alias::new("REAL"));
        }
        let limit = 10_u64.pow(precision - scale);
        self.column(def, true).sqlite_check(
            column,
            "decimal",
            format!(
                "typeof({column}) IN ('integer', 'real') AND {column} = round({column}, {scale}) AND abs({column}) < {limit}"
            ),
        )
    }

    pub fn date_null(self, column: &str) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        if self.is_pg() {
            def.date();
        } else {
            def.custom(Alias::new("TEXT"));
        }
        self.column(def, true).sqlite_check(
            column,
            "date",
            // Without a modifier SQLite 3.40 echoes 1990-02-30 back unchanged.
            format!("typeof({column}) = 'text' AND date({column}, '+0 days') IS {column}"),
        )
    }

    /// SQLite: RFC 3339 text in UTC. The GLOB fixes the shape; the date must survive a round
    /// trip through `date(..., '+0 days')` (the modifier makes SQLite normalise, so 31 February
    /// comes back as 3 March and is refused), and the hour must be below 24.
    fn timestamp_column(self, column: &str, nullable: bool, default_now: bool) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        if self.is_pg() {
            def.timestamp_with_time_zone();
            if default_now {
                def.default(Expr::cust("CURRENT_TIMESTAMP"));
            }
        } else {
            def.custom(Alias::new("TEXT"));
            if default_now {
                def.default(Expr::cust(format!("({SQLITE_NOW})")));
            }
        }
        self.column(def, nullable).sqlite_check(
            column,
            "timestamp",
            format!(
                "typeof({column}) = 'text' AND {column} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*+00:00' AND date(substr({column}, 1, 10), '+0 days') IS substr({column}, 1, 10) AND substr({column}, 12, 2) < '24'"
            ),
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
    /// [`updated_at_trigger`].
    pub fn timestamps(self) -> Self {
        self.timestamp_now("created_at").timestamp_now("updated_at")
    }

    pub fn json_null(self, column: &str) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        if self.is_pg() {
            def.json_binary();
        } else {
            def.custom(Alias::new("TEXT"));
        }
        self.column(def, true)
            .sqlite_check(column, "json", format!("json_valid({column})"))
    }

    /// A list of strings: `text[]` on PostgreSQL, a JSON array on SQLite. NOT NULL, empty by
    /// default.
    pub fn text_list(self, column: &str) -> Self {
        let mut def = ColumnDef::new(Alias::new(column));
        if self.is_pg() {
            def.array(ColumnType::Text).default(Expr::cust("'{}'"));
        } else {
            def.custom(Alias::new("TEXT")).default("[]");
        }
        self.column(def, false).sqlite_check(
            column,
            "text_list",
            format!("json_valid({column}) AND json_type({column}) = 'array'"),
        )
    }

    /// `user_id`, a foreign key to `users` named `fk_<table>_user`, deleted with its user.
    pub fn owned_by_user(self) -> Self {
        let name = format!("fk_{}_user", self.table.name);
        self.uuid("user_id").foreign_key(
            &name,
            &["user_id"],
            crate::tables::USERS,
            &["id"],
            ForeignKeyAction::Cascade,
        )
    }

    /// A unique SHA-256 digest in lower-case hex: what is stored of a secret token, never the
    /// token itself.
    pub fn sha256_digest(self, column: &str) -> Self {
        let table = self.table.name;
        self.varchar(column, 64)
            .check_per_backend(
                &format!("chk_{column}_format"),
                &format!("{column} ~ '^[0-9a-f]{{64}}$'"),
                &format!("length({column}) = 64 AND {column} NOT GLOB '*[^0-9a-f]*'"),
            )
            .unique(&format!("uq_{table}_{column}"), &[column])
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

    pub fn unique(mut self, name: &str, columns: &[&str]) -> Self {
        let mut index = Index::create();
        index.name(name).unique();
        for column in columns {
            index.col(Alias::new(*column));
        }
        self.stmt.index(&mut index);
        self
    }

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

    pub async fn create(self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager.create_table(self.stmt).await
    }
}

fn uuid_condition(column: &str) -> String {
    format!("typeof({column}) = 'blob' AND length({column}) = 16")
}

/// `CREATE [UNIQUE] INDEX name ON table (keys) [WHERE ...]`: written as SQL because the key may
/// be an expression (`lower(email)`), which sea-query's SQLite builder refuses. The same
/// statement on both backends but for the table's qualification.
pub fn index_sql(
    backend: DbBackend,
    name: &str,
    table: Tbl,
    keys: &str,
    unique: bool,
    filter: Option<&str>,
) -> String {
    let unique = if unique { "UNIQUE " } else { "" };
    let filter = filter.map(|f| format!(" WHERE {f}")).unwrap_or_default();
    format!(
        "CREATE {unique}INDEX {name} ON {} ({keys}){filter}",
        table.sql(backend)
    )
}

/// The trigger that keeps `updated_at` current on every update, whatever the client sends.
///
/// PostgreSQL: a BEFORE UPDATE trigger calling `public.set_updated_at()`. SQLite cannot assign
/// to NEW, so an AFTER UPDATE trigger writes the row again; the `IS NOT` guard ends the
/// recursion should `recursive_triggers` ever be on.
pub fn updated_at_trigger(backend: DbBackend, table: Tbl) -> String {
    let name = format!("trg_{}_updated_at", table.name);
    let t = table.sql(backend);
    match backend {
        DbBackend::Postgres => format!(
            "CREATE TRIGGER {name} BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION public.set_updated_at()"
        ),
        _ => format!(
            "CREATE TRIGGER {name} AFTER UPDATE ON {t} FOR EACH ROW BEGIN \
             UPDATE {t} SET updated_at = {SQLITE_NOW} WHERE id = NEW.id AND updated_at IS NOT {SQLITE_NOW}; \
             END"
        ),
    }
}

/// Drops tables, last created first. CASCADE on PostgreSQL takes views and triggers along.
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

/// Whether a column holds a UUID (a blob on SQLite): `id` and every `*_id` column.
fn is_uuid_column(column: &str) -> bool {
    column == "id" || column.ends_with("_id")
}

/// SQLite `json_object(...)` of a row's columns, UUIDs as text (JSON cannot hold a blob).
fn sqlite_snapshot(row: &str, columns: &[&str]) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .map(|c| {
            let value = format!("{row}.{c}");
            let value = if is_uuid_column(c) {
                sqlite_uuid_text(&value)
            } else {
                value
            };
            format!("'{c}', {value}")
        })
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// The triggers that keep a table's `updated_at` current and, when `audited_columns` is given,
/// write every insert, update and delete to `audit.data_changes`. Use this rather than
/// [`updated_at_trigger`] for an audited table.
///
/// PostgreSQL: the BEFORE UPDATE `updated_at` trigger and an AFTER trigger calling
/// `audit.audit_changes()`, which snapshots rows with `to_jsonb`. SQLite: one trigger per
/// operation; the UPDATE one also sets `updated_at` and then snapshots the row as stored, so the
/// audit sees the new `updated_at` (as on PostgreSQL) and the trigger's own write is not audited
/// a second time (SQLite does not re-fire a running trigger unless `recursive_triggers` is on).
/// The acting user is the row of `audit_context` written by the service's write transaction.
pub fn row_triggers(
    backend: DbBackend,
    table: Tbl,
    keeps_updated_at: bool,
    audited_columns: Option<&[&str]>,
) -> Vec<String> {
    let Some(columns) = audited_columns else {
        return if keeps_updated_at {
            vec![updated_at_trigger(backend, table)]
        } else {
            vec![]
        };
    };
    let t = table.sql(backend);
    let name = table.name;
    if backend == DbBackend::Postgres {
        let mut statements = Vec::new();
        if keeps_updated_at {
            statements.push(updated_at_trigger(backend, table));
        }
        statements.push(format!(
            "CREATE TRIGGER audit_{name} AFTER INSERT OR UPDATE OR DELETE ON {t} \
             FOR EACH ROW EXECUTE FUNCTION audit.audit_changes()"
        ));
        return statements;
    }
    let audit = crate::tables::DATA_CHANGES.sql(backend);
    let actor = format!(
        "(SELECT user_id FROM {} WHERE slot = 1)",
        crate::tables::AUDIT_CONTEXT.sql(backend)
    );
    let record = |op: &str, id: &str, old: &str, new: &str| {
        format!(
            "INSERT INTO {audit} (table_name, operation, user_id, record_id, old_data, new_data, changed_at) \
             VALUES ('{name}', '{op}', {actor}, {id}, {old}, {new}, {SQLITE_NOW})"
        )
    };
    let touch = if keeps_updated_at {
        format!(
            "UPDATE {t} SET updated_at = {SQLITE_NOW} WHERE id = NEW.id AND updated_at IS NOT {SQLITE_NOW}; "
        )
    } else {
        String::new()
    };
    let stored = sqlite_snapshot("stored", columns);
    let old = sqlite_snapshot("OLD", columns);
    vec![
        format!(
            "CREATE TRIGGER audit_{name}_insert AFTER INSERT ON {t} FOR EACH ROW BEGIN {}; END",
            record("INSERT", "NEW.id", "NULL", &sqlite_snapshot("NEW", columns))
        ),
        format!(
            "CREATE TRIGGER audit_{name}_update AFTER UPDATE ON {t} FOR EACH ROW BEGIN {touch}\
             INSERT INTO {audit} (table_name, operation, user_id, record_id, old_data, new_data, changed_at) \
             SELECT '{name}', 'UPDATE', {actor}, NEW.id, {old}, {stored}, {SQLITE_NOW} FROM {t} AS stored WHERE stored.id = NEW.id; END"
        ),
        format!(
            "CREATE TRIGGER audit_{name}_delete AFTER DELETE ON {t} FOR EACH ROW BEGIN {}; END",
            record("DELETE", "OLD.id", &old, "NULL")
        ),
    ]
}
