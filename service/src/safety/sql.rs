//! The statements of safety that stay raw SQL, and the row they decode into.
//!
//! Why raw: the dish table is a parameter ([`DishSource`]: recipes, or restaurant meals with
//! their `admits` condition as SQL text), and [`safe_condition`] is a fragment other domains'
//! raw statements embed (`recipes::sql`, `recommendations::sql`); the matches read the dishes'
//! lines first through `AS MATERIALIZED`, whose plan `query_plans` pins. Both run on both
//! backends in `safety` (every verdict test), `recipes::search_only_safe`, `query_plans` and
//! `round_trips`.
use catalog::tables::{ALLERGENS, INGREDIENT_ALLERGENS, INGREDIENTS, USER_ALLERGIES};
use entity::types::Severity;
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement, Value};
use uuid::Uuid;

use super::{DishSource, RECIPE_DISHES};

/// The SQL condition "dish `d` has no ingredient carrying an allergen the user (parameter
/// `user`) has at SEVERE or LIFE_THREATENING": what [`super::Verdict::Safe`] means, for filtering a
/// list in the database (`service::recipes::search`).
pub fn safe_condition(source: &DishSource, dish: &str, user: &str) -> String {
    // The user's allergens' ingredients are one uncorrelated subquery, found once per
    // statement, and each dish's lines are read once. Written as one three-way join under the
    // dish, PostgreSQL put the user's allergies outside and read the dish's lines once per
    // allergy (and, under row-level security, probed the dish once per line read): five times
    // the work per dish for a user with five allergies.
    format!(
        "NOT EXISTS (SELECT 1 FROM {lines} l \
         WHERE l.{key} = {dish}.id AND l.ingredient_id IN (\
             SELECT ia.ingredient_id FROM {links} ia \
             JOIN {allergies} ua ON ua.allergen_id = ia.allergen_id \
             WHERE ua.user_id = {user} AND ua.severity IN ('SEVERE', 'LIFE_THREATENING')))",
        lines = source.lines.name,
        links = INGREDIENT_ALLERGENS.name,
        allergies = USER_ALLERGIES.name,
        key = source.dish_key,
    )
}

/// A row of [`matches_statement`]: a dish, and one of its matches or none.
#[derive(FromQueryResult)]
pub(super) struct MatchRow {
    pub dish_id: Uuid,
    pub ingredient_id: Option<Uuid>,
    pub ingredient_name: Option<String>,
    pub allergen_id: Option<Uuid>,
    pub allergen_name: Option<String>,
    pub severity: Option<Severity>,
}

/// Every row of [`matches_statement`] for `dishes` (distinct, at least one).
pub(super) async fn matches<C: ConnectionTrait>(
    db: &C,
    source: &DishSource,
    user: Uuid,
    dishes: &[Uuid],
) -> Result<Vec<MatchRow>, sea_orm::DbErr> {
    let statement = matches_statement(db.get_database_backend(), source, user, dishes);
    MatchRow::find_by_statement(statement).all(db).await
}

/// The statement behind [`super::verdicts`]: every (dish, ingredient, allergen, severity) match of
/// `dishes` against the user's allergies, plus one row per existing dish (with no match
/// columns) so an unknown dish is told from a dish with no match.
fn matches_statement(
    backend: DbBackend,
    source: &DishSource,
    user: Uuid,
    dishes: &[Uuid],
) -> Statement {
    let list: Vec<String> = (0..dishes.len()).map(|i| format!("${}", i + 2)).collect();
    let list = list.join(", ");
    let admitted = source
        .admits
        .map(|c| format!(" AND {c}"))
        .unwrap_or_default();
    // Tables are unqualified: PostgreSQL finds them through the search path (as entities do).
    // The dishes' lines are read first, once (`MATERIALIZED`): the work is bounded by those
    // lines. Joined freely, PostgreSQL started from the user's allergens and, for each of their
    // ingredients, intersected that ingredient's lines across the whole catalogue (5,213 rows
    // each on the scale bench's catalogue) with the dishes' lines: 2.4 times the buffers and
    // cost growing with the catalogue.
    let sql = format!(
        "WITH dish_lines AS MATERIALIZED (\
             SELECT l.{key} AS dish_id, l.ingredient_id FROM {lines} l WHERE l.{key} IN ({list})) \
         SELECT d.id AS dish_id, m.ingredient_id, m.ingredient_name, m.allergen_id, \
                m.allergen_name, m.severity \
         FROM {dishes} d \
         LEFT JOIN (SELECT l.dish_id, i.id AS ingredient_id, i.name AS ingredient_name, \
                           a.id AS allergen_id, a.name AS allergen_name, ua.severity \
                    FROM dish_lines l \
                    JOIN {ingredients} i ON i.id = l.ingredient_id \
                    JOIN {links} ia ON ia.ingredient_id = i.id \
                    JOIN {allergens} a ON a.id = ia.allergen_id \
                    JOIN {allergies} ua ON ua.allergen_id = ia.allergen_id AND ua.user_id = $1) m \
                   ON m.dish_id = d.id \
         WHERE d.id IN ({list}){admitted} \
         ORDER BY d.id, m.ingredient_name, m.allergen_name",
        dishes = source.dishes.name,
        key = source.dish_key,
        lines = source.lines.name,
        ingredients = INGREDIENTS.name,
        links = INGREDIENT_ALLERGENS.name,
        allergens = ALLERGENS.name,
        allergies = USER_ALLERGIES.name,
    );
    let mut values: Vec<Value> = vec![user.into()];
    values.extend(dishes.iter().map(|d| Value::from(*d)));
    Statement::from_sql_and_values(backend, sql, values)
}

/// The statement [`super::list_recipe_verdicts`] sends for `recipes`, acting as `user`: public so that
/// tests and benchmarks can look at its plan.
#[doc(hidden)]
pub fn recipe_verdicts_statement(backend: DbBackend, user: Uuid, recipes: &[Uuid]) -> Statement {
    matches_statement(backend, &RECIPE_DISHES, user, recipes)
}
