//! What the PostgreSQL dump reads from the server's catalogs: the database's settings, schemas,
//! extensions, types and functions, as the server deparses them. Tables, views and sequences,
//! with everything hanging off them, are in `postgres_relations`.

use std::collections::BTreeMap;

use sea_orm_migration::sea_orm::{ConnectionTrait, DbErr};

use super::layout::{block_lines, one_line};
use super::postgres_relations::pg_relations;
use super::{Block, MIGRATIONS_TABLE, opt_text, render, rows, text};

/// A namespace that is not PostgreSQL's own (`pg_catalog`, `information_schema`, `pg_toast`,
/// `pg_temp_N`, ...). Every schema a migration could create passes, not only today's four.
pub(super) const PG_USER_NAMESPACE: &str =
    "n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'";

/// Relation `c` (in namespace `n`) belongs to the application: a user namespace, not the
/// migrator's table, not created by an extension (whose objects belong to the extension,
/// listed on its own), and not a month partition (`<table>_YYYY_MM`, made for the month the
/// migration ran and by maintenance since: its name and bounds depend on the date, and it is a
/// copy of its parent, which is dumped with its partition key; the DEFAULT partition is kept).
pub(super) fn pg_user_relation() -> String {
    format!(
        "{PG_USER_NAMESPACE} AND c.relname <> '{MIGRATIONS_TABLE}' \
         AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass \
         AND e.objid = c.oid AND e.deptype = 'e') \
         AND NOT (c.relispartition AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT')"
    )
}

/// `schema.name` of relation `c` in namespace `n`, quoted where needed.
pub(super) const PG_QNAME: &str = "quote_ident(n.nspname) || '.' || quote_ident(c.relname)";

/// The PostgreSQL dump.
pub(super) async fn dump<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    // Empty search_path: every deparsed name outside pg_catalog comes out qualified, whatever
    // path the caller's connection has. Transaction-local, so it ends with the rollback.
    db.execute_unprepared("SET TRANSACTION READ ONLY").await?;
    rows(
        db,
        "SELECT pg_catalog.set_config('search_path', '', true)",
        vec![],
    )
    .await?;

    let mut blocks = Vec::new();
    for row in rows(
        db,
        "SELECT quote_ident(x.extname) AS name, quote_ident(n.nspname) AS schema \
         FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace",
        vec![],
    )
    .await?
    {
        // The version is left out: it is the server's, not the migration's.
        let (name, schema) = (text(&row, "name")?, text(&row, "schema")?);
        blocks.push(Block {
            rank: 0,
            lines: vec![format!("extension {name} in schema {schema}")],
            name,
        });
    }
    for row in rows(
        db,
        &format!(
            "SELECT quote_ident(n.nspname) AS name FROM pg_namespace n WHERE {PG_USER_NAMESPACE}"
        ),
        vec![],
    )
    .await?
    {
        let name = text(&row, "name")?;
        blocks.push(Block {
            rank: 1,
            lines: vec![format!("schema {name}")],
            name,
        });
    }
    // The database's own settings (migration 22's `search_path`), not a role's: a database
    // copied from a template or restored into a new one loses them, and the dump shows it.
    for row in rows(
        db,
        "SELECT s.setting FROM pg_catalog.pg_db_role_setting d \
         CROSS JOIN LATERAL unnest(d.setconfig) AS s(setting) \
         WHERE d.setrole = 0 AND d.setdatabase = \
               (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())",
        vec![],
    )
    .await?
    {
        let setting = text(&row, "setting")?;
        blocks.push(Block {
            rank: 0,
            lines: vec![format!("database setting {setting}")],
            name: format!("database setting {setting}"),
        });
    }
    blocks.extend(pg_types(db).await?);
    blocks.extend(pg_relations(db).await?);
    blocks.extend(pg_functions(db).await?);
    Ok(render(blocks))
}

/// Enums, domains and range types (composite types come with the relations).
async fn pg_types<C: ConnectionTrait>(db: &C) -> Result<Vec<Block>, DbErr> {
    let sql = format!(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) AS name, \
                t.typtype::text AS kind, \
                (SELECT string_agg(quote_literal(l.enumlabel), ', ' ORDER BY l.enumsortorder) \
                   FROM pg_enum l WHERE l.enumtypid = t.oid) AS labels, \
                format_type(t.typbasetype, t.typtypmod) AS base, \
                t.typnotnull AS not_null, \
                pg_get_expr(t.typdefaultbin, 0) AS default_expr \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE {PG_USER_NAMESPACE} AND t.typtype IN ('e', 'd', 'r') \
           AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass \
                           AND e.objid = t.oid AND e.deptype = 'e')"
    );
    let mut domain_checks: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for row in rows(
        db,
        &format!(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) AS owner, \
                    quote_ident(con.conname) AS name, pg_get_constraintdef(con.oid) AS def \
             FROM pg_constraint con JOIN pg_type t ON t.oid = con.contypid \
             JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {PG_USER_NAMESPACE}"
        ),
        vec![],
    )
    .await?
    {
        domain_checks
            .entry(text(&row, "owner")?)
            .or_default()
            .push((text(&row, "name")?, text(&row, "def")?));
    }
    let mut blocks = Vec::new();
    for row in rows(db, &sql, vec![]).await? {
        let name = text(&row, "name")?;
        let mut lines = match text(&row, "kind")?.as_str() {
            "e" => vec![format!(
                "type {name} AS ENUM ({})",
                opt_text(&row, "labels")?.unwrap_or_default()
            )],
            "d" => {
                let mut header = format!("type {name} AS DOMAIN {}", text(&row, "base")?);
                if row.try_get::<bool>("", "not_null")? {
                    header.push_str(" NOT NULL");
                }
                if let Some(default) = opt_text(&row, "default_expr")? {
                    header.push_str(&format!(" DEFAULT {default}"));
                }
                vec![header]
            }
            _ => vec![format!("type {name} AS RANGE")],
        };
        let mut checks = domain_checks.remove(&name).unwrap_or_default();
        checks.sort();
        lines.extend(
            checks
                .into_iter()
                .map(|(n, def)| format!("  constraint {n} {}", one_line(&def))),
        );
        blocks.push(Block {
            rank: 2,
            name,
            lines,
        });
    }
    Ok(blocks)
}

async fn pg_functions<C: ConnectionTrait>(db: &C) -> Result<Vec<Block>, DbErr> {
    let sql = format!(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) AS name, \
                pg_get_function_identity_arguments(p.oid) AS args, p.prokind::text AS kind, \
                CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS def \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE {PG_USER_NAMESPACE} \
           AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass \
                           AND e.objid = p.oid AND e.deptype = 'e')"
    );
    let mut blocks = Vec::new();
    for row in rows(db, &sql, vec![]).await? {
        let name = format!("{}({})", text(&row, "name")?, text(&row, "args")?);
        let kind = match text(&row, "kind")?.as_str() {
            "p" => "procedure",
            "a" => "aggregate",
            _ => "function",
        };
        let mut lines = vec![format!("{kind} {name}")];
        if let Some(def) = opt_text(&row, "def")? {
            lines.extend(block_lines(&def, "    "));
        }
        blocks.push(Block {
            rank: 6,
            name,
            lines,
        });
    }
    Ok(blocks)
}
