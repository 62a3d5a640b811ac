//! Health profiles, BMR, allergies and the audit trail, through the service, by topic: the
//! profile and its BMR (`profile`), allergies (`allergies`), and the audit trail with its acting
//! user (`audit`). The helpers here build the profiles they share.
use chrono::{Months, NaiveDate};
use entity::types::{ActivityLevel, Gender};
use service::health::ProfileInput;

mod allergies;
mod audit;
mod profile;

fn years_ago(years: u32, today: NaiveDate) -> NaiveDate {
    today.checked_sub_months(Months::new(years * 12)).unwrap()
}

/// A profile with every field set, moderately active.
fn profile(gender: Gender, weight: &str, height: i32, born: NaiveDate) -> ProfileInput {
    ProfileInput {
        height_cm: Some(height),
        weight_kg: Some(weight.parse().unwrap()),
        date_of_birth: Some(born),
        gender: Some(gender),
        activity_level: Some(ActivityLevel::Moderate),
    }
}
