//! Ingredients, recipes and ratings (migration 12, `service::recipes`), on both backends, by
//! topic: every rule refuses a bad row and accepts a good one through raw SQL, the cascades
//! and the generated total time (`rules`); the rating trigger, under 20 concurrent raters too
//! (`ratings`); nutrition against hand-computed values, and scaling (`nutrition`); validation
//! and ownership (`changes`); search: its filters and their indexes (`search_filters`), keyset
//! pages and one statement per page (`paging`). The helpers here make what they all need:
//! ingredient lines, recipes, allergic users.
use entity::types::Unit;
use rust_decimal::Decimal;
use service::recipes::{self, IngredientLine, RecipeInput, StepInput};
use uuid::Uuid;

use crate::harness::TestDb;

mod changes;
mod nutrition;
mod paging;
mod ratings;
mod rules;
mod search_filters;

/// The n-th ingredient of the starter catalogue (migration 12's fixed ids).
pub fn ing(n: u128) -> Uuid {
    Uuid::from_u128(0xe100_0000_0000_4000_8000_0000_0000_0000 | n)
}
pub const FLOUR: u128 = 1;
pub const EGG: u128 = 2;
pub const MILK: u128 = 3;
pub const BUTTER: u128 = 4;
pub const OLIVE_OIL: u128 = 5;
pub const SUGAR: u128 = 6;
pub const TOMATO: u128 = 11;
pub const SPINACH: u128 = 15;
pub const FRESH_EGG_PASTA: u128 = 28;
pub const BREAD: u128 = 29;
pub const PEANUT_BUTTER: u128 = 36;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn line(n: u128, quantity: &str, unit: Unit) -> IngredientLine {
    IngredientLine {
        ingredient_id: ing(n),
        quantity: d(quantity),
        unit,
        note: None,
    }
}

/// A public recipe of `lines`, one step, 4 servings.
pub fn input(name: &str, lines: Vec<IngredientLine>) -> RecipeInput {
    let mut input = RecipeInput::new(name, 10, 20, 4);
    input.is_public = true;
    input.ingredients = lines;
    input.steps = vec![StepInput {
        instruction: "Mix and cook.".into(),
        duration_minutes: Some(20),
    }];
    input
}

/// A recipe row through raw SQL; its id.
async fn raw_recipe(t: &TestDb, owner: Uuid) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes) \
         VALUES ($1, $2, 'Soup', 5, 10)",
        vec![id.into(), owner.into()],
    )
    .await
    .unwrap();
    id
}

/// A public recipe of `owner`'s through raw SQL; its id.
async fn public_recipe(t: &TestDb, owner: Uuid) -> Uuid {
    let id = raw_recipe(t, owner).await;
    t.exec(
        "UPDATE recipes SET is_public = true WHERE id = $1",
        vec![id.into()],
    )
    .await
    .unwrap();
    id
}

/// `n` public recipes (raw SQL, one statement) named `Bulk <i>`.
async fn bulk_recipes(t: &TestDb, owner: Uuid, n: i32) {
    t.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
         INSERT INTO recipes (user_id, name, prep_time_minutes, cook_time_minutes, is_public) \
         SELECT $1, 'Bulk ' || i, i % 60, 10, true FROM n",
        vec![owner.into(), n.into()],
    )
    .await
    .unwrap();
}

async fn names(page: &recipes::Page) -> Vec<String> {
    page.recipes.iter().map(|r| r.name.clone()).collect()
}

/// Gives `user` (verified) a health profile and these allergies.
pub async fn allergic(t: &TestDb, user: Uuid, allergies: &[(&str, entity::types::Severity)]) {
    use service::health::{self, AllergenRef, AllergyInput, ProfileInput};
    health::set_profile(&t.db, service::Actor::new(user), ProfileInput::default())
        .await
        .unwrap();
    for (name, severity) in allergies {
        health::create_allergy(
            &t.db,
            service::Actor::new(user),
            AllergenRef::Name(name.to_string()),
            AllergyInput::new(*severity),
        )
        .await
        .unwrap();
    }
}
