//! What the SQLite dump reads: every `sqlite_master` row with its SQL laid out for diffing,
//! and each table's and view's columns as `PRAGMA table_xinfo` reports them.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbErr};

use super::layout::{collapse_whitespace, layout_sqlite_sql};
use super::{Block, MIGRATIONS_TABLE, opt_text, render, rows, text};

/// The SQLite dump.
pub(super) async fn dump<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    let mut blocks = Vec::new();
    for row in rows(
        db,
        "SELECT type, name, tbl_name, sql FROM sqlite_master",
        vec![],
    )
    .await?
    {
        let (kind, name, table) = (
            text(&row, "type")?,
            text(&row, "name")?,
            text(&row, "tbl_name")?,
        );
        // SQLite's own objects (sqlite_sequence, sqlite_stat1, the automatic indexes behind
        // UNIQUE and PRIMARY KEY, which the table's SQL already states) and the migrator's.
        if name.starts_with("sqlite_") || name == MIGRATIONS_TABLE || table == MIGRATIONS_TABLE {
            continue;
        }
        let mut header = format!("{kind} {name}");
        if table != name {
            header.push_str(&format!(" on {table}"));
        }
        let mut lines = vec![header];
        if let Some(sql) = opt_text(&row, "sql")? {
            lines.extend(
                layout_sqlite_sql(&collapse_whitespace(&sql))
                    .into_iter()
                    .map(|l| format!("  {l}")),
            );
        }
        if kind == "table" || kind == "view" {
            lines.extend(sqlite_columns(db, &name).await?);
        }
        // `sqlite_master` names are unique across types, but the key keeps the spec's order.
        blocks.push(Block {
            rank: 0,
            name: format!("{kind} {name}"),
            lines,
        });
    }
    Ok(render(blocks))
}

/// `PRAGMA table_xinfo` of a table or view: what SQLite made of the declared columns.
async fn sqlite_columns<C: ConnectionTrait>(db: &C, table: &str) -> Result<Vec<String>, DbErr> {
    let mut columns = Vec::new();
    for row in rows(
        db,
        "SELECT cid, name, type, \"notnull\" AS not_null, dflt_value, pk, hidden \
         FROM pragma_table_xinfo($1)",
        vec![table.into()],
    )
    .await?
    {
        let mut line = format!("  column {}", text(&row, "name")?);
        // A view's computed column may have no declared type.
        let declared = text(&row, "type")?;
        if !declared.is_empty() {
            line.push_str(&format!(" {declared}"));
        }
        if row.try_get::<i64>("", "not_null")? != 0 {
            line.push_str(" NOT NULL");
        }
        if let Some(default) = opt_text(&row, "dflt_value")? {
            line.push_str(&format!(" DEFAULT {}", collapse_whitespace(&default)));
        }
        let pk: i64 = row.try_get("", "pk")?;
        if pk != 0 {
            line.push_str(&format!(" PRIMARY KEY #{pk}"));
        }
        // 1: hidden column of a virtual table, 2/3: generated (virtual/stored).
        match row.try_get::<i64>("", "hidden")? {
            0 => {}
            1 => line.push_str(" HIDDEN"),
            2 => line.push_str(" GENERATED VIRTUAL"),
            3 => line.push_str(" GENERATED STORED"),
            other => line.push_str(&format!(" hidden={other}")),
        }
        columns.push((row.try_get::<i64>("", "cid")?, line));
    }
    columns.sort();
    Ok(columns.into_iter().map(|(_, line)| line).collect())
}
