//! SQLite under concurrency (writers queue, readers never wait), and load on both backends,
//! audited.
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use entity::types::Timestamp;
use sea_orm::{ConnectionTrait, TransactionTrait};
use service::nutrition::{self, Tz};
use service::{Db, Error, PoolConfig, Unavailable};
use uuid::Uuid;

use super::{log, meal, stored_logs};
use crate::harness::{TestDb, insert_user, notice, verified_user};

/// With a read pool of 64 (which once meant 64 writers fighting over SQLite's lock), 256
/// clients each logging and reading meals get no error, and every acknowledged log is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_queue_for_one_writer_under_256_clients() {
    let t = TestDb::sqlite("writes_queue").await;
    let users = users(&t).await;
    let pool = PoolConfig {
        max_connections: Some(64),
        ..PoolConfig::default()
    };
    let db = service::connect_with(&t.url, &pool).await.unwrap();
    let report = load(&db, &users, 256).await;
    assert!(
        report.errors.is_empty(),
        "calls failed: {:?}",
        &report.errors[..report.errors.len().min(3)]
    );
    assert_eq!(stored_logs(&t.url).await, report.acked);
    db.close().await.unwrap();
}

/// Another connection (standing in for another process) holds SQLite's write lock for longer
/// than the busy timeout: reads go on at full speed meanwhile, and the write that waited is
/// `Unavailable { Locked }`, retryable, and left nothing. Once the lock is released, writes work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_held_elsewhere_blocks_writes_only() {
    let t = TestDb::sqlite("lock_held").await;
    let ada = verified_user(&t, "ada").await;
    let db = service::connect_with(&t.url, &PoolConfig::default())
        .await
        .unwrap();
    let before = log(&db, ada.id(), 0).await.unwrap();

    let other = sea_orm::Database::connect(&t.url).await.unwrap();
    let holder = other
        .begin_with_options(sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
        .unwrap();

    let writer = {
        let db = db.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            (log(&db, ada.id(), 1).await, started.elapsed())
        })
    };
    let (from, to) = (
        Timestamp::new(Utc::now() - chrono::Duration::days(1)).unwrap(),
        Timestamp::new(Utc::now() + chrono::Duration::days(1)).unwrap(),
    );
    for _ in 0..20 {
        let started = Instant::now();
        let logs = nutrition::list_meal_logs(&db, ada, from, to).await.unwrap();
        assert_eq!(logs.len(), 1);
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "a read waited {:?} for the writer",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (outcome, waited) = writer.await.unwrap();
    match outcome {
        Err(Error::Unavailable {
            cause: cause @ Unavailable::Locked,
            ..
        }) => assert!(cause.retryable()),
        other => panic!("expected Unavailable {{ Locked }}, got {other:?}"),
    }
    assert!(waited >= Duration::from_secs(4), "gave up after {waited:?}");
    holder.rollback().await.unwrap();
    other.close().await.unwrap();

    let after = log(&db, ada.id(), 2)
        .await
        .expect("writes work once the lock is gone");
    assert_eq!(stored_logs(&t.url).await, BTreeSet::from([before, after]));
    db.close().await.unwrap();
}

/// Sixteen verified users for the load (inserted directly: registering hashes a password).
async fn users(t: &TestDb) -> Vec<service::Actor> {
    let mut users = Vec::new();
    for i in 0..16 {
        users.push(insert_user(t, &format!("load{i}"), true).await);
    }
    users
}

struct Load {
    calls: usize,
    acked: BTreeSet<Uuid>,
    errors: Vec<String>,
}

/// `clients` tasks at once, each logging two meals for one of `users` and reading that user's
/// day twice.
async fn load(db: &Db, users: &[service::Actor], clients: usize) -> Load {
    let (from, to) = (
        Timestamp::new(Utc::now() - chrono::Duration::days(1)).unwrap(),
        Timestamp::new(Utc::now() + chrono::Duration::days(1)).unwrap(),
    );
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let db = db.clone();
            let user = users[c % users.len()];
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                for i in 0..2 {
                    let mut new = meal(c * 10 + i);
                    new.notes = None;
                    let logged =
                        nutrition::log_meal(&db, service::Actor::new(user.id()), Tz::UTC, new)
                            .await;
                    outcomes.push(logged.map(|row| Some(row.id)));
                    outcomes.push(
                        nutrition::list_meal_logs(&db, service::Actor::new(user.id()), from, to)
                            .await
                            .map(|_| None),
                    );
                }
                outcomes
            })
        })
        .collect();
    let mut report = Load {
        calls: 0,
        acked: BTreeSet::new(),
        errors: Vec::new(),
    };
    for task in tasks {
        for outcome in task.await.unwrap() {
            report.calls += 1;
            match outcome {
                Ok(Some(id)) => {
                    report.acked.insert(id);
                }
                Ok(None) => {}
                Err(err) => report.errors.push(format!("{err:?}")),
            }
        }
    }
    report
}

/// 16, 64 and 256 concurrent clients against the default pools: every call succeeds, and a
/// raw read afterwards finds exactly the acknowledged rows. Prints the figures.
async fn load_loses_no_acknowledged_write(t: &TestDb) {
    let users = users(t).await;
    let mut expected = BTreeSet::new();
    for clients in [16, 64, 256] {
        let started = Instant::now();
        let report = load(&t.db, &users, clients).await;
        expected.extend(report.acked.iter().copied());
        let stored = stored_logs(&t.url).await;
        let missing = expected.difference(&stored).count();
        notice(&format!(
            "load {:?} {clients} clients: {} calls in {:?}, {} errors, {} acknowledged rows missing, {} rows not acknowledged",
            t.backend,
            report.calls,
            started.elapsed(),
            report.errors.len(),
            missing,
            stored.difference(&expected).count(),
        ));
        assert!(
            report.errors.is_empty(),
            "calls failed: {:?}",
            &report.errors[..report.errors.len().min(3)]
        );
        assert_eq!(stored, expected);
    }
}

/// With every pooled connection busy past the acquire timeout, a call is
/// `Unavailable { PoolExhausted }` (retryable) instead of waiting forever, and wrote nothing.
async fn a_busy_pool_is_unavailable_not_stuck(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let pool = PoolConfig {
        max_connections: Some(1),
        acquire_timeout: Duration::from_secs(1),
        ..PoolConfig::default()
    };
    let db = service::connect_with(&t.url, &pool).await.unwrap();
    let busy = service::acting::write(&db, None).await.unwrap();
    // A write transaction takes its connection with its first statement (on PostgreSQL
    // nothing is sent before it: `service/src/flight.rs`).
    busy.execute_unprepared("SELECT 1").await.unwrap();
    match log(&db, ada.id(), 0).await {
        Err(Error::Unavailable {
            cause: cause @ Unavailable::PoolExhausted,
            ..
        }) => assert!(cause.retryable()),
        other => panic!("expected Unavailable {{ PoolExhausted }}, got {other:?}"),
    }
    busy.rollback().await.unwrap();
    let after = log(&db, ada.id(), 1)
        .await
        .expect("works once a connection is free");
    assert_eq!(stored_logs(&t.url).await, BTreeSet::from([after]));
    db.close().await.unwrap();
}

dual!(
    load_loses_no_acknowledged_write,
    a_busy_pool_is_unavailable_not_stuck
);
