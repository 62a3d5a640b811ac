//! The log tables' rules, refused and accepted through raw SQL, and their rows going with
//! their user.
use chrono::Utc;
use sea_orm::Value;
use uuid::Uuid;

use super::ts;
use crate::harness::{TestDb, insert_user, per_backend};
use crate::rule_cases::{self, Case, Row, Table};

/// A signed-in request of `user`, logged at `at`.
fn access_row(user: Uuid, at: &Value) -> Row {
    Row::new("access_logs")
        .col("id", Uuid::new_v4())
        .col("accessed_at", at.clone())
        .col("user_id", user)
        .col("method", "GET")
        .col("status_code", 200_i32)
        .col("response_time_ms", 5_i32)
}

fn access_cases(user: Uuid, at: &Value) -> Table {
    rule_cases::table(
        access_row(user, at),
        [
            Case::accepted("a request of no one")
                .set("user_id", None::<Uuid>)
                .set("method", "POST")
                .set("status_code", 401_i32),
            Case::refused("access_logs_pkey").after_the_good_row(),
            Case::refused("chk_access_logs_method").set("method", "FETCH"),
            Case::refused("chk_access_logs_status_code").set("status_code", 99_i32),
            Case::refused("chk_access_logs_response_time").set("response_time_ms", -1_i32),
            Case::refused("fk_access_logs_user").set("user_id", Uuid::new_v4()),
        ],
    )
}

/// A request of `user` to `/api/recipes`, logged at `at`.
fn request_row(user: Uuid, at: &Value) -> Row {
    Row::new("api_requests")
        .col("id", Uuid::new_v4())
        .col("created_at", at.clone())
        .col("user_id", user)
        .col("method", "GET")
        .col("endpoint", "/api/recipes")
        .col("status_code", 200_i32)
        .col("duration_ms", 12_i32)
        .col("request_bytes", 0_i32)
}

fn request_cases(user: Uuid, at: &Value) -> Table {
    rule_cases::table(
        request_row(user, at),
        [
            Case::refused("api_requests_pkey").after_the_good_row(),
            // Methods are upper case.
            Case::refused("chk_api_requests_method").set("method", "get"),
            Case::refused("chk_api_requests_status_code").set("status_code", 600_i32),
            Case::refused("chk_api_requests_duration").set("duration_ms", -1_i32),
            Case::refused("chk_api_requests_bytes").set("request_bytes", -5_i32),
            Case::refused("fk_api_requests_user").set("user_id", Uuid::new_v4()),
        ],
    )
}

/// `user` viewed a recipe at `at`.
fn activity_row(user: Uuid, at: &Value) -> Row {
    Row::new("user_activities")
        .col("id", Uuid::new_v4())
        .col("created_at", at.clone())
        .col("user_id", user)
        .col("activity_type", "recipe.viewed")
}

fn activity_cases(user: Uuid, at: &Value) -> Table {
    rule_cases::table(
        activity_row(user, at),
        [
            Case::refused("user_activities_pkey").after_the_good_row(),
            // Dotted lower-case words, starting with a letter.
            Case::refused("chk_user_activities_activity_type")
                .set("activity_type", "Recipe Viewed"),
            Case::refused("chk_user_activities_activity_type").set("activity_type", "1st"),
            Case::refused("fk_user_activities_user").set("user_id", Uuid::new_v4()),
        ],
    )
}

fn metric_cases() -> Table {
    rule_cases::table(
        Row::new("performance_metrics")
            .col("id", Uuid::new_v4())
            .col("metric_name", "db.pool.wait_ms")
            .col("metric_value", 1.25_f64),
        [
            Case::refused("performance_metrics_pkey")
                .after_the_good_row()
                .set("metric_name", "x"),
            Case::refused("chk_performance_metrics_name").set("metric_name", "  "),
            // Past NUMERIC's precision on PostgreSQL; SQLite's REAL has a stand-in CHECK.
            Case::refused(per_backend("sqlstate:22003", "chk_metric_value_decimal"))
                .set("metric_value", 1e12_f64),
        ],
    )
}

/// A model result for `user`.
fn result_row(user: Uuid) -> Row {
    Row::new("ai_model_results")
        .col("id", Uuid::new_v4())
        .col("user_id", user)
        .col("model_name", "ranker")
        .col("model_version", "1.0")
        .col("input_ref", "recipes:42")
        .col("output", serde_json::json!({"score": 0.5}))
        .col("confidence", 0.75_f64)
        .col("latency_ms", 30_i32)
}

fn result_cases(user: Uuid) -> Table {
    rule_cases::table(
        result_row(user),
        [
            Case::accepted("a result for no one, at the bounds")
                .set("user_id", None::<Uuid>)
                .set("confidence", 1.0_f64)
                .set("latency_ms", 0_i32),
            Case::refused("ai_model_results_pkey")
                .after_the_good_row()
                .set("user_id", None::<Uuid>),
            Case::refused("chk_ai_model_results_model").set("model_name", " "),
            Case::refused("chk_ai_model_results_confidence").set("confidence", 1.5_f64),
            Case::refused("chk_ai_model_results_latency").set("latency_ms", -2_i32),
            Case::refused("fk_ai_model_results_user").set("user_id", Uuid::new_v4()),
        ],
    )
}

async fn log_rules_refuse_bad_rows_and_accept_good_ones(t: &TestDb) {
    let user = insert_user(t, "logger", true).await.id();
    let at = ts(Utc::now());
    rule_cases::run(
        t,
        &[
            access_cases(user, &at),
            request_cases(user, &at),
            activity_cases(user, &at),
            metric_cases(),
            result_cases(user),
        ],
    )
    .await;
}

async fn a_users_log_rows_go_with_the_user(t: &TestDb) {
    let user = insert_user(t, "logger", true).await.id();
    let at = ts(Utc::now());
    for row in [
        access_row(user, &at),
        request_row(user, &at),
        activity_row(user, &at),
        result_row(user),
    ] {
        rule_cases::insert(t, &row).await;
    }
    // Requests of no one stay.
    rule_cases::insert(t, &access_row(user, &at).col("user_id", None::<Uuid>)).await;
    t.exec("DELETE FROM users WHERE id = $1", vec![user.into()])
        .await
        .unwrap();
    for table in [
        "access_logs",
        "api_requests",
        "user_activities",
        "ai_model_results",
    ] {
        let left = t
            .count(
                &format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"),
                vec![user.into()],
            )
            .await;
        assert_eq!(left, 0, "{table}: rows of a deleted user");
    }
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM access_logs WHERE user_id IS NULL",
            vec![]
        )
        .await,
        1
    );
}

dual!(
    log_rules_refuse_bad_rows_and_accept_good_ones,
    a_users_log_rows_go_with_the_user,
);
