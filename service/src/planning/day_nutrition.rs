//! What a plan's days provide: servings times each recipe's nutrition per serving, per day.
use crate::{Actor, Conn};
use chrono::NaiveDate;
use entity::{planned_meals, recipe_nutrition, recipes};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait, SelectModel, Selector,
};
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

use super::{SERVINGS_SCALE, plan_of};
use crate::aggregate::{from_units, sum_units};
use crate::nutrients::Nutrition;
use crate::{Result, acting};

/// The nutrients a plan's days add up, as `recipe_nutrition` has them per serving, with the
/// scale of each column.
pub const NUTRIENTS: [(&str, u32); 7] = [
    ("energy_kcal", NUTRIENT_SCALE),
    ("protein_g", NUTRIENT_SCALE),
    ("carbs_g", NUTRIENT_SCALE),
    ("fat_g", NUTRIENT_SCALE),
    ("fiber_g", NUTRIENT_SCALE),
    ("sugar_g", NUTRIENT_SCALE),
    ("sodium_mg", NUTRIENT_SCALE),
];
const NUTRIENT_SCALE: u32 = 2;

/// One day of a plan: what its planned meals provide (servings times the recipe's nutrition
/// per serving), exact, and how many meals there are; a meal whose recipe has no nutrition yet
/// counts in `meals_without_nutrition` and adds nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayNutrition {
    pub date: NaiveDate,
    pub meals: i64,
    pub meals_without_nutrition: i64,
    /// The sums, exact: at the nutrient's scale plus the servings' two decimals (four), where
    /// a stored [`Nutrition`] has two. Flattened, so the JSON is one object, the nutrients
    /// beside the date.
    #[serde(flatten)]
    pub nutrition: Nutrition,
}

impl DayNutrition {
    fn empty(date: NaiveDate) -> Self {
        Self {
            date,
            meals: 0,
            meals_without_nutrition: 0,
            nutrition: Nutrition::from_fields(
                [Decimal::new(0, NUTRIENT_SCALE + SERVINGS_SCALE); 7],
            ),
        }
    }
}

/// A plan's nutrition for every day of its range (days without meals are zero): each planned
/// meal's servings times its recipe's nutrition per serving (`recipe_nutrition`), summed per
/// day. Exact on both backends (SQLite sums whole units: `aggregate`), at the nutrient's scale
/// plus the servings' two decimals. One query after the plan's, however long the plan.
///
/// # Errors
/// [`Error::NotFound`](crate::Error::NotFound) (`meal plan`).
#[crate::traced("planning::get_plan_nutrition")]
pub async fn get_plan_nutrition(
    db: &impl Conn,
    actor: Actor,
    plan_id: Uuid,
) -> Result<Vec<DayNutrition>> {
    let txn = acting::read(db, Some(actor)).await?;
    let plan = plan_of(&txn, actor, plan_id).await?;
    let rows = day_sums(plan_id, actor).all(&txn).await?;
    txn.commit().await?;
    let mut days: BTreeMap<NaiveDate, DayNutrition> = BTreeMap::new();
    for row in rows {
        days.insert(row.date, row.into_day());
    }
    Ok(plan
        .start_date
        .iter_days()
        .take_while(|d| *d <= plan.end_date)
        .map(|d| days.remove(&d).unwrap_or_else(|| DayNutrition::empty(d)))
        .collect())
}

/// A day's sums as [`day_sums`] reads them: each nutrient in units of its last decimal
/// (`aggregate::sum_units`; NULL when none of the day's meals has nutrition).
#[derive(FromQueryResult)]
struct DayRow {
    date: NaiveDate,
    meals: i64,
    missing: i64,
    energy_kcal: Option<i64>,
    protein_g: Option<i64>,
    carbs_g: Option<i64>,
    fat_g: Option<i64>,
    fiber_g: Option<i64>,
    sugar_g: Option<i64>,
    sodium_mg: Option<i64>,
}

impl DayRow {
    fn into_day(self) -> DayNutrition {
        let total =
            |units: Option<i64>| from_units(units.unwrap_or(0), NUTRIENT_SCALE + SERVINGS_SCALE);
        DayNutrition {
            date: self.date,
            meals: self.meals,
            meals_without_nutrition: self.missing,
            nutrition: Nutrition::from_fields(
                [
                    self.energy_kcal,
                    self.protein_g,
                    self.carbs_g,
                    self.fat_g,
                    self.fiber_g,
                    self.sugar_g,
                    self.sodium_mg,
                ]
                .map(total),
            ),
        }
    }
}

/// The plan's meals whose recipe the actor may see, per day: how many, how many without
/// nutrition, and each nutrient's exact sum of servings times the amount per serving.
fn day_sums(plan_id: Uuid, actor: Actor) -> Selector<SelectModel<DayRow>> {
    use recipe_nutrition::Column as N;
    let servings = Expr::col((planned_meals::Entity, planned_meals::Column::Servings));
    let mut query = planned_meals::Entity::find()
        .select_only()
        .column(planned_meals::Column::Date)
        .expr_as(Func::count(Expr::col(Asterisk)), "meals")
        .expr_as(
            Expr::expr(Func::count(Expr::col(Asterisk))).sub(Func::count(Expr::col((
                recipe_nutrition::Entity,
                N::RecipeId,
            )))),
            "missing",
        );
    for (column, (name, _)) in [
        N::EnergyKcal,
        N::ProteinG,
        N::CarbsG,
        N::FatG,
        N::FiberG,
        N::SugarG,
        N::SodiumMg,
    ]
    .into_iter()
    .zip(NUTRIENTS)
    {
        let amount = servings
            .clone()
            .mul(Expr::col((recipe_nutrition::Entity, column)));
        query = query.expr_as(sum_units(amount, NUTRIENT_SCALE + SERVINGS_SCALE), name);
    }
    query
        .inner_join(recipes::Entity)
        .join(
            JoinType::LeftJoin,
            recipe_nutrition::Relation::Recipes.def().rev(),
        )
        .filter(planned_meals::Column::MealPlanId.eq(plan_id))
        .filter(planned_meals::Column::UserId.eq(actor))
        .filter(crate::recipes::visible_to(actor.id()))
        .group_by(planned_meals::Column::Date)
        .order_by_asc(planned_meals::Column::Date)
        .into_model::<DayRow>()
}
