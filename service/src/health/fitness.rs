//! A user's fitness goals (seed 002 §3.1: a health profile has many): what they aim at, the
//! optional targets, the dates, and how the goal ended.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use entity::fitness_goals;
use entity::types::{FitnessGoalType, GoalStatus, Numeric, Timestamp};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Deserialize;
use uuid::Uuid;

use super::profiles::profile_of;
use crate::idempotent::{Claim, Once};
use crate::input::{InOrder, InRange, Patch, dates};
use crate::profiles::save_changes;
use crate::{Error, Result, accounts, acting, owned};
use catalog::limits::foundation;

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::FitnessGoal,
};

/// A new goal. Targets are optional; a goal starts active.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewFitnessGoal {
    /// The goal's id, chosen by the client so the call can be repeated safely (see
    /// [`create_fitness_goal`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub goal_type: FitnessGoalType,
    pub target_weight_kg: Option<Numeric<5, 2>>,
    pub target_body_fat_percent: Option<Numeric<4, 1>>,
    pub weekly_exercise_minutes: Option<i32>,
    pub daily_steps: Option<i32>,
    pub start_date: NaiveDate,
    pub target_date: Option<NaiveDate>,
}

impl NewFitnessGoal {
    pub fn new(goal_type: FitnessGoalType, start_date: NaiveDate) -> Self {
        Self {
            id: None,
            goal_type,
            target_weight_kg: None,
            target_body_fat_percent: None,
            weekly_exercise_minutes: None,
            daily_steps: None,
            start_date,
            target_date: None,
        }
    }
}

/// What to change of a goal; fields left out keep their stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FitnessGoalChange {
    pub goal_type: Option<FitnessGoalType>,
    pub target_weight_kg: Patch<Numeric<5, 2>>,
    pub target_body_fat_percent: Patch<Numeric<4, 1>>,
    pub weekly_exercise_minutes: Patch<i32>,
    pub daily_steps: Patch<i32>,
    pub start_date: Option<NaiveDate>,
    pub target_date: Patch<NaiveDate>,
}

fn apply<T>(field: &mut Option<T>, patch: Patch<T>) {
    if let Some(value) = patch.into_change() {
        *field = value;
    }
}

/// The dates a caller gives, before anything is read: storable.
fn check_dates(start_date: Option<NaiveDate>, target_date: Option<NaiveDate>) -> Result<()> {
    dates::check_optional_date("start_date", start_date)?;
    dates::check_optional_date("target_date", target_date)
}

/// The tables' CHECKs, on the goal as it would be stored.
fn validate(goal: &fitness_goals::Model) -> Result<()> {
    foundation::WEIGHT_KG.check_some(
        "target_weight_kg",
        goal.target_weight_kg.map(Numeric::value),
    )?;
    foundation::BODY_FAT_PERCENT.check_some(
        "target_body_fat_percent",
        goal.target_body_fat_percent.map(Numeric::value),
    )?;
    foundation::WEEKLY_EXERCISE_MINUTES
        .check_some("weekly_exercise_minutes", goal.weekly_exercise_minutes)?;
    foundation::DAILY_STEPS.check_some("daily_steps", goal.daily_steps)?;
    foundation::FITNESS_GOAL_DATES.check(goal.start_date, goal.target_date)
}

/// The acting user's goal with this id; another user's goal is not found.
async fn mine<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    goal_id: Uuid,
) -> Result<fitness_goals::Model> {
    owned::find_own::<fitness_goals::Entity, _>(
        db,
        actor,
        goal_id,
        (fitness_goals::Column::Id, fitness_goals::Column::UserId),
        NOT_FOUND,
    )
    .await
}

/// Whether a stored goal is what [`create_fitness_goal`] would store now: its type, targets
/// and dates (its profile, status and end are the service's and the goal's own since).
fn same_goal(stored: &fitness_goals::Model, candidate: &fitness_goals::Model) -> bool {
    fitness_goals::Model {
        id: stored.id,
        health_profile_id: stored.health_profile_id,
        status: stored.status,
        ended_at: stored.ended_at,
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        ..candidate.clone()
    } == *stored
}

/// Creates a goal on the acting user's health profile. Repeated with the same `id` and the
/// same content, it returns the stored goal and writes nothing.
///
/// # Errors
/// [`Error::Validation`] naming the target out of range, a date outside
/// [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`], or `target_date` before `start_date`;
/// [`Error::NotFound`] (`user`, `health profile`);
/// [`Error::Conflict`] (`fitness goal id`) when `id` holds another goal, or another user's.
#[crate::traced("health::create_fitness_goal")]
pub async fn create_fitness_goal(
    db: &impl Conn,
    actor: Actor,
    new: NewFitnessGoal,
) -> Result<fitness_goals::Model> {
    check_dates(Some(new.start_date), new.target_date)?;
    let once = Once::<fitness_goals::Entity>::new(
        new.id,
        (fitness_goals::Column::Id, fitness_goals::Column::UserId),
        Subject::FitnessGoalId,
    );
    let now = Timestamp::now();
    let goal = fitness_goals::Model {
        id: once.id,
        user_id: actor.id(),
        health_profile_id: Uuid::nil(),
        goal_type: new.goal_type,
        target_weight_kg: new.target_weight_kg,
        target_body_fat_percent: new.target_body_fat_percent,
        weekly_exercise_minutes: new.weekly_exercise_minutes,
        daily_steps: new.daily_steps,
        start_date: new.start_date,
        target_date: new.target_date,
        status: GoalStatus::Active,
        ended_at: None,
        created_at: now,
        updated_at: now,
    };
    validate(&goal)?;
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let profile = profile_of(&txn, actor.id()).await?;
    let mut row = goal.clone().into_active_model();
    row.health_profile_id = Set(profile.id);
    // Every field is new: mark them all for the INSERT.
    let row = match once
        .insert(&txn, actor, row.reset_all(), Error::from)
        .await?
    {
        Claim::New(row) => row,
        Claim::Stored(stored) => {
            let same = same_goal(&stored, &goal);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// The acting user's goals, active ones first, then by start date (newest first).
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("health::list_fitness_goals")]
pub async fn list_fitness_goals(
    db: &impl Conn,
    actor: Actor,
    active_only: bool,
) -> Result<Vec<fitness_goals::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let mut query = fitness_goals::Entity::find()
        .filter(fitness_goals::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(fitness_goals::Column::UserId));
    if active_only {
        query = query.filter(fitness_goals::Column::Status.eq(GoalStatus::Active));
    }
    let mut goals = query
        .order_by_desc(fitness_goals::Column::StartDate)
        .order_by_asc(fitness_goals::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    // A stable sort keeps the date order within each group.
    goals.sort_by_key(|g| g.status != GoalStatus::Active);
    Ok(goals)
}

/// Changes one of the acting user's goals: only the fields the change sets or clears. An ended
/// goal is kept as it ended.
///
/// # Errors
/// [`Error::Validation`] as [`create_fitness_goal`], or (`status`) for an ended goal;
/// [`Error::NotFound`] (`fitness goal`) for an unknown id or another user's goal.
#[crate::traced("health::update_fitness_goal")]
pub async fn update_fitness_goal(
    db: &impl Conn,
    actor: Actor,
    goal_id: Uuid,
    change: FitnessGoalChange,
) -> Result<fitness_goals::Model> {
    check_dates(change.start_date, change.target_date.as_set().copied())?;
    let txn = acting::write(db, Some(actor)).await?;
    let stored = mine(&txn, actor, goal_id).await?;
    if stored.status != GoalStatus::Active {
        return Err(Error::invalid("status", "an ended goal cannot be changed"));
    }
    let mut goal = stored.clone();
    if let Some(goal_type) = change.goal_type {
        goal.goal_type = goal_type;
    }
    apply(&mut goal.target_weight_kg, change.target_weight_kg);
    apply(
        &mut goal.target_body_fat_percent,
        change.target_body_fat_percent,
    );
    apply(
        &mut goal.weekly_exercise_minutes,
        change.weekly_exercise_minutes,
    );
    apply(&mut goal.daily_steps, change.daily_steps);
    if let Some(start) = change.start_date {
        goal.start_date = start;
    }
    apply(&mut goal.target_date, change.target_date);
    validate(&goal)?;
    save_changes(&txn, stored.into_active_model(), goal.into_active_model()).await?;
    let row = mine(&txn, actor, goal_id).await?;
    txn.commit().await?;
    Ok(row)
}

/// Ends one of the acting user's goals as achieved or abandoned, now.
///
/// # Errors
/// [`Error::Validation`] (`status`) when `outcome` is `Active` or the goal has already ended;
/// [`Error::NotFound`] (`fitness goal`) for an unknown id or another user's goal.
#[crate::traced("health::end_fitness_goal")]
pub async fn end_fitness_goal(
    db: &impl Conn,
    actor: Actor,
    goal_id: Uuid,
    outcome: GoalStatus,
) -> Result<fitness_goals::Model> {
    if outcome == GoalStatus::Active {
        return Err(Error::invalid(
            "status",
            "a goal ends as achieved or abandoned",
        ));
    }
    let txn = acting::write(db, Some(actor)).await?;
    let stored = mine(&txn, actor, goal_id).await?;
    if stored.status != GoalStatus::Active {
        return Err(Error::invalid("status", "the goal has already ended"));
    }
    let mut row = stored.into_active_model();
    row.status = Set(outcome);
    row.ended_at = Set(Some(Timestamp::now()));
    row.update(&txn).await?;
    let row = mine(&txn, actor, goal_id).await?;
    txn.commit().await?;
    Ok(row)
}
