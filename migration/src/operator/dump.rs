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

use std::collections::BTreeMap;

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
        DbBackend::Postgres => postgres(&txn).await,
        DbBackend::Sqlite => sqlite(&txn).await,
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

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

/// A namespace that is not PostgreSQL's own (`pg_catalog`, `information_schema`, `pg_toast`,
/// `pg_temp_N`, ...). Every schema a migration could create passes, not only today's four.
const PG_USER_NAMESPACE: &str = "n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'";

/// Relation `c` (in namespace `n`) belongs to the application: a user namespace, not the
/// migrator's table, not created by an extension (whose objects belong to the extension,
/// listed on its own), and not a month partition (`<table>_YYYY_MM`, made for the month the
/// migration ran and by maintenance since: its name and bounds depend on the date, and it is a
/// copy of its parent, which is dumped with its partition key; the DEFAULT partition is kept).
fn pg_user_relation() -> String {
    format!(
        "{PG_USER_NAMESPACE} AND c.relname <> '{MIGRATIONS_TABLE}' \
         AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass \
         AND e.objid = c.oid AND e.deptype = 'e') \
         AND NOT (c.relispartition AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT')"
    )
}

/// `schema.name` of relation `c` in namespace `n`, quoted where needed.
const PG_QNAME: &str = "quote_ident(n.nspname) || '.' || quote_ident(c.relname)";

/// A relation (table, view, sequence, composite type) and everything hanging off it.
#[derive(Default)]
struct PgRelation {
    kind: String,
    header_details: Vec<String>,
    columns: Vec<(i64, String)>,
    body: Vec<String>,
    constraints: Vec<(String, String)>,
    indexes: Vec<(String, String)>,
    triggers: Vec<(String, String)>,
    policies: Vec<(String, String)>,
}

async fn postgres<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
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

async fn pg_relations<C: ConnectionTrait>(db: &C) -> Result<Vec<Block>, DbErr> {
    let user_rel = pg_user_relation();
    let mut relations: BTreeMap<String, PgRelation> = BTreeMap::new();

    for row in rows(
        db,
        &format!(
            "SELECT {PG_QNAME} AS name, c.relkind::text AS kind, \
                    c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls, \
                    c.relpersistence::text AS persistence, \
                    CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key, \
                    CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound, \
                    (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(pc.relname), ', ' \
                                       ORDER BY i.inhseqno) \
                       FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent \
                       JOIN pg_namespace pn ON pn.oid = pc.relnamespace \
                      WHERE i.inhrelid = c.oid) AS parents, \
                    CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_def, \
                    obj_description(c.oid, 'pg_class') AS comment \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c', 'S') AND {user_rel}"
        ),
        vec![],
    )
    .await?
    {
        let mut rel = PgRelation {
            kind: text(&row, "kind")?,
            ..PgRelation::default()
        };
        if matches!(rel.kind.as_str(), "r" | "p") {
            // Always shown, so switching it on reads as a changed line, not a new one.
            let rls = match (
                row.try_get::<bool>("", "rls")?,
                row.try_get::<bool>("", "force_rls")?,
            ) {
                (false, false) => "disabled",
                (true, false) => "enabled",
                (false, true) => "disabled, forced",
                (true, true) => "enabled, forced",
            };
            rel.header_details.push(format!("row level security: {rls}"));
        }
        match text(&row, "persistence")?.as_str() {
            "u" => rel.header_details.push("unlogged".to_owned()),
            "t" => rel.header_details.push("temporary".to_owned()),
            _ => {}
        }
        if let Some(key) = opt_text(&row, "partition_key")? {
            rel.header_details.push(format!("partition by {key}"));
        }
        if let Some(parents) = opt_text(&row, "parents")? {
            rel.header_details.push(format!("inherits {parents}"));
        }
        if let Some(bound) = opt_text(&row, "partition_bound")? {
            rel.header_details.push(format!("partition bound {bound}"));
        }
        if let Some(comment) = opt_text(&row, "comment")? {
            rel.header_details
                .push(format!("comment {}", one_line(&comment)));
        }
        if let Some(def) = opt_text(&row, "view_def")? {
            rel.body.push("  definition:".to_owned());
            rel.body.extend(block_lines(&def, "    "));
        }
        relations.insert(text(&row, "name")?, rel);
    }

    for row in rows(
        db,
        &format!(
            "SELECT {PG_QNAME} AS rel, format_type(q.seqtypid, NULL) AS type, q.seqstart::text AS start, \
                    q.seqincrement::text AS step, q.seqmin::text AS min, q.seqmax::text AS max, \
                    q.seqcache::text AS cache, q.seqcycle AS cycle, \
                    (SELECT quote_ident(rn.nspname) || '.' || quote_ident(rc.relname) || '.' || quote_ident(ra.attname) \
                       FROM pg_depend d JOIN pg_class rc ON rc.oid = d.refobjid \
                       JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
                       JOIN pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid \
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid \
                        AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 LIMIT 1) AS owned_by \
             FROM pg_sequence q JOIN pg_class c ON c.oid = q.seqrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {user_rel}"
        ),
        vec![],
    )
    .await?
    {
        if let Some(rel) = relations.get_mut(&text(&row, "rel")?) {
            let mut line = format!(
                "  AS {} START {} INCREMENT {} MINVALUE {} MAXVALUE {} CACHE {}",
                text(&row, "type")?,
                text(&row, "start")?,
                text(&row, "step")?,
                text(&row, "min")?,
                text(&row, "max")?,
                text(&row, "cache")?,
            );
            if row.try_get::<bool>("", "cycle")? {
                line.push_str(" CYCLE");
            }
            if let Some(owner) = opt_text(&row, "owned_by")? {
                line.push_str(&format!(" OWNED BY {owner}"));
            }
            rel.body.push(line);
        }
    }

    for row in rows(
        db,
        &format!(
            "SELECT {PG_QNAME} AS rel, a.attnum::int8 AS num, quote_ident(a.attname) AS name, \
                    format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, \
                    pg_get_expr(d.adbin, d.adrelid) AS default_expr, \
                    a.attgenerated::text AS generated, a.attidentity::text AS identity, \
                    CASE WHEN a.attcollation <> t.typcollation \
                         THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation, \
                    col_description(c.oid, a.attnum) AS comment \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_type t ON t.oid = a.atttypid \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             LEFT JOIN pg_collation co ON co.oid = a.attcollation \
             LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace \
             WHERE a.attnum > 0 AND NOT a.attisdropped \
               AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND {user_rel}"
        ),
        vec![],
    )
    .await?
    {
        let Some(rel) = relations.get_mut(&text(&row, "rel")?) else {
            continue;
        };
        let mut line = format!("  column {} {}", text(&row, "name")?, text(&row, "type")?);
        if let Some(collation) = opt_text(&row, "collation")? {
            line.push_str(&format!(" COLLATE {collation}"));
        }
        if row.try_get::<bool>("", "not_null")? {
            line.push_str(" NOT NULL");
        }
        let expr = opt_text(&row, "default_expr")?;
        match (text(&row, "generated")?.as_str(), expr) {
            ("s", Some(expr)) => line.push_str(&format!(" GENERATED ALWAYS AS ({expr}) STORED")),
            (_, Some(expr)) => line.push_str(&format!(" DEFAULT {}", one_line(&expr))),
            _ => {}
        }
        match text(&row, "identity")?.as_str() {
            "a" => line.push_str(" GENERATED ALWAYS AS IDENTITY"),
            "d" => line.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
            _ => {}
        }
        if let Some(comment) = opt_text(&row, "comment")? {
            line.push_str(&format!(" -- {}", one_line(&comment)));
        }
        rel.columns.push((row.try_get::<i64>("", "num")?, line));
    }

    for row in rows(
        db,
        &format!(
            "SELECT {PG_QNAME} AS rel, quote_ident(con.conname) AS name, \
                    pg_get_constraintdef(con.oid) AS def \
             FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {user_rel}"
        ),
        vec![],
    )
    .await?
    {
        if let Some(rel) = relations.get_mut(&text(&row, "rel")?) {
            rel.constraints
                .push((text(&row, "name")?, one_line(&text(&row, "def")?)));
        }
    }

    for row in rows(
        db,
        &format!(
            "SELECT {PG_QNAME} AS rel, quote_ident(i.relname) AS name, \
                    pg_get_indexdef(x.indexrelid) AS def \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid \
             JOIN pg_class c ON c.oid = x.indrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {user_rel}"
        ),
        vec![],
    )
    .await?
    {
        if let Some(rel) = relations.get_mut(&text(&row, "rel")?) {
            rel.indexes
                .push((text(&row, "name")?, one_line(&text(&row, "def")?)));
        }
    }

    for row in rows(
        db,
        &format!(
            "SELECT {PG_QNAME} AS rel, quote_ident(t.tgname) AS name, \
                    pg_get_triggerdef(t.oid) AS def, t.tgenabled::text AS enabled \
             FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE NOT t.tgisinternal AND {user_rel}"
        ),
        vec![],
    )
    .await?
    {
        if let Some(rel) = relations.get_mut(&text(&row, "rel")?) {
            let mut def = one_line(&text(&row, "def")?);
            // `O` is the default (fires in origin and local mode); anything else was altered.
            let enabled = text(&row, "enabled")?;
            if enabled != "O" {
                def.push_str(&format!(" -- tgenabled {enabled}"));
            }
            rel.triggers.push((text(&row, "name")?, def));
        }
    }

    for row in rows(
        db,
        "SELECT quote_ident(p.schemaname) || '.' || quote_ident(p.tablename) AS rel, \
                quote_ident(p.policyname) AS name, p.permissive, p.cmd, \
                array_to_string(p.roles, ', ') AS roles, p.qual, p.with_check \
         FROM pg_policies p",
        vec![],
    )
    .await?
    {
        if let Some(rel) = relations.get_mut(&text(&row, "rel")?) {
            let mut def = format!(
                "AS {} FOR {} TO {}",
                text(&row, "permissive")?,
                text(&row, "cmd")?,
                text(&row, "roles")?
            );
            if let Some(qual) = opt_text(&row, "qual")? {
                def.push_str(&format!(" USING ({})", one_line(&qual)));
            }
            if let Some(check) = opt_text(&row, "with_check")? {
                def.push_str(&format!(" WITH CHECK ({})", one_line(&check)));
            }
            rel.policies.push((text(&row, "name")?, def));
        }
    }

    Ok(relations
        .into_iter()
        .map(|(name, rel)| pg_relation_block(name, rel))
        .collect())
}

fn pg_relation_block(name: String, mut rel: PgRelation) -> Block {
    let (rank, kind) = match rel.kind.as_str() {
        "S" => (3, "sequence"),
        "c" => (2, "type"),
        "r" => (4, "table"),
        "p" => (4, "partitioned table"),
        "f" => (4, "foreign table"),
        "v" => (5, "view"),
        "m" => (5, "materialized view"),
        other => (6, other),
    };
    let mut lines = vec![format!("{kind} {name}")];
    lines.extend(rel.header_details.iter().map(|d| format!("  {d}")));
    rel.columns.sort();
    lines.extend(rel.columns.into_iter().map(|(_, line)| line));
    for (label, mut items) in [
        ("constraint", rel.constraints),
        ("index", rel.indexes),
        ("trigger", rel.triggers),
        ("policy", rel.policies),
    ] {
        items.sort();
        lines.extend(
            items
                .into_iter()
                .map(|(item, def)| format!("  {label} {item}: {def}")),
        );
    }
    lines.extend(rel.body);
    Block { rank, name, lines }
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

// ---------------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------------

async fn sqlite<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
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

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/// What a SQL scanner is inside of at a given character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    /// `'...'`, `"..."` or `` `...` ``: ends at the same character (a doubled one reopens it,
    /// which leaves the state right).
    Char(char),
    /// `[...]`, SQLite's MS-style quoted identifier.
    Bracket,
}

impl Quote {
    /// The state after `c`.
    fn next(self, c: char) -> Self {
        match self {
            Quote::None => match c {
                '\'' | '"' | '`' => Quote::Char(c),
                '[' => Quote::Bracket,
                _ => Quote::None,
            },
            Quote::Char(q) if c == q => Quote::None,
            Quote::Bracket if c == ']' => Quote::None,
            inside => inside,
        }
    }
}

/// Collapses every run of whitespace outside quotes to one space and trims the ends. Quoted
/// literals and identifiers are kept as they are: their content is data, not layout.
pub fn collapse_whitespace(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote = Quote::None;
    let mut pending_space = false;
    for c in sql.chars() {
        if quote == Quote::None && c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
        quote = quote.next(c);
    }
    out
}

/// A single-line rendering of server-deparsed text (which should already be one line; a stray
/// newline would otherwise break the dump's one-item-per-line shape).
fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        collapse_whitespace(text)
    } else {
        text.to_owned()
    }
}

/// Multi-line text (a view or function definition) as indented lines: trailing whitespace
/// trimmed, blank lines at either end dropped, inner blank lines kept empty.
fn block_lines(text: &str, indent: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    lines[start..end]
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect()
}

/// Lays out one collapsed SQLite statement for diffing: a `CREATE TABLE` one column or table
/// constraint per line, a `CREATE TRIGGER` one body statement per line; anything else stays on
/// one line. Joining the lines with single spaces (and dropping the indent) gives back the
/// input, so nothing but layout changes.
pub fn layout_sqlite_sql(sql: &str) -> Vec<String> {
    let upper = sql.to_ascii_uppercase();
    let laid_out = if upper.starts_with("CREATE TABLE") {
        layout_table(sql)
    } else if upper.starts_with("CREATE TRIGGER") {
        layout_trigger(sql)
    } else {
        None
    };
    laid_out.unwrap_or_else(|| vec![sql.to_owned()])
}

/// The parentheses, commas and semicolons of `sql` that are outside quotes, as (byte offset,
/// character, depth): an opening parenthesis has the depth outside it, a closing one the depth
/// it returns to, so a `CREATE TABLE`'s column list opens and closes at depth 0 and its
/// elements are separated by commas at depth 1.
fn scan(sql: &str) -> Vec<(usize, char, usize)> {
    let mut quote = Quote::None;
    let mut depth = 0usize;
    let mut events = Vec::new();
    for (i, c) in sql.char_indices() {
        let was_quoted = quote != Quote::None;
        quote = quote.next(c);
        if was_quoted || quote != Quote::None {
            continue;
        }
        match c {
            '(' => {
                events.push((i, c, depth));
                depth += 1;
            }
            ')' => {
                depth = depth.saturating_sub(1);
                events.push((i, c, depth));
            }
            ',' | ';' => events.push((i, c, depth)),
            _ => {}
        }
    }
    events
}

fn layout_table(sql: &str) -> Option<Vec<String>> {
    let events = scan(sql);
    let open = events.iter().find(|(_, c, d)| *c == '(' && *d == 0)?.0;
    let close = events
        .iter()
        .find(|(i, c, d)| *c == ')' && *d == 0 && *i > open)?
        .0;
    let mut lines = vec![sql[..=open].trim_end().to_owned()];
    let mut start = open + 1;
    for (i, _, _) in events
        .iter()
        .filter(|(i, c, d)| *c == ',' && *d == 1 && *i > open && *i < close)
    {
        lines.push(format!("  {}", sql[start..=*i].trim()));
        start = i + 1;
    }
    let last = sql[start..close].trim();
    if !last.is_empty() {
        lines.push(format!("  {last}"));
    }
    lines.push(sql[close..].trim().to_owned());
    Some(lines)
}

/// Position of the first top-level `BEGIN` keyword (a whole word outside quotes).
fn find_begin(sql: &str) -> Option<usize> {
    let mut quote = Quote::None;
    let bytes = sql.as_bytes();
    for (i, c) in sql.char_indices() {
        let was_quoted = quote != Quote::None;
        quote = quote.next(c);
        if was_quoted || quote != Quote::None {
            continue;
        }
        let word_start = i == 0 || !is_word_byte(bytes[i - 1]);
        let rest = &bytes[i..];
        if word_start
            && rest.len() >= 5
            && rest[..5].eq_ignore_ascii_case(b"BEGIN")
            && rest.get(5).is_none_or(|b| !is_word_byte(*b))
        {
            return Some(i);
        }
    }
    None
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn layout_trigger(sql: &str) -> Option<Vec<String>> {
    let begin = find_begin(sql)?;
    let body_start = begin + "BEGIN".len();
    let mut lines = vec![sql[..body_start].trim_end().to_owned()];
    let mut start = body_start;
    for (i, _, _) in scan(sql)
        .iter()
        .filter(|(i, c, d)| *c == ';' && *d == 0 && *i > body_start)
    {
        lines.push(format!("  {}", sql[start..=*i].trim()));
        start = i + 1;
    }
    let rest = sql[start..].trim();
    if !rest.is_empty() {
        lines.push(rest.to_owned());
    }
    Some(lines)
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

/// A unified-style line diff of `expected` against `actual` (`-` expected only, `+` actual
/// only, three lines of context, `@@ -line +line @@` per hunk); empty when they are equal.
///
/// A longest-common-subsequence table over the lines that differ (the common head and tail are
/// cut first), quadratic in those: fine for dumps of a few thousand lines.
pub fn line_diff(expected: &str, actual: &str) -> String {
    const CONTEXT: usize = 3;
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    if ma.is_empty() && mb.is_empty() {
        return String::new();
    }

    // lcs[i][j]: length of the LCS of ma[i..] and mb[j..].
    let mut lcs = vec![vec![0u32; mb.len() + 1]; ma.len() + 1];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            lcs[i][j] = if ma[i] == mb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }

    // The whole script: (tag, line index in a, line index in b, text).
    let mut ops: Vec<(char, usize, usize, &str)> = (0..head).map(|k| (' ', k, k, a[k])).collect();
    let (mut i, mut j) = (0, 0);
    while i < ma.len() || j < mb.len() {
        if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
            ops.push((' ', head + i, head + j, ma[i]));
            i += 1;
            j += 1;
        } else if i < ma.len() && (j == mb.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // On a tie the removal goes first, as in `diff -u`.
            ops.push(('-', head + i, head + j, ma[i]));
            i += 1;
        } else {
            ops.push(('+', head + i, head + j, mb[j]));
            j += 1;
        }
    }
    for k in 0..tail {
        let (x, y) = (a.len() - tail + k, b.len() - tail + k);
        ops.push((' ', x, y, a[x]));
    }

    // Hunks: runs of changes with up to CONTEXT unchanged lines on each side, merged when
    // their contexts touch.
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = String::new();
    let mut k = 0;
    while k < changed.len() {
        let first = changed[k];
        let mut last = first;
        while k + 1 < changed.len() && changed[k + 1] <= last + 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let from = first.saturating_sub(CONTEXT);
        let to = (last + CONTEXT + 1).min(ops.len());
        let (_, line_a, line_b, _) = ops[from];
        out.push_str(&format!("@@ -{} +{} @@\n", line_a + 1, line_b + 1));
        for (tag, _, _, line) in &ops[from..to] {
            out.push(*tag);
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_keeps_quoted_text() {
        assert_eq!(
            collapse_whitespace("  CREATE   TABLE\n\t\"a  b\" (x  TEXT DEFAULT 'two  spaces')  "),
            "CREATE TABLE \"a  b\" (x TEXT DEFAULT 'two  spaces')"
        );
        // A doubled quote inside a literal does not end it.
        assert_eq!(collapse_whitespace("'it''s  here'   x"), "'it''s  here' x");
        assert_eq!(collapse_whitespace("[a  b]   c"), "[a  b] c");
        assert_eq!(collapse_whitespace(" \n "), "");
    }

    #[test]
    fn table_is_laid_out_one_element_per_line() {
        let sql = "CREATE TABLE \"t\" ( \"id\" BLOB NOT NULL, \"n\" TEXT DEFAULT ('a,b'), \
                   CONSTRAINT \"c\" CHECK (n IN ('x', 'y')) ) STRICT";
        assert_eq!(
            layout_sqlite_sql(sql),
            [
                "CREATE TABLE \"t\" (",
                "  \"id\" BLOB NOT NULL,",
                "  \"n\" TEXT DEFAULT ('a,b'),",
                "  CONSTRAINT \"c\" CHECK (n IN ('x', 'y'))",
                ") STRICT",
            ]
        );
    }

    #[test]
    fn trigger_is_laid_out_one_statement_per_line() {
        let sql = "CREATE TRIGGER t AFTER UPDATE ON x FOR EACH ROW BEGIN \
                   UPDATE x SET a = 'BEGIN; END' WHERE id = NEW.id; SELECT 1; END";
        assert_eq!(
            layout_sqlite_sql(sql),
            [
                "CREATE TRIGGER t AFTER UPDATE ON x FOR EACH ROW BEGIN",
                "  UPDATE x SET a = 'BEGIN; END' WHERE id = NEW.id;",
                "  SELECT 1;",
                "END",
            ]
        );
        // A column called `begin_at` is not the keyword.
        assert_eq!(find_begin("CREATE TRIGGER t WHEN begin_at BEGIN"), Some(31));
    }

    #[test]
    fn other_statements_stay_on_one_line() {
        let sql = "CREATE INDEX i ON t (a, b) WHERE a IN (1, 2)";
        assert_eq!(layout_sqlite_sql(sql), [sql]);
    }

    /// `sql` without whitespace outside quotes.
    fn squeeze(sql: &str) -> String {
        let mut quote = Quote::None;
        sql.chars()
            .filter(|&c| {
                let keep = quote != Quote::None || !c.is_whitespace();
                quote = quote.next(c);
                keep
            })
            .collect()
    }

    #[test]
    fn layout_only_changes_whitespace() {
        for sql in [
            "CREATE TABLE t (a INTEGER, b TEXT CHECK (b IN ('(', ')', ' , ')), c REAL)",
            "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT ';'; DELETE FROM t; END",
        ] {
            let laid_out = layout_sqlite_sql(sql);
            assert!(laid_out.len() > 2, "{laid_out:?}");
            assert_eq!(squeeze(&laid_out.join("\n")), squeeze(sql));
        }
    }

    #[test]
    fn block_lines_trim_and_indent() {
        assert_eq!(
            block_lines("\n SELECT a  \n\n   FROM t\n\n", "  "),
            ["   SELECT a", "", "     FROM t"]
        );
        assert!(block_lines("", "  ").is_empty());
    }

    #[test]
    fn one_line_leaves_single_lines_alone() {
        assert_eq!(one_line("CHECK (a  = 'x  y')"), "CHECK (a  = 'x  y')");
        assert_eq!(one_line("a\n   b"), "a b");
    }

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

    #[test]
    fn diff_of_equal_texts_is_empty() {
        assert_eq!(line_diff("a\nb\n", "a\nb\n"), "");
        assert_eq!(line_diff("", ""), "");
    }

    #[test]
    fn diff_shows_changes_with_context() {
        let expected: String = (1..=20).map(|n| format!("{n}\n")).collect();
        let actual: String = (1..=21)
            .map(|n| {
                if n == 5 {
                    "five\n".to_owned()
                } else {
                    format!("{n}\n")
                }
            })
            .collect();
        assert_eq!(
            line_diff(&expected, &actual),
            "@@ -2 +2 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n\
             @@ -18 +18 @@\n 18\n 19\n 20\n+21\n"
        );
    }

    #[test]
    fn diff_merges_close_changes_and_handles_empty_sides() {
        assert_eq!(
            line_diff("a\nb\nc\n", "a\nB\nc\nd\n"),
            "@@ -1 +1 @@\n a\n-b\n+B\n c\n+d\n"
        );
        assert_eq!(line_diff("", "x\n"), "@@ -1 +1 @@\n+x\n");
        assert_eq!(line_diff("x\n", ""), "@@ -1 +1 @@\n-x\n");
    }
}
