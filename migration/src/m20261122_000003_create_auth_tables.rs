//! Schema `auth` (seed 002 §4.3): verification tokens, sessions, password history. Tokens are
//! stored as SHA-256 hex digests, never in clear (SEED-DEFECTS "behaves wrongly" 13).
use sea_orm_migration::prelude::*;

use crate::portable::{NewTable, drop_tables, index_sql, one_of, run_sql};
use crate::tables::{PASSWORD_HISTORY, USER_SESSIONS, USERS, VERIFICATION_TOKENS};

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_SHA256_HEX: &str = "token_hash ~ '^[0-9a-f]{64}$'";
const SQLITE_SHA256_HEX: &str = "length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let cascade = ForeignKeyAction::Cascade;

        NewTable::new(backend, VERIFICATION_TOKENS)
            .id()
            .uuid("user_id")
            .varchar("token_hash", 64)
            .varchar("token_type", 20)
            .timestamp("expires_at")
            .timestamp_null("used_at")
            .timestamp_now("created_at")
            .check_per_backend("chk_token_hash_format", PG_SHA256_HEX, SQLITE_SHA256_HEX)
            .check(
                "chk_token_type",
                &one_of(
                    "token_type",
                    &["email_verify", "password_reset", "email_change"],
                ),
            )
            .check("chk_token_expiry", "expires_at > created_at")
            .unique("uq_verification_tokens_token_hash", &["token_hash"])
            .foreign_key(
                "fk_verification_tokens_user",
                &["user_id"],
                USERS,
                &["id"],
                cascade,
            )
            .create(manager)
            .await?;

        NewTable::new(backend, USER_SESSIONS)
            .id()
            .uuid("user_id")
            .varchar("token_hash", 64)
            .text_null("user_agent")
            .varchar_null("ip_address", 45)
            .timestamp("expires_at")
            .timestamp_null("revoked_at")
            .timestamp_null("last_seen_at")
            .timestamp_now("created_at")
            .check_per_backend("chk_token_hash_format", PG_SHA256_HEX, SQLITE_SHA256_HEX)
            .check("chk_session_expiry", "expires_at > created_at")
            .unique("uq_user_sessions_token_hash", &["token_hash"])
            .foreign_key(
                "fk_user_sessions_user",
                &["user_id"],
                USERS,
                &["id"],
                cascade,
            )
            .create(manager)
            .await?;

        NewTable::new(backend, PASSWORD_HISTORY)
            .id()
            .uuid("user_id")
            .varchar("password_hash", 255)
            .timestamp_now("created_at")
            .foreign_key(
                "fk_password_history_user",
                &["user_id"],
                USERS,
                &["id"],
                cascade,
            )
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
