//! The statement of restaurants that stays raw SQL, and the row it decodes into.
//!
//! Why raw: the menu is one statement whatever its size, whose rows are a meal's own columns
//! (`meals.*`, decoded as the nested entity) beside columns of a derived table of allergy
//! matches narrowed to the one restaurant; the benches (`orm_vs_sql`) compare its text with
//! what an ORM sends. It runs on both backends in
//! `recommendations::meal_and_menu_verdicts` and `row_security`.
use catalog::tables::{
    ALLERGENS, INGREDIENT_ALLERGENS, INGREDIENTS, MEAL_INGREDIENTS, MEALS, RESTAURANTS,
    USER_ALLERGIES,
};
use entity::meals;
use entity::types::Severity;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use uuid::Uuid;

/// The statement behind [`super::list_menu_verdicts`]: each available meal of the restaurant (`$2`), its
/// matches against the user's (`$1`) allergies, one row per match (or one row with NULL
/// match columns), and one row with NULL meal columns when the restaurant has no available
/// meal. Every meal column keeps its name; the others start with `x_`.
pub fn menu_statement(db: &impl ConnectionTrait, user: Uuid, restaurant: Uuid) -> Statement {
    let sql = format!(
        "SELECT r.id AS x_restaurant, {meals}.*, \
                EXISTS (SELECT 1 FROM {lines} l WHERE l.meal_id = {meals}.id) AS x_listed, \
                x.ingredient_id AS x_ingredient_id, x.ingredient_name AS x_ingredient_name, \
                x.allergen_id AS x_allergen_id, x.allergen_name AS x_allergen_name, \
                x.severity AS x_severity \
         FROM {restaurants} r \
         LEFT JOIN {meals} ON {meals}.restaurant_id = r.id AND {meals}.is_available \
         LEFT JOIN (SELECT l.meal_id, i.id AS ingredient_id, i.name AS ingredient_name, \
                           a.id AS allergen_id, a.name AS allergen_name, ua.severity \
                    FROM {lines} l \
                    JOIN {ingredients} i ON i.id = l.ingredient_id \
                    JOIN {links} ia ON ia.ingredient_id = i.id \
                    JOIN {allergens} a ON a.id = ia.allergen_id \
                    JOIN {allergies} ua ON ua.allergen_id = ia.allergen_id AND ua.user_id = $1 \
                    WHERE l.meal_id IN (SELECT id FROM {meals} WHERE restaurant_id = $2)) x \
           ON x.meal_id = {meals}.id \
         WHERE r.id = $2 \
         ORDER BY {meals}.name, {meals}.id, x.ingredient_name, x.allergen_name",
        meals = MEALS.name,
        lines = MEAL_INGREDIENTS.name,
        restaurants = RESTAURANTS.name,
        ingredients = INGREDIENTS.name,
        links = INGREDIENT_ALLERGENS.name,
        allergens = ALLERGENS.name,
        allergies = USER_ALLERGIES.name,
    );
    Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [user.into(), restaurant.into()],
    )
}

/// One row of [`menu_statement`]: an available meal (none when the restaurant has none) and one
/// of its matches against the user's allergies (all `None` when it has none).
#[derive(FromQueryResult)]
pub(super) struct MenuRow {
    #[sea_orm(nested)]
    pub meal: Option<meals::Model>,
    pub x_listed: Option<bool>,
    pub x_ingredient_id: Option<Uuid>,
    pub x_ingredient_name: Option<String>,
    pub x_allergen_id: Option<Uuid>,
    pub x_allergen_name: Option<String>,
    pub x_severity: Option<Severity>,
}

/// Every row of [`menu_statement`].
pub(super) async fn menu(
    db: &impl ConnectionTrait,
    user: Uuid,
    restaurant: Uuid,
) -> Result<Vec<MenuRow>, sea_orm::DbErr> {
    MenuRow::find_by_statement(menu_statement(db, user, restaurant))
        .all(db)
        .await
}
