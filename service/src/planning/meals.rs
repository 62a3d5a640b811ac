//! Recipes put in the slots of a plan's days, with servings.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use entity::types::{MealSlot, Numeric, Timestamp};
use entity::{meal_plans, planned_meals};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, Order, QueryFilter, QueryOrder,
    Set,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{MEAL_NOT_FOUND, meal_of, plan_of};
use crate::idempotent::{Claim, Once};
use crate::input::dates;
use crate::owned;
use crate::{Error, Result, acting, recipes};

/// Meal slots through the day (breakfast, lunch, dinner, then snacks), as a sort key.
fn slot_order() -> SimpleExpr {
    let slot = || Expr::col((planned_meals::Entity, planned_meals::Column::MealSlot));
    Expr::case(slot().eq(MealSlot::Breakfast), 1)
        .case(slot().eq(MealSlot::Lunch), 2)
        .case(slot().eq(MealSlot::Dinner), 3)
        .finally(4)
        .into()
}

/// A recipe to put in a slot of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct MealInput {
    /// The planned meal's id, chosen by the client so the call can be repeated safely (see
    /// [`create_planned_meal`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub date: NaiveDate,
    pub slot: MealSlot,
    pub recipe_id: Uuid,
    pub servings: Numeric<6, 2>,
}

fn check_servings(servings: Numeric<6, 2>) -> Result<()> {
    if servings.value() <= Decimal::ZERO {
        return Err(Error::invalid("servings", "must be more than zero"));
    }
    Ok(())
}

fn date_in_plan(plan: &meal_plans::Model, date: NaiveDate) -> Result<()> {
    if date < plan.start_date || date > plan.end_date {
        return Err(Error::invalid(
            "date",
            "must be within its meal plan's dates",
        ));
    }
    Ok(())
}

/// Whether a stored planned meal is what [`create_planned_meal`] would store now: its plan, day, slot,
/// recipe and servings (the plan's dates it carries follow the plan, and are not compared).
fn same_meal(stored: &planned_meals::Model, candidate: &planned_meals::Model) -> bool {
    planned_meals::Model {
        id: stored.id,
        plan_start: stored.plan_start,
        plan_end: stored.plan_end,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        ..candidate.clone()
    } == *stored
}

/// Puts a recipe (the acting user's own, or a public one) in a slot of a day of the plan.
/// Repeated with the same `id` and the same content, it returns the stored meal and writes
/// nothing.
///
/// # Errors
/// [`Error::Validation`] (`date` outside the plan or the storable dates, `servings` not above
/// zero);
/// [`Error::NotFound`] (`meal plan`, `recipe`); [`Error::Conflict`] (`planned meal`) when the
/// recipe is already in that slot (change its servings instead), (`planned meal id`) when `id`
/// holds another planned meal, or another user's.
#[crate::traced("planning::create_planned_meal")]
pub async fn create_planned_meal(
    db: &impl Conn,
    actor: Actor,
    plan_id: Uuid,
    meal: MealInput,
) -> Result<planned_meals::Model> {
    dates::check_date("date", meal.date)?;
    check_servings(meal.servings)?;
    let once = Once::<planned_meals::Entity>::new(
        meal.id,
        (planned_meals::Column::Id, planned_meals::Column::UserId),
        Subject::PlannedMealId,
    );
    let txn = acting::write(db, Some(actor)).await?;
    let plan = plan_of(&txn, actor, plan_id).await?;
    date_in_plan(&plan, meal.date)?;
    // The acting user may plan their own recipes and public ones.
    recipes::visible(&txn, actor.id(), meal.recipe_id)
        .await
        .map_err(|e| e.referenced("recipe_id", Subject::Recipe))?;
    let now = Timestamp::now();
    let planned = planned_meals::Model {
        id: once.id,
        user_id: actor.id(),
        meal_plan_id: plan.id,
        plan_start: plan.start_date,
        plan_end: plan.end_date,
        date: meal.date,
        meal_slot: meal.slot,
        recipe_id: meal.recipe_id,
        servings: meal.servings,
        created_at: now,
        updated_at: now,
    };
    let active = planned.clone().into_active_model().reset_all();
    let row = match once.insert(&txn, actor, active, Error::from).await? {
        Claim::New(row) => row,
        Claim::Stored(stored) => {
            let same = same_meal(&stored, &planned);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// Moves a planned meal to another day of its plan and/or another slot.
///
/// # Errors
/// [`Error::Validation`] (`date` outside the plan or the storable dates);
/// [`Error::NotFound`] (`planned meal`); [`Error::Conflict`] (`planned meal`) when the recipe
/// is already in the target slot.
#[crate::traced("planning::move_planned_meal")]
pub async fn move_planned_meal(
    db: &impl Conn,
    actor: Actor,
    meal_id: Uuid,
    date: NaiveDate,
    slot: MealSlot,
) -> Result<planned_meals::Model> {
    dates::check_date("date", date)?;
    let txn = acting::write(db, Some(actor)).await?;
    let stored = meal_of(&txn, actor, meal_id).await?;
    if date < stored.plan_start || date > stored.plan_end {
        return Err(Error::invalid(
            "date",
            "must be within its meal plan's dates",
        ));
    }
    let mut row = stored.into_active_model();
    row.date = Set(date);
    row.meal_slot = Set(slot);
    let row = row.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// Changes how many servings of a planned meal are planned.
///
/// # Errors
/// [`Error::Validation`] (`servings`); [`Error::NotFound`] (`planned meal`).
#[crate::traced("planning::set_servings")]
pub async fn set_servings(
    db: &impl Conn,
    actor: Actor,
    meal_id: Uuid,
    servings: Numeric<6, 2>,
) -> Result<planned_meals::Model> {
    check_servings(servings)?;
    let txn = acting::write(db, Some(actor)).await?;
    let mut row = meal_of(&txn, actor, meal_id).await?.into_active_model();
    row.servings = Set(servings);
    let row = row.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// Removes a planned meal from its plan (and from the prep session that was to cook it).
///
/// # Errors
/// [`Error::NotFound`] (`planned meal`).
#[crate::traced("planning::delete_planned_meal")]
pub async fn delete_planned_meal(db: &impl Conn, actor: Actor, meal_id: Uuid) -> Result<()> {
    owned::delete_own::<planned_meals::Entity>(
        db,
        actor,
        meal_id,
        (planned_meals::Column::Id, planned_meals::Column::UserId),
        MEAL_NOT_FOUND,
    )
    .await
}

/// A plan's meals by day, then slot through the day (breakfast, lunch, dinner, snack). One
/// query after the plan's.
///
/// # Errors
/// [`Error::NotFound`] (`meal plan`).
#[crate::traced("planning::list_planned_meals")]
pub async fn list_planned_meals(
    db: &impl Conn,
    actor: Actor,
    plan_id: Uuid,
) -> Result<Vec<planned_meals::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    plan_of(&txn, actor, plan_id).await?;
    let meals = planned_meals::Entity::find()
        .filter(planned_meals::Column::MealPlanId.eq(plan_id))
        .filter(planned_meals::Column::UserId.eq(actor))
        .order_by_asc(planned_meals::Column::Date)
        .order_by(slot_order(), Order::Asc)
        .order_by_asc(planned_meals::Column::CreatedAt)
        .order_by_asc(planned_meals::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(meals)
}
