//! Meal plans, planned meals, prep sessions, shopping lists, the pantry and ingredient prices,
//! on both backends, by topic: every rule of their tables through raw SQL (`rules`), a plan's
//! range holding its meals (`range`), the cascades (`cascades`), the shopping list against one
//! computed by hand (`shopping_list`), statement counts and index plans (`statements`), plans,
//! meals and prep sessions through the service (`plans_and_prep`), the pantry and prices
//! (`pantry`), and another user's ids (`other_users`). The helpers here insert what they all
//! need: ingredients, recipes, plans and their meals, pantry items and prices.
use chrono::{Days, NaiveDate, TimeDelta, Utc};
use entity::types::{MealSlot, Numeric, StorageLocation, Timestamp, Unit};
use rust_decimal::Decimal;
use service::inventory::NewInventoryItem;
use service::planning::{self, MealInput, NewPlan};
use service::shopping::{self, NewPrice};
use uuid::Uuid;

use crate::harness::TestDb;
use crate::rule_cases::Row;

mod cascades;
mod other_users;
mod pantry;
mod plans_and_prep;
mod range;
mod rules;
mod shopping_list;
mod statements;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + Days::new(n)
}

fn servings(text: &str) -> Numeric<6, 2> {
    text.parse().unwrap()
}

/// The instant `n` days before now.
/// The list of a plan, made on day 0.
fn from_plan(name: Option<&str>) -> shopping::ListFromPlan {
    shopping::ListFromPlan {
        name: name.map(str::to_owned),
        today: day(0),
        id: None,
    }
}

fn days_ago(n: i64) -> Timestamp {
    Timestamp::new(Utc::now() - TimeDelta::days(n)).unwrap()
}

/// `quantity` of an ingredient in the fridge, to go in a user's pantry.
fn stock(
    ingredient: Uuid,
    quantity: &str,
    unit: Unit,
    best_before: Option<NaiveDate>,
) -> NewInventoryItem {
    NewInventoryItem {
        id: None,
        ingredient_id: ingredient,
        quantity: quantity.parse().unwrap(),
        unit,
        location: StorageLocation::Fridge,
        best_before,
    }
}

/// A price of an ingredient, `price` for `quantity` of `unit`, seen now at no store in
/// particular.
fn price_of(ingredient: Uuid, price: &str, quantity: &str, unit: Unit) -> NewPrice {
    NewPrice {
        ingredient_id: ingredient,
        store: None,
        price: price.parse().unwrap(),
        quantity: quantity.parse().unwrap(),
        unit,
        observed_at: None,
    }
}

/// Records `price` for one `unit` of an ingredient, seen now, reported by `by` (`None`: by no
/// user).
async fn record_price(
    db: &impl service::Conn,
    by: Option<service::Actor>,
    ingredient: Uuid,
    price: &str,
    unit: Unit,
) {
    shopping::record_price(db, by, price_of(ingredient, price, "1", unit))
        .await
        .unwrap_or_else(|e| panic!("price of {ingredient}: {e}"));
}

/// An ingredient inserted with raw SQL (nutrition zero), with its conversion factors.
async fn ingredient(
    t: &TestDb,
    name: &str,
    category: &str,
    grams_per_ml: Option<&str>,
    grams_per_piece: Option<&str>,
) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO ingredients (id, name, category, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg, grams_per_ml, grams_per_piece) \
         VALUES ($1, $2, $3, 0, 0, 0, 0, 0, 0, 0, $4, $5)",
        vec![
            id.into(),
            name.into(),
            category.into(),
            grams_per_ml.map(d).into(),
            grams_per_piece.map(d).into(),
        ],
    )
    .await
    .unwrap_or_else(|e| panic!("ingredient {name}: {e}"));
    id
}

/// A recipe of `owner` for `servings` servings with these ingredients (quantity, unit).
async fn recipe(
    t: &TestDb,
    owner: Uuid,
    name: &str,
    servings: i32,
    public: bool,
    ingredients: &[(Uuid, &str, &str)],
) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes, servings, is_public) \
         VALUES ($1, $2, $3, 10, 20, $4, $5)",
        vec![id.into(), owner.into(), name.into(), servings.into(), public.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("recipe {name}: {e}"));
    for (position, (ingredient, quantity, unit)) in ingredients.iter().enumerate() {
        t.exec(
            "INSERT INTO recipe_ingredients (recipe_id, ingredient_id, quantity, unit, position) \
             VALUES ($1, $2, $3, $4, $5)",
            vec![
                id.into(),
                (*ingredient).into(),
                d(quantity).into(),
                (*unit).into(),
                (position as i32 + 1).into(),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("recipe ingredient of {name}: {e}"));
    }
    id
}

/// Nutrition per serving of a recipe (energy, protein; the rest zero).
async fn nutrition(t: &TestDb, recipe: Uuid, energy: &str, protein: &str) {
    t.exec(
        "INSERT INTO recipe_nutrition (recipe_id, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg) VALUES ($1, $2, $3, 0, 0, 0, 0, 0)",
        vec![recipe.into(), d(energy).into(), d(protein).into()],
    )
    .await
    .unwrap();
}

async fn plan(t: &TestDb, user: Uuid, first: u64, last: u64) -> Uuid {
    planning::create_plan(
        &t.db,
        service::Actor::new(user),
        NewPlan::new("Week", day(first), day(last)),
    )
    .await
    .unwrap()
    .id
}

async fn add(
    t: &TestDb,
    user: Uuid,
    plan: Uuid,
    n: u64,
    slot: MealSlot,
    recipe: Uuid,
    s: &str,
) -> Uuid {
    planning::create_planned_meal(
        &t.db,
        service::Actor::new(user),
        plan,
        MealInput {
            id: None,
            date: day(n),
            slot,
            recipe_id: recipe,
            servings: servings(s),
        },
    )
    .await
    .unwrap()
    .id
}

/// A planned meal of `user` on the plan `plan` (days 0-6): day 2, lunch, 1.5 servings.
fn planned_meal(user: Uuid, plan: Uuid, recipe: Uuid) -> Row {
    Row::new("planned_meals")
        .col("user_id", user)
        .col("meal_plan_id", plan)
        .col("plan_start", day(0))
        .col("plan_end", day(6))
        .col("date", day(2))
        .col("meal_slot", "lunch")
        .col("recipe_id", recipe)
        .col("servings", d("1.50"))
}

/// A prep session of `user`, scheduled now.
fn prep_session(id: Uuid, user: Uuid) -> Row {
    Row::new("meal_prep_sessions")
        .col("id", id)
        .col("user_id", user)
        .col("scheduled_at", Timestamp::now())
        .col("status", "scheduled")
}
