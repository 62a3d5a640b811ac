//! Basal metabolic rate (Mifflin-St Jeor), from today's age: never stored, computed on read.
use crate::Db;
use chrono::{Datelike, NaiveDate};
use entity::health_profiles;
use entity::types::Gender;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{ConnectionTrait, Statement, Value};
use uuid::Uuid;

use crate::Result;

/// Whole years from `birth` to `today` (a 29 February birthday counts from 1 March in
/// non-leap years, as PostgreSQL's `age()` does).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let had_birthday = (today.month(), today.day()) >= (birth.month(), birth.day());
    today.year() - birth.year() - i32::from(!had_birthday)
}

/// `10 w + 6.25 h - 5 age + 5` (male) or `- 161` (female), rounded half away from zero;
/// `None` when a term is missing or the gender is neither. Exact decimal arithmetic, the same
/// result as the `health_profile_bmr` view on either backend.
pub fn bmr_calories(profile: &health_profiles::Model, today: NaiveDate) -> Option<i32> {
    let offset = match profile.gender? {
        Gender::Male => Decimal::from(5),
        Gender::Female => Decimal::from(-161),
        Gender::Other | Gender::PreferNotToSay => return None,
    };
    let weight = profile.weight_kg?.value();
    let height = Decimal::from(profile.height_cm?);
    let age = Decimal::from(age_on(profile.date_of_birth?, today));
    let bmr = Decimal::from(10) * weight + Decimal::new(625, 2) * height - Decimal::from(5) * age
        + offset;
    bmr.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .ok()
}

/// BMR as the database computes it, through the `health_profile_bmr` view (`None` when the
/// user has no profile or it lacks a term).
///
/// # Errors
/// [`crate::Error::Db`] only.
pub async fn read_bmr(db: &Db, user_id: Uuid) -> Result<Option<i32>> {
    let backend = db.get_database_backend();
    let placeholder = if backend == sea_orm::DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let txn = crate::acting::read(db, Some(user_id)).await?;
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT bmr_calories FROM {} WHERE user_id = {placeholder} \
                 AND user_id IN (SELECT id FROM users WHERE deleted_at IS NULL)",
                catalog::tables::HEALTH_PROFILE_BMR_VIEW
            ),
            [Value::from(user_id)],
        ))
        .await?;
    txn.commit().await?;
    Ok(match row {
        Some(row) => row.try_get::<Option<i32>>("", "bmr_calories")?,
        None => None,
    })
}
