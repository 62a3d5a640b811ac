//! Schema `auth` (seed 002 §4.3): verification tokens, sessions, password history. Tokens are
//! stored as SHA-256 hex digests, never in clear (SEED-DEFECTS "behaves wrongly" 13).
use sea_orm_migration::prelude::*;

use crate::portable::{NewTable, drop_tables, index_sql, one_of, run_sql};
use crate::tables::{PASSWORD_HISTORY, USER_SESSIONS, VERIFICATION_TOKENS};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        NewTable::new(backend, VERIFICATION_TOKENS)
            .id()
            .owned_by_user()
            .sha256_digest("token_hash")
            .varchar("token_type", 20)
            .timestamp("expires_at")
            .timestamp_null("used_at")
            .timestamp_now("created_at")
            .check(
                "chk_token_type",
                &one_of(
                    "token_type",
                    &["email_verify", "password_reset", "email_change"],
                ),
            )
            .check("chk_token_expiry", "expires_at > created_at")
            .create(manager)
            .await?;

        NewTable::new(backend, USER_SESSIONS)
            .id()
            .owned_by_user()
            .sha256_digest("token_hash")
            .text_null("user_agent")
            .varchar_null("ip_address", 45)
            .timestamp("expires_at")
            .timestamp_null("revoked_at")
            .timestamp_null("last_seen_at")
            .timestamp_now("created_at")
            .check("chk_session_expiry", "expires_at > created_at")
            .create(manager)
            .await?;

        NewTable::new(backend, PASSWORD_HISTORY)
            .id()
            .owned_by_user()
            .varchar("password_hash", 255)
            .timestamp_now("created_at")
            .create(manager)
            .await?;

        let unused = Some("used_at IS NULL");
        run_sql(
            manager,
            &[
                index_sql(
                    backend,
                    "idx_verification_tokens_user_id",
                    VERIFICATION_TOKENS,
                    "user_id",
                    false,
                    None,
                ),
                index_sql(
                    backend,
                    "idx_verification_tokens_expires",
                    VERIFICATION_TOKENS,
                    "expires_at",
                    false,
                    unused,
                ),
                index_sql(
                    backend,
                    "idx_user_sessions_user_id",
                    USER_SESSIONS,
                    "user_id",
                    false,
                    None,
                ),
                index_sql(
                    backend,
                    "idx_user_sessions_live",
                    USER_SESSIONS,
                    "expires_at",
                    false,
                    Some("revoked_at IS NULL"),
                ),
                index_sql(
                    backend,
                    "idx_password_history_user",
                    PASSWORD_HISTORY,
                    "user_id, created_at",
                    false,
                    None,
                ),
            ],
        )
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
