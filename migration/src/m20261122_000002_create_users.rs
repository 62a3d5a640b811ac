//! `public.users` (seed 002 §4.1) with the repairs of `docs/DESIGN.md` D1: uniqueness is
//! case-insensitive and ignores soft-deleted rows, so deleting never rewrites an email or a
//! username.
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;

use crate::portable::{
    Index, NewTable, drop_tables, email_format, updated_at_trigger, word_format,
};
use catalog::limits::foundation::{EMAIL, USERNAME};
use catalog::tables::USERS;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// Users that are not soft-deleted: uniqueness and lookups concern only them.
const LIVE: &str = "deleted_at IS NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        NewTable::new(backend, USERS)
            .id()
            .varchar("username", USERNAME.varchar())
            .varchar("email", EMAIL.varchar())
            .varchar("password_hash", 255)
            .boolean("is_email_verified", false)
            .boolean("is_active", true)
            .timestamps()
            .timestamp_null("deleted_at")
            // Both formats are whole rules, length included: SQLite does not enforce a
            // `varchar`'s size.
            .check(
                "chk_username_format",
                &word_format(backend, "username", &USERNAME),
            )
            .check("chk_email_format", &email_format(backend, "email", &EMAIL))
            // The seed's inline UNIQUEs are case-sensitive and count deleted users.
            .index(
                Index::new("uq_users_email_active", "lower(email)")
                    .unique()
                    .filter(LIVE),
            )
            .index(
                Index::new("uq_users_username_active", "lower(username)")
                    .unique()
                    .filter(LIVE),
            )
            .index(Index::new("idx_users_email", "email").filter(LIVE))
            .index(Index::new("idx_users_username", "username").filter(LIVE))
            .index(Index::new("idx_users_created_at", "created_at"))
            .index(
                Index::new("idx_active_users", "email").filter("is_active AND deleted_at IS NULL"),
            )
            .then(updated_at_trigger(backend, USERS))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[USERS]).await
    }
}
