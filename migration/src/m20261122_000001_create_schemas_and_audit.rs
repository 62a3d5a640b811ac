//! Schemas, the shared trigger functions, and the audit trail every later table can write to.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::{NewTable, drop_tables, index_sql, one_of, run_sql};
use crate::tables::{APP_SCHEMAS, AUDIT_CONTEXT, DATA_CHANGES};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Keeps `updated_at` current (seed 002 §6.2), attached to each table by `updated_at_trigger`.
const PG_SET_UPDATED_AT: &str = r#"
CREATE OR REPLACE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := CURRENT_TIMESTAMP;
    RETURN NEW;
END
$$"#;

/// The seed's `audit_changes()`, repaired (SEED-DEFECTS "behaves wrongly" 5): an empty
/// `app.current_user_id` (what a pooled connection reads after an earlier `SET LOCAL`) is NULL,
/// not an error; it returns the row for DELETE too; and it is SECURITY DEFINER with a fixed
/// search_path, so an application role needs no rights on schema `audit`.
const PG_AUDIT_CHANGES: &str = r#"
CREATE OR REPLACE FUNCTION audit.audit_changes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO audit.data_changes (table_name, operation, user_id, record_id, old_data, new_data)
    VALUES (
        TG_TABLE_NAME,
        TG_OP,
        NULLIF(current_setting('app.current_user_id', true), '')::uuid,
        CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END,
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END
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
                "chk_operation_values",
                &one_of("operation", &["INSERT", "UPDATE", "DELETE"]),
            )
            .create(manager)
            .await?;
        run_sql(
            manager,
            &[index_sql(
                backend,
                "idx_data_changes_record",
                DATA_CHANGES,
                "table_name, record_id",
                false,
                None,
            )],
        )
        .await?;

        match backend {
            DbBackend::Postgres => {
                // Append-only and time-ordered: BRIN is tiny and serves time ranges (seed §5.1).
                run_sql(
                    manager,
                    &[
                        format!(
                            "CREATE INDEX idx_data_changes_changed_at ON {} USING BRIN (changed_at)",
                            DATA_CHANGES.sql(backend)
                        ),
                        PG_AUDIT_CHANGES.to_owned(),
                    ],
                )
                .await
            }
            _ => {
                run_sql(
                    manager,
                    &[index_sql(
                        backend,
                        "idx_data_changes_changed_at",
                        DATA_CHANGES,
                        "changed_at",
                        false,
                        None,
                    )],
                )
                .await?;
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
