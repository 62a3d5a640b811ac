//! What erasing a user does to the audit trail (`docs/DESIGN.md` D18), as a function the
//! application's login role may call on PostgreSQL: that role has no rights on schema `audit`
//! (D12), and the erasure must remove the audit rows that hold the user's data and record that
//! it happened. SQLite has no roles: the service runs the same statements itself.
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::run_sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// Removes the audit rows the user made, that are about them, or whose snapshots hold their
/// rows, then records the erasure (table `users`, `DELETE`, their id, no snapshots). Returns
/// how many rows it removed and the record's id. Only for a user who no longer exists: it refuses otherwise, so it
/// cannot be used to wipe a live user's history.
const PG_RECORD_ERASURE: &str = r#"
CREATE OR REPLACE FUNCTION audit.record_erasure(erased uuid, OUT removed bigint, OUT erasure_id uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.users WHERE id = erased) THEN
        RAISE EXCEPTION 'user % still exists', erased USING ERRCODE = 'object_in_use';
    END IF;
    DELETE FROM audit.data_changes AS c
    WHERE c.user_id = erased OR c.record_id = erased
       OR c.old_data ->> 'user_id' = erased::text OR c.new_data ->> 'user_id' = erased::text;
    GET DIAGNOSTICS removed = ROW_COUNT;
    INSERT INTO audit.data_changes (table_name, operation, user_id, record_id, old_data, new_data)
    VALUES ('users', 'DELETE', NULL, erased, NULL, NULL)
    RETURNING id INTO erasure_id;
END
$$"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_sql(
            manager,
            &[
                PG_RECORD_ERASURE,
                "REVOKE ALL ON FUNCTION audit.record_erasure(uuid) FROM PUBLIC",
                "GRANT EXECUTE ON FUNCTION audit.record_erasure(uuid) TO eatsential_write",
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_sql(
            manager,
            &["DROP FUNCTION IF EXISTS audit.record_erasure(uuid)"],
        )
        .await
    }
}
