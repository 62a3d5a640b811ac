//! All-or-nothing migrations on both backends.
//!
//! sea-orm-migration wraps a migration in a transaction on PostgreSQL only; on SQLite a
//! migration that failed halfway would leave half a schema behind, and the next `up` would
//! trip over it. SQLite's DDL is transactional, so [`atomic`] asks for the transaction on
//! every backend: the migration and its row in `seaql_migrations` commit together or not at
//! all.
//!
//! On PostgreSQL the transaction also gets the application's `search_path`, transaction-local:
//! the migrations name objects of `auth`, `health` and `audit` unqualified, and no connection
//! sets the path any more (it is the database's, set by migration 22, and a database being
//! migrated from scratch does not have it yet). It ends with the migration's transaction.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement};

use catalog::tables::SEARCH_PATH;

/// A migration forced to run in one transaction on every backend.
pub struct Atomic<M>(pub M);

/// Wraps a migration for [`crate::Migrator::migrations`].
pub fn atomic<M: MigrationTrait + 'static>(migration: M) -> Box<dyn MigrationTrait> {
    Box::new(Atomic(migration))
}

impl<M: MigrationName> MigrationName for Atomic<M> {
    fn name(&self) -> &str {
        self.0.name()
    }
}

#[async_trait::async_trait]
impl<M: MigrationTrait> MigrationTrait for Atomic<M> {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        with_search_path(manager).await?;
        self.0.up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        with_search_path(manager).await?;
        self.0.down(manager).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// Sets the application's `search_path` for the rest of the migration's transaction
/// (PostgreSQL; SQLite has no schemas).
async fn with_search_path(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    manager
        .get_connection()
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_catalog.set_config('search_path', $1, true)",
            [SEARCH_PATH.into()],
        ))
        .await?;
    Ok(())
}
