//! The rules of activity logs, request logs, metrics and model results (migration 16), table by table.
use crate::Subject;
use crate::limits::operations::{CONFIDENCE, METRIC_NAME, STATUS_CODE};
use crate::tables::{
    ACCESS_LOGS, AI_MODEL_RESULTS, API_REQUESTS, PARTITIONED_BY_MONTH, PERFORMANCE_METRICS,
    USER_ACTIVITIES,
};

use super::{Kind, Refusal, Rule, check, fk, in_range, length, pk, rule};

/// The key of a table partitioned by month: the id and the time (PostgreSQL requires the
/// partition column in every unique key).
const fn time_key(
    name: &'static str,
    table: crate::tables::Tbl,
    columns: &'static [&'static str],
    what: Subject,
) -> Rule {
    rule(
        name,
        table,
        Kind::PrimaryKey,
        columns,
        Refusal::Conflict { what },
    )
}

const NON_NEGATIVE: &str = "must not be negative";
const METHOD: &str = "is not a known HTTP method";

pub(super) const RULES: &[Rule] = &[
    // audit.access_logs
    time_key(
        "access_logs_pkey",
        ACCESS_LOGS,
        &["id", "accessed_at"],
        Subject::AccessLogEntry,
    ),
    fk(
        "fk_access_logs_user",
        ACCESS_LOGS,
        &["user_id"],
        Subject::User,
    ),
    check("chk_access_logs_method", ACCESS_LOGS, "method", METHOD),
    in_range(
        "chk_access_logs_status_code",
        ACCESS_LOGS,
        "status_code",
        &STATUS_CODE,
    ),
    check(
        "chk_access_logs_response_time",
        ACCESS_LOGS,
        "response_time_ms",
        NON_NEGATIVE,
    ),
    // api_requests
    time_key(
        "api_requests_pkey",
        API_REQUESTS,
        &["id", "created_at"],
        Subject::ApiRequest,
    ),
    fk(
        "fk_api_requests_user",
        API_REQUESTS,
        &["user_id"],
        Subject::User,
    ),
    check("chk_api_requests_method", API_REQUESTS, "method", METHOD),
    in_range(
        "chk_api_requests_status_code",
        API_REQUESTS,
        "status_code",
        &STATUS_CODE,
    ),
    check(
        "chk_api_requests_duration",
        API_REQUESTS,
        "duration_ms",
        NON_NEGATIVE,
    ),
    check(
        "chk_api_requests_bytes",
        API_REQUESTS,
        "request_bytes",
        "byte counts must not be negative",
    ),
    // user_activities
    time_key(
        "user_activities_pkey",
        USER_ACTIVITIES,
        &["id", "created_at"],
        Subject::Activity,
    ),
    fk(
        "fk_user_activities_user",
        USER_ACTIVITIES,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_user_activities_activity_type",
        USER_ACTIVITIES,
        "activity_type",
        "must be lower-case letters, digits, '_' or '.', starting with a letter",
    ),
    // performance_metrics
    pk(
        "performance_metrics_pkey",
        PERFORMANCE_METRICS,
        Subject::Metric,
    ),
    length(
        "chk_performance_metrics_name",
        PERFORMANCE_METRICS,
        "metric_name",
        &METRIC_NAME,
    ),
    // ai_model_results
    pk(
        "ai_model_results_pkey",
        AI_MODEL_RESULTS,
        Subject::ModelResult,
    ),
    fk(
        "fk_ai_model_results_user",
        AI_MODEL_RESULTS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_ai_model_results_model",
        AI_MODEL_RESULTS,
        "model_name",
        "model name and version must not be blank",
    ),
    in_range(
        "chk_ai_model_results_confidence",
        AI_MODEL_RESULTS,
        "confidence",
        &CONFIDENCE,
    ),
    check(
        "chk_ai_model_results_latency",
        AI_MODEL_RESULTS,
        "latency_ms",
        NON_NEGATIVE,
    ),
];

/// PostgreSQL names a partition's own primary key in a refusal (`access_logs_2026_11_pkey`,
/// `access_logs_default_pkey`): the rule is its parent's key.
pub(super) fn partition_key_rule(name: &str) -> Option<&'static Rule> {
    let stem = name.strip_suffix("_pkey")?;
    PARTITIONED_BY_MONTH.iter().find_map(|(table, _)| {
        let suffix = stem.strip_prefix(table.name)?.strip_prefix('_')?;
        let month = suffix.len() == 7
            && suffix.as_bytes()[4] == b'_'
            && suffix
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 4 || b.is_ascii_digit());
        (suffix == "default" || month).then(|| {
            RULES
                .iter()
                .find(|r| r.table == *table && r.kind == Kind::PrimaryKey)
        })?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partitions_key_is_its_parents() {
        let name = |n| partition_key_rule(n).map(|r| r.name);
        assert_eq!(name("access_logs_2026_11_pkey"), Some("access_logs_pkey"));
        assert_eq!(
            name("user_activities_default_pkey"),
            Some("user_activities_pkey")
        );
        assert_eq!(name("api_requests_pkey"), None);
        assert_eq!(name("api_requests_2026_1x_pkey"), None);
        assert_eq!(name("users_2026_11_pkey"), None);
    }
}
