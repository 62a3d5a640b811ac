//! All-or-nothing migrations on both backends.
//!
//! sea-orm-migration wraps a migration in a transaction on PostgreSQL only; on SQLite a
//! migration that failed halfway would leave half a schema behind, and the next `up` would
//! trip over it. SQLite's DDL is transactional, so [`atomic`] asks for the transaction on
//! every backend: the migration and its row in `seaql_migrations` commit together or not at
//! all.
use sea_orm_migration::prelude::*;

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
        self.0.up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.down(manager).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
