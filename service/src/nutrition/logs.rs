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
//! ([`sum_units`]), exact on both backends. A day with no logs left has no row.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use chrono_tz::Tz;
use entity::types::{MealSlot, Numeric, Timestamp};
use entity::{daily_nutrition, meal_logs, user_profiles};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Statement,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::aggregate::sum_units;
use crate::idempotent::Once;
use crate::input::{Limited, Patch, dates};
use crate::{Error, Result, accounts, acting};
use catalog::limits;

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::MealLog,
};

/// Amounts of a log: DECIMAL(9, 2).
pub type LogAmount = entity::meal_logs::LogAmount;

/// Servings of a recipe entry: DECIMAL(6, 2).
pub type Servings = Numeric<6, 2>;

/// Energy and macronutrients, in kcal, grams and milligrams (sodium). Amounts have at most two
/// decimals and are never negative.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Nutrition {
    pub energy_kcal: Decimal,
    pub protein_g: Decimal,
    pub carbs_g: Decimal,
    pub fat_g: Decimal,
    pub fiber_g: Decimal,
    pub sugar_g: Decimal,
    pub sodium_mg: Decimal,
}

impl Nutrition {
    /// The nutrient names as the tables spell them, with their values, in that order.
    pub fn fields(&self) -> [(&'static str, Decimal); 7] {
        [
            ("energy_kcal", self.energy_kcal),
            ("protein_g", self.protein_g),
            ("carbs_g", self.carbs_g),
            ("fat_g", self.fat_g),
            ("fiber_g", self.fiber_g),
            ("sugar_g", self.sugar_g),
            ("sodium_mg", self.sodium_mg),
        ]
    }

    /// The amounts in the order of [`Nutrition::fields`].
    pub(crate) fn from_fields(values: [Decimal; 7]) -> Self {
        let [
            energy_kcal,
            protein_g,
            carbs_g,
            fat_g,
            fiber_g,
            sugar_g,
            sodium_mg,
        ] = values;
        Self {
            energy_kcal,
            protein_g,
            carbs_g,
            fat_g,
            fiber_g,
            sugar_g,
            sodium_mg,
        }
    }

    /// Each amount times `factor`, rounded half away from zero to two decimals.
    pub fn scaled(&self, factor: Decimal) -> Self {
        Self::from_fields(self.fields().map(|(_, v)| {
            let mut x =
                (v * factor).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            x.rescale(2);
            x
        }))
    }

    /// The nutrition a log stores.
    pub fn of_log(log: &meal_logs::Model) -> Self {
        Self::from_fields(
            [
                log.energy_kcal,
                log.protein_g,
                log.carbs_g,
                log.fat_g,
                log.fiber_g,
                log.sugar_g,
                log.sodium_mg,
            ]
            .map(Numeric::value),
        )
    }

    /// The totals a day stores.
    pub fn of_day(day: &daily_nutrition::Model) -> Self {
        Self::from_fields(
            [
                day.energy_kcal,
                day.protein_g,
                day.carbs_g,
                day.fat_g,
                day.fiber_g,
                day.sugar_g,
                day.sodium_mg,
            ]
            .map(Numeric::value),
        )
    }

    /// Checked into the log's columns, each error naming `<prefix>.<nutrient>`.
    fn to_log(self, prefix: &str) -> Result<[LogAmount; 7]> {
        let mut out = Vec::with_capacity(7);
        for (name, value) in self.fields() {
            let field = format!("{prefix}.{name}");
            if value < Decimal::ZERO {
                return Err(Error::invalid(field, "must not be negative"));
            }
            out.push(LogAmount::new(value).map_err(|e| Error::numeric(field, e))?);
        }
        out.try_into()
            .map_err(|_| Error::invalid(prefix.to_owned(), "needs every nutrient"))
    }
}

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
    meal_logs::Entity::find_by_id(log_id)
        .filter(meal_logs::Column::UserId.eq(actor))
        .one(db)
        .await?
        .ok_or(NOT_FOUND)
}

/// Recomputes `daily_nutrition` of `user` on `date` from that day's logs, in one statement:
/// `INSERT INTO daily_nutrition ... SELECT <exact sums> FROM meal_logs WHERE <the day>
/// GROUP BY user_id, local_date ON CONFLICT (user_id, date) DO UPDATE`. Each sum is an integer
/// number of hundredths ([`sum_units`]) divided by the literal `100.0`: exact NUMERIC on
/// PostgreSQL, and on SQLite the double nearest the exact total (a correctly rounded division
/// of two exact doubles), which is what binding the decimal would store. With `may_empty`, a
/// second statement removes the day's row when no log is left (a SELECT with GROUP BY over no
/// rows inserts nothing).
pub(crate) async fn refresh_day<C: ConnectionTrait>(
    db: &C,
    user: Uuid,
    date: NaiveDate,
    may_empty: bool,
) -> Result<()> {
    for stmt in day_totals(db.get_database_backend(), user, date, may_empty)? {
        db.execute_raw(stmt).await?;
    }
    Ok(())
}

/// Makes the calls that recompute `user`'s totals of `dates` wait for each other, on
/// PostgreSQL: each call recomputes a day from the rows its statement sees, so two calls logging
/// on the same day at once would each miss the other's new row, and the later upsert would
/// store totals without the earlier meal. A transaction-scoped advisory lock per day, taken
/// before the call changes anything (it goes with the call's next statement: no round trip of
/// its own), in date order so that two calls never wait for each other crosswise. SQLite needs
/// none: its writes run one at a time.
async fn lock_days(txn: &crate::ActingTxn, user: Uuid, dates: &[NaiveDate]) -> Result<()> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut dates = dates.to_vec();
    dates.sort_unstable();
    dates.dedup();
    for date in dates {
        // A `Uuid` and a `NaiveDate` print as ASCII digits, letters and dashes: nothing to
        // escape.
        txn.bookkeeping(format!(
            "SELECT pg_advisory_xact_lock(hashtextextended('eatsential.day/{user}/{date}', 0))"
        ))
        .await?;
    }
    Ok(())
}

/// [`refresh_day`]'s statements, for a call that sends them with its commit
/// ([`crate::ActingTxn::commit_with`]).
pub(crate) fn day_totals(
    backend: DbBackend,
    user: Uuid,
    date: NaiveDate,
    may_empty: bool,
) -> Result<Vec<Statement>> {
    use daily_nutrition::Column as D;
    let mut sums = Query::select();
    sums.expr(Expr::val(Uuid::new_v4()))
        .expr(Expr::val(user))
        .expr(Expr::val(date));
    for name in super::progress::NUTRIENTS {
        sums.expr(sum_units(Expr::col(Alias::new(name)), 2).div(Expr::cust("100.0")));
    }
    sums.expr(Func::count(Expr::col(meal_logs::Column::Id)))
        .from(meal_logs::Entity)
        .and_where(meal_logs::Column::UserId.eq(user))
        .and_where(meal_logs::Column::LocalDate.eq(date))
        .group_by_columns([meal_logs::Column::UserId, meal_logs::Column::LocalDate]);
    let totals = [
        D::EnergyKcal,
        D::ProteinG,
        D::CarbsG,
        D::FatG,
        D::FiberG,
        D::SugarG,
        D::SodiumMg,
    ];
    let mut upsert = Query::insert();
    upsert
        .into_table(daily_nutrition::Entity)
        .columns(
            [D::Id, D::UserId, D::Date]
                .into_iter()
                .chain(totals)
                .chain([D::MealCount]),
        )
        .select_from(sums)
        .map_err(|e| Error::Db(sea_orm::DbErr::Custom(e.to_string())))?
        .on_conflict(
            OnConflict::columns([D::UserId, D::Date])
                .update_columns(totals)
                .update_column(D::MealCount)
                // A day whose totals did not change is left alone (a repeated call, or an
                // edit that changes no amount): no new `updated_at`, no audit row.
                .action_and_where(
                    totals
                        .into_iter()
                        .chain([D::MealCount])
                        .map(|column| {
                            Expr::col((daily_nutrition::Entity, column))
                                .ne(Expr::col((Alias::new("excluded"), column)))
                        })
                        .reduce(ExprTrait::or)
                        .unwrap_or_else(|| Expr::val(true)),
                )
                .to_owned(),
        );
    let mut statements = vec![backend.build(&upsert)];
    if may_empty {
        let delete = daily_nutrition::Entity::delete_many()
            .filter(daily_nutrition::Column::UserId.eq(user))
            .filter(daily_nutrition::Column::Date.eq(date))
            .filter(
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(meal_logs::Entity)
                        .and_where(meal_logs::Column::UserId.eq(user))
                        .and_where(meal_logs::Column::LocalDate.eq(date))
                        .to_owned(),
                )
                .not(),
            );
        statements.push(delete.build(backend));
    }
    Ok(statements)
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
    let entry = match new.entry {
        MealEntry::Recipe {
            recipe_id,
            servings,
        } => {
            check_servings(servings)?;
            Err((recipe_id, servings))
        }
        MealEntry::Free { name, nutrition } => {
            limits::nutrition::MEAL_NAME.check("name", &name)?;
            Ok((name, nutrition.to_log("nutrition")?))
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
    let now = Timestamp::now();
    let [
        energy_kcal,
        protein_g,
        carbs_g,
        fat_g,
        fiber_g,
        sugar_g,
        sodium_mg,
    ] = amounts;
    let once = Once::<meal_logs::Entity>::new(
        new.id,
        (meal_logs::Column::Id, meal_logs::Column::UserId),
        Subject::MealLogId,
    );
    let log = meal_logs::Model {
        id: once.id,
        user_id: actor.id(),
        logged_at: new.logged_at,
        local_date: date,
        meal_slot: new.meal_slot,
        recipe_id: recipe.map(|r| r.0),
        servings: recipe.map(|r| r.1),
        name,
        notes: new.notes,
        energy_kcal,
        protein_g,
        carbs_g,
        fat_g,
        fiber_g,
        sugar_g,
        sodium_mg,
        created_at: now,
        updated_at: now,
    };
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
        let [e, p, c, f, fi, s, so] = Nutrition::of_log(&stored)
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
