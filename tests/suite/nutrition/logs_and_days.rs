//! Meal logs and daily totals: each day's row is the sum of its logs, days follow the user's time
//! zone, and a log's input is validated by field.
use entity::types::MealSlot;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use service::Error;
use service::nutrition::{self, MealEntry, MealLogChange, NewMealLog, Nutrition, Tz};
use uuid::Uuid;

use super::{at, day, dec, free, stored_days, summed_logs};
use crate::harness::{TestDb, verified_user};

fn random_amount(rng: &mut StdRng) -> Decimal {
    // Hundredths that binary fractions cannot hold (0.1, 0.07, ...), up to 2000.
    Decimal::new(rng.gen_range(0..200_000), 2)
}

fn random_nutrition(rng: &mut StdRng) -> Nutrition {
    Nutrition {
        energy_kcal: random_amount(rng),
        protein_g: random_amount(rng),
        carbs_g: random_amount(rng),
        fat_g: random_amount(rng),
        fiber_g: random_amount(rng),
        sugar_g: random_amount(rng),
        sodium_mg: random_amount(rng),
    }
}

/// After random sequences of log, change and remove (fixed seed), each day's row equals the
/// exact sum of that day's logs, and days without logs have no row.
async fn daily_nutrition_equals_the_sum_of_the_days_logs(t: &TestDb) {
    let user = verified_user(t, "pia").await;
    let mut rng = StdRng::seed_from_u64(0x5eed_0008);
    let mut logs: Vec<Uuid> = Vec::new();
    let slots = [
        MealSlot::Breakfast,
        MealSlot::Lunch,
        MealSlot::Dinner,
        MealSlot::Snack,
    ];
    let zones = [Tz::UTC, Tz::Asia__Tokyo, Tz::America__Los_Angeles];
    for step in 0..120 {
        // Four days, at any minute: the zones move logs across midnight.
        let when = at(
            2026,
            3,
            10 + rng.gen_range(0..4),
            rng.gen_range(0..24),
            rng.gen_range(0..60),
        );
        let tz = zones[rng.gen_range(0..zones.len())];
        let action = rng.gen_range(0..10);
        if logs.is_empty() || action < 5 {
            let entry = MealEntry::Free {
                name: format!("entry {step}"),
                nutrition: random_nutrition(&mut rng),
            };
            let new = NewMealLog::new(when, slots[rng.gen_range(0..4)], entry);
            logs.push(nutrition::log_meal(&t.db, user, tz, new).await.unwrap().id);
        } else if action < 8 {
            let id = logs[rng.gen_range(0..logs.len())];
            let change = MealLogChange {
                logged_at: rng.gen_bool(0.5).then_some(when),
                nutrition: rng.gen_bool(0.7).then(|| random_nutrition(&mut rng)),
                ..MealLogChange::default()
            };
            nutrition::update_meal_log(&t.db, user, tz, id, change)
                .await
                .unwrap();
        } else {
            let id = logs.swap_remove(rng.gen_range(0..logs.len()));
            nutrition::delete_meal_log(&t.db, user, id).await.unwrap();
        }
        if step % 10 == 9 {
            assert_eq!(
                stored_days(t, user.id()).await,
                summed_logs(t, user.id()).await,
                "after step {step}"
            );
        }
    }
    // Remove everything: no day is left.
    for id in logs {
        nutrition::delete_meal_log(&t.db, user, id).await.unwrap();
    }
    assert!(stored_days(t, user.id()).await.is_empty());
}

/// 23:30 UTC is the next day in Tokyo and the same day in UTC.
async fn days_follow_the_users_time_zone(t: &TestDb) {
    let user = verified_user(t, "yuki").await;
    let late = at(2026, 3, 10, 23, 30);
    let tokyo = nutrition::log_meal(
        &t.db,
        user,
        Tz::Asia__Tokyo,
        NewMealLog::new(late, MealSlot::Breakfast, free("Onigiri", "180", "4")),
    )
    .await
    .unwrap();
    assert_eq!(tokyo.local_date, day(2026, 3, 11));
    let utc = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(late, MealSlot::Dinner, free("Pasta", "650", "20")),
    )
    .await
    .unwrap();
    assert_eq!(utc.local_date, day(2026, 3, 10));
    let days = stored_days(t, user.id()).await;
    assert_eq!(
        days.keys().copied().collect::<Vec<_>>(),
        [day(2026, 3, 10), day(2026, 3, 11)]
    );
    assert_eq!(days[&day(2026, 3, 11)].0[0], dec("180.00"));
    assert_eq!(days[&day(2026, 3, 10)].0[0], dec("650.00"));

    // The profile's zone is what `get_time_zone` reads; UTC without one.
    assert_eq!(
        nutrition::get_time_zone(&t.db, user).await.unwrap(),
        Tz::UTC
    );
    let change = service::profiles::ProfileChange {
        timezone: Some("Asia/Tokyo".into()),
        ..Default::default()
    };
    service::profiles::update_user_profile(&t.db, user, change)
        .await
        .unwrap();
    assert_eq!(
        nutrition::get_time_zone(&t.db, user).await.unwrap(),
        Tz::Asia__Tokyo
    );

    // Moving a log to another time moves it between days, in the same transaction.
    nutrition::update_meal_log(
        &t.db,
        user,
        Tz::Asia__Tokyo,
        utc.id,
        MealLogChange {
            logged_at: Some(at(2026, 3, 11, 3, 0)),
            ..MealLogChange::default()
        },
    )
    .await
    .unwrap();
    let days = stored_days(t, user.id()).await;
    assert_eq!(days.keys().copied().collect::<Vec<_>>(), [day(2026, 3, 11)]);
    assert_eq!(days[&day(2026, 3, 11)].0[0], dec("830.00"));
    assert_eq!(days[&day(2026, 3, 11)].1, 2);
}

async fn meal_log_input_is_validated_by_field(t: &TestDb) {
    let user = verified_user(t, "val").await;
    let now = at(2026, 3, 10, 12, 0);
    let negative = Nutrition {
        sugar_g: dec("-1"),
        ..Nutrition::default()
    };
    let fine = Nutrition {
        protein_g: dec("1.005"),
        ..Nutrition::default()
    };
    let cases = [
        (
            MealEntry::Free {
                name: "x".into(),
                nutrition: negative,
            },
            "nutrition.sugar_g",
        ),
        (
            MealEntry::Free {
                name: "x".into(),
                nutrition: fine,
            },
            "nutrition.protein_g",
        ),
        (
            MealEntry::Free {
                name: " ".into(),
                nutrition: Nutrition::default(),
            },
            "name",
        ),
        (
            MealEntry::Recipe {
                recipe_id: Uuid::new_v4(),
                servings: "0".parse().unwrap(),
            },
            "servings",
        ),
    ];
    for (entry, field) in cases {
        let refused = nutrition::log_meal(
            &t.db,
            user,
            Tz::UTC,
            NewMealLog::new(now, MealSlot::Lunch, entry),
        )
        .await;
        assert!(
            matches!(&refused, Err(Error::Validation { field: f, .. }) if f == field),
            "{field}: {refused:?}"
        );
    }
}

/// A recipe that does not exist, and servings on a free entry, are refused by field.
async fn an_unknown_recipe_or_servings_of_a_free_entry_are_refused(t: &TestDb) {
    let user = verified_user(t, "val").await;
    let now = at(2026, 3, 10, 12, 0);
    let unknown = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(
            now,
            MealSlot::Lunch,
            MealEntry::Recipe {
                recipe_id: Uuid::new_v4(),
                servings: "1".parse().unwrap(),
            },
        ),
    )
    .await;
    assert!(
        matches!(
            unknown,
            Err(Error::Validation { ref field, .. }) if field == "recipe_id"
        ),
        "{unknown:?}"
    );
    let log = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(now, MealSlot::Lunch, free("Salad", "300", "10")),
    )
    .await
    .unwrap();
    let refused = nutrition::update_meal_log(
        &t.db,
        user,
        Tz::UTC,
        log.id,
        MealLogChange {
            servings: Some("2".parse().unwrap()),
            ..MealLogChange::default()
        },
    )
    .await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "servings"),
        "{refused:?}"
    );
    assert!(stored_days(t, user.id()).await.len() == 1);
}

dual!(
    daily_nutrition_equals_the_sum_of_the_days_logs,
    days_follow_the_users_time_zone,
    meal_log_input_is_validated_by_field,
    an_unknown_recipe_or_servings_of_a_free_entry_are_refused,
);
