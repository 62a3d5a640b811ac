//! An index for "the meals this user dismissed lately", which `service::recommendations`
//! leaves out of new recommendations (`DISMISSED_FOR_DAYS`). Partial, so it holds the dismissed
//! rows only: the lookup reads those, not every recommendation shown to the user in the window.
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;

use crate::portable::{Index, run_sql};
use catalog::tables::RECOMMENDATIONS;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): it changes what older migrations made, and was released before the online
/// helpers (`crate::portable::online`).
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::BEFORE_HELPERS_LOCK_TIMEOUT,
    lint::BEFORE_HELPERS_STATEMENT_TIMEOUT,
    Exception {
        rule: "require-concurrent-index-creation",
        why: "a plain CREATE INDEX blocks writes to recommendations for the whole build: \
              released before the online helpers, when recommendations held no rows. Today: \
              Online::create_index (CONCURRENTLY, outside the transaction)",
    },
];

const NAME: &str = "idx_recommendations_dismissed";

fn index() -> Index {
    Index::new(NAME, "user_id, created_at").filter("status = 'dismissed'")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        // A B-tree, which every backend has: always one statement.
        let sql: Vec<String> = index().sql(backend, RECOMMENDATIONS).into_iter().collect();
        run_sql(manager, &sql).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_sql(manager, &[format!("DROP INDEX IF EXISTS {NAME}")]).await
    }
}
