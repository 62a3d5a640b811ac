//! Schemas, the shared trigger functions, and the audit trail every later table can write to.
use crate::lint::{self, Exception};
use entity::types::AuditOperation;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::{Index, Method, NewTable, drop_tables, one_of_enum, run_sql};
use catalog::tables::{APP_SCHEMAS, AUDIT_CONTEXT, DATA_CHANGES};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// Keeps `updated_at` current (seed 002 §6.2), attached to each table by `updated_at_trigger`.
const PG_SET_UPDATED_AT: &str = r#"
CREATE OR REPLACE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := CURRENT_TIMESTAMP;
    RETURN NEW;
END
$$"#;

/// The seed's `audit_changes()`, repaired (`docs/DESIGN.md` D3): an empty
/// `app.current_user_id` (what a pooled connection reads after an earlier `SET LOCAL`) is NULL,
/// not an error; it returns the row for DELETE too; and it is SECURITY DEFINER with a fixed
/// search_path, so an application role needs no rights on schema `audit`. The trigger names the
/// row's key column (`audit_changes('id')`), so tables keyed otherwise are audited too.
const PG_AUDIT_CHANGES: &str = r#"
CREATE OR REPLACE FUNCTION audit.audit_changes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
    new_row jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
BEGIN
    INSERT INTO audit.data_changes (table_name, operation, user_id, record_id, old_data, new_data)
    VALUES (
        TG_TABLE_NAME,
        TG_OP,
        NULLIF(current_setting('app.current_user_id', true), '')::uuid,
        (COALESCE(new_row, old_row) ->> TG_ARGV[0])::uuid,
        old_row,
        new_row
    );
    RETURN COALESCE(NEW, OLD);
END
$$"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        if backend == DbBackend::Postgres {
            let schemas: Vec<String> = APP_SCHEMAS
                .iter()
                .map(|s| format!("CREATE SCHEMA IF NOT EXISTS {s}"))
                .collect();
            run_sql(manager, &schemas).await?;
            run_sql(manager, &[PG_SET_UPDATED_AT]).await?;
        }

        NewTable::new(backend, DATA_CHANGES)
            .id()
            .varchar("table_name", 64)
            .varchar("operation", 10)
            .uuid_null("user_id")
            .uuid("record_id")
            .json_null("old_data")
            .json_null("new_data")
            .timestamp_now("changed_at")
            .check(
                "chk_data_changes_operation",
                &one_of_enum::<AuditOperation>("operation"),
            )
            .index(Index::new(
                "idx_data_changes_record",
                "table_name, record_id",
            ))
            // Append-only and time-ordered: BRIN is tiny and serves time ranges (seed §5.1).
            .index(Index::new("idx_data_changes_changed_at", "changed_at").using(Method::Brin))
            .create(manager)
            .await?;

        match backend {
            DbBackend::Postgres => run_sql(manager, &[PG_AUDIT_CHANGES]).await,
            _ => {
                // At most one row, written and deleted inside one write transaction: SQLite
                // allows one writer at a time, so no other transaction ever sees it.
                run_sql(
                    manager,
                    &[format!(
                        "CREATE TABLE {} (slot INTEGER PRIMARY KEY CHECK (slot = 1), user_id BLOB \
                         CHECK (user_id IS NULL OR (typeof(user_id) = 'blob' AND length(user_id) = 16)))",
                        AUDIT_CONTEXT.sql(backend)
                    )],
                )
                .await
            }
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        drop_tables(manager, &[AUDIT_CONTEXT, DATA_CHANGES]).await?;
        if backend == DbBackend::Postgres {
            run_sql(
                manager,
                &[
                    "DROP FUNCTION IF EXISTS audit.audit_changes()".to_owned(),
                    "DROP FUNCTION IF EXISTS public.set_updated_at()".to_owned(),
                    format!("DROP SCHEMA IF EXISTS {}", APP_SCHEMAS.join(", ")),
                ],
            )
            .await?;
        }
        Ok(())
    }
}
