//! Meal plans: a date range, recipes put in the slots of its days with servings, the plan's
//! nutrition per day; and prep sessions that cook some planned meals ahead.
//!
//! Every function acts as the user it is given and reaches only that user's plans, meals and
//! sessions: another user's id is [`Error::NotFound`], as an unknown one is.
//!
//! ```no_run
//! use chrono::NaiveDate;
//! use entity::types::MealSlot;
//! use service::planning::{self, MealInput, NewPlan};
//! use service::OnField;
//!
//! # async fn plan(db: &service::Db, me: service::Actor, soup: uuid::Uuid) -> service::Result<()> {
//! let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
//! let week = planning::create_plan(db, me, NewPlan::new("Week 48", monday, monday + chrono::Days::new(6))).await?;
//! let servings = "2".parse().on_field("servings")?;
//! planning::create_planned_meal(db, me, week.id, MealInput { id: None, date: monday, slot: MealSlot::Dinner, recipe_id: soup, servings }).await?;
//! for day in planning::get_plan_nutrition(db, me, week.id).await? {
//!     println!("{}: {} kcal", day.date, day.nutrition.energy_kcal);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The calls are in [`plans`] (a plan's range), [`meals`] (recipes in its slots),
//! [`day_nutrition`] (what a plan's days provide) and [`prep`] (sessions that cook ahead).
use crate::Actor;
use catalog::Subject;
use entity::{meal_plans, meal_prep_sessions, planned_meals};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::owned;
use crate::{Error, Result};

pub mod day_nutrition;
pub mod meals;
pub mod plans;
pub mod prep;

pub use day_nutrition::{DayNutrition, NUTRIENTS, get_plan_nutrition};
pub use meals::{
    MealInput, create_planned_meal, delete_planned_meal, list_planned_meals, move_planned_meal,
    set_servings,
};
pub use plans::{
    MAX_PLAN_DAYS, NewPlan, PlanChange, create_plan, delete_plan, list_plans, update_plan,
};
pub use prep::{
    NewPrepSession, PrepSession, PrepTask, delete_prep_session, list_prep_tasks,
    schedule_prep_session, set_prep_status,
};

const PLAN_NOT_FOUND: Error = Error::NotFound {
    what: Subject::MealPlan,
};
const MEAL_NOT_FOUND: Error = Error::NotFound {
    what: Subject::PlannedMeal,
};
const SESSION_NOT_FOUND: Error = Error::NotFound {
    what: Subject::PrepSession,
};

/// Servings have two decimals: a day's total is exact at the nutrient's scale plus two.
const SERVINGS_SCALE: u32 = 2;

/// The acting user's plan with this id; another user's plan is not found.
pub(crate) async fn plan_of<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    plan_id: Uuid,
) -> Result<meal_plans::Model> {
    owned::find_own::<meal_plans::Entity, _>(
        db,
        actor,
        plan_id,
        (meal_plans::Column::Id, meal_plans::Column::UserId),
        PLAN_NOT_FOUND,
    )
    .await
}

async fn meal_of<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    meal_id: Uuid,
) -> Result<planned_meals::Model> {
    owned::find_own::<planned_meals::Entity, _>(
        db,
        actor,
        meal_id,
        (planned_meals::Column::Id, planned_meals::Column::UserId),
        MEAL_NOT_FOUND,
    )
    .await
}

async fn session_of<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    session_id: Uuid,
) -> Result<meal_prep_sessions::Model> {
    owned::find_own::<meal_prep_sessions::Entity, _>(
        db,
        actor,
        session_id,
        (
            meal_prep_sessions::Column::Id,
            meal_prep_sessions::Column::UserId,
        ),
        SESSION_NOT_FOUND,
    )
    .await
}
