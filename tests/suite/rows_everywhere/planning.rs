//! A meal plan, a planned meal, a prep session, a shopping list and a pantry item (migration
//! 14), on a recipe of the user's own.
use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: uuid::Uuid, name: &str) {
    use entity::types::{MealSlot, StorageLocation, Timestamp, Unit};
    use service::{inventory, planning, shopping};
    let (ingredient, recipe) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    t.exec(
        "INSERT INTO ingredients (id, name, category, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg) VALUES ($1, $2, 'grain', 0, 0, 0, 0, 0, 0, 0)",
        vec![ingredient.into(), format!("{name}'s planned oats").into()],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes) \
         VALUES ($1, $2, 'Planned porridge', 5, 5)",
        vec![recipe.into(), user.into()],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO recipe_ingredients (recipe_id, ingredient_id, quantity, unit, position) \
         VALUES ($1, $2, 50, 'g', 1)",
        vec![recipe.into(), ingredient.into()],
    )
    .await
    .unwrap();
    let today = chrono::Utc::now().date_naive();
    let plan = planning::create_plan(
        &t.db,
        service::Actor::new(user),
        planning::NewPlan::new("Week", today, today),
    )
    .await
    .unwrap(); // meal_plans
    let meal = planning::MealInput {
        id: None,
        date: today,
        slot: MealSlot::Breakfast,
        recipe_id: recipe,
        servings: "1".parse().unwrap(),
    };
    let meal = planning::create_planned_meal(&t.db, service::Actor::new(user), plan.id, meal)
        .await
        .unwrap(); // planned_meals
    planning::schedule_prep_session(
        &t.db,
        service::Actor::new(user),
        planning::NewPrepSession {
            scheduled_at: Timestamp::now(),
            planned_meal_ids: [meal.id].to_vec(),
            notes: None,
            id: None,
        },
    )
    .await
    .unwrap(); // meal_prep_sessions, meal_prep_session_meals
    shopping::create_shopping_list_from_plan(
        &t.db,
        service::Actor::new(user),
        plan.id,
        shopping::ListFromPlan {
            name: None,
            today,
            id: None,
        },
    )
    .await
    .unwrap(); // shopping_lists, shopping_items
    let pantry = inventory::NewInventoryItem {
        id: None,
        ingredient_id: ingredient,
        quantity: "20".parse().unwrap(),
        unit: Unit::G,
        location: StorageLocation::Pantry,
        best_before: None,
    };
    inventory::create_inventory_item(&t.db, service::Actor::new(user), pantry)
        .await
        .unwrap(); // inventory_items
}
