//! A plan: its name, date range and notes.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::{Days, NaiveDate};
use entity::types::Timestamp;
use entity::{meal_plans, planned_meals};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{PLAN_NOT_FOUND, plan_of};
use crate::idempotent::{Claim, Once};
use crate::input::{InOrder, Limited};
use crate::input::{Patch, dates};
use crate::owned;
use crate::{Error, Result, accounts, acting};
use catalog::limits;

/// The longest plan, in days: a year and a day, so a plan can span any calendar year.
pub const MAX_PLAN_DAYS: u64 = 366;

/// A new plan.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewPlan {
    /// The plan's id, chosen by the client so the call can be repeated safely (see
    /// [`create_plan`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub name: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    #[serde(default)]
    pub notes: Option<String>,
}

impl NewPlan {
    pub fn new(name: &str, start_date: NaiveDate, end_date: NaiveDate) -> Self {
        Self {
            id: None,
            name: name.to_owned(),
            start_date,
            end_date,
            notes: None,
        }
    }
}

/// What to change of a plan; fields left out keep their value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PlanChange {
    pub name: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub notes: Patch<String>,
}

/// A plan's range: storable dates (checked first, so that a date out of range is named as such
/// rather than as a plan too long), in order, at most [`MAX_PLAN_DAYS`] long.
fn check_range(start: NaiveDate, end: NaiveDate) -> Result<()> {
    dates::check_date("start_date", start)?;
    dates::check_date("end_date", end)?;
    limits::planning::PLAN_DATES.check(start, end)?;
    // Both storable, so the first day past the longest plan is a date chrono holds.
    let past_longest = start
        .checked_add_days(Days::new(MAX_PLAN_DAYS))
        .unwrap_or(NaiveDate::MAX);
    if end >= past_longest {
        return Err(Error::invalid(
            "end_date",
            format!("a plan spans at most {MAX_PLAN_DAYS} days"),
        ));
    }
    Ok(())
}

/// Whether a stored plan is what [`create_plan`] would store now: its name (trimmed), dates
/// and notes.
fn same_plan(stored: &meal_plans::Model, candidate: &meal_plans::Model) -> bool {
    meal_plans::Model {
        id: stored.id,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        ..candidate.clone()
    } == *stored
}

/// Creates a plan for the acting user. Repeated with the same `id` and the same content, it
/// returns the stored plan and writes nothing.
///
/// # Errors
/// [`Error::Validation`] (`name`; `start_date`, `end_date` outside
/// [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`]; `end_date` before `start_date` or more
/// than [`MAX_PLAN_DAYS`] days; `notes`); [`Error::NotFound`] (`user`);
/// [`Error::Conflict`] (`meal plan id`) when `id` holds another plan, or another user's.
#[crate::traced("planning::create_plan")]
pub async fn create_plan(db: &impl Conn, actor: Actor, new: NewPlan) -> Result<meal_plans::Model> {
    limits::planning::NAME.check("name", &new.name)?;
    check_range(new.start_date, new.end_date)?;
    limits::planning::NOTES.check_some("notes", new.notes.as_deref())?;
    let once = Once::<meal_plans::Entity>::new(
        new.id,
        (meal_plans::Column::Id, meal_plans::Column::UserId),
        Subject::MealPlanId,
    );
    let now = Timestamp::now();
    let plan = meal_plans::Model {
        id: once.id,
        user_id: actor.id(),
        name: new.name.trim().to_owned(),
        start_date: new.start_date,
        end_date: new.end_date,
        notes: new.notes.clone(),
        created_at: now,
        updated_at: now,
    };
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let active = plan.clone().into_active_model().reset_all();
    let refused = Error::writing(catalog::tables::MEAL_PLANS);
    let row = match once.insert(&txn, actor, active, refused).await? {
        Claim::New(row) => row,
        Claim::Stored(stored) => {
            let same = same_plan(&stored, &plan);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// The acting user's plans, the latest first.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("planning::list_plans")]
pub async fn list_plans(db: &impl Conn, actor: Actor) -> Result<Vec<meal_plans::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let plans = meal_plans::Entity::find()
        .filter(meal_plans::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(meal_plans::Column::UserId))
        .order_by_desc(meal_plans::Column::StartDate)
        .order_by_asc(meal_plans::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(plans)
}

/// Changes a plan's name, dates or notes. A range that would leave a planned meal outside is
/// refused (move or remove the meal first); the database refuses it too, under races.
///
/// # Errors
/// [`Error::Validation`] as [`create_plan`], or (`start_date`/`end_date`) when planned meals
/// fall outside the new range; [`Error::NotFound`] (`meal plan`).
#[crate::traced("planning::update_plan")]
pub async fn update_plan(
    db: &impl Conn,
    actor: Actor,
    plan_id: Uuid,
    change: PlanChange,
) -> Result<meal_plans::Model> {
    if let Some(name) = &change.name {
        limits::planning::NAME.check("name", name)?;
    }
    limits::planning::NOTES.check_some("notes", change.notes.as_set().map(String::as_str))?;
    dates::check_optional_date("start_date", change.start_date)?;
    dates::check_optional_date("end_date", change.end_date)?;
    let txn = acting::write(db, Some(actor)).await?;
    let stored = plan_of(&txn, actor, plan_id).await?;
    let start = change.start_date.unwrap_or(stored.start_date);
    let end = change.end_date.unwrap_or(stored.end_date);
    check_range(start, end)?;
    if start > stored.start_date || end < stored.end_date {
        let outside = planned_meals::Entity::find()
            .filter(planned_meals::Column::MealPlanId.eq(plan_id))
            .filter(planned_meals::Column::UserId.eq(actor))
            .filter(
                planned_meals::Column::Date
                    .lt(start)
                    .or(planned_meals::Column::Date.gt(end)),
            )
            .count(&txn)
            .await?;
        if outside > 0 {
            let field = if start > stored.start_date {
                "start_date"
            } else {
                "end_date"
            };
            return Err(Error::invalid(
                field,
                format!("{outside} planned meals fall outside the new dates"),
            ));
        }
    }
    let mut row = stored.into_active_model();
    if let Some(name) = change.name {
        row.name = Set(name.trim().to_owned());
    }
    row.start_date = Set(start);
    row.end_date = Set(end);
    if let Some(notes) = change.notes.into_change() {
        row.notes = Set(notes);
    }
    row.update(&txn).await?;
    let row = plan_of(&txn, actor, plan_id).await?;
    txn.commit().await?;
    Ok(row)
}

/// Deletes a plan with its planned meals (prep sessions keep the rest of their meals; shopping
/// lists made from it stay).
///
/// # Errors
/// [`Error::NotFound`] (`meal plan`).
#[crate::traced("planning::delete_plan")]
pub async fn delete_plan(db: &impl Conn, actor: Actor, plan_id: Uuid) -> Result<()> {
    owned::delete_own::<meal_plans::Entity>(
        db,
        actor,
        plan_id,
        (meal_plans::Column::Id, meal_plans::Column::UserId),
        PLAN_NOT_FOUND,
    )
    .await
}
