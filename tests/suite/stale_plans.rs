//! A hot statement's plan does not depend on when a connection first ran it. PostgreSQL
//! switches a prepared statement (the driver's, or a read's `PREPARE`: `service::autocommit`)
//! to a generic plan after five runs; made while a table's statistics said it was empty, that
//! plan scans the whole table. It is made again when `ANALYZE` changes the statistics, which
//! autovacuum does once a table has changed by 50 rows and 10% (the service turns none of
//! this off: no pinned plan mode, no plan kept across an `ANALYZE`). The test takes
//! autovacuum's place so that its timing does not matter.
use std::time::Duration;

use chrono::TimeZone;
use entity::types::{MealSlot, Timestamp};
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::{Actor, PoolConfig};

use crate::harness::{TestDb, verified_user};

/// Sequential scans of `meal_logs` so far, with every backend's pending counts flushed (the
/// service's one connection flushes its own when `flush` runs on it).
async fn meal_log_scans(t: &TestDb, service: &service::Db) -> (i64, i64) {
    use sea_orm::ConnectionTrait;
    service
        .execute_unprepared("SELECT pg_stat_force_next_flush()")
        .await
        .unwrap();
    // The flush happens as that statement's backend goes idle.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let row = t
        .query(
            "SELECT seq_scan, coalesce(idx_scan, 0) AS idx_scan FROM pg_stat_user_tables \
             WHERE relname = 'meal_logs'",
            vec![],
        )
        .await;
    (
        row[0].try_get("", "seq_scan").unwrap(),
        row[0].try_get("", "idx_scan").unwrap(),
    )
}

/// Statistics that say `meal_logs` is empty, as an ANALYZE of a new database leaves them, and
/// no autovacuum: the test runs the later ANALYZE itself.
async fn meal_logs_analyzed_empty(t: &TestDb) {
    for sql in [
        "ALTER TABLE meal_logs SET (autovacuum_enabled = false)",
        "ANALYZE meal_logs",
    ] {
        t.exec(sql, vec![]).await.unwrap();
    }
}

/// A pool of one connection, so every call runs on the same one, as a busy pool's
/// connections do for 30 minutes.
async fn one_connection(t: &TestDb) -> service::Db {
    let one = PoolConfig {
        max_connections: Some(1),
        ..PoolConfig::default()
    };
    service::connect_with(&t.url, &one).await.unwrap()
}

/// Soup for lunch at noon on a day of January 2026.
fn lunch_on(day: u32) -> NewMealLog {
    let at = chrono::Utc
        .with_ymd_and_hms(2026, 1, day, 12, 0, 0)
        .single()
        .unwrap();
    NewMealLog::new(
        Timestamp::new(at).unwrap(),
        MealSlot::Lunch,
        MealEntry::Free {
            name: "Soup".into(),
            nutrition: Nutrition::default(),
        },
    )
}

/// The start of a day of January 2026 and of the next.
fn day_of(day: u32) -> (Timestamp, Timestamp) {
    let at = |d: u32| {
        let t = chrono::Utc.with_ymd_and_hms(2026, 1, d, 0, 0, 0).single();
        Timestamp::new(t.unwrap()).unwrap()
    };
    (at(day), at(day + 1))
}

/// On the empty table, more than the five runs after which a generic plan may be chosen: a
/// write (the day's totals read meal_logs) and a read.
async fn plan_the_calls_on_the_empty_table(db: &service::Db, ada: Actor) {
    for day in 1..=8 {
        nutrition::log_meal(db, ada, Tz::UTC, lunch_on(day))
            .await
            .unwrap();
        let (from, to) = day_of(day);
        nutrition::list_meal_logs(db, ada, from, to).await.unwrap();
    }
}

/// The table grows (a thousand meals for each of 50 other users), and is analyzed, as
/// autovacuum would.
async fn grow_meal_logs_and_analyze(t: &TestDb) {
    t.exec(
        "INSERT INTO users (id, email, username, password_hash) \
         SELECT gen_random_uuid(), 'filler' || n || '@example.com', 'filler' || n, 'x' \
         FROM generate_series(1, 50) AS n",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO meal_logs (id, user_id, logged_at, local_date, meal_slot, name, \
         energy_kcal, protein_g, carbs_g, fat_g, fiber_g, sugar_g, sodium_mg) \
         SELECT gen_random_uuid(), u.id, now(), date '2026-01-01' + (n % 300), 'lunch', 'Filler', \
         0, 0, 0, 0, 0, 0, 0 \
         FROM generate_series(1, 1000) AS n, (SELECT id FROM users WHERE username LIKE 'filler%') u",
        vec![],
    )
    .await
    .unwrap();
    t.exec("ANALYZE meal_logs", vec![]).await.unwrap();
}

async fn plans_follow_the_table_not_the_connections_past(t: &TestDb) {
    meal_logs_analyzed_empty(t).await;
    let ada = verified_user(t, "ada").await;
    let db = one_connection(t).await;
    plan_the_calls_on_the_empty_table(&db, ada).await;
    grow_meal_logs_and_analyze(t).await;

    let before = meal_log_scans(t, &db).await;
    nutrition::log_meal(&db, ada, Tz::UTC, lunch_on(20))
        .await
        .unwrap();
    let (from, to) = day_of(20);
    let listed = nutrition::list_meal_logs(&db, ada, from, to).await.unwrap();
    assert_eq!(listed.len(), 1);
    let after = meal_log_scans(t, &db).await;
    assert_eq!(
        after.0, before.0,
        "a call scanned all of meal_logs (a plan made while it was empty)"
    );
    assert!(after.1 >= before.1 + 2, "the calls used no meal_logs index");
    db.close().await.unwrap();
}

postgres_only!(plans_follow_the_table_not_the_connections_past);
