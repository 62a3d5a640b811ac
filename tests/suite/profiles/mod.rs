//! User profiles, preferences, medical conditions and fitness goals, by topic: the schema's
//! rules through raw SQL (`rules`), and the service's rules for profiles (`user_profile`),
//! preferences (`preferences`), medical conditions (`conditions`) and fitness goals
//! (`fitness_goals`). The helpers here are what they share: dates, the field a refusal names,
//! and migration 5's fixed ids of two starter conditions.
use chrono::NaiveDate;
use uuid::Uuid;

mod conditions;
mod fitness_goals;
mod preferences;
mod rules;
mod user_profile;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Migration 5's fixed ids of the starter conditions (docs/DESIGN.md P10).
fn celiac() -> Uuid {
    Uuid::parse_str("c1000000-0000-4000-8000-000000000007").unwrap()
}

fn gout() -> Uuid {
    Uuid::parse_str("c1000000-0000-4000-8000-00000000000b").unwrap()
}
