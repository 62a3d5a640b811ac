//! Basal metabolic rate (Mifflin-St Jeor), from today's age: never stored, computed on read.
use crate::{Actor, Conn};
use chrono::NaiveDate;
use entity::health_profiles;
use entity::types::Gender;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{FromQueryResult, Value};

use crate::Result;

pub use crate::input::dates::age_on;

/// `10 w + 6.25 h - 5 age + 5` (male) or `- 161` (female), rounded half away from zero, and
/// never below zero; `None` when a term is missing or the gender is neither. Exact decimal
/// arithmetic, the same result as the `health_profile_bmr` view on either backend.
///
/// The formula goes negative for a light, short, old enough person (20 kg, 50 cm and 130 years
/// give -298.5 kcal, all within the profile's rules), and a stored date of birth can be older
/// than the service allows: an energy need is never below zero, so it stops there.
pub fn bmr_calories(profile: &health_profiles::Model, today: NaiveDate) -> Option<i32> {
    let age = age_on(profile.date_of_birth?, today);
    formula(
        profile.gender?,
        profile.weight_kg?.value(),
        profile.height_cm?,
        age,
    )
}

/// The formula of [`bmr_calories`] on its terms.
fn formula(gender: Gender, weight_kg: Decimal, height_cm: i32, age: i32) -> Option<i32> {
    let offset = match gender {
        Gender::Male => Decimal::from(5),
        Gender::Female => Decimal::from(-161),
        Gender::Other | Gender::PreferNotToSay => return None,
    };
    let bmr = Decimal::from(10) * weight_kg + Decimal::new(625, 2) * Decimal::from(height_cm)
        - Decimal::from(5) * Decimal::from(age)
        + offset;
    bmr.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .max(Decimal::ZERO)
        .try_into()
        .ok()
}

/// BMR as the database computes it, through the `health_profile_bmr` view (`None` when the
/// user has no profile or it lacks a term).
///
/// # Errors
/// [`crate::Error::Db`] only.
#[crate::traced("health::read_bmr")]
pub async fn read_bmr(db: &impl Conn, actor: Actor) -> Result<Option<i32>> {
    let txn = crate::acting::read(db, Some(actor)).await?;
    /// A row of the view.
    #[derive(FromQueryResult)]
    struct Bmr {
        bmr_calories: Option<i32>,
    }
    let of_the_actor = Query::select()
        .column("bmr_calories")
        .from(catalog::tables::HEALTH_PROFILE_BMR_VIEW)
        .and_where(Expr::col("user_id").eq(Value::from(actor)))
        .and_where(crate::accounts::owner_is_live("user_id"))
        .to_owned();
    let found = Bmr::find_by_statement(db.get_database_backend().build(&of_the_actor))
        .one(&txn)
        .await?;
    txn.commit().await?;
    Ok(found.and_then(|found| found.bmr_calories))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmr_is_never_below_zero() {
        // 10*20 + 6.25*50 - 5*130 - 161 = -298.5: the lightest, shortest, oldest profile the
        // rules allow.
        assert_eq!(formula(Gender::Female, Decimal::from(20), 50, 130), Some(0));
        // A date of birth of year 1 (stored before the service refused it).
        assert_eq!(formula(Gender::Male, Decimal::from(80), 180, 2025), Some(0));
        // Just above zero stays as it is: 10*20 + 6.25*50 - 5*70 - 161 = 1.5 -> 2.
        assert_eq!(formula(Gender::Female, Decimal::from(20), 50, 70), Some(2));
        // 10*20.3 + 6.25*50 - 5*71 - 161 = -0.5 rounds half away from zero to -1, then
        // stops at 0.
        assert_eq!(
            formula(Gender::Female, "20.30".parse().unwrap(), 50, 71),
            Some(0)
        );
        assert_eq!(
            formula(Gender::Male, Decimal::from(80), 180, 30),
            Some(1780)
        );
        assert_eq!(formula(Gender::Other, Decimal::from(80), 180, 30), None);
    }
}
