//! Logs and measurements (seed 000 "Analytics & Logging", seed 002 §10.3), repaired
//! (`docs/DESIGN.md` D14, D35, D36): `audit.access_logs`, `api_requests` and `user_activities`
//! grow by the day, so on PostgreSQL they are range-partitioned by month with the time column
//! in the key, a DEFAULT partition, and the current and next month made here; maintenance makes
//! the months ahead (`service::operations::maintain`, no pg_cron). On SQLite they are plain
//! tables with the same columns, keys and indexes. `performance_metrics` and
//! `ai_model_results` are plain tables on both.
//!
//! A row naming a user is deleted with that user (erasure removes it); requests made before
//! sign-in name no one. Row-level security as everywhere: a user reaches their own rows, an
//! operator (`eatsential_admin`) every row.
use crate::lint::{self, Exception};
use catalog::limits::operations::{
    CONFIDENCE, METRIC_NAME, MODEL_NAME, MODEL_VERSION, STATUS_CODE,
};
use entity::types::HttpMethod;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::conventions::Conventions;
use crate::portable::partitions::{CREATE_MONTHLY_PARTITION, DROP_CREATE_MONTHLY_PARTITION};
use crate::portable::{Index, Method, NewTable, drop_tables, one_of_enum, run_sql};
use catalog::tables::{
    ACCESS_LOGS, AI_MODEL_RESULTS, API_REQUESTS, PERFORMANCE_METRICS, USER_ACTIVITIES,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// `audit.access_logs` is in the audit schema, which the application's roles cannot reach by
/// default (`docs/DESIGN.md` D12): the application writes it, and reads its own rows.
const ACCESS_LOG_GRANTS: [&str; 2] = [
    "GRANT SELECT ON audit.access_logs TO eatsential_read",
    "GRANT INSERT, UPDATE, DELETE ON audit.access_logs TO eatsential_write",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let is_pg = backend == DbBackend::Postgres;
        if is_pg {
            run_sql(manager, &[CREATE_MONTHLY_PARTITION]).await?;
        }
        let methods = one_of_enum::<HttpMethod>("method");

        NewTable::new(backend, ACCESS_LOGS)
            .id_and_time_key("accessed_at")
            .timestamp_now("accessed_at")
            .owned_by_user_or_no_one()
            .uuid_null("session_id")
            // INET on neither: the text form (an IPv6 address is at most 45 characters).
            .varchar_null("ip_address", 45)
            .text_null("user_agent")
            .varchar_null("endpoint", 255)
            .varchar_null("method", 10)
            .integer_null("status_code")
            .integer_null("response_time_ms")
            .text_null("error_message")
            .check("chk_access_logs_method", &methods)
            .check(
                "chk_access_logs_status_code",
                &STATUS_CODE.sql("status_code"),
            )
            .check("chk_access_logs_response_time", "response_time_ms >= 0")
            .index(Index::new("idx_access_logs_accessed_at", "accessed_at").using(Method::Brin))
            .index(Index::new("idx_access_logs_user", "user_id, accessed_at"))
            .then_all(if is_pg {
                ACCESS_LOG_GRANTS.map(str::to_owned).to_vec()
            } else {
                Vec::new()
            })
            .partition_by_month("accessed_at")
            .create(manager)
            .await?;

        NewTable::new(backend, API_REQUESTS)
            .id_and_time_key("created_at")
            .timestamp_now("created_at")
            .owned_by_user_or_no_one()
            .varchar("method", 10)
            .varchar("endpoint", 255)
            .integer("status_code")
            .integer("duration_ms")
            .integer_null("request_bytes")
            .integer_null("response_bytes")
            .varchar_null("ip_address", 45)
            .text_null("user_agent")
            .text_null("error_message")
            .check("chk_api_requests_method", &methods)
            .check(
                "chk_api_requests_status_code",
                &STATUS_CODE.sql("status_code"),
            )
            .check("chk_api_requests_duration", "duration_ms >= 0")
            .check(
                "chk_api_requests_bytes",
                "request_bytes >= 0 AND response_bytes >= 0",
            )
            .index(Index::new("idx_api_requests_timestamp", "created_at").using(Method::Brin))
            .index(Index::new("idx_api_requests_user", "user_id, created_at"))
            .index(Index::new(
                "idx_api_requests_endpoint",
                "endpoint, created_at",
            ))
            .partition_by_month("created_at")
            .create(manager)
            .await?;

        NewTable::new(backend, USER_ACTIVITIES)
            .id_and_time_key("created_at")
            .timestamp_now("created_at")
            .owned_by_user()
            .varchar("activity_type", 50)
            .varchar_null("entity_type", 50)
            .uuid_null("entity_id")
            .uuid_null("session_id")
            .json_null("metadata")
            .check_per_backend(
                "chk_user_activities_activity_type",
                "activity_type ~ '^[a-z][a-z0-9_.]*$'",
                "activity_type GLOB '[a-z]*' AND activity_type NOT GLOB '*[^a-z0-9_.]*'",
            )
            .index(Index::new(
                "idx_user_activities_user_type",
                "user_id, activity_type",
            ))
            .index(Index::new("idx_user_activities_created_at", "created_at").using(Method::Brin))
            .partition_by_month("created_at")
            .create(manager)
            .await?;

        NewTable::new(backend, PERFORMANCE_METRICS)
            .id()
            .varchar("metric_name", METRIC_NAME.varchar())
            .decimal("metric_value", 15, 4)
            .varchar_null("unit", 20)
            .varchar_null("source", 100)
            .json_null("tags")
            .timestamp_now("recorded_at")
            .check(
                "chk_performance_metrics_name",
                &METRIC_NAME.sql("metric_name"),
            )
            .index(Index::new(
                "idx_performance_metrics_name_time",
                "metric_name, recorded_at",
            ))
            .create(manager)
            .await?;

        NewTable::new(backend, AI_MODEL_RESULTS)
            .id()
            .owned_by_user_or_no_one()
            .varchar("model_name", MODEL_NAME.varchar())
            .varchar("model_version", MODEL_VERSION.varchar())
            .varchar("input_ref", 255)
            .json("output")
            .decimal_null("confidence", 5, 4)
            .integer("latency_ms")
            .timestamp_now("created_at")
            .check(
                "chk_ai_model_results_model",
                &format!(
                    "{} AND {}",
                    MODEL_NAME.sql("model_name"),
                    MODEL_VERSION.sql("model_version")
                ),
            )
            .check(
                "chk_ai_model_results_confidence",
                &CONFIDENCE.sql("confidence"),
            )
            .check("chk_ai_model_results_latency", "latency_ms >= 0")
            .index(Index::new(
                "idx_ai_model_results_model",
                "model_name, model_version, created_at",
            ))
            .index(Index::new(
                "idx_ai_model_results_user",
                "user_id, created_at",
            ))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                AI_MODEL_RESULTS,
                PERFORMANCE_METRICS,
                USER_ACTIVITIES,
                API_REQUESTS,
                ACCESS_LOGS,
            ],
        )
        .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            run_sql(manager, &[DROP_CREATE_MONTHLY_PARTITION]).await?;
        }
        Ok(())
    }
}
