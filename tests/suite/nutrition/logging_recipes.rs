//! Logging recipes: a logged recipe is its nutrition times the servings, kept as logged; another
//! user's private or uncomputed recipe is not logged.
use entity::meal_logs;
use entity::types::MealSlot;
use sea_orm::EntityTrait;
use service::Error;
use service::nutrition::{self, MealEntry, MealLogChange, NewMealLog, Nutrition, Tz};
use uuid::Uuid;

use super::{at, day, dec, insert_recipe, stored_days, summed_logs};
use crate::harness::{TestDb, verified_user};

/// A recipe entry of `servings` servings of `recipe_id`.
fn recipe_entry(recipe_id: Uuid, servings: &str) -> MealEntry {
    MealEntry::Recipe {
        recipe_id,
        servings: servings.parse().unwrap(),
    }
}

/// The chef's public lentil soup (412.35 kcal a serving), logged by the eater as 1.5 servings
/// at lunch on 2026-03-10: the recipe's id and the log.
async fn lentil_soup_logged(
    t: &TestDb,
    chef: service::Actor,
    eater: service::Actor,
) -> (Uuid, meal_logs::Model) {
    let public = insert_recipe(t, chef.id(), "Lentil soup", true, Some("412.35")).await;
    let lunch = at(2026, 3, 10, 12, 0);
    let log = nutrition::log_meal(
        &t.db,
        eater,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Lunch, recipe_entry(public, "1.5")),
    )
    .await
    .unwrap();
    (public, log)
}

async fn a_logged_recipe_is_its_nutrition_times_the_servings(t: &TestDb) {
    let chef = verified_user(t, "chef").await;
    let eater = verified_user(t, "eater").await;
    let (public, log) = lentil_soup_logged(t, chef, eater).await;
    assert_eq!(log.name, "Lentil soup");
    assert_eq!(log.recipe_id, Some(public));
    let amounts: Vec<String> = Nutrition::of_log(&log)
        .fields()
        .iter()
        .map(|(_, v)| v.to_string())
        .collect();
    // x 1.5, rounded half away from zero: 618.525 -> 618.53, 75.075 -> 75.08, 18.495 -> 18.50.
    assert_eq!(
        amounts,
        [
            "618.53", "30.15", "75.08", "18.50", "7.50", "4.65", "720.83"
        ]
    );
    assert_eq!(
        stored_days(t, eater.id()).await[&day(2026, 3, 10)].0[0],
        dec("618.53")
    );
}

async fn another_users_private_or_uncomputed_recipe_is_not_logged(t: &TestDb) {
    let chef = verified_user(t, "chef").await;
    let eater = verified_user(t, "eater").await;
    let private = insert_recipe(t, chef.id(), "Secret stew", false, Some("300")).await;
    let uncomputed = insert_recipe(t, chef.id(), "Draft", true, None).await;
    let lunch = at(2026, 3, 10, 12, 0);
    // Another user's private recipe is not found; its owner may log it.
    let refused = nutrition::log_meal(
        &t.db,
        eater,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Dinner, recipe_entry(private, "1")),
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(Error::Validation { ref field, .. }) if field == "recipe_id"
        ),
        "{refused:?}"
    );
    nutrition::log_meal(
        &t.db,
        chef,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Dinner, recipe_entry(private, "1")),
    )
    .await
    .unwrap();
    let refused = nutrition::log_meal(
        &t.db,
        eater,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Dinner, recipe_entry(uncomputed, "1")),
    )
    .await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "recipe_id"),
        "{refused:?}"
    );
}

async fn logging_a_recipe_keeps_its_nutrition_as_logged(t: &TestDb) {
    let chef = verified_user(t, "chef").await;
    let eater = verified_user(t, "eater").await;
    let (public, log) = lentil_soup_logged(t, chef, eater).await;
    // The recipe changes: the log does not.
    t.exec(
        "UPDATE recipe_nutrition SET energy_kcal = 999 WHERE recipe_id = $1",
        vec![public.into()],
    )
    .await
    .unwrap();
    // New servings rescale what was logged, not the recipe as it is now.
    let changed = nutrition::update_meal_log(
        &t.db,
        eater,
        Tz::UTC,
        log.id,
        MealLogChange {
            servings: Some("3".parse().unwrap()),
            ..MealLogChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.energy_kcal.to_string(), "1237.06");
    assert_eq!(
        stored_days(t, eater.id()).await[&day(2026, 3, 10)].0[0],
        dec("1237.06")
    );
    // A recipe entry's nutrition follows its servings only.
    let refused = nutrition::update_meal_log(
        &t.db,
        eater,
        Tz::UTC,
        log.id,
        MealLogChange {
            nutrition: Some(Nutrition::default()),
            ..MealLogChange::default()
        },
    )
    .await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "nutrition"),
        "{refused:?}"
    );

    // The recipe goes: the log stays, without its recipe, and so does the day.
    t.exec("DELETE FROM recipes WHERE id = $1", vec![public.into()])
        .await
        .unwrap();
    let kept = meal_logs::Entity::find_by_id(log.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.recipe_id, None);
    assert_eq!(kept.servings.map(|s| s.to_string()), Some("3.00".into()));
    assert_eq!(kept.energy_kcal.to_string(), "1237.06");
    assert_eq!(
        stored_days(t, eater.id()).await,
        summed_logs(t, eater.id()).await
    );
}

dual!(
    a_logged_recipe_is_its_nutrition_times_the_servings,
    another_users_private_or_uncomputed_recipe_is_not_logged,
    logging_a_recipe_keeps_its_nutrition_as_logged,
);
