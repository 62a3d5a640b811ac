//! Nutrition tracking (migration 13): goals and per-nutrient targets, what a user ate, the
//! day's totals, generated insights and health measurements. Every row is one user's.
pub mod daily_nutrition;
pub mod health_metrics;
pub mod meal_logs;
pub mod nutrient_targets;
pub mod nutrition_goals;
pub mod nutrition_insights;
