//! What the PostgreSQL dump reads about each relation (table, view, sequence, composite type):
//! its columns, constraints, indexes, triggers, row-level security and policies, partitioning
//! and view body, gathered into one block per relation.

use std::collections::BTreeMap;

use sea_orm_migration::sea_orm::{ConnectionTrait, DbErr};

use super::layout::{block_lines, one_line};
use super::postgres::{PG_QNAME, pg_user_relation};
use super::{Block, opt_text, rows, text};

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

pub(super) async fn pg_relations<C: ConnectionTrait>(db: &C) -> Result<Vec<Block>, DbErr> {
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
