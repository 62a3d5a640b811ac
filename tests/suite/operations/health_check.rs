//! The health check: what it reports of a live database, and that it answers within its
//! timeout when the database does not.
use std::time::Duration;

use migration::MigratorTrait;
use sea_orm::ConnectionTrait;
use service::operations::{self, HealthStatus};

use crate::harness::{TestDb, insert_user};

async fn health_check_reports_a_live_database(t: &TestDb) {
    insert_user(t, "healthy", true).await;
    let health = operations::health_check(&t.db, Duration::from_secs(5)).await;
    assert_eq!(health.status, HealthStatus::Healthy, "{health:?}");
    let version = health.server_version.clone().unwrap_or_default();
    assert!(
        version.starts_with(if t.is_pg() { "PostgreSQL" } else { "SQLite" }),
        "{health:?}"
    );
    let name = health.database_name.clone().unwrap_or_default();
    assert!(t.url.contains(&name) && !name.is_empty(), "{health:?}");
    assert!(health.size_bytes.unwrap_or(0) > 0, "{health:?}");
    assert_eq!(health.users, Some(1), "{health:?}");
    let newest = migration::Migrator::migrations()
        .last()
        .map(|m| m.name().to_owned());
    assert_eq!(health.migration_version, newest, "{health:?}");
    let pool = health.pool.expect("pool statistics");
    assert!(
        pool.max > 0 && pool.open >= 1 && pool.idle <= pool.open,
        "{pool:?}"
    );
    assert!(health.error.is_none(), "{health:?}");
}

async fn health_check_of_an_unreachable_database_answers_within_its_timeout(t: &TestDb) {
    let url = if t.is_pg() {
        // Nothing listens on port 1.
        "postgres://postgres@127.0.0.1:1/eatsential".to_owned()
    } else {
        "sqlite:///nonexistent-directory/eatsential.db?mode=ro".to_owned()
    };
    let limit = Duration::from_secs(2);
    let health = operations::health_check_url(&url, limit).await;
    assert_ne!(health.status, HealthStatus::Healthy, "{health:?}");
    assert!(
        health.elapsed < limit + Duration::from_millis(500),
        "{health:?}"
    );
    assert!(
        health.error.is_some() && health.users.is_none(),
        "{health:?}"
    );

    if t.is_pg() {
        // A database that is up but does not answer: the users table is locked by another
        // transaction. The check gives up at its deadline.
        use sea_orm::TransactionTrait;
        let blocker = t.db.begin().await.unwrap();
        blocker
            .execute_unprepared("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        let limit = Duration::from_millis(700);
        let health = operations::health_check_url(&t.url, limit).await;
        assert_eq!(health.status, HealthStatus::TimedOut, "{health:?}");
        assert!(
            health.elapsed < limit + Duration::from_millis(500),
            "{health:?}"
        );
        blocker.rollback().await.unwrap();
    }
}

dual!(
    health_check_reports_a_live_database,
    health_check_of_an_unreachable_database_answers_within_its_timeout,
);
