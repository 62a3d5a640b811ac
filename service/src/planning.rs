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
//!     println!("{}: {} kcal", day.date, day.energy_kcal);
//! }
//! # Ok(())
//! # }
//! ```
use crate::{Actor, Conn};
use catalog::Subject;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use entity::types::{MealSlot, Numeric, PrepStatus, Timestamp};
use entity::{meal_plans, meal_prep_session_meals, meal_prep_sessions, planned_meals};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement, Value,
};
use uuid::Uuid;

use crate::idempotent::{Claim, Once};
use crate::input::{Limited, Patch, dates};
use crate::owned;
use crate::{Error, Result, accounts, acting, recipes};
use catalog::limits;

const PLAN_NOT_FOUND: Error = Error::NotFound {
    what: Subject::MealPlan,
};
const MEAL_NOT_FOUND: Error = Error::NotFound {
    what: Subject::PlannedMeal,
};
const SESSION_NOT_FOUND: Error = Error::NotFound {
    what: Subject::PrepSession,
};

/// The longest plan, in days: a year and a day, so a plan can span any calendar year.
pub const MAX_PLAN_DAYS: u64 = 366;

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
/// Servings have two decimals: a day's total is exact at the nutrient's scale plus two.
const SERVINGS_SCALE: u32 = 2;

/// SQL ordering meal slots through the day.
pub(crate) const SLOT_ORDER: &str = "CASE meal_slot WHEN 'breakfast' THEN 1 WHEN 'lunch' THEN 2 \
     WHEN 'dinner' THEN 3 ELSE 4 END";

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

/// One day of a plan: what its planned meals provide (servings times the recipe's nutrition
/// per serving), exact, and how many meals there are; a meal whose recipe has no nutrition yet
/// counts in `meals_without_nutrition` and adds nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayNutrition {
    pub date: NaiveDate,
    pub meals: i64,
    pub meals_without_nutrition: i64,
    pub energy_kcal: Decimal,
    pub protein_g: Decimal,
    pub carbs_g: Decimal,
    pub fat_g: Decimal,
    pub fiber_g: Decimal,
    pub sugar_g: Decimal,
    pub sodium_mg: Decimal,
}

impl DayNutrition {
    fn empty(date: NaiveDate) -> Self {
        let zero = Decimal::new(0, NUTRIENT_SCALE + SERVINGS_SCALE);
        Self {
            date,
            meals: 0,
            meals_without_nutrition: 0,
            energy_kcal: zero,
            protein_g: zero,
            carbs_g: zero,
            fat_g: zero,
            fiber_g: zero,
            sugar_g: zero,
            sodium_mg: zero,
        }
    }
}

/// A raw statement with `$1, $2, ...` parameters (read as numbered parameters by SQLite too).
pub(crate) fn sql(db: &impl ConnectionTrait, text: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), text, values)
}

/// A plan's range: storable dates (checked first, so that a date out of range is named as such
/// rather than as a plan too long), in order, at most [`MAX_PLAN_DAYS`] long.
fn check_range(start: NaiveDate, end: NaiveDate) -> Result<()> {
    dates::check_date("start_date", start)?;
    dates::check_date("end_date", end)?;
    if end < start {
        return Err(Error::invalid("end_date", "must not be before start_date"));
    }
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

fn check_servings(servings: Numeric<6, 2>) -> Result<()> {
    if servings.value() <= Decimal::ZERO {
        return Err(Error::invalid("servings", "must be more than zero"));
    }
    Ok(())
}

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

fn date_in_plan(plan: &meal_plans::Model, date: NaiveDate) -> Result<()> {
    if date < plan.start_date || date > plan.end_date {
        return Err(Error::invalid(
            "date",
            "must be within its meal plan's dates",
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
        .order_by(Expr::cust(SLOT_ORDER), Order::Asc)
        .order_by_asc(planned_meals::Column::CreatedAt)
        .order_by_asc(planned_meals::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(meals)
}

/// A plan's nutrition for every day of its range (days without meals are zero): each planned
/// meal's servings times its recipe's nutrition per serving (`recipe_nutrition`), summed per
/// day. Exact on both backends (SQLite sums whole units: `aggregate`), at the nutrient's scale
/// plus the servings' two decimals. One query after the plan's, however long the plan.
///
/// # Errors
/// [`Error::NotFound`] (`meal plan`).
#[crate::traced("planning::get_plan_nutrition")]
pub async fn get_plan_nutrition(
    db: &impl Conn,
    actor: Actor,
    plan_id: Uuid,
) -> Result<Vec<DayNutrition>> {
    let txn = acting::read(db, Some(actor)).await?;
    let plan = plan_of(&txn, actor, plan_id).await?;
    let sums: Vec<String> = NUTRIENTS
        .iter()
        .map(|(name, scale)| {
            let factor = 10_i64.pow(scale + SERVINGS_SCALE);
            format!(
                "CAST(SUM(CAST(ROUND(pm.servings * rn.{name} * {factor}) AS BIGINT)) AS BIGINT) AS {name}"
            )
        })
        .collect();
    let query = format!(
        "SELECT pm.date AS date, COUNT(*) AS meals, COUNT(*) - COUNT(rn.recipe_id) AS missing, {} \
         FROM planned_meals pm JOIN recipes r ON r.id = pm.recipe_id \
         LEFT JOIN recipe_nutrition rn ON rn.recipe_id = r.id \
         WHERE pm.meal_plan_id = $1 AND pm.user_id = $2 AND (r.user_id = $2 OR r.is_public) \
         GROUP BY pm.date ORDER BY pm.date",
        sums.join(", ")
    );
    let rows = txn
        .query_all_raw(sql(&txn, &query, vec![plan_id.into(), actor.into()]))
        .await?;
    txn.commit().await?;
    let mut days: BTreeMap<NaiveDate, DayNutrition> = BTreeMap::new();
    for row in rows {
        let date: NaiveDate = row.try_get("", "date")?;
        let total = |name: &str, scale: u32| -> Result<Decimal> {
            let units: Option<i64> = row.try_get("", name)?;
            Ok(crate::aggregate::from_units(
                units.unwrap_or(0),
                scale + SERVINGS_SCALE,
            ))
        };
        let s = NUTRIENT_SCALE;
        days.insert(
            date,
            DayNutrition {
                date,
                meals: row.try_get("", "meals")?,
                meals_without_nutrition: row.try_get("", "missing")?,
                energy_kcal: total("energy_kcal", s)?,
                protein_g: total("protein_g", s)?,
                carbs_g: total("carbs_g", s)?,
                fat_g: total("fat_g", s)?,
                fiber_g: total("fiber_g", s)?,
                sugar_g: total("sugar_g", s)?,
                sodium_mg: total("sodium_mg", s)?,
            },
        );
    }
    Ok(plan
        .start_date
        .iter_days()
        .take_while(|d| *d <= plan.end_date)
        .map(|d| days.remove(&d).unwrap_or_else(|| DayNutrition::empty(d)))
        .collect())
}

/// A prep session and the planned meals it prepares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrepSession {
    pub session: meal_prep_sessions::Model,
    pub planned_meal_ids: Vec<Uuid>,
}

/// What to cook in a prep session: each recipe once, with the servings of all its meals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrepTask {
    pub recipe_id: Uuid,
    pub recipe_name: String,
    pub total_servings: Decimal,
    pub meals: i64,
}

/// Whether a stored session is what [`schedule_prep_session`] would store now: when, the notes,
/// and the same planned meals in any order (its status is the session's own since).
fn same_session(
    stored: &meal_prep_sessions::Model,
    stored_meals: &[Uuid],
    scheduled_at: Timestamp,
    planned_meal_ids: &[Uuid],
    notes: Option<&str>,
) -> bool {
    let mut stored_meals = stored_meals.to_vec();
    let mut meals = planned_meal_ids.to_vec();
    stored_meals.sort_unstable();
    meals.sort_unstable();
    stored.scheduled_at == scheduled_at && stored.notes.as_deref() == notes && stored_meals == meals
}

/// A prep session to schedule ([`schedule_prep_session`]).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewPrepSession {
    pub scheduled_at: Timestamp,
    /// The acting user's planned meals it prepares, each once.
    pub planned_meal_ids: Vec<Uuid>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The session's id, chosen by the client so the call can be repeated safely.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// Schedules a prep session for some of the acting user's planned meals (from any of their
/// plans). A planned meal is prepared in one session only.
///
/// `id` is the session's id, chosen by the client so the call can be repeated safely (`None`:
/// the service makes one): repeated with the same id and the same content, it returns the
/// stored session and writes nothing.
///
/// # Errors
/// [`Error::Validation`] (`planned_meal_ids` empty or repeating a meal, `notes`);
/// [`Error::NotFound`] (`planned meal`) for a meal that is not the acting user's;
/// [`Error::Conflict`] (`planned meal in a prep session`) for a meal another session prepares,
/// (`prep session id`) when `id` holds another session, or another user's.
#[crate::traced("planning::schedule_prep_session")]
pub async fn schedule_prep_session(
    db: &impl Conn,
    actor: Actor,
    new: NewPrepSession,
) -> Result<PrepSession> {
    let NewPrepSession {
        scheduled_at,
        planned_meal_ids,
        notes,
        id,
    } = new;
    let (planned_meal_ids, notes) = (planned_meal_ids.as_slice(), notes.as_deref());
    limits::planning::NOTES.check_some("notes", notes)?;
    if planned_meal_ids.is_empty() {
        return Err(Error::invalid(
            "planned_meal_ids",
            "a session prepares at least one planned meal",
        ));
    }
    for (i, id) in planned_meal_ids.iter().enumerate() {
        if planned_meal_ids[..i].contains(id) {
            return Err(Error::invalid(
                format!("planned_meal_ids[{i}]"),
                "is listed twice",
            ));
        }
    }
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let mine = planned_meals::Entity::find()
        .filter(planned_meals::Column::Id.is_in(planned_meal_ids.iter().copied()))
        .filter(planned_meals::Column::UserId.eq(actor))
        .count(&txn)
        .await?;
    if mine != planned_meal_ids.len() as u64 {
        return Err(MEAL_NOT_FOUND);
    }
    let once = Once::<meal_prep_sessions::Entity>::new(
        id,
        (
            meal_prep_sessions::Column::Id,
            meal_prep_sessions::Column::UserId,
        ),
        Subject::PrepSessionId,
    );
    let now = Timestamp::now();
    let session = meal_prep_sessions::Model {
        id: once.id,
        user_id: actor.id(),
        scheduled_at,
        status: PrepStatus::Scheduled,
        completed_at: None,
        notes: notes.map(str::to_owned),
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all();
    let session = match once.insert(&txn, actor, session, Error::from).await? {
        Claim::New(session) => session,
        Claim::Stored(stored) => {
            let stored_meals: Vec<Uuid> = meal_prep_session_meals::Entity::find()
                .select_only()
                .column(meal_prep_session_meals::Column::PlannedMealId)
                .filter(meal_prep_session_meals::Column::PrepSessionId.eq(stored.id))
                .filter(meal_prep_session_meals::Column::UserId.eq(actor))
                .into_tuple()
                .all(&txn)
                .await?;
            let same = same_session(
                &stored,
                &stored_meals,
                scheduled_at,
                planned_meal_ids,
                notes,
            );
            let session = PrepSession {
                session: stored,
                planned_meal_ids: planned_meal_ids.to_vec(),
            };
            return once.repeat(txn, session, same).await;
        }
    };
    meal_prep_session_meals::Entity::insert_many(planned_meal_ids.iter().map(|meal| {
        meal_prep_session_meals::ActiveModel {
            prep_session_id: Set(session.id),
            planned_meal_id: Set(*meal),
            user_id: Set(actor.id()),
        }
    }))
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(PrepSession {
        session,
        planned_meal_ids: planned_meal_ids.to_vec(),
    })
}

/// Moves a prep session to `status`: `completed` records when, `cancelled` keeps its meals
/// linked (delete the session to prepare them in another).
///
/// # Errors
/// [`Error::Validation`] (`status`) to go back to `scheduled` from a finished session or to
/// leave `completed`/`cancelled`; [`Error::NotFound`] (`prep session`).
#[crate::traced("planning::set_prep_status")]
pub async fn set_prep_status(
    db: &impl Conn,
    actor: Actor,
    session_id: Uuid,
    status: PrepStatus,
) -> Result<meal_prep_sessions::Model> {
    let txn = acting::write(db, Some(actor)).await?;
    let stored = session_of(&txn, actor, session_id).await?;
    if matches!(stored.status, PrepStatus::Completed | PrepStatus::Cancelled)
        && stored.status != status
    {
        return Err(Error::invalid("status", "the session has already ended"));
    }
    let mut row = stored.into_active_model();
    row.status = Set(status);
    row.completed_at = Set((status == PrepStatus::Completed).then(Timestamp::now));
    let row = row.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// Deletes a prep session; its meals stay planned and can be prepared in another.
///
/// # Errors
/// [`Error::NotFound`] (`prep session`).
#[crate::traced("planning::delete_prep_session")]
pub async fn delete_prep_session(db: &impl Conn, actor: Actor, session_id: Uuid) -> Result<()> {
    owned::delete_own::<meal_prep_sessions::Entity>(
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

/// What to cook in a session: each recipe of its meals once, with their total servings, by
/// recipe name. One query after the session's.
///
/// # Errors
/// [`Error::NotFound`] (`prep session`).
#[crate::traced("planning::list_prep_tasks")]
pub async fn list_prep_tasks(
    db: &impl Conn,
    actor: Actor,
    session_id: Uuid,
) -> Result<Vec<PrepTask>> {
    let txn = acting::read(db, Some(actor)).await?;
    session_of(&txn, actor, session_id).await?;
    let rows = txn
        .query_all_raw(sql(
            &txn,
            "SELECT r.id AS recipe_id, r.name AS recipe_name, COUNT(*) AS meals, \
             CAST(SUM(CAST(ROUND(pm.servings * 100) AS BIGINT)) AS BIGINT) AS servings \
             FROM meal_prep_session_meals sm \
             JOIN planned_meals pm ON pm.id = sm.planned_meal_id \
             JOIN recipes r ON r.id = pm.recipe_id \
             WHERE sm.prep_session_id = $1 AND sm.user_id = $2 AND (r.user_id = $2 OR r.is_public) \
             GROUP BY r.id, r.name ORDER BY r.name, r.id",
            vec![session_id.into(), actor.into()],
        ))
        .await?;
    txn.commit().await?;
    rows.into_iter()
        .map(|row| {
            let servings: i64 = row.try_get("", "servings")?;
            Ok(PrepTask {
                recipe_id: row.try_get("", "recipe_id")?,
                recipe_name: row.try_get("", "recipe_name")?,
                total_servings: crate::aggregate::from_units(servings, SERVINGS_SCALE),
                meals: row.try_get("", "meals")?,
            })
        })
        .collect()
}
