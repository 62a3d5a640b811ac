//! Logs and measurements (migration 16). `access_logs`, `api_requests` and `user_activities`
//! are partitioned by month on PostgreSQL: their key is `(id, <time>)`.
pub mod access_logs;
pub mod ai_model_results;
pub mod api_requests;
pub mod performance_metrics;
pub mod user_activities;
