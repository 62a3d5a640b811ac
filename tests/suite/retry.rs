//! Create calls repeated with a client-chosen id (`service::idempotent`): the same call again
//! returns the stored row and writes nothing; the same id with other content, or another
//! user's id, is `Conflict`; two repeats racing each other end with one row, which both get.
use std::future::Future;

use chrono::{NaiveDate, TimeZone, Utc};
use entity::types::{MealSlot, Timestamp};
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::{Db, Error};
use uuid::Uuid;

use crate::harness::{TestDb, insert_user};

fn at(d: u32, h: u32) -> Timestamp {
    Timestamp::new(Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

/// `SELECT count(*)` of `table`'s rows with this id.
async fn rows_with_id(t: &TestDb, table: &str, id: Uuid) -> i64 {
    t.count(
        &format!("SELECT count(*) FROM {table} WHERE id = $1"),
        vec![id.into()],
    )
    .await
}

/// Asserts `result` is the Conflict `what`.
#[track_caller]
fn assert_conflict<T: std::fmt::Debug>(result: service::Result<T>, what: &str) {
    match result {
        Err(Error::Conflict { what: got }) => assert_eq!(got, what),
        other => panic!("expected Conflict {{ {what} }}, got {other:?}"),
    }
}

/// Runs `call` twice at once, each on its own task and clone of the pool, and returns both
/// answers.
async fn race<T, F, Fut>(db: &Db, call: F) -> (T, T)
where
    T: Send + 'static,
    F: Fn(Db) -> Fut,
    Fut: Future<Output = service::Result<T>> + Send + 'static,
{
    let (a, b) = (
        tokio::spawn(call(db.clone())),
        tokio::spawn(call(db.clone())),
    );
    let a = a.await.expect("first task").expect("first call");
    let b = b.await.expect("second task").expect("second call");
    (a, b)
}

fn lunch(kcal: &str) -> MealEntry {
    MealEntry::Free {
        name: "Ramen".into(),
        nutrition: Nutrition {
            energy_kcal: kcal.parse().unwrap(),
            ..Nutrition::default()
        },
    }
}

fn meal(id: Uuid, kcal: &str) -> NewMealLog {
    NewMealLog {
        id: Some(id),
        ..NewMealLog::new(at(2, 12), MealSlot::Lunch, lunch(kcal))
    }
}

/// The user's daily totals: (hundredths of a kcal, meals) per day.
async fn daily_totals(t: &TestDb, user: Uuid) -> Vec<(i64, i64)> {
    t.query(
        "SELECT CAST(energy_kcal * 100 AS BIGINT) AS kcal, CAST(meal_count AS BIGINT) AS meals \
         FROM daily_nutrition WHERE user_id = $1 ORDER BY date",
        vec![user.into()],
    )
    .await
    .iter()
    .map(|r| {
        (
            r.try_get("", "kcal").unwrap(),
            r.try_get("", "meals").unwrap(),
        )
    })
    .collect()
}

async fn log_meal_is_repeatable(t: &TestDb) {
    let ada = insert_user(t, "ada", true).await;
    let eve = insert_user(t, "eve", true).await;
    let id = Uuid::new_v4();
    let first = nutrition::log_meal(&t.db, ada, Tz::UTC, meal(id, "640"))
        .await
        .unwrap();
    assert_eq!(first.id, id);
    let totals = daily_totals(t, ada).await;
    let again = nutrition::log_meal(&t.db, ada, Tz::UTC, meal(id, "640.00"))
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(rows_with_id(t, "meal_logs", id).await, 1);
    assert_eq!(daily_totals(t, ada).await, totals);
    assert_eq!(t.count("SELECT count(*) FROM meal_logs", vec![]).await, 1);

    assert_conflict(
        nutrition::log_meal(&t.db, ada, Tz::UTC, meal(id, "641")).await,
        "meal log id",
    );
    let mut other_slot = meal(id, "640");
    other_slot.meal_slot = MealSlot::Dinner;
    assert_conflict(
        nutrition::log_meal(&t.db, ada, Tz::UTC, other_slot).await,
        "meal log id",
    );
    assert_conflict(
        nutrition::log_meal(&t.db, eve, Tz::UTC, meal(id, "640")).await,
        "meal log id",
    );
    assert_eq!(daily_totals(t, eve).await, []);
    assert_eq!(t.count("SELECT count(*) FROM meal_logs", vec![]).await, 1);

    // Deleted since: nothing remembers the id, so the call stores the log again.
    nutrition::remove_meal_log(&t.db, ada, id).await.unwrap();
    let again = nutrition::log_meal(&t.db, ada, Tz::UTC, meal(id, "640"))
        .await
        .unwrap();
    assert_eq!(again.id, id);
    nutrition::remove_meal_log(&t.db, ada, id).await.unwrap();

    let raced = Uuid::new_v4();
    let (a, b) = race(&t.db, |db| async move {
        nutrition::log_meal(&db, ada, Tz::UTC, meal(raced, "500")).await
    })
    .await;
    assert_eq!(a, b);
    assert_eq!(rows_with_id(t, "meal_logs", raced).await, 1);
    assert_eq!(daily_totals(t, ada).await, [(50_000, 1)]);
    let _ = day(2);
}

dual!(log_meal_is_repeatable);
