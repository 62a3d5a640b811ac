//! The two lookups made before anyone is acting, `auth.user_for_login` (migration 7: signing
//! in by email) and `auth.session_for_token` (migration 20: every authenticated request),
//! keep their plans. As SQL functions that are SECURITY DEFINER they cannot be inlined into the
//! calling statement, and PostgreSQL plans a SQL function's statement again on every call.
//! The same statements in PL/pgSQL are prepared once per connection and their plans cached
//! (custom plans first, then a generic one when it costs no more), as any prepared statement's.
//! Same signatures, so the grants stay; the same rows returned. SQLite has neither function.
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

const USER_FOR_LOGIN: &str = r#"
CREATE OR REPLACE FUNCTION auth.user_for_login(login_email text) RETURNS SETOF public.users
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
        SELECT * FROM public.users
        WHERE lower(email) = lower(btrim(login_email)) AND deleted_at IS NULL;
END
$$"#;

const SESSION_FOR_TOKEN: &str = r#"
CREATE OR REPLACE FUNCTION auth.session_for_token(digest text) RETURNS SETOF auth.user_sessions
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
        SELECT s.* FROM auth.user_sessions s
        JOIN public.users u ON u.id = s.user_id AND u.deleted_at IS NULL
        WHERE s.token_hash = digest;
END
$$"#;

/// What migrations 7 and 20 made, byte for byte, for `down`.
const USER_FOR_LOGIN_SQL: &str = r#"
CREATE OR REPLACE FUNCTION auth.user_for_login(login_email text) RETURNS SETOF public.users
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM public.users
    WHERE lower(email) = lower(btrim(login_email)) AND deleted_at IS NULL
$$"#;

const SESSION_FOR_TOKEN_SQL: &str = r#"
CREATE OR REPLACE FUNCTION auth.session_for_token(digest text) RETURNS SETOF auth.user_sessions
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
            &[USER_FOR_LOGIN.to_owned(), SESSION_FOR_TOKEN.to_owned()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        run_sql(
            manager,
            &[
                USER_FOR_LOGIN_SQL.to_owned(),
                SESSION_FOR_TOKEN_SQL.to_owned(),
            ],
        )
        .await
    }
}
