//! A migration using the helpers, through the migrator as a deploy runs it.
use std::time::{Duration, Instant};

use migration::portable::Index;
use migration::portable::online::{self, LOCK_TIMEOUT, Online};
use migration::{Migrator, MigratorTrait};
use sea_orm::TransactionTrait;
use sea_orm_migration::prelude::*;

use super::{LOAD, constraint_validated, index_is_valid, own_connection};
use crate::harness::TestDb;

/// A migration that does nothing, to see what `online` makes of it.
#[derive(DeriveMigrationName)]
struct NoOp;

#[async_trait::async_trait]
impl MigrationTrait for NoOp {
    async fn up(&self, _: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

/// A migration using the helpers, as a future one would: after the released ones.
struct LoadIndexAndCheck(Online);

impl MigrationName for LoadIndexAndCheck {
    fn name(&self) -> &str {
        "m20991231_000001_online_load_index_and_check"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for LoadIndexAndCheck {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0
            .create_index(manager, LOAD, &Index::new("idx_online_load_n2", "n"))
            .await?;
        self.0
            .add_check(
                manager,
                LOAD,
                "chk_online_load_n2",
                "n < 1000000",
                "n < 1000000",
            )
            .await
    }
}

/// The released migrations and [`LoadIndexAndCheck`], wrapped with `online`.
struct WithOnlineMigration;

impl MigratorTrait for WithOnlineMigration {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut migrations = Migrator::migrations();
        migrations.push(online::online(LoadIndexAndCheck(
            Online::default().with_lock_timeout(Duration::from_secs(1)),
        )));
        migrations
    }
}

async fn recorded(t: &TestDb) -> i64 {
    t.count(
        "SELECT COUNT(*) FROM seaql_migrations WHERE version LIKE 'm20991231%'",
        vec![],
    )
    .await
}

/// Through the migrator, as a deploy runs it: on PostgreSQL, a held lock fails the migration
/// after about its lock timeout, unrecorded, and the rerun after the lock is released applies
/// it; on SQLite the same migration runs outside a transaction and applies at once.
async fn an_online_migration_fails_fast_and_reruns(t: &TestDb) {
    t.exec(
        "CREATE TABLE online_load (id bigint PRIMARY KEY, n bigint NOT NULL)",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO online_load (id, n) VALUES (1, 1), (2, 2)",
        vec![],
    )
    .await
    .unwrap();
    let db = t.db.primary();
    if t.is_pg() {
        let holder = own_connection(t).await;
        let lock = holder.begin().await.unwrap();
        lock.execute_unprepared("LOCK TABLE public.online_load IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        let start = Instant::now();
        let refused = WithOnlineMigration::up(db, None).await.unwrap_err();
        let waited = start.elapsed();
        assert!(
            refused.to_string().contains("lock timeout of 1000 ms"),
            "{refused}"
        );
        assert!(waited < Duration::from_secs(3), "gave up after {waited:?}");
        assert_eq!(recorded(t).await, 0, "a failed migration is not recorded");
        lock.rollback().await.unwrap();
        holder.close().await.ok();
    }
    WithOnlineMigration::up(db, None).await.unwrap();
    assert_eq!(recorded(t).await, 1);
    assert!(
        t.exec(
            "INSERT INTO online_load (id, n) VALUES (3, 1000000)",
            vec![]
        )
        .await
        .is_err(),
        "the CHECK is in force"
    );
    if t.is_pg() {
        assert!(index_is_valid(t, "idx_online_load_n2").await);
        assert_eq!(
            constraint_validated(t, "chk_online_load_n2").await,
            Some(true)
        );
    }
}

#[test]
fn online_migrations_run_outside_a_transaction_with_a_five_second_lock_timeout() {
    assert_eq!(LOCK_TIMEOUT, Duration::from_secs(5));
    assert_eq!(
        online::online(NoOp).use_transaction(),
        Some(false),
        "online() migrations run outside a transaction"
    );
}

dual!(an_online_migration_fails_fast_and_reruns);
