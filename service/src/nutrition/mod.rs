//! Nutrition tracking: goals and per-nutrient targets ([`goals`]), meal logs and the day's
//! totals kept in step with them ([`logs`]), progress against the active goal
//! ([`progress`](mod@progress)), health measurements ([`metrics`]) and generated insights
//! ([`insights`]).
//!
//! Every function takes the acting user and reaches only that user's rows: another user's id
//! is [`Error::NotFound`](crate::Error::NotFound), as an unknown one is. Days are the user's
//! local dates, in the IANA time zone the caller passes ([`get_time_zone`] reads the one in
//! the user's profile).
//!
//! ```no_run
//! use chrono::{NaiveDate, Utc};
//! use entity::types::{MealSlot, NutritionGoalType, Timestamp};
//! use service::nutrition::{self, MealEntry, NewGoal, NewMealLog, Nutrition};
//!
//! # async fn flow(db: &service::Db, user: service::Actor) -> Result<(), service::Error> {
//! let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
//! let mut goal = NewGoal::new(NutritionGoalType::Maintenance, today);
//! goal.target_calories = Some("2200".parse().unwrap());
//! nutrition::create_goal(db, user, goal).await?; // ends the previous active goal
//!
//! let tz = nutrition::get_time_zone(db, user).await?;
//! let lunch = Nutrition { energy_kcal: "640".parse().unwrap(), ..Nutrition::default() };
//! let entry = MealEntry::Free { name: "Ramen at Ichiran".into(), nutrition: lunch };
//! let log = NewMealLog::new(Timestamp::now(), MealSlot::Lunch, entry);
//! nutrition::log_meal(db, user, tz, log).await?; // daily_nutrition follows in the same transaction
//!
//! let week = nutrition::get_progress(db, user, today - chrono::Days::new(6), today).await?;
//! for day in &week.days {
//!     println!("{}: {} kcal", day.date, day.totals.energy_kcal);
//! }
//! # Ok(())
//! # }
//! ```
mod days;
pub mod goals;
pub mod insights;
pub mod logs;
pub mod metrics;
pub mod progress;
mod recipe_source;

pub use chrono_tz::Tz;
pub use goals::{
    GoalChange, NewGoal, TargetInput, create_goal, delete_target, end_goal, list_goals,
    list_targets, set_target, update_goal,
};
pub use insights::{NewInsight, dismiss_insight, list_insights, mark_insight_read, record_insight};
pub use logs::{
    MealEntry, MealLogChange, NewMealLog, Nutrition, delete_meal_log, get_time_zone,
    list_meal_logs, log_meal, update_meal_log,
};
pub use metrics::{NewMeasurement, delete_metric, list_metrics, record_metric};
pub use progress::{
    DayProgress, GoalTargets, NutrientGoal, NutrientProgress, Progress, get_progress,
};
