//! A user's role, and refresh tokens with rotation (seed 000 `users.role`, `refresh_tokens`).
//!
//! `users.role` is added to the existing table with [`AlterTable`]: text with a CHECK of the
//! allowed values, `user` by default, so every existing row becomes a `user`. Application roles
//! are data; the PostgreSQL group roles (`eatsential_*`) are a separate matter (migration 7).
//!
//! `auth.refresh_tokens` stores each token as its SHA-256 digest (`docs/DESIGN.md` D7). Every
//! token of one sign-in shares a `family_id`; rotating a token sets its `used_at` and
//! `replaced_by` (the token that succeeded it) and inserts the successor in the same family.
//! Presenting a token that was already used revokes the whole family (reuse detection, in the
//! service). The table's owner column and, on PostgreSQL, its row-level security come from
//! [`Conventions::owned_by_user`].
use crate::lint::{self, Exception};
use entity::types::Role;
use sea_orm_migration::prelude::*;

use crate::conventions::Conventions;
use sea_orm_migration::sea_orm::DbBackend;

use crate::m20261122_000007_create_roles_and_row_security::pg_token_owner;
use crate::portable::{AlterTable, Index, NewTable, drop_tables, one_of_enum, run_sql};

/// The kind `auth.token_owner` learns here (see migration 7).
const REFRESH_TOKEN_OWNER: &str = "
        WHEN kind = 'refresh' THEN
            (SELECT user_id FROM auth.refresh_tokens WHERE token_hash = digest)";
use catalog::tables::{REFRESH_TOKENS, USERS};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): it changes what older migrations made, and was released before the online
/// helpers (`crate::portable::online`).
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::BEFORE_HELPERS_LOCK_TIMEOUT,
    lint::BEFORE_HELPERS_STATEMENT_TIMEOUT,
    Exception {
        rule: "constraint-missing-not-valid",
        why: "chk_users_role is validated against every row of users under ACCESS EXCLUSIVE: \
              released before the online helpers, when users held no rows. Today: \
              Online::add_check (NOT VALID, then VALIDATE)",
    },
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        AlterTable::new(backend, USERS)
            .add_columns(|t| t.varchar_default("role", 20, "user"))
            .add_check("chk_users_role", &one_of_enum::<Role>("role"))
            .apply(manager)
            .await?;

        NewTable::new(backend, REFRESH_TOKENS)
            .id()
            .owned_by_user()
            .sha256_digest("token_hash")
            .uuid("family_id")
            .timestamp("expires_at")
            .timestamp_null("used_at")
            .timestamp_null("revoked_at")
            .uuid_null("replaced_by")
            .timestamp_now("created_at")
            .check("chk_refresh_tokens_expiry", "expires_at > created_at")
            // A successor is recorded only when the token was used to get it, and a token does
            // not succeed itself (which would hide a reuse).
            .check(
                "chk_refresh_tokens_replaced_after_use",
                "replaced_by IS NULL OR (used_at IS NOT NULL AND replaced_by <> id)",
            )
            // Rotation is a chain: a token has at most one predecessor. Also the index the
            // SET NULL below needs.
            .unique("uq_refresh_tokens_replaced_by", &["replaced_by"])
            .foreign_key(
                "fk_refresh_tokens_replaced_by",
                &["replaced_by"],
                REFRESH_TOKENS,
                &["id"],
                ForeignKeyAction::SetNull,
            )
            // Revoking a family on reuse.
            .index(Index::new("idx_refresh_tokens_family", "family_id"))
            // A user's live tokens (and the user foreign key's index).
            .index(
                Index::new("idx_refresh_tokens_user_live", "user_id, expires_at")
                    .filter("revoked_at IS NULL AND used_at IS NULL"),
            )
            .create(manager)
            .await?;
        if backend == DbBackend::Postgres {
            // Refresh tokens are presented before anyone is acting, like sessions.
            run_sql(manager, &[pg_token_owner(REFRESH_TOKEN_OWNER)]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        if backend == DbBackend::Postgres {
            run_sql(manager, &[pg_token_owner("")]).await?;
        }
        drop_tables(manager, &[REFRESH_TOKENS]).await?;
        AlterTable::new(backend, USERS)
            .drop_constraint("chk_users_role")
            .drop_column("role")
            .apply(manager)
            .await
    }
}
