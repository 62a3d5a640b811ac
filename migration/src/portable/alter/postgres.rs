//! PostgreSQL: native `ALTER TABLE`, one statement per operation; what `ALTER COLUMN` sets for
//! a changed column; and what the catalogs say about the table being altered (the objects that
//! use a column, the table's constraints).
use super::*;

impl AlterTable {
    pub(super) async fn apply_postgres(
        &self,
        txn: &DatabaseTransaction,
        steps: &[Step],
    ) -> Result<(), DbErr> {
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
}

/// What `ALTER COLUMN` sets on PostgreSQL.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct PostgresColumn {
    /// The type, with its collation.
    pub(super) ty: String,
    pub(super) not_null: bool,
    pub(super) default: Option<String>,
}

impl PostgresColumn {
    /// `ALTER COLUMN c TYPE ... [USING ...], ALTER COLUMN c SET|DROP NOT NULL, ALTER COLUMN c
    /// SET|DROP DEFAULT`: the whole definition, so whatever the old one had is replaced.
    pub(super) fn alter_column(&self, column: &str, using: Option<&str>) -> String {
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

pub(super) fn postgres_column(definition: &ColumnDef) -> Result<PostgresColumn, String> {
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
