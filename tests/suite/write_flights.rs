//! Writes on PostgreSQL send what a call needs no answer for with its next statement
//! (`service/src/flight.rs`): `BEGIN`, the acting user and the live-user check with the first
//! statement, the day's totals with `COMMIT`, each statement's values written into the message
//! by sea-query. These tests hold that path to what a transaction of single statements gave,
//! on both backends: hostile text is stored exactly, a deleted actor writes nothing, a dropped
//! transaction leaves nothing and gives its connection back clean, and a failed statement
//! keeps the commit from reporting success.
use chrono::Utc;
use entity::types::{MealSlot, Timestamp};
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::{Error, PoolConfig, Subject};

use crate::harness::{TestDb, as_application, verified_user};

/// Text that would break a statement pasted in unescaped, or escaped the wrong way.
const HOSTILE: &[&str] = &[
    "O'Brien's \"stew\"",
    "back\\slash \\' stew",
    "$1 and $2 stew",
    "semi; DROP TABLE meal_logs; -- stew",
    "/* not a comment */ stew",
    "E'x' \\x41 stew",
    "Crème brûlée ☕",
    "tab\tnew\nline",
    "control \u{1a}\u{7f}",
    "COMMIT; ROLLBACK",
];

/// How many rows of `table` belong to `user`.
async fn rows_of(t: &TestDb, table: &str, user: service::Actor) -> i64 {
    let sql = format!("SELECT count(*) FROM {table} WHERE user_id = $1");
    t.count(&sql, vec![user.id().into()]).await
}

fn free_meal(name: &str) -> NewMealLog {
    let mut new = NewMealLog::new(
        Timestamp::now(),
        MealSlot::Lunch,
        MealEntry::Free {
            name: name.into(),
            nutrition: Nutrition {
                energy_kcal: Decimal::from(400),
                ..Nutrition::default()
            },
        },
    );
    new.notes = Some(format!("notes: {name}"));
    new
}

async fn hostile_text_is_stored_exactly(t: &TestDb) {
    let (_role, db) = as_application(t).await;
    let cook = verified_user(t, "cook").await;
    for name in HOSTILE {
        let stored = nutrition::log_meal(&db, cook, Tz::UTC, free_meal(name))
            .await
            .unwrap_or_else(|e| panic!("log {name:?}: {e}"));
        assert_eq!(stored.name, *name);
    }
    let now = Timestamp::now();
    let day_before = Timestamp::new(Utc::now() - chrono::TimeDelta::days(1)).unwrap();
    let logs = nutrition::list_meal_logs(&db, cook, day_before, now)
        .await
        .unwrap();
    let mut names: Vec<&str> = logs.iter().map(|l| l.name.as_str()).collect();
    let mut notes: Vec<String> = logs.iter().filter_map(|l| l.notes.clone()).collect();
    let mut expected = HOSTILE.to_vec();
    names.sort_unstable();
    expected.sort_unstable();
    assert_eq!(names, expected, "each name reads back exactly");
    notes.sort_unstable();
    let mut expected_notes: Vec<String> = HOSTILE.iter().map(|n| format!("notes: {n}")).collect();
    expected_notes.sort_unstable();
    assert_eq!(notes, expected_notes);
    let today = Utc::now().date_naive();
    let progress = nutrition::get_progress(&db, cook, today, today)
        .await
        .unwrap();
    let meals: i32 = progress.days.iter().map(|d| d.meal_count).sum();
    assert_eq!(
        meals,
        HOSTILE.len() as i32,
        "the day's totals count every log"
    );
}

async fn a_deleted_actor_writes_nothing(t: &TestDb) {
    let (_role, db) = as_application(t).await;
    let gone = verified_user(t, "gone").await;
    t.exec(
        "UPDATE users SET deleted_at = $1 WHERE id = $2",
        vec![Timestamp::now().into(), gone.id().into()],
    )
    .await
    .unwrap();
    let refused = nutrition::log_meal(&db, gone, Tz::UTC, free_meal("late lunch")).await;
    assert!(
        matches!(
            refused,
            Err(Error::NotFound {
                what: Subject::User
            })
        ),
        "{refused:?}"
    );
    let stored = rows_of(t, "meal_logs", gone).await;
    assert_eq!(
        stored, 0,
        "the insert that went with the check was rolled back"
    );
    let totals = rows_of(t, "daily_nutrition", gone).await;
    assert_eq!(totals, 0);
}

/// A caller's transaction dropped without a commit: nothing of it is stored, and its connection
/// (the pool's only one) serves the next call, outside any transaction.
async fn a_dropped_transaction_leaves_nothing_and_frees_its_connection(t: &TestDb) {
    let one = PoolConfig {
        max_connections: Some(1),
        ..PoolConfig::default()
    };
    let db = service::connect_with(&t.url, &one).await.unwrap();
    let ada = verified_user(t, "ada").await;
    {
        let txn = service::begin(&db, ada).await.unwrap();
        nutrition::log_meal(&txn, ada, Tz::UTC, free_meal("dropped"))
            .await
            .unwrap();
        // Dropped here, unfinished.
    }
    let kept = nutrition::log_meal(&db, ada, Tz::UTC, free_meal("kept"))
        .await
        .expect("the pool's one connection came back usable");
    let names: Vec<String> = t
        .query(
            "SELECT name FROM meal_logs WHERE user_id = $1 ORDER BY name",
            vec![ada.id().into()],
        )
        .await
        .iter()
        .map(|r| r.try_get("", "name").unwrap())
        .collect();
    assert_eq!(names, ["kept"]);
    assert_eq!(kept.name, "kept");
    if t.is_pg() {
        let in_transaction = t
            .count(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND state LIKE 'idle in transaction%'",
                vec![],
            )
            .await;
        assert_eq!(
            in_transaction, 0,
            "no connection was left inside a transaction"
        );
    }
    db.close().await.unwrap();
}

/// On PostgreSQL a statement that fails aborts the transaction: a commit after it reports the
/// failure, and what ran before it is not stored. (SQLite keeps a transaction going after a
/// failed statement; the service never commits after an error it did not return, and
/// `docs/PARITY.md` lists the raw-SQL difference.)
async fn a_failed_statement_keeps_the_commit_from_succeeding(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let txn = service::begin(&t.db, ada).await.unwrap();
    nutrition::log_meal(&txn, ada, Tz::UTC, free_meal("before the failure"))
        .await
        .unwrap();
    txn.execute_unprepared("SELECT 1 / 0")
        .await
        .expect_err("division by zero");
    txn.commit()
        .await
        .expect_err("a transaction whose statement failed does not commit");
    let stored = rows_of(t, "meal_logs", ada).await;
    assert_eq!(stored, 0);
}

/// A pooled connection the server ended while it sat idle: `log_meal`, one message with its
/// `COMMIT`, goes again on a new connection, because the server said goodbye before answering
/// anything of it; the call succeeds and stores its row once.
async fn a_write_on_a_connection_ended_while_idle_goes_again(t: &TestDb) {
    let one = PoolConfig {
        max_connections: Some(1),
        ..PoolConfig::default()
    };
    // Named, so that only its connection is ended.
    let url = format!("{}?application_name=ended_while_idle", t.url);
    let db = service::connect_with(&url, &one).await.unwrap();
    let ada = verified_user(t, "ada").await;
    nutrition::log_meal(&db, ada, Tz::UTC, free_meal("first"))
        .await
        .unwrap();
    let ended = t
        .count(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE datname = current_database() AND application_name = 'ended_while_idle' \
             AND state = 'idle'",
            vec![],
        )
        .await;
    assert!(ended >= 1, "the pool's idle connection was ended");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    nutrition::log_meal(&db, ada, Tz::UTC, free_meal("second"))
        .await
        .expect("sent again on a new connection");
    let stored = t
        .count(
            "SELECT count(*) FROM meal_logs WHERE user_id = $1 AND name = 'second'",
            vec![ada.id().into()],
        )
        .await;
    assert_eq!(stored, 1);
    db.close().await.unwrap();
}

/// Meals logged at once on the same day all count in the day's totals. Each call recomputes
/// the day from the rows its statement sees; without the day's lock (`lock_days` in
/// `service/src/nutrition/logs.rs`), two calls whose upserts both wait for the day's row would
/// each have computed totals without the other's meal, and the second would store them. Another
/// transaction holds the day's row here, so that both calls are in flight at once.
async fn meals_logged_at_once_all_count_in_the_days_totals(t: &TestDb) {
    use sea_orm::TransactionTrait;
    let ada = verified_user(t, "ada").await;
    nutrition::log_meal(&t.db, ada, Tz::UTC, free_meal("breakfast"))
        .await
        .unwrap();
    let holder = t.db.primary().begin().await.unwrap();
    holder
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT 1 FROM daily_nutrition WHERE user_id = $1 FOR UPDATE",
            [ada.id().into()],
        ))
        .await
        .unwrap();
    let calls: Vec<_> = ["lunch", "dinner"]
        .into_iter()
        .map(|name| {
            let db = t.db.clone();
            tokio::spawn(
                async move { nutrition::log_meal(&db, ada, Tz::UTC, free_meal(name)).await },
            )
        })
        .collect();
    // Both calls are now waiting: for the day's row, or for the day's lock.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    holder.rollback().await.unwrap();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let today = Utc::now().date_naive();
    let progress = nutrition::get_progress(&t.db, ada, today, today)
        .await
        .unwrap();
    let meals: i32 = progress.days.iter().map(|d| d.meal_count).sum();
    assert_eq!(meals, 3, "the day's meal count");
    let energy: Decimal = progress.days.iter().map(|d| d.totals.energy_kcal).sum();
    assert_eq!(energy, Decimal::from(1200), "the day's energy");
}

dual!(
    hostile_text_is_stored_exactly,
    a_deleted_actor_writes_nothing,
    a_dropped_transaction_leaves_nothing_and_frees_its_connection
);
postgres_only!(
    meals_logged_at_once_all_count_in_the_days_totals,
    a_failed_statement_keeps_the_commit_from_succeeding,
    a_write_on_a_connection_ended_while_idle_goes_again
);
