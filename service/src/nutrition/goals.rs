//! Nutrition goals (seed 000 `nutrition_goals`) and their per-nutrient targets.
//!
//! A user has at most one active goal, a rule of the database
//! (`uq_nutrition_goals_one_active`). Creating an active goal ends the previous one in the same
//! transaction: it is made inactive and its `end_date` becomes the day before the new goal
//! starts (never before its own start, never later than it was). Two activations at once
//! both succeed, in the order the database serialises them: the one that loses the race on
//! the unique index starts over and ends the winner's goal.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use entity::types::{Numeric, Nutrient, NutritionGoalType, Timestamp};
use entity::{nutrient_targets, nutrition_goals};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::idempotent::{Claim, Once};
use crate::input::{InOrder, Patch, dates};
use crate::profiles::save_changes;
use crate::{Error, Result, accounts, acting};
use catalog::limits::nutrition::GOAL_DATES;

pub(crate) const NOT_FOUND: Error = Error::NotFound {
    what: Subject::NutritionGoal,
};
const ACTIVE_GOAL: Subject = Subject::ActiveNutritionGoal;
/// How often a creation that lost a race for the active slot starts over.
const ATTEMPTS: usize = 3;

/// A goal's daily target amounts: DECIMAL(8, 2).
pub type Target = Numeric<8, 2>;

/// A new goal. It is active unless `activate` is false (a goal kept for later).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewGoal {
    /// The goal's id, chosen by the client so the call can be repeated safely (see
    /// [`create_goal`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub goal_type: NutritionGoalType,
    pub target_calories: Option<Target>,
    pub target_protein_g: Option<Target>,
    pub target_carbs_g: Option<Target>,
    pub target_fat_g: Option<Target>,
    pub target_fiber_g: Option<Target>,
    pub target_sodium_mg: Option<Target>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub activate: bool,
    pub created_by_ai: bool,
}

impl NewGoal {
    /// An active goal without targets, from `start_date`, open-ended.
    pub fn new(goal_type: NutritionGoalType, start_date: NaiveDate) -> Self {
        Self {
            id: None,
            goal_type,
            target_calories: None,
            target_protein_g: None,
            target_carbs_g: None,
            target_fat_g: None,
            target_fiber_g: None,
            target_sodium_mg: None,
            start_date,
            end_date: None,
            activate: true,
            created_by_ai: false,
        }
    }
}

/// What to change of a goal; fields left out keep their stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct GoalChange {
    pub goal_type: Option<NutritionGoalType>,
    pub target_calories: Patch<Target>,
    pub target_protein_g: Patch<Target>,
    pub target_carbs_g: Patch<Target>,
    pub target_fat_g: Patch<Target>,
    pub target_fiber_g: Patch<Target>,
    pub target_sodium_mg: Patch<Target>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Patch<NaiveDate>,
}

fn apply<T>(field: &mut Option<T>, patch: Patch<T>) {
    if let Some(value) = patch.into_change() {
        *field = value;
    }
}

fn not_negative<const P: u32, const S: u32>(
    value: Option<Numeric<P, S>>,
    field: &'static str,
) -> Result<()> {
    match value {
        Some(v) if v.value() < Decimal::ZERO => Err(Error::invalid(field, "must not be negative")),
        _ => Ok(()),
    }
}

/// The dates a caller gives, before anything is read: storable.
fn check_dates(start_date: Option<NaiveDate>, end_date: Option<NaiveDate>) -> Result<()> {
    dates::check_optional_date("start_date", start_date)?;
    dates::check_optional_date("end_date", end_date)
}

/// The table's CHECKs, on the goal as it would be stored.
fn validate(goal: &nutrition_goals::Model) -> Result<()> {
    not_negative(goal.target_calories, "target_calories")?;
    not_negative(goal.target_protein_g, "target_protein_g")?;
    not_negative(goal.target_carbs_g, "target_carbs_g")?;
    not_negative(goal.target_fat_g, "target_fat_g")?;
    not_negative(goal.target_fiber_g, "target_fiber_g")?;
    not_negative(goal.target_sodium_mg, "target_sodium_mg")?;
    GOAL_DATES.check(goal.start_date, goal.end_date)
}

/// The acting user's goal with this id; another user's goal is not found.
pub(crate) async fn mine<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    goal_id: Uuid,
) -> Result<nutrition_goals::Model> {
    crate::owned::find_own::<nutrition_goals::Entity, _>(
        db,
        actor,
        goal_id,
        (nutrition_goals::Column::Id, nutrition_goals::Column::UserId),
        NOT_FOUND,
    )
    .await
}

/// The last day of a goal ended because another starts on `next_start` (or that ends on
/// `last_day`): not later than it was to end, not before it started.
fn last_day(goal: &nutrition_goals::Model, wanted: NaiveDate) -> NaiveDate {
    let end = goal.end_date.map_or(wanted, |end| end.min(wanted));
    end.max(goal.start_date)
}

/// Ends the acting user's active goal, if any, so that a goal starting on `next_start` can be
/// the active one. The UPDATE applies only while the goal is still active, so a concurrent
/// activation that got there first is not undone. The goal `new_id` is left alone: a repeated
/// [`create_goal`] compares it as it was stored.
async fn end_active<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    next_start: NaiveDate,
    new_id: Uuid,
) -> Result<()> {
    let active = nutrition_goals::Entity::find()
        .filter(nutrition_goals::Column::UserId.eq(actor))
        .filter(nutrition_goals::Column::IsActive.eq(true))
        .filter(nutrition_goals::Column::Id.ne(new_id))
        .one(db)
        .await?;
    let Some(active) = active else {
        return Ok(());
    };
    let end = last_day(&active, next_start.pred_opt().unwrap_or(next_start));
    nutrition_goals::Entity::update_many()
        .col_expr(nutrition_goals::Column::IsActive, Expr::value(false))
        .col_expr(nutrition_goals::Column::EndDate, Expr::value(end))
        .filter(nutrition_goals::Column::Id.eq(active.id))
        .filter(nutrition_goals::Column::IsActive.eq(true))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether a stored goal is what [`create_goal`] would store now: its type, targets, dates,
/// whether it is active and made by AI (a goal ended since by a newer one differs).
fn same_goal(stored: &nutrition_goals::Model, candidate: &nutrition_goals::Model) -> bool {
    nutrition_goals::Model {
        id: stored.id,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        ..candidate.clone()
    } == *stored
}

/// Creates a goal for the acting user. An active one (the default) ends the user's previous
/// active goal in the same transaction. Repeated with the same `id` and the same content, it
/// returns the stored goal and writes nothing (no other goal is ended).
///
/// # Errors
/// [`Error::Validation`] naming a negative target, a date outside
/// [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`] or `end_date` before `start_date`;
/// [`Error::NotFound`] (`user`); [`Error::Conflict`] (`active nutrition goal`) only when
/// concurrent activations keep winning the race three times over, (`nutrition goal id`) when
/// `id` holds another goal, or another user's.
#[crate::traced("nutrition::create_goal")]
pub async fn create_goal(
    db: &impl Conn,
    actor: Actor,
    new: NewGoal,
) -> Result<nutrition_goals::Model> {
    check_dates(Some(new.start_date), new.end_date)?;
    let once = Once::<nutrition_goals::Entity>::new(
        new.id,
        (nutrition_goals::Column::Id, nutrition_goals::Column::UserId),
        Subject::NutritionGoalId,
    );
    let now = Timestamp::now();
    let goal = nutrition_goals::Model {
        id: once.id,
        user_id: actor.id(),
        goal_type: new.goal_type,
        target_calories: new.target_calories,
        target_protein_g: new.target_protein_g,
        target_carbs_g: new.target_carbs_g,
        target_fat_g: new.target_fat_g,
        target_fiber_g: new.target_fiber_g,
        target_sodium_mg: new.target_sodium_mg,
        start_date: new.start_date,
        end_date: new.end_date,
        is_active: new.activate,
        created_by_ai: new.created_by_ai,
        created_at: now,
        updated_at: now,
    };
    validate(&goal)?;
    let mut attempt = 1;
    loop {
        match try_create(db, actor, &goal, &once).await {
            Err(Error::Conflict { what: ACTIVE_GOAL }) if attempt < ATTEMPTS => attempt += 1,
            other => return other,
        }
    }
}

async fn try_create(
    db: &impl Conn,
    actor: Actor,
    goal: &nutrition_goals::Model,
    once: &Once<nutrition_goals::Entity>,
) -> Result<nutrition_goals::Model> {
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    if goal.is_active {
        end_active(&txn, actor, goal.start_date, goal.id).await?;
    }
    let active = goal.clone().into_active_model().reset_all();
    let row = match once.insert(&txn, actor, active, Error::from).await? {
        Claim::New(row) => row,
        Claim::Stored(stored) => {
            let same = same_goal(&stored, goal);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// The acting user's goals: the active one first, then by start date, newest first.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("nutrition::list_goals")]
pub async fn list_goals(db: &impl Conn, actor: Actor) -> Result<Vec<nutrition_goals::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let goals = nutrition_goals::Entity::find()
        .filter(nutrition_goals::Column::UserId.eq(actor))
        .order_by_desc(nutrition_goals::Column::IsActive)
        .order_by_desc(nutrition_goals::Column::StartDate)
        .order_by_asc(nutrition_goals::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(goals)
}

/// Changes one of the acting user's goals: only the fields the change sets or clears.
///
/// # Errors
/// [`Error::Validation`] as [`create_goal`]; [`Error::NotFound`] (`nutrition goal`) for an
/// unknown id or another user's goal.
#[crate::traced("nutrition::update_goal")]
pub async fn update_goal(
    db: &impl Conn,
    actor: Actor,
    goal_id: Uuid,
    change: GoalChange,
) -> Result<nutrition_goals::Model> {
    check_dates(change.start_date, change.end_date.as_set().copied())?;
    let txn = acting::write(db, Some(actor)).await?;
    let stored = mine(&txn, actor, goal_id).await?;
    let mut goal = stored.clone();
    if let Some(goal_type) = change.goal_type {
        goal.goal_type = goal_type;
    }
    apply(&mut goal.target_calories, change.target_calories);
    apply(&mut goal.target_protein_g, change.target_protein_g);
    apply(&mut goal.target_carbs_g, change.target_carbs_g);
    apply(&mut goal.target_fat_g, change.target_fat_g);
    apply(&mut goal.target_fiber_g, change.target_fiber_g);
    apply(&mut goal.target_sodium_mg, change.target_sodium_mg);
    if let Some(start) = change.start_date {
        goal.start_date = start;
    }
    apply(&mut goal.end_date, change.end_date);
    validate(&goal)?;
    save_changes(&txn, stored.into_active_model(), goal.into_active_model()).await?;
    let row = mine(&txn, actor, goal_id).await?;
    txn.commit().await?;
    Ok(row)
}

/// Ends the acting user's active goal `goal_id` with `last_day` as its last day (brought within
/// the goal's own dates).
///
/// # Errors
/// [`Error::Validation`] (`last_day` outside [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`];
/// `is_active` when the goal has already ended); [`Error::NotFound`] (`nutrition goal`) for an
/// unknown id or another user's goal.
#[crate::traced("nutrition::end_goal")]
pub async fn end_goal(
    db: &impl Conn,
    actor: Actor,
    goal_id: Uuid,
    last: NaiveDate,
) -> Result<nutrition_goals::Model> {
    dates::check_date("last_day", last)?;
    let txn = acting::write(db, Some(actor)).await?;
    let stored = mine(&txn, actor, goal_id).await?;
    if !stored.is_active {
        return Err(Error::invalid("is_active", "the goal has already ended"));
    }
    let end = last_day(&stored, last);
    let mut row = stored.into_active_model();
    row.is_active = Set(false);
    row.end_date = Set(Some(end));
    row.update(&txn).await?;
    let row = mine(&txn, actor, goal_id).await?;
    txn.commit().await?;
    Ok(row)
}

/// A daily minimum and/or maximum of one nutrient, in the nutrient's unit
/// ([`Nutrient::unit`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct TargetInput {
    pub nutrient: Nutrient,
    pub min_amount: Option<Numeric<10, 3>>,
    pub max_amount: Option<Numeric<10, 3>>,
}

fn validate_target(target: &TargetInput) -> Result<()> {
    not_negative(target.min_amount, "min_amount")?;
    not_negative(target.max_amount, "max_amount")?;
    match (target.min_amount, target.max_amount) {
        (None, None) => Err(Error::invalid(
            "min_amount",
            "a target needs a minimum or a maximum",
        )),
        (Some(min), Some(max)) if max < min => {
            Err(Error::invalid("max_amount", "must not be below min_amount"))
        }
        _ => Ok(()),
    }
}

/// Sets the target of one nutrient under one of the acting user's goals, replacing the one it
/// had.
///
/// # Errors
/// [`Error::Validation`] (`min_amount`, `max_amount`): negative, neither given, or the maximum
/// below the minimum; [`Error::NotFound`] (`nutrition goal`).
#[crate::traced("nutrition::set_target")]
pub async fn set_target(
    db: &impl Conn,
    actor: Actor,
    goal_id: Uuid,
    target: TargetInput,
) -> Result<nutrient_targets::Model> {
    validate_target(&target)?;
    let txn = acting::write(db, Some(actor)).await?;
    mine(&txn, actor, goal_id).await?;
    let stored = nutrient_targets::Entity::find()
        .filter(nutrient_targets::Column::GoalId.eq(goal_id))
        .filter(nutrient_targets::Column::UserId.eq(actor))
        .filter(nutrient_targets::Column::Nutrient.eq(target.nutrient))
        .one(&txn)
        .await?;
    let row = match stored {
        Some(stored) => {
            let mut row = stored.into_active_model();
            row.min_amount = Set(target.min_amount);
            row.max_amount = Set(target.max_amount);
            row.update(&txn).await?
        }
        None => {
            let now = Timestamp::now();
            nutrient_targets::Model {
                id: Uuid::new_v4(),
                user_id: actor.id(),
                goal_id,
                nutrient: target.nutrient,
                min_amount: target.min_amount,
                max_amount: target.max_amount,
                unit: target.nutrient.unit(),
                created_at: now,
                updated_at: now,
            }
            .into_active_model()
            .reset_all()
            .insert(&txn)
            .await?
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// The nutrient targets of one of the acting user's goals, in the order of [`Nutrient`].
///
/// # Errors
/// [`Error::NotFound`] (`nutrition goal`).
#[crate::traced("nutrition::list_targets")]
pub async fn list_targets(
    db: &impl Conn,
    actor: Actor,
    goal_id: Uuid,
) -> Result<Vec<nutrient_targets::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    mine(&txn, actor, goal_id).await?;
    let mut targets = nutrient_targets::Entity::find()
        .filter(nutrient_targets::Column::GoalId.eq(goal_id))
        .filter(nutrient_targets::Column::UserId.eq(actor))
        .all(&txn)
        .await?;
    txn.commit().await?;
    targets.sort_by_key(|t| t.nutrient);
    Ok(targets)
}

/// Removes the target of one nutrient from one of the acting user's goals.
///
/// # Errors
/// [`Error::NotFound`] (`nutrition goal`, or `nutrient target` when it has none).
#[crate::traced("nutrition::delete_target")]
pub async fn delete_target(
    db: &impl Conn,
    actor: Actor,
    goal_id: Uuid,
    nutrient: Nutrient,
) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    mine(&txn, actor, goal_id).await?;
    let removed = nutrient_targets::Entity::delete_many()
        .filter(nutrient_targets::Column::GoalId.eq(goal_id))
        .filter(nutrient_targets::Column::UserId.eq(actor))
        .filter(nutrient_targets::Column::Nutrient.eq(nutrient))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::NutrientTarget,
        });
    }
    txn.commit().await?;
    Ok(())
}
