//! What a user ate (`meal_logs`), and the day's totals (`daily_nutrition`) kept in step.
//!
//! A log is a recipe eaten in some number of servings, or a free entry (a restaurant meal, a
//! snack) with its own nutrition. Either way the nutrition is stored on the log as it was at
//! logging time, so a later edit of the recipe does not rewrite history.
//!
//! The day a log counts in is the user's local date of `logged_at` in the time zone the
//! caller gives, stored on the log (`local_date`) so that a later change of time zone does not
//! move past meals. After every log, change and removal, the same transaction recomputes the
//! totals of each day it touched from that day's logs: integer sums of hundredths
//! ([`sum_units`](crate::aggregate::sum_units), in `nutrition::days`), exact on both backends. A day with no logs left has no row.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use chrono_tz::Tz;
use entity::types::{MealSlot, Numeric, Timestamp};
use entity::{meal_logs, user_profiles};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Deserialize;
use uuid::Uuid;

use super::days::{day_totals, lock_days, refresh_day};
use crate::idempotent::Once;
use crate::input::{Limited, Patch, dates};
use crate::{Error, Result, accounts, acting};
use catalog::limits;

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::MealLog,
};

pub use crate::nutrients::{LogAmount, Nutrition};

/// Servings of a recipe entry: DECIMAL(6, 2).
pub type Servings = Numeric<6, 2>;

/// What was eaten.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MealEntry {
    /// Servings of a recipe the user may see (their own or a public one); the nutrition is the
    /// recipe's per-serving nutrition times the servings, rounded to two decimals.
    Recipe { recipe_id: Uuid, servings: Servings },
    /// A free entry with its own name and nutrition (a restaurant meal, a snack).
    Free { name: String, nutrition: Nutrition },
}

/// A meal to log.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewMealLog {
    /// The log's id, chosen by the client so the call can be repeated safely (see
    /// [`log_meal`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub logged_at: Timestamp,
    pub meal_slot: MealSlot,
    pub entry: MealEntry,
    pub notes: Option<String>,
}

impl NewMealLog {
    pub fn new(logged_at: Timestamp, meal_slot: MealSlot, entry: MealEntry) -> Self {
        Self {
            id: None,
            logged_at,
            meal_slot,
            entry,
            notes: None,
        }
    }
}

/// What to change of a log; fields left out keep their stored value. `servings` rescales the
/// stored nutrition of a recipe entry (the recipe is not read again); `nutrition` and `name`
/// change a free entry only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct MealLogChange {
    pub logged_at: Option<Timestamp>,
    pub meal_slot: Option<MealSlot>,
    pub servings: Option<Servings>,
    pub name: Option<String>,
    pub nutrition: Option<Nutrition>,
    pub notes: Patch<String>,
}

/// The day a meal eaten at `at` counts on: the user's local date of `at` in `tz`. A meal is
/// not logged more than [`dates::MAX_AHEAD`] after now, and its local date must be storable.
pub(crate) fn logged_on(at: Timestamp, tz: Tz) -> Result<NaiveDate> {
    dates::check_not_ahead("logged_at", at, Timestamp::now())?;
    dates::local_date("logged_at", at, tz)
}

fn check_servings(servings: Servings) -> Result<()> {
    if servings.value() <= Decimal::ZERO {
        return Err(Error::invalid("servings", "must be more than zero"));
    }
    Ok(())
}

/// The time zone of the user's profile (UTC when they have none, or it is not one chrono-tz
/// knows).
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("nutrition::get_time_zone")]
pub async fn get_time_zone(db: &impl Conn, actor: Actor) -> Result<Tz> {
    let txn = acting::read(db, Some(actor)).await?;
    let name: Option<String> = user_profiles::Entity::find()
        .select_only()
        .column(user_profiles::Column::Timezone)
        .filter(user_profiles::Column::UserId.eq(actor))
        .into_tuple()
        .one(&txn)
        .await?;
    txn.commit().await?;
    Ok(name.and_then(|n| n.parse().ok()).unwrap_or(Tz::UTC))
}

/// The acting user's log with this id; another user's log is not found.
async fn mine<C: ConnectionTrait>(db: &C, actor: Actor, log_id: Uuid) -> Result<meal_logs::Model> {
    crate::owned::find_own::<meal_logs::Entity, _>(
        db,
        actor,
        log_id,
        (meal_logs::Column::Id, meal_logs::Column::UserId),
        NOT_FOUND,
    )
    .await
}

/// The name and per-serving nutrition of a recipe the acting user may see.
async fn recipe_per_serving<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    recipe_id: Uuid,
) -> Result<(String, Nutrition)> {
    super::recipe_source::per_serving(db, actor, recipe_id).await
}

/// Whether a stored log is what [`log_meal`] would store now: what the input sets (when,
/// the local date, the slot, the notes; a recipe and its servings, or a free entry's name and
/// nutrition). The id, times of writing, and what a recipe entry takes from the recipe (its
/// name and nutrition, which may have been edited since) are not compared.
fn same_log(stored: &meal_logs::Model, candidate: &meal_logs::Model) -> bool {
    let mut expected = candidate.clone();
    expected.id = stored.id;
    expected.created_at = stored.created_at;
    expected.updated_at = stored.updated_at;
    if expected.recipe_id.is_some() {
        expected.name.clone_from(&stored.name);
        (expected.energy_kcal, expected.protein_g, expected.carbs_g) =
            (stored.energy_kcal, stored.protein_g, stored.carbs_g);
        (
            expected.fat_g,
            expected.fiber_g,
            expected.sugar_g,
            expected.sodium_mg,
        ) = (
            stored.fat_g,
            stored.fiber_g,
            stored.sugar_g,
            stored.sodium_mg,
        );
    }
    expected == *stored
}

/// What a log records was eaten: the recipe and servings (none for a free entry), the name and
/// the amounts.
struct Eaten {
    recipe: Option<(Uuid, Servings)>,
    name: String,
    amounts: [LogAmount; 7],
}

/// The row [`log_meal`] stores for `new`, eaten on `date`.
fn log_row(
    id: Uuid,
    actor: Actor,
    new: &NewMealLog,
    date: NaiveDate,
    eaten: Eaten,
) -> meal_logs::Model {
    let now = Timestamp::now();
    let [
        energy_kcal,
        protein_g,
        carbs_g,
        fat_g,
        fiber_g,
        sugar_g,
        sodium_mg,
    ] = eaten.amounts;
    meal_logs::Model {
        id,
        user_id: actor.id(),
        logged_at: new.logged_at,
        local_date: date,
        meal_slot: new.meal_slot,
        recipe_id: eaten.recipe.map(|r| r.0),
        servings: eaten.recipe.map(|r| r.1),
        name: eaten.name,
        notes: new.notes.clone(),
        energy_kcal,
        protein_g,
        carbs_g,
        fat_g,
        fiber_g,
        sugar_g,
        sodium_mg,
        created_at: now,
        updated_at: now,
    }
}

/// Logs a meal for the acting user, on their local date of `logged_at` in `tz`, and brings
/// that day's `daily_nutrition` up to date in the same transaction.
///
/// Repeated with the same `id` and the same content (what the input sets; a recipe entry's name
/// and nutrition come from the recipe and are not compared), it returns the stored log and
/// writes nothing: the day's totals are not touched again.
///
/// # Errors
/// [`Error::Validation`] naming the field (`logged_at` more than [`dates::MAX_AHEAD`] after
/// now or on a local date outside [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`],
/// `servings`, `name`, `notes`, `nutrition.energy_kcal`, ..., `recipe_id` for a recipe whose
/// nutrition is not computed);
/// [`Error::NotFound`] (`user`; `recipe` for an unknown recipe or another user's private one);
/// [`Error::Conflict`] (`meal log id`) when `id` holds another log, or another user's.
#[crate::traced("nutrition::log_meal")]
pub async fn log_meal(
    db: &impl Conn,
    actor: Actor,
    tz: Tz,
    new: NewMealLog,
) -> Result<meal_logs::Model> {
    let date = logged_on(new.logged_at, tz)?;
    limits::nutrition::NOTES.check_some("notes", new.notes.as_deref())?;
    let entry = match &new.entry {
        MealEntry::Recipe {
            recipe_id,
            servings,
        } => {
            check_servings(*servings)?;
            Err((*recipe_id, *servings))
        }
        MealEntry::Free { name, nutrition } => {
            limits::nutrition::MEAL_NAME.check("name", name)?;
            Ok((name.clone(), nutrition.to_log("nutrition")?))
        }
    };
    let txn = acting::write(db, Some(actor)).await?;
    accounts::check_live(&txn, actor).await?;
    lock_days(&txn, actor.id(), &[date]).await?;
    // `Ok`: a free entry, ready; `Err`: a recipe entry, whose nutrition is read now.
    let (recipe, name, amounts) = match entry {
        Ok((name, amounts)) => (None, name, amounts),
        Err((recipe_id, servings)) => {
            let (name, per_serving) = recipe_per_serving(&txn, actor, recipe_id)
                .await
                .map_err(|e| e.referenced("recipe_id", Subject::Recipe))?;
            let amounts = per_serving.scaled(servings.value()).to_log("servings")?;
            (Some((recipe_id, servings)), name, amounts)
        }
    };
    let once = Once::<meal_logs::Entity>::new(
        new.id,
        (meal_logs::Column::Id, meal_logs::Column::UserId),
        Subject::MealLogId,
    );
    let eaten = Eaten {
        recipe,
        name,
        amounts,
    };
    let log = log_row(once.id, actor, &new, date, eaten);
    let active = log.clone().into_active_model().reset_all();
    // The insert, the day's totals and the commit in one step (on PostgreSQL one round trip).
    // A repeat inserts nothing and recomputes the same totals.
    let totals = day_totals(txn.get_database_backend(), actor.id(), date, false)?;
    match once
        .insert_committing(txn, active, totals, Error::from)
        .await?
    {
        Some(row) => Ok(row),
        None => {
            let stored = once.stored(db, actor).await?;
            let same = same_log(&stored, &log);
            once.repeated(stored, same)
        }
    }
}

/// `stored` with `change` applied (`new_date` is the local date of `change.logged_at`,
/// `new_amounts` its checked nutrition): servings rescale a recipe entry's nutrition; name and
/// nutrition change a free entry only.
fn changed_log(
    stored: &meal_logs::Model,
    change: MealLogChange,
    new_date: Option<NaiveDate>,
    new_amounts: Option<[LogAmount; 7]>,
) -> Result<meal_logs::Model> {
    let mut log = stored.clone();
    if let (Some(at), Some(date)) = (change.logged_at, new_date) {
        log.logged_at = at;
        log.local_date = date;
    }
    if let Some(slot) = change.meal_slot {
        log.meal_slot = slot;
    }
    if let Some(notes) = change.notes.into_change() {
        log.notes = notes;
    }
    let is_free = stored.servings.is_none();
    if let Some(servings) = change.servings {
        let Some(before) = stored.servings else {
            return Err(Error::invalid("servings", "a free entry has no servings"));
        };
        let factor = servings.value() / before.value();
        let [e, p, c, f, fi, s, so] = Nutrition::of_log(stored)
            .scaled(factor)
            .to_log("servings")?;
        (log.energy_kcal, log.protein_g, log.carbs_g, log.fat_g) = (e, p, c, f);
        (log.fiber_g, log.sugar_g, log.sodium_mg) = (fi, s, so);
        log.servings = Some(servings);
    }
    if let Some(amounts) = new_amounts {
        if !is_free {
            return Err(Error::invalid(
                "nutrition",
                "a recipe entry's nutrition follows its servings",
            ));
        }
        let [e, p, c, f, fi, s, so] = amounts;
        (log.energy_kcal, log.protein_g, log.carbs_g, log.fat_g) = (e, p, c, f);
        (log.fiber_g, log.sugar_g, log.sodium_mg) = (fi, s, so);
    }
    if let Some(name) = change.name {
        if !is_free {
            return Err(Error::invalid(
                "name",
                "a recipe entry is named by its recipe",
            ));
        }
        log.name = name;
    }
    Ok(log)
}

/// Changes one of the acting user's logs, and the totals of the day it leaves and the day it
/// lands on, in the same transaction. A new `logged_at` is dated in `tz`.
///
/// # Errors
/// [`Error::Validation`] as [`log_meal`], or `servings` on a free entry, `nutrition`/`name` on
/// a recipe entry; [`Error::NotFound`] (`meal log`) for an unknown id or another user's log.
#[crate::traced("nutrition::update_meal_log")]
pub async fn update_meal_log(
    db: &impl Conn,
    actor: Actor,
    tz: Tz,
    log_id: Uuid,
    change: MealLogChange,
) -> Result<meal_logs::Model> {
    limits::nutrition::NOTES.check_some("notes", change.notes.as_set().map(String::as_str))?;
    if let Some(name) = &change.name {
        limits::nutrition::MEAL_NAME.check("name", name)?;
    }
    if let Some(servings) = change.servings {
        check_servings(servings)?;
    }
    let new_date = change.logged_at.map(|at| logged_on(at, tz)).transpose()?;
    let new_amounts = change
        .nutrition
        .map(|n| n.to_log("nutrition"))
        .transpose()?;
    let txn = acting::write(db, Some(actor)).await?;
    let stored = mine(&txn, actor, log_id).await?;
    let days: Vec<NaiveDate> = [Some(stored.local_date), new_date]
        .into_iter()
        .flatten()
        .collect();
    lock_days(&txn, actor.id(), &days).await?;
    let log = changed_log(&stored, change, new_date, new_amounts)?;
    let before = stored.local_date;
    let after = log.local_date;
    crate::profiles::save_changes(&txn, stored.into_active_model(), log.into_active_model())
        .await?;
    refresh_day(&txn, actor.id(), before, true).await?;
    if after != before {
        refresh_day(&txn, actor.id(), after, false).await?;
    }
    let row = mine(&txn, actor, log_id).await?;
    txn.commit().await?;
    Ok(row)
}

/// Removes one of the acting user's logs, and updates its day's totals in the same
/// transaction.
///
/// # Errors
/// [`Error::NotFound`] (`meal log`) for an unknown id or another user's log.
#[crate::traced("nutrition::delete_meal_log")]
pub async fn delete_meal_log(db: &impl Conn, actor: Actor, log_id: Uuid) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let stored = mine(&txn, actor, log_id).await?;
    lock_days(&txn, actor.id(), &[stored.local_date]).await?;
    meal_logs::Entity::delete_by_id(stored.id)
        .filter(meal_logs::Column::UserId.eq(actor))
        .exec(&txn)
        .await?;
    let totals = day_totals(
        txn.get_database_backend(),
        actor.id(),
        stored.local_date,
        true,
    )?;
    txn.commit_with(totals).await?;
    Ok(())
}

/// The acting user's logs with `from <= logged_at < to`, oldest first: one query, served by
/// `idx_meal_logs_user_logged_at`.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("nutrition::list_meal_logs")]
pub async fn list_meal_logs(
    db: &impl Conn,
    actor: Actor,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<meal_logs::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let logs = meal_logs::Entity::find()
        .filter(meal_logs::Column::UserId.eq(actor))
        .filter(meal_logs::Column::LoggedAt.gte(from))
        .filter(meal_logs::Column::LoggedAt.lt(to))
        .order_by_asc(meal_logs::Column::LoggedAt)
        .order_by_asc(meal_logs::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(logs)
}
