//! The `search_path` becomes a property of the database (`ALTER DATABASE … SET search_path =
//! public, auth, health, audit`), so a connection that never ran anything reaches every table
//! and the service sends no `SET` on a new connection (issue 19: a proxy multiplexing
//! connections pins a session that ran one, or hands the next transaction a server connection
//! that never did). See [`crate::search_path`] for what loses the setting (a database copied
//! from a template, one restored by `pg_restore`) and who may set it (the database's owner).
//!
//! `down` removes the setting: new sessions then have PostgreSQL's default path again, and the
//! service, which no longer sets one, no longer finds the tables outside `public`. SQLite has
//! no schemas: nothing to do there.
use sea_orm_migration::prelude::*;

use crate::search_path;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        search_path::apply(manager.get_connection()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        search_path::reset(manager.get_connection()).await
    }
}
