//! What PostgreSQL's catalogs say about a table being altered: the objects that use a column,
//! and the table's constraints.
use super::*;

/// What uses `column` of `table` besides its own stand-in CHECK, as PostgreSQL describes it.
pub(super) async fn postgres_column_users(
    txn: &DatabaseTransaction,
    table: &str,
    column: &str,
) -> Result<Vec<String>, DbErr> {
    let own: Vec<String> = stand_in_names(column)
        .iter()
        .map(|n| crate::portable::dialect::quote_literal(n))
        .collect();
    // deptype 'n' and 'a' are what DROP COLUMN either refuses for or drops along (constraints,
    // indexes, views' rules, triggers, other tables' foreign keys); a view shows as its rule.
    // The column's own default (a `pg_attrdef` row of the same column) goes with it and is no
    // user: without this, a column added with a default could never be dropped.
    let sql = format!(
        "SELECT DISTINCT CASE WHEN d.classid = 'pg_rewrite'::regclass \
                THEN 'view ' || (SELECT r.ev_class::regclass::text FROM pg_rewrite r WHERE r.oid = d.objid) \
                ELSE pg_describe_object(d.classid, d.objid, 0) END AS used_by \
         FROM pg_depend d \
         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
         WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = to_regclass($1) \
           AND a.attname = $2 AND d.deptype IN ('n', 'a') \
           AND NOT (d.classid = 'pg_constraint'::regclass AND d.objid IN \
                (SELECT c.oid FROM pg_constraint c WHERE c.conrelid = to_regclass($1) AND c.conname IN ({}))) \
           AND NOT (d.classid = 'pg_attrdef'::regclass AND d.objid IN \
                (SELECT ad.oid FROM pg_attrdef ad WHERE ad.adrelid = a.attrelid AND ad.adnum = a.attnum)) \
         ORDER BY 1",
        own.join(", ")
    );
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            [Value::from(table), Value::from(column)],
        ))
        .await?;
    strings(&rows)
}

pub(super) async fn postgres_constraints(
    txn: &DatabaseTransaction,
    table: &str,
) -> Result<Vec<String>, DbErr> {
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT conname::text FROM pg_constraint WHERE conrelid = to_regclass($1)",
            [Value::from(table)],
        ))
        .await?;
    strings(&rows)
}

pub(super) fn strings(rows: &[QueryResult]) -> Result<Vec<String>, DbErr> {
    rows.iter().map(|r| r.try_get_by_index(0)).collect()
}
