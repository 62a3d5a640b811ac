//! What was eaten, measured or seen is not ahead of now: a meal's log, a measurement, a price
//! and an accepted recommendation's log refuse a time more than a day ahead; a meal's local
//! date is a storable day.
use chrono::{TimeDelta, TimeZone, Utc};
use entity::types::{HealthMetric, MealSlot, MetricUnit, Timestamp, Unit};
use service::nutrition::{
    self, MealEntry, MealLogChange, NewMealLog, NewMeasurement, Nutrition, Tz,
};
use service::recommendations::{self, LogAs};
use service::shopping::{self, NewPrice};
use uuid::Uuid;

use super::{AHEAD, count, first_day, from_now, refused};
use crate::harness::{TestDb, verified_user};

/// An apple, eaten as a free meal.
fn apple() -> MealEntry {
    MealEntry::Free {
        name: "Apple".into(),
        nutrition: Nutrition {
            energy_kcal: "52".parse().unwrap(),
            ..Default::default()
        },
    }
}

/// An apple as a snack at `at`, in `tz`.
async fn log_an_apple(
    t: &TestDb,
    user: service::Actor,
    tz: Tz,
    at: Timestamp,
) -> service::Result<entity::meal_logs::Model> {
    let snack = NewMealLog::new(at, MealSlot::Snack, apple());
    nutrition::log_meal(&t.db, user, tz, snack).await
}

async fn what_was_eaten_measured_or_seen_is_not_ahead(t: &TestDb) {
    let user = verified_user(t, "eater").await;
    let end_of_time =
        Timestamp::new(Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 0).unwrap()).unwrap();
    let two_years = from_now(TimeDelta::days(730));
    let a_day_and_an_hour = from_now(TimeDelta::hours(25));
    let priced = Uuid::new_v4();
    for ahead in [end_of_time, two_years, a_day_and_an_hour, Timestamp::MAX] {
        refused(
            log_an_apple(t, user, Tz::UTC, ahead).await,
            "logged_at",
            AHEAD,
        );
        let weight = NewMeasurement::new(
            HealthMetric::Weight,
            "70.5".parse().unwrap(),
            MetricUnit::Kg,
            ahead,
        );
        refused(
            nutrition::record_metric(&t.db, user, weight).await,
            "measured_at",
            AHEAD,
        );
        let price = NewPrice {
            ingredient_id: priced,
            store: None,
            price: "1.00".parse().unwrap(),
            quantity: "1".parse().unwrap(),
            unit: Unit::Piece,
            observed_at: Some(ahead),
        };
        refused(
            shopping::record_price(&t.db, Some(user), price).await,
            "observed_at",
            AHEAD,
        );
        // The log's time is checked before the recommendation is looked up or changed.
        let log = LogAs {
            id: None,
            logged_at: ahead,
            meal_slot: MealSlot::Lunch,
            tz: Tz::UTC,
        };
        refused(
            recommendations::accept(&t.db, user, Uuid::new_v4(), Some(log)).await,
            "logged_at",
            AHEAD,
        );
    }
    assert_eq!(count(t, "meal_logs", user.id()).await, 0, "nothing written");
    assert_eq!(count(t, "health_metrics", user.id()).await, 0);
    let prices = "SELECT COUNT(*) FROM ingredient_prices WHERE ingredient_id = $1";
    assert_eq!(t.count(prices, vec![priced.into()]).await, 0);
}

/// Year 1 in UTC is a storable day; in New York (then its local mean time, UTC-4:56) it is
/// still year 0.
async fn a_meal_is_logged_on_a_storable_local_day(t: &TestDb) {
    let user = verified_user(t, "eater").await;
    let new_york: Tz = "America/New_York".parse().unwrap();
    refused(
        log_an_apple(t, user, new_york, Timestamp::MIN).await,
        "logged_at",
        "its local date must be between 0001-01-01 and 9999-12-31",
    );
    assert_eq!(count(t, "meal_logs", user.id()).await, 0, "nothing written");
    let first = log_an_apple(t, user, Tz::UTC, Timestamp::MIN)
        .await
        .unwrap();
    assert_eq!(first.local_date, first_day());
}

/// Within a day of now is accepted (a clock a little ahead); moving it years ahead is not.
async fn a_meal_a_little_ahead_is_kept_but_not_moved_years_ahead(t: &TestDb) {
    let user = verified_user(t, "eater").await;
    let soon = from_now(TimeDelta::hours(23));
    let log = log_an_apple(t, user, Tz::UTC, soon).await.unwrap();
    log_an_apple(t, user, Tz::UTC, Timestamp::MIN)
        .await
        .unwrap();
    let change = MealLogChange {
        logged_at: Some(from_now(TimeDelta::days(730))),
        ..Default::default()
    };
    refused(
        nutrition::update_meal_log(&t.db, user, Tz::UTC, log.id, change).await,
        "logged_at",
        AHEAD,
    );
    let logs = nutrition::list_meal_logs(&t.db, user, Timestamp::MIN, Timestamp::MAX)
        .await
        .unwrap();
    assert_eq!(
        logs.iter().map(|l| l.logged_at).collect::<Vec<_>>(),
        vec![Timestamp::MIN, soon]
    );
}

dual!(
    what_was_eaten_measured_or_seen_is_not_ahead,
    a_meal_is_logged_on_a_storable_local_day,
    a_meal_a_little_ahead_is_kept_but_not_moved_years_ahead,
);
