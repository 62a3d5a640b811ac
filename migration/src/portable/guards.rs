//! Values one backend stores and the other refuses, closed after the fact (issue 17): what a
//! stand-in CHECK of [`super::NewTable`] cannot see on SQLite, and NaN on PostgreSQL.
//!
//! # SQLite: guard triggers
//!
//! A stand-in CHECK cannot hold a subquery, and changing one means rebuilding the table, so the
//! rules below are `BEFORE INSERT` and `BEFORE UPDATE OF <columns>` triggers, one pair per
//! table (`stand_in_<table>_insert`, `stand_in_<table>_update`), raising the name of the
//! column's stand-in CHECK (`chk_<column>_json`, `chk_<column>_text_list`, `chk_<column>_date`),
//! so a refusal reads as the CHECK's would. They run before the CHECKs, which stay as they were:
//! - JSON and lists: the value is text (a BLOB or a number is not JSON text to PostgreSQL's
//!   `jsonb`/`text[]` input), holds no NUL byte (`json_valid` stops reading at one, so
//!   `'{"a":1}' || char(0) || 'garbage'` passed), and no string or key decodes to a lone UTF-16
//!   surrogate (`"\ud800"`: valid JSON grammar, refused by `jsonb`) or to NUL. Surrogates are
//!   found in the decoded strings `json_tree` gives: SQLite decodes a lone one to the bytes
//!   `ED A0..BF xx`, which no valid UTF-8 text holds (a proper pair decodes to 4 bytes).
//! - Lists: every element is a string (`text[]` holds texts; `[1,2]` was accepted).
//! - Dates: a year of four digits (`date('-0001-01-01', '+0 days')` echoes the negative year,
//!   which PostgreSQL refuses).
//!
//! The columns are found in the live schema by their stand-in CHECK's name, so no column is
//! missed, and the migration that adds the triggers first counts the rows already breaking
//! them and refuses to run while any exist, as PostgreSQL's `ADD CONSTRAINT` would.
//!
//! A table created after migration 19 gets its guards by calling [`guard_table`] after creating
//! it (the test `every_guarded_column_has_its_guard` walks the schema for columns without one).
//!
//! # PostgreSQL: NaN
//!
//! `numeric` accepts `'NaN'`, which sorts above every number, so a one-sided CHECK (`>= 0`)
//! lets it in, and the application's decimal type cannot read it. Every `numeric` column gets
//! `chk_<column>_not_nan CHECK (<column> <> 'NaN')`, found in the live catalog the same way.
//! (`Infinity` needs nothing: every column has a precision, and PostgreSQL refuses an infinite
//! value there.) Likewise every `text[]` column gets `chk_<column>_text_list` (SQLite's
//! stand-in name): no NULL element and one dimension, which is all `TextList` can read.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

use super::{Tbl, run_sql};

/// A stand-in kind whose SQLite CHECK misses something PostgreSQL refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guarded {
    Json,
    TextList,
    Date,
}

impl Guarded {
    const ALL: [Self; 3] = [Self::Json, Self::TextList, Self::Date];

    /// The suffix of the column's stand-in CHECK, whose name the guard raises.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::TextList => "text_list",
            Self::Date => "date",
        }
    }

    /// The name a refusal carries: the column's stand-in CHECK.
    pub fn code(self, column: &str) -> String {
        format!("chk_{column}_{}", self.suffix())
    }

    /// What every value must satisfy without looking inside it (true for NULL). For JSON and
    /// lists it also makes `json_tree` safe to call: that function raises an error on text that
    /// is not JSON, where the guard must refuse by name.
    pub fn plain_condition(self, v: &str) -> String {
        let json_text = format!(
            "typeof({v}) = 'text' AND instr(CAST({v} AS BLOB), X'00') = 0 AND json_valid({v})"
        );
        match self {
            Self::Json => format!("{v} IS NULL OR ({json_text})"),
            Self::TextList => {
                format!("{v} IS NULL OR ({json_text} AND json_type({v}) = 'array')")
            }
            // Without a sign: `date()` echoes `-0001-01-01` back, so the CHECK's round trip
            // passes it.
            Self::Date => format!("{v} IS NULL OR {v} GLOB '[0-9][0-9][0-9][0-9]-*'"),
        }
    }

    /// A condition that holds when the decoded content of `v` (already known to satisfy
    /// [`Guarded::plain_condition`]) breaks the rule; `None` when there is nothing inside to
    /// look at.
    pub fn content_violation(self, v: &str) -> Option<String> {
        // Every decoded string and key, with a separator so that bytes of two strings never
        // meet (`||` keeps NUL bytes). Containers have no atom; array elements have an integer
        // key. A NUL (`\u0000`) or a lone surrogate in either is refused.
        let decoded = "CAST(coalesce(j.atom, '') || '|' || coalesce(j.key, '') AS BLOB)";
        let bad_string = format!(
            "instr({decoded}, X'00') > 0 \
             OR (instr({decoded}, X'ED') > 0 AND EXISTS (SELECT 1 FROM ({}) AS s \
             WHERE instr({decoded}, s.b) > 0))",
            surrogate_prefixes()
        );
        match self {
            Self::Json => Some(format!(
                "EXISTS (SELECT 1 FROM json_tree({v}) AS j WHERE {bad_string})"
            )),
            // An element is a direct child of the root: `path` '$' on a row with a parent.
            Self::TextList => Some(format!(
                "EXISTS (SELECT 1 FROM json_tree({v}) AS j WHERE {bad_string} \
                 OR (j.parent IS NOT NULL AND j.path = '$' AND j.type <> 'text'))"
            )),
            Self::Date => None,
        }
    }

    /// The statements of a trigger body refusing `NEW.<column>`: the plain condition first, so
    /// that `json_tree` only ever reads JSON text.
    fn trigger_statements(self, column: &str) -> Vec<String> {
        let v = format!("NEW.\"{column}\"");
        let code = self.code(column);
        let mut statements = vec![format!(
            "SELECT RAISE(ABORT, '{code}') WHERE NOT ({});",
            self.plain_condition(&v)
        )];
        if let Some(content) = self.content_violation(&v) {
            statements.push(format!("SELECT RAISE(ABORT, '{code}') WHERE {content};"));
        }
        statements
    }

    /// Counts the rows of `table` whose `column` breaks the rule (CASE keeps `json_tree` away
    /// from values that are not JSON text).
    fn violations_sql(self, table: &str, column: &str) -> String {
        let v = format!("\"{column}\"");
        let content = self.content_violation(&v).unwrap_or_else(|| "0".to_owned());
        format!(
            "SELECT count(*) FROM \"{table}\" WHERE CASE WHEN NOT ({}) THEN 1 ELSE {content} END",
            self.plain_condition(&v)
        )
    }
}

/// A VALUES list of the 32 two-byte prefixes `ED A0` .. `ED BF` that begin the UTF-8-style
/// encoding of a UTF-16 surrogate (U+D800..U+DFFF).
fn surrogate_prefixes() -> String {
    let rows: Vec<String> = (0xA0..=0xBF_u8)
        .map(|second| format!("(X'ED{second:02X}')"))
        .collect();
    format!("SELECT column1 AS b FROM (VALUES {})", rows.join(", "))
}

/// The guard triggers of one SQLite table: `BEFORE INSERT`, and `BEFORE UPDATE OF` the guarded
/// columns. Empty when nothing is guarded.
pub fn sqlite_triggers(table: &str, columns: &[(String, Guarded)]) -> Vec<String> {
    if columns.is_empty() {
        return Vec::new();
    }
    let body: Vec<String> = columns
        .iter()
        .flat_map(|(column, kind)| kind.trigger_statements(column))
        .collect();
    let body = body.join(" ");
    let names: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    vec![
        format!(
            "CREATE TRIGGER \"{}\" BEFORE INSERT ON \"{table}\" FOR EACH ROW BEGIN {body} END",
            trigger_name(table, "insert")
        ),
        format!(
            "CREATE TRIGGER \"{}\" BEFORE UPDATE OF {} ON \"{table}\" FOR EACH ROW BEGIN {body} END",
            trigger_name(table, "update"),
            names.join(", ")
        ),
    ]
}

/// `stand_in_<table>_<event>`: the prefix tells these triggers from the rules of
/// `catalog::constraints` (they raise stand-in CHECK names, not rules).
pub fn trigger_name(table: &str, event: &str) -> String {
    format!("{TRIGGER_PREFIX}{table}_{event}")
}

/// The name prefix of every guard trigger.
pub const TRIGGER_PREFIX: &str = "stand_in_";

/// The PostgreSQL CHECK refusing NaN in a numeric column: its name and condition.
pub fn postgres_not_nan(column: &str) -> (String, String) {
    (
        format!("chk_{column}_not_nan"),
        format!("\"{column}\" <> 'NaN'"),
    )
}

/// The PostgreSQL CHECK keeping a `text[]` a flat list of texts, as `TextList` reads it and as
/// SQLite's list holds it: no NULL element, one dimension (an empty array has none). Named as
/// SQLite's stand-in CHECK of the column.
pub fn postgres_flat_text_list(column: &str) -> (String, String) {
    (
        Guarded::TextList.code(column),
        // CASE: `array_position` raises an error on a multidimensional array, where the CHECK
        // must refuse by name, and AND does not promise to evaluate left first.
        format!(
            "CASE WHEN coalesce(array_ndims(\"{column}\"), 1) = 1 \
             THEN array_position(\"{column}\", NULL) IS NULL ELSE false END"
        ),
    )
}

/// A CHECK for a column: its name and condition.
type ColumnCheck = fn(&str) -> (String, String);

/// What PostgreSQL guards: a column type and the CHECK each column of it gets.
const POSTGRES_GUARDS: [(&str, ColumnCheck); 2] = [
    ("numeric", postgres_not_nan),
    ("text[]", postgres_flat_text_list),
];

/// The application's tables on SQLite, without SQLite's own, the migrations' bookkeeping,
/// virtual tables and their shadow tables.
const SQLITE_TABLES: &str = "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'seaql_migrations' \
     AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' \
     AND name NOT IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow') \
     ORDER BY name";

/// Every guarded column of the SQLite database, by table (sorted), as its stand-in CHECKs name
/// them.
pub async fn sqlite_guarded_columns<C: ConnectionTrait>(
    db: &C,
    only: Option<&str>,
) -> Result<Vec<(String, Vec<(String, Guarded)>)>, DbErr> {
    let backend = db.get_database_backend();
    let mut tables = Vec::new();
    for row in db
        .query_all_raw(Statement::from_string(backend, SQLITE_TABLES))
        .await?
    {
        let table: String = row.try_get("", "name")?;
        if only.is_some_and(|only| only != table) {
            continue;
        }
        let sql: String = row.try_get("", "sql")?;
        let mut guarded = Vec::new();
        for column in db
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT name FROM pragma_table_xinfo('{table}') ORDER BY cid"),
            ))
            .await?
        {
            let column: String = column.try_get("", "name")?;
            for kind in Guarded::ALL {
                if sql.contains(&format!("CONSTRAINT \"{}\" CHECK", kind.code(&column))) {
                    guarded.push((column.clone(), kind));
                }
            }
        }
        if !guarded.is_empty() {
            tables.push((table, guarded));
        }
    }
    Ok(tables)
}

/// Every column of type `sql_type` of the application's PostgreSQL tables (a partition takes
/// its parent's constraints): (`schema.table` quoted, columns).
pub async fn postgres_columns<C: ConnectionTrait>(
    db: &C,
    sql_type: &str,
    only: Option<Tbl>,
) -> Result<Vec<(String, Vec<String>)>, DbErr> {
    let schemas: Vec<String> = std::iter::once("public")
        .chain(catalog::tables::APP_SCHEMAS)
        .map(|s| format!("'{s}'"))
        .collect();
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT n.nspname::text AS schema, c.relname::text AS tbl, a.attname::text AS col \
                 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname IN ({}) AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
                 AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = '{sql_type}'::regtype \
                 ORDER BY 1, 2, a.attnum",
                schemas.join(", ")
            ),
        ))
        .await?;
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for row in rows {
        let schema: String = row.try_get("", "schema")?;
        let table: String = row.try_get("", "tbl")?;
        let column: String = row.try_get("", "col")?;
        if only.is_some_and(|t| t.schema != schema || t.name != table) {
            continue;
        }
        let qualified = format!("\"{schema}\".\"{table}\"");
        match tables.last_mut() {
            Some((last, columns)) if *last == qualified => columns.push(column),
            _ => tables.push((qualified, vec![column])),
        }
    }
    Ok(tables)
}

/// Adds the guards to one table (`Some`) or every table (`None`): SQLite's triggers, after
/// refusing to run while rows break them; PostgreSQL's NaN CHECKs (whose `ADD CONSTRAINT`
/// refuses such rows itself).
pub async fn guard(manager: &SchemaManager<'_>, only: Option<Tbl>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let mut statements = Vec::new();
    if manager.get_database_backend() == DbBackend::Postgres {
        for (sql_type, check) in POSTGRES_GUARDS {
            for (table, columns) in postgres_columns(db, sql_type, only).await? {
                let adds: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        let (name, condition) = check(c);
                        format!("ADD CONSTRAINT \"{name}\" CHECK ({condition})")
                    })
                    .collect();
                statements.push(format!("ALTER TABLE {table} {}", adds.join(", ")));
            }
        }
    } else {
        let mut broken = Vec::new();
        for (table, columns) in sqlite_guarded_columns(db, only.map(|t| t.name)).await? {
            for (column, kind) in &columns {
                let count = db
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        kind.violations_sql(&table, column),
                    ))
                    .await?
                    .map(|row| row.try_get_by_index::<i64>(0))
                    .transpose()?
                    .unwrap_or(0);
                if count > 0 {
                    broken.push(format!(
                        "{table}.{column}: {count} rows ({})",
                        kind.code(column)
                    ));
                }
            }
            statements.extend(sqlite_triggers(&table, &columns));
        }
        if !broken.is_empty() {
            return Err(DbErr::Migration(format!(
                "rows hold values PostgreSQL would refuse; repair or delete them, then migrate: {}",
                broken.join("; ")
            )));
        }
    }
    run_sql(manager, &statements).await
}

/// Removes what [`guard`] added, from one table or all.
pub async fn unguard(manager: &SchemaManager<'_>, only: Option<Tbl>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let mut statements = Vec::new();
    if manager.get_database_backend() == DbBackend::Postgres {
        for (sql_type, check) in POSTGRES_GUARDS {
            for (table, columns) in postgres_columns(db, sql_type, only).await? {
                let drops: Vec<String> = columns
                    .iter()
                    .map(|c| format!("DROP CONSTRAINT IF EXISTS \"{}\"", check(c).0))
                    .collect();
                statements.push(format!("ALTER TABLE {table} {}", drops.join(", ")));
            }
        }
    } else {
        for (table, _) in sqlite_guarded_columns(db, only.map(|t| t.name)).await? {
            for event in ["insert", "update"] {
                statements.push(format!(
                    "DROP TRIGGER IF EXISTS \"{}\"",
                    trigger_name(&table, event)
                ));
            }
        }
    }
    run_sql(manager, &statements).await
}

/// [`guard`] for a table created after migration 19.
pub async fn guard_table(manager: &SchemaManager<'_>, table: Tbl) -> Result<(), DbErr> {
    guard(manager, Some(table)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogate_prefixes_cover_the_range() {
        let values = surrogate_prefixes();
        assert!(values.contains("(X'EDA0')"), "{values}");
        assert!(values.contains("(X'EDBF')"), "{values}");
        assert_eq!(values.matches("X'ED").count(), 32);
    }

    #[test]
    fn triggers_raise_the_stand_in_names() {
        let triggers = sqlite_triggers("recipes", &[("tags".to_owned(), Guarded::TextList)]);
        assert_eq!(triggers.len(), 2);
        assert!(triggers[0].contains("RAISE(ABORT, 'chk_tags_text_list')"));
        assert!(triggers[1].contains("BEFORE UPDATE OF \"tags\" ON \"recipes\""));
    }
}
