//! A session looked up by its token in one statement. An authenticated request starts by
//! resolving its bearer token; before this, that took the token's owner through
//! `auth.token_owner` (migration 7) and then the session row read as that owner under the
//! row-level security policies: two statements and a transaction, five round trips on
//! PostgreSQL. `auth.session_for_token(digest)` returns the live owner's session row for a
//! token digest, as `token_owner` returns its owner: SECURITY DEFINER, executable by the
//! application's roles only, and it shows a row only to someone who holds the token. SQLite
//! has no policies: the service reads the row directly there.
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::run_sql;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): it changes what older migrations made, and was released before the online
/// helpers (`crate::portable::online`).
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::BEFORE_HELPERS_LOCK_TIMEOUT,
    lint::BEFORE_HELPERS_STATEMENT_TIMEOUT,
];

const CREATE: &str = r#"
CREATE FUNCTION auth.session_for_token(digest text) RETURNS SETOF auth.user_sessions
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.* FROM auth.user_sessions s
    JOIN public.users u ON u.id = s.user_id AND u.deleted_at IS NULL
    WHERE s.token_hash = digest
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
                CREATE.to_owned(),
                "REVOKE ALL ON FUNCTION auth.session_for_token(text) FROM PUBLIC".to_owned(),
                "GRANT EXECUTE ON FUNCTION auth.session_for_token(text) TO eatsential_read"
                    .to_owned(),
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
            &["DROP FUNCTION auth.session_for_token(text)".to_owned()],
        )
        .await
    }
}
