//! The statements of shopping that stay raw SQL, and the rows they decode into.
//!
//! Why raw: the latest price of each ingredient is a correlated subquery whose text is public
//! ([`latest_prices_sql`]): the benches run it and `tests/suite/planning/statements.rs` pins
//! its index plan with an `IN` list of their own, which a builder statement cannot take. The
//! plan's ingredients ([`PLAN_INGREDIENTS`]) fill that `IN` list, so the pantry statement, which
//! subtracts what is at home of the same ingredients, reads them through the same text: one
//! definition of "the plan's ingredients". Each runs on both backends in
//! `planning::shopping_list::the_shopping_list_of_a_plan_is_the_one_computed_by_hand` and
//! `round_trips` (through [`super::create_shopping_list_from_plan`]).
use chrono::NaiveDate;
use entity::types::{Numeric, Unit};
use sea_orm::{ConnectionTrait, FromQueryResult, Statement, Value};
use uuid::Uuid;

use crate::Actor;

/// A raw statement with `$1, $2, ...` parameters (read as numbered parameters by SQLite too).
fn statement(db: &impl ConnectionTrait, text: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), text, values)
}

/// The ingredients of the plan's recipes, for the `IN` lists of the pantry and price lookups.
const PLAN_INGREDIENTS: &str = "SELECT ri.ingredient_id FROM planned_meals pm \
     JOIN recipes r ON r.id = pm.recipe_id JOIN recipe_ingredients ri ON ri.recipe_id = r.id \
     WHERE pm.meal_plan_id = $1 AND pm.user_id = $2 AND (r.user_id = $2 OR r.is_public)";

/// The latest price of each ingredient in `ingredients` (a subquery or list): the first entry
/// of `idx_ingredient_prices_latest` for each (ties on `observed_at` go to the larger id, the
/// same on both backends).
pub fn latest_prices_sql(ingredients: &str) -> String {
    format!(
        "SELECT p.ingredient_id, p.price, p.quantity, p.unit FROM ingredient_prices p \
         WHERE p.ingredient_id IN ({ingredients}) AND p.id = (\
         SELECT q.id FROM ingredient_prices q WHERE q.ingredient_id = p.ingredient_id \
         ORDER BY q.observed_at DESC, q.id DESC LIMIT 1)"
    )
}

/// A pantry item of one of the plan's ingredients.
#[derive(FromQueryResult)]
pub(super) struct PantryRow {
    pub ingredient_id: Uuid,
    pub quantity: Numeric<12, 3>,
    pub unit: Unit,
}

/// The acting user's pantry items of the plan's ingredients still good on `today`.
pub(super) async fn pantry_of_plan(
    db: &impl ConnectionTrait,
    actor: Actor,
    plan_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<PantryRow>, sea_orm::DbErr> {
    let text = format!(
        "SELECT ii.ingredient_id, ii.quantity, ii.unit FROM inventory_items ii \
         WHERE ii.user_id = $2 AND (ii.best_before IS NULL OR ii.best_before >= $3) \
         AND ii.ingredient_id IN ({PLAN_INGREDIENTS})"
    );
    let values = vec![plan_id.into(), actor.into(), today.into()];
    PantryRow::find_by_statement(statement(db, &text, values))
        .all(db)
        .await
}

/// The latest price of one of the plan's ingredients.
#[derive(FromQueryResult)]
pub(super) struct PriceRow {
    pub ingredient_id: Uuid,
    pub price: Numeric<10, 2>,
    pub quantity: Numeric<10, 3>,
    pub unit: Unit,
}

/// The latest price of each of the plan's ingredients that has one.
pub(super) async fn prices_of_plan(
    db: &impl ConnectionTrait,
    actor: Actor,
    plan_id: Uuid,
) -> Result<Vec<PriceRow>, sea_orm::DbErr> {
    let text = latest_prices_sql(PLAN_INGREDIENTS);
    let values = vec![plan_id.into(), actor.into()];
    PriceRow::find_by_statement(statement(db, &text, values))
        .all(db)
        .await
}
