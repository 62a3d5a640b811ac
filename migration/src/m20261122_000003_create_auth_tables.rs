//! Schema `auth` (seed 002 §4.3): verification tokens, sessions, password history. Tokens are
//! stored as SHA-256 hex digests, never in clear (`docs/DESIGN.md` D7).
use crate::lint::{self, Exception};
use entity::types::TokenType;
use sea_orm_migration::prelude::*;

use crate::conventions::Conventions;
use crate::portable::{Index, NewTable, drop_tables, one_of_enum};
use catalog::tables::{PASSWORD_HISTORY, USER_SESSIONS, VERIFICATION_TOKENS};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        NewTable::new(backend, VERIFICATION_TOKENS)
            .id()
            .owned_by_user_v1()
            .sha256_digest("token_hash")
            .varchar("token_type", 20)
            .timestamp("expires_at")
            .timestamp_null("used_at")
            .timestamp_now("created_at")
            .check("chk_token_type", &one_of_enum::<TokenType>("token_type"))
            .check("chk_token_expiry", "expires_at > created_at")
            .index(Index::new("idx_verification_tokens_user_id", "user_id"))
            .index(
                Index::new("idx_verification_tokens_expires", "expires_at")
                    .filter("used_at IS NULL"),
            )
            .create(manager)
            .await?;

        NewTable::new(backend, USER_SESSIONS)
            .id()
            .owned_by_user_v1()
            .sha256_digest("token_hash")
            .text_null("user_agent")
            .varchar_null("ip_address", 45)
            .timestamp("expires_at")
            .timestamp_null("revoked_at")
            .timestamp_null("last_seen_at")
            .timestamp_now("created_at")
            .check("chk_session_expiry", "expires_at > created_at")
            .index(Index::new("idx_user_sessions_user_id", "user_id"))
            .index(Index::new("idx_user_sessions_live", "expires_at").filter("revoked_at IS NULL"))
            .create(manager)
            .await?;

        NewTable::new(backend, PASSWORD_HISTORY)
            .id()
            .owned_by_user_v1()
            .varchar("password_hash", 255)
            .timestamp_now("created_at")
            .index(Index::new(
                "idx_password_history_user",
                "user_id, created_at",
            ))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[PASSWORD_HISTORY, USER_SESSIONS, VERIFICATION_TOKENS],
        )
        .await
    }
}
