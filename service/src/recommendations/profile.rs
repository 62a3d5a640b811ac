//! The user as a recommendation sees them on a day: who they are, their health profile, what
//! they ate and their active goal's targets, read in one statement ([`sql::profile_statement`]).
use chrono::NaiveDate;
use entity::daily_nutrition::DayAmount;
use entity::types::{ActivityLevel, Numeric};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use uuid::Uuid;

use super::sql;
use crate::input::dates;
use crate::{Actor, Conn, Error, Result, acting};
use catalog::Subject;

/// A user as [`get_recommendation_profile`] sees them on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserProfile {
    pub user_id: Uuid,
    pub username: String,
    pub email: String,
    /// The health profile, when the user has one.
    pub profile_id: Option<Uuid>,
    pub height_cm: Option<i32>,
    pub weight_kg: Option<Numeric<5, 2>>,
    pub activity_level: Option<ActivityLevel>,
    pub allergy_count: i64,
    /// Mifflin-St Jeor, from today's age (`health_profile_bmr`).
    pub bmr_calories: Option<i32>,
    /// BMR times the activity factor, rounded half away from zero.
    pub tdee_calories: Option<i32>,
    /// The day's totals (`daily_nutrition`; zeros without a log).
    pub consumed: Consumed,
    /// The active goal's daily targets, when a goal is active on the day.
    pub goal: Option<GoalTargets>,
}

/// What the user ate on the day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Consumed {
    pub energy_kcal: Decimal,
    pub protein_g: Decimal,
    pub carbs_g: Decimal,
    pub fat_g: Decimal,
    pub sodium_mg: Decimal,
}

/// The daily targets of the active nutrition goal (each may be unset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoalTargets {
    pub goal_id: Uuid,
    pub calories: Option<Decimal>,
    pub protein_g: Option<Decimal>,
    pub carbs_g: Option<Decimal>,
    pub fat_g: Option<Decimal>,
    pub sodium_mg: Option<Decimal>,
}

impl UserProfile {
    /// The energy left under the active goal on the day (negative when over it); `None`
    /// without a goal or a calorie target.
    pub fn energy_left_kcal(&self) -> Option<Decimal> {
        Some(self.goal?.calories? - self.consumed.energy_kcal)
    }

    /// The day's energy budget: the goal's calories, else the TDEE.
    pub fn energy_budget_kcal(&self) -> Option<Decimal> {
        self.goal
            .and_then(|g| g.calories)
            .or(self.tdee_calories.map(Decimal::from))
    }
}

/// The multiplier of BMR for an activity level (the usual Harris-Benedict factors).
pub fn activity_factor(level: ActivityLevel) -> Decimal {
    match level {
        ActivityLevel::Sedentary => Decimal::new(12, 1),
        ActivityLevel::Light => Decimal::new(1375, 3),
        ActivityLevel::Moderate => Decimal::new(155, 2),
        ActivityLevel::Active => Decimal::new(1725, 3),
        ActivityLevel::VeryActive => Decimal::new(19, 1),
    }
}

/// TDEE: BMR times the activity factor, rounded half away from zero.
pub fn tdee_calories(bmr: i32, level: ActivityLevel) -> Option<i32> {
    (Decimal::from(bmr) * activity_factor(level))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i32()
}

/// A goal's daily target (`nutrition_goals.target_*`).
type Target = Option<Numeric<8, 2>>;

/// One row of [`sql::profile_statement`], as the database returns it.
#[derive(FromQueryResult)]
struct ProfileRow {
    user_id: Uuid,
    username: String,
    email: String,
    profile_id: Option<Uuid>,
    height_cm: Option<i32>,
    weight_kg: Option<Numeric<5, 2>>,
    activity_level: Option<ActivityLevel>,
    bmr_calories: Option<i32>,
    allergy_count: i64,
    c_energy: Option<DayAmount>,
    c_protein: Option<DayAmount>,
    c_carbs: Option<DayAmount>,
    c_fat: Option<DayAmount>,
    c_sodium: Option<DayAmount>,
    goal_id: Option<Uuid>,
    target_calories: Target,
    target_protein_g: Target,
    target_carbs_g: Target,
    target_fat_g: Target,
    target_sodium_mg: Target,
}

impl From<ProfileRow> for UserProfile {
    fn from(row: ProfileRow) -> Self {
        let eaten = |v: Option<DayAmount>| v.map_or(Decimal::ZERO, Numeric::value);
        let target = |v: Target| v.map(Numeric::value);
        let goal = row.goal_id.map(|goal_id| GoalTargets {
            goal_id,
            calories: target(row.target_calories),
            protein_g: target(row.target_protein_g),
            carbs_g: target(row.target_carbs_g),
            fat_g: target(row.target_fat_g),
            sodium_mg: target(row.target_sodium_mg),
        });
        UserProfile {
            user_id: row.user_id,
            username: row.username,
            email: row.email,
            profile_id: row.profile_id,
            height_cm: row.height_cm,
            weight_kg: row.weight_kg,
            activity_level: row.activity_level,
            allergy_count: row.allergy_count,
            bmr_calories: row.bmr_calories,
            tdee_calories: row
                .bmr_calories
                .zip(row.activity_level)
                .and_then(|(b, l)| tdee_calories(b, l)),
            consumed: Consumed {
                energy_kcal: eaten(row.c_energy),
                protein_g: eaten(row.c_protein),
                carbs_g: eaten(row.c_carbs),
                fat_g: eaten(row.c_fat),
                sodium_mg: eaten(row.c_sodium),
            },
            goal,
        }
    }
}

pub(super) async fn profile_in(
    db: &impl ConnectionTrait,
    user: Uuid,
    day: NaiveDate,
) -> Result<UserProfile> {
    let row =
        ProfileRow::find_by_statement(sql::profile_statement(db.get_database_backend(), user, day))
            .one(db)
            .await?
            .ok_or(Error::NotFound {
                what: Subject::User,
            })?;
    Ok(row.into())
}

/// The user's profile on `day` (their local date) in one query: who they are, their health
/// profile, how many allergies, BMR and TDEE, what they ate that day and their active goal's
/// targets (seed 002 §7.1 `get_user_profile`, extended).
///
/// # Errors
/// [`Error::Validation`] (`day`) outside [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`];
/// [`Error::NotFound`] `user` for an unknown or deleted user (or, on PostgreSQL, another user
/// than the acting one); [`Error::Db`].
#[crate::traced("recommendations::get_recommendation_profile")]
pub async fn get_recommendation_profile(
    db: &impl Conn,
    actor: Actor,
    day: NaiveDate,
) -> Result<UserProfile> {
    dates::check_date("day", day)?;
    let txn = acting::read(db, Some(actor)).await?;
    let profile = profile_in(&txn, actor.id(), day).await?;
    txn.commit().await?;
    Ok(profile)
}
