//! A handler's use case spanning two calls: accepting a recommendation and logging the meal
//! commit together through one acting transaction, or roll back together; a failed call inside
//! it leaves the transaction usable (a savepoint), and a transaction acting as another user is
//! refused.
use entity::types::{MealSlot, RecommendationStatus, Timestamp};
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::recommendations;
use service::{Actor, Error};
use uuid::Uuid;

use super::{dec, eve, menu, request};
use crate::harness::{TestDb, verified_user};

/// Eve, and her recommendations within 2 km of the menu: (eve, the salad's, the toast's).
async fn eves_salad_and_toast(t: &TestDb) -> (Actor, Uuid, Uuid) {
    let m = menu(t).await;
    let eve = Actor::new(eve(t).await);
    let found = recommendations::recommend(&t.db, eve, &request(2.0))
        .await
        .unwrap();
    let pick = |meal: Uuid| {
        let found = found.iter().find(|r| r.recommendation.meal_id == meal);
        found.unwrap().recommendation.id
    };
    (eve, pick(m.salad), pick(m.toast))
}

/// A lunch of 400 kcal named `name`, logged by hand now.
fn lunch(name: &str) -> NewMealLog {
    let entry = MealEntry::Free {
        name: name.into(),
        nutrition: Nutrition {
            energy_kcal: dec("400"),
            ..Default::default()
        },
    };
    NewMealLog::new(Timestamp::now(), MealSlot::Lunch, entry)
}

/// `eve`'s logs named `name`, read through a read connection: on a SQLite file the write
/// connection is the transaction's.
async fn logs_named(t: &TestDb, eve: Actor, name: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM meal_logs WHERE user_id = $1 AND name = $2";
    let values = [eve.id().into(), name.into()];
    let statement = sea_orm::Statement::from_sql_and_values(t.backend, sql, values);
    let row = sea_orm::ConnectionTrait::query_one_raw(t.db.reader(), statement)
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

async fn status_of(t: &TestDb, eve: Actor, id: Uuid) -> RecommendationStatus {
    let latest = recommendations::list_recommendations(&t.db, eve, 50)
        .await
        .unwrap();
    latest.into_iter().find(|r| r.id == id).unwrap().status
}

/// Committed together; a failed call in between (an unknown recommendation) rolls back to its
/// savepoint and the transaction goes on, on PostgreSQL too.
async fn calls_commit_together_past_a_failed_call(t: &TestDb) {
    let (eve, salad, _) = eves_salad_and_toast(t).await;
    let txn = service::begin(&t.db, eve).await.unwrap();
    recommendations::accept(&txn, eve, salad, None)
        .await
        .unwrap();
    let unknown = recommendations::accept(&txn, eve, Uuid::new_v4(), None).await;
    assert!(
        matches!(unknown, Err(Error::NotFound { .. })),
        "{unknown:?}"
    );
    nutrition::log_meal(&txn, eve, Tz::UTC, lunch("Salad, by hand"))
        .await
        .unwrap();
    assert_eq!(
        logs_named(t, eve, "Salad, by hand").await,
        0,
        "not visible before commit"
    );
    txn.commit().await.unwrap();
    assert_eq!(
        status_of(t, eve, salad).await,
        RecommendationStatus::Accepted
    );
    assert_eq!(logs_named(t, eve, "Salad, by hand").await, 1);
}

async fn calls_roll_back_together(t: &TestDb) {
    let (eve, _, toast) = eves_salad_and_toast(t).await;
    let txn = service::begin(&t.db, eve).await.unwrap();
    recommendations::accept(&txn, eve, toast, None)
        .await
        .unwrap();
    nutrition::log_meal(&txn, eve, Tz::UTC, lunch("Toast, by hand"))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert_ne!(
        status_of(t, eve, toast).await,
        RecommendationStatus::Accepted
    );
    assert_eq!(logs_named(t, eve, "Toast, by hand").await, 0);
}

/// A transaction names one user: a call acting as another is refused, and writes nothing.
async fn a_call_acting_as_another_user_is_refused(t: &TestDb) {
    let (eve, _, _) = eves_salad_and_toast(t).await;
    let other = verified_user(t, "mallory").await;
    let txn = service::begin(&t.db, eve).await.unwrap();
    let refused = nutrition::log_meal(&txn, other, Tz::UTC, lunch("Not hers")).await;
    assert!(
        matches!(
            refused,
            Err(Error::Forbidden(service::Forbidden::OtherActor))
        ),
        "{refused:?}"
    );
    txn.commit().await.unwrap();
    assert_eq!(logs_named(t, eve, "Not hers").await, 0);
}

dual!(
    calls_commit_together_past_a_failed_call,
    calls_roll_back_together,
    a_call_acting_as_another_user_is_refused,
);
