//! `public.users` (seed 002 §4.1) with the repairs of `docs/DESIGN.md` D1: uniqueness is
//! case-insensitive and ignores soft-deleted rows, so deleting never rewrites an email or a
//! username.
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;

use crate::portable::{Index, NewTable, drop_tables, updated_at_trigger, word_format};
use catalog::limits::foundation::USERNAME;
use catalog::tables::USERS;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// The seed's email format. SQLite has no REGEXP; the GLOB form matched PostgreSQL's regex
/// on 53,923 generated strings (`docs/DESIGN.md` D2). The username's format is
/// `catalog::limits::foundation::USERNAME`'s, length included (SQLite does not enforce a
/// `varchar`'s size).
const PG_EMAIL_FORMAT: &str = "email ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'";
/// Users that are not soft-deleted: uniqueness and lookups concern only them.
const LIVE: &str = "deleted_at IS NULL";
const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn sqlite_email_format() -> String {
    let tld_stripped = format!("rtrim(email, '{LETTERS}')");
    [
        "instr(email, '@') > 1".to_owned(),
        "instr(substr(email, instr(email, '@') + 1), '@') = 0".to_owned(),
        "substr(email, 1, instr(email, '@') - 1) NOT GLOB '*[^A-Za-z0-9._%+-]*'".to_owned(),
        "substr(email, instr(email, '@') + 1) NOT GLOB '*[^A-Za-z0-9.-]*'".to_owned(),
        format!("substr({tld_stripped}, -1) = '.'"),
        format!("length(email) - length({tld_stripped}) >= 2"),
        format!("length({tld_stripped}) - instr(email, '@') >= 2"),
    ]
    .join(" AND ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        NewTable::new(backend, USERS)
            .id()
            .varchar("username", USERNAME.varchar())
            .varchar("email", 255)
            .varchar("password_hash", 255)
            .boolean("is_email_verified", false)
            .boolean("is_active", true)
            .timestamps()
            .timestamp_null("deleted_at")
            .check(
                "chk_username_format",
                &word_format(backend, "username", &USERNAME),
            )
            .check_per_backend("chk_email_format", PG_EMAIL_FORMAT, &sqlite_email_format())
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
