//! Issue 10: the log tables' rules, partitions and their maintenance, the health check and the
//! SQLite backup. Every test runs on both backends; what only PostgreSQL has (partitions) is
//! asserted there in addition.
use service::Subject;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use entity::types::Timestamp;
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, Value};
use service::operations::{self, HealthStatus, Maintenance};
use uuid::Uuid;

use crate::harness::{TestDb, insert_user, per_backend};
use crate::rule_cases::{self, Case, Row, Table};

/// Noon UTC on the 15th of the month `offset` months from now's.
fn in_month(offset: i32) -> DateTime<Utc> {
    let now = Utc::now();
    let index = now.year() * 12 + now.month0() as i32 + offset;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 15)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
}

fn ts(t: DateTime<Utc>) -> Value {
    Timestamp::new(t).unwrap().into()
}

/// `<table>_YYYY_MM` for the month `offset` months from now's.
fn partition(table: &str, offset: i32) -> String {
    let t = in_month(offset);
    format!("{table}_{:04}_{:02}", t.year(), t.month())
}

/// An `api_requests` row at `at`; its id.
async fn request_at(t: &TestDb, at: DateTime<Utc>) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO api_requests (id, created_at, method, endpoint, status_code, duration_ms) \
         VALUES ($1, $2, 'GET', '/api/health', 200, 3)",
        vec![id.into(), ts(at)],
    )
    .await
    .unwrap_or_else(|e| panic!("{:?}: a request at {at}: {e}", t.backend));
    id
}

/// PostgreSQL: the partition holding the `api_requests` row `id`.
async fn partition_of(t: &TestDb, id: Uuid) -> String {
    let rows = t
        .query(
            "SELECT tableoid::regclass::text AS part FROM api_requests WHERE id = $1",
            vec![id.into()],
        )
        .await;
    rows[0].try_get("", "part").unwrap()
}

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

async fn every_month_takes_rows_and_maintenance_is_idempotent(t: &TestDb) {
    // Last month, this month, next month, two years ahead: none fails for want of a partition.
    let last = request_at(t, in_month(-1)).await;
    let this = request_at(t, in_month(0)).await;
    let next = request_at(t, in_month(1)).await;
    let far = request_at(t, in_month(24)).await;
    assert_eq!(
        t.count("SELECT COUNT(*) FROM api_requests", vec![]).await,
        4
    );
    if t.is_pg() {
        // The migration made this month and the next; the rest waits in DEFAULT.
        assert_eq!(partition_of(t, this).await, partition("api_requests", 0));
        assert_eq!(partition_of(t, next).await, partition("api_requests", 1));
        assert_eq!(partition_of(t, last).await, "api_requests_default");
        assert_eq!(partition_of(t, far).await, "api_requests_default");
    }

    let first = operations::maintain(&t.db, &Maintenance::default())
        .await
        .unwrap();
    assert_eq!(first.tables.len(), 3, "{first}");
    for table in &first.tables {
        let expected: Vec<String> = if t.is_pg() {
            vec![partition(table.table, 2), partition(table.table, 3)]
        } else {
            Vec::new()
        };
        assert_eq!(table.created, expected, "{first}");
        assert!(
            table.dropped.is_empty() && table.rows_deleted == 0,
            "{first}"
        );
    }
    let second = operations::maintain(&t.db, &Maintenance::default())
        .await
        .unwrap();
    assert!(
        second.changed_nothing(),
        "the second run changed something: {second}"
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM api_requests", vec![]).await,
        4
    );
    if t.is_pg() {
        let months = t
            .count(
                "SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'api_requests'::regclass",
                vec![],
            )
            .await;
        assert_eq!(months, 5, "DEFAULT and four months");
        // The application's roles reach a partition through its parent only.
        let direct = t
            .count(
                &format!(
                    "SELECT COUNT(*) FROM information_schema.role_table_grants \
                     WHERE table_name IN ('api_requests_default', '{}') \
                       AND grantee IN ('eatsential_read', 'eatsential_write')",
                    partition("api_requests", 3)
                ),
                vec![],
            )
            .await;
        assert_eq!(direct, 0, "grants on partitions");
    }
}

async fn concurrent_maintenance_runs_both_succeed(t: &TestDb) {
    let options = Maintenance {
        months_ahead: 8,
        retain_months: Some(120),
        ..Maintenance::default()
    };
    let (a, b) = tokio::join!(
        operations::maintain(&t.db, &options),
        operations::maintain(&t.db, &options)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    for (ta, tb) in a.tables.iter().zip(&b.tables) {
        let mut made: Vec<String> = ta.created.iter().chain(&tb.created).cloned().collect();
        made.sort();
        let expected: Vec<String> = if t.is_pg() {
            (2..=8).map(|m| partition(ta.table, m)).collect()
        } else {
            Vec::new()
        };
        assert_eq!(
            made, expected,
            "each month made once, by one of the runs:\n{a}\n{b}"
        );
    }
    let again = operations::maintain(&t.db, &options).await.unwrap();
    assert!(again.changed_nothing(), "{again}");
}

async fn a_month_made_after_its_rows_landed_in_default_keeps_them(t: &TestDb) {
    let early = request_at(t, in_month(5)).await;
    let also = request_at(t, in_month(5) + TimeDelta::days(3)).await;
    let later = request_at(t, in_month(7)).await;
    if t.is_pg() {
        assert_eq!(partition_of(t, early).await, "api_requests_default");
    }
    let report = operations::maintain(
        &t.db,
        &Maintenance {
            months_ahead: 5,
            ..Maintenance::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        t.count("SELECT COUNT(*) FROM api_requests", vec![]).await,
        3,
        "{report}"
    );
    if t.is_pg() {
        assert_eq!(partition_of(t, early).await, partition("api_requests", 5));
        assert_eq!(partition_of(t, also).await, partition("api_requests", 5));
        assert_eq!(partition_of(t, later).await, "api_requests_default");
        assert_eq!(
            t.count("SELECT COUNT(*) FROM api_requests_default", vec![])
                .await,
            1
        );
    }
}

async fn retention_drops_exactly_the_old_months(t: &TestDb) {
    // Half a year ago, maintenance made the months from then on.
    let then = in_month(-6).date_naive();
    let past = Maintenance {
        months_ahead: 3,
        today: then,
        ..Maintenance::default()
    };
    let made = operations::maintain(&t.db, &past).await.unwrap();
    let mut ids = Vec::new();
    for offset in [-30, -6, -5, -4, -3, -2, 0] {
        ids.push((offset, request_at(t, in_month(offset)).await));
    }
    // The first instant of the oldest month kept, and the last one before it.
    let cutoff = in_month(-3)
        .date_naive()
        .with_day(1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let edge_kept = request_at(t, cutoff).await;
    let edge_gone = request_at(t, cutoff - TimeDelta::microseconds(1)).await;

    let report = operations::maintain(
        &t.db,
        &Maintenance {
            retain_months: Some(3),
            ..Maintenance::default()
        },
    )
    .await
    .unwrap();
    let left: Vec<Uuid> = t
        .query("SELECT id FROM api_requests", vec![])
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let mut expected: Vec<Uuid> = ids
        .iter()
        .filter(|(offset, _)| *offset >= -3)
        .map(|(_, id)| *id)
        .chain([edge_kept])
        .collect();
    expected.sort();
    let mut left_sorted = left.clone();
    left_sorted.sort();
    assert_eq!(left_sorted, expected, "{made}\n{report}");
    assert!(!left.contains(&edge_gone));
    let requests = report
        .tables
        .iter()
        .find(|r| r.table == "api_requests")
        .unwrap();
    if t.is_pg() {
        let dropped: Vec<String> = (-6..=-4).map(|m| partition("api_requests", m)).collect();
        assert_eq!(requests.dropped, dropped, "{report}");
        assert_eq!(
            requests.rows_deleted, 1,
            "the row of 30 months ago, in DEFAULT: {report}"
        );
        let survivors = t
            .count(
                &format!(
                    "SELECT COUNT(*) FROM pg_class WHERE relname IN ('{}', '{}')",
                    partition("api_requests", -3),
                    partition("api_requests", -7)
                ),
                vec![],
            )
            .await;
        assert_eq!(
            survivors, 1,
            "the oldest kept month stays; nothing older was ever made"
        );
    } else {
        assert_eq!(requests.rows_deleted, 5, "{report}");
    }
    let again = operations::maintain(
        &t.db,
        &Maintenance {
            retain_months: Some(3),
            ..Maintenance::default()
        },
    )
    .await
    .unwrap();
    assert!(again.changed_nothing(), "{again}");
}

async fn health_check_reports_a_live_database(t: &TestDb) {
    insert_user(t, "healthy", true).await;
    let health = operations::health_check(&t.db, Duration::from_secs(5)).await;
    assert_eq!(health.status, HealthStatus::Healthy, "{health:?}");
    let version = health.server_version.clone().unwrap_or_default();
    assert!(
        version.starts_with(if t.is_pg() { "PostgreSQL" } else { "SQLite" }),
        "{health:?}"
    );
    let name = health.database_name.clone().unwrap_or_default();
    assert!(t.url.contains(&name) && !name.is_empty(), "{health:?}");
    assert!(health.size_bytes.unwrap_or(0) > 0, "{health:?}");
    assert_eq!(health.users, Some(1), "{health:?}");
    let newest = migration::Migrator::migrations()
        .last()
        .map(|m| m.name().to_owned());
    assert_eq!(health.migration_version, newest, "{health:?}");
    let pool = health.pool.expect("pool statistics");
    assert!(
        pool.max > 0 && pool.open >= 1 && pool.idle <= pool.open,
        "{pool:?}"
    );
    assert!(health.error.is_none(), "{health:?}");
}

async fn health_check_of_an_unreachable_database_answers_within_its_timeout(t: &TestDb) {
    let url = if t.is_pg() {
        // Nothing listens on port 1.
        "postgres://postgres@127.0.0.1:1/eatsential".to_owned()
    } else {
        "sqlite:///nonexistent-directory/eatsential.db?mode=ro".to_owned()
    };
    let limit = Duration::from_secs(2);
    let health = operations::health_check_url(&url, limit).await;
    assert_ne!(health.status, HealthStatus::Healthy, "{health:?}");
    assert!(
        health.elapsed < limit + Duration::from_millis(500),
        "{health:?}"
    );
    assert!(
        health.error.is_some() && health.users.is_none(),
        "{health:?}"
    );

    if t.is_pg() {
        // A database that is up but does not answer: the users table is locked by another
        // transaction. The check gives up at its deadline.
        use sea_orm::TransactionTrait;
        let blocker = t.db.begin().await.unwrap();
        blocker
            .execute_unprepared("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        let limit = Duration::from_millis(700);
        let health = operations::health_check_url(&t.url, limit).await;
        assert_eq!(health.status, HealthStatus::TimedOut, "{health:?}");
        assert!(
            health.elapsed < limit + Duration::from_millis(500),
            "{health:?}"
        );
        blocker.rollback().await.unwrap();
    }
}

async fn a_backup_under_a_concurrent_writer_holds_every_committed_row(t: &TestDb) {
    let dir = std::env::temp_dir().join(format!("eatsential-backups-{}", Uuid::new_v4().simple()));
    if t.is_pg() {
        let refused = operations::backup_sqlite(&t.db, &dir).await.unwrap_err();
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        return;
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let committed = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Uuid>::new()));
    let writer = {
        let (db, stop, committed) = (t.db.clone(), stop.clone(), committed.clone());
        tokio::spawn(async move {
            let mut n = 0_u32;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || n < 200 {
                let id = Uuid::new_v4();
                db.execute_raw(sea_orm::Statement::from_sql_and_values(
                    sea_orm::DbBackend::Sqlite,
                    "INSERT INTO performance_metrics (id, metric_name, metric_value) VALUES ($1, 'w', $2)",
                    [id.into(), f64::from(n).into()],
                ))
                .await
                .expect("the writer keeps writing during the backup");
                committed.lock().unwrap().push(id);
                n += 1;
            }
            n
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let before: Vec<Uuid> = committed.lock().unwrap().clone();
    let path = operations::backup_sqlite(&t.db, &dir).await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = writer.await.unwrap();
    assert!(!before.is_empty() && written as usize > before.len());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("eatsential-") && name.ends_with("Z.db"),
        "{name}"
    );

    let copy = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", path.display()))
        .await
        .unwrap();
    let check = copy
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
    let in_copy: std::collections::BTreeSet<Uuid> = copy
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT id FROM performance_metrics",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let missing = before.iter().filter(|id| !in_copy.contains(id)).count();
    assert_eq!(
        missing, 0,
        "rows committed before the backup began are in it"
    );
    assert!(in_copy.len() <= written as usize);
    copy.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

dual!(
    log_rules_refuse_bad_rows_and_accept_good_ones,
    a_users_log_rows_go_with_the_user,
    every_month_takes_rows_and_maintenance_is_idempotent,
    concurrent_maintenance_runs_both_succeed,
    a_month_made_after_its_rows_landed_in_default_keeps_them,
    retention_drops_exactly_the_old_months,
    health_check_reports_a_live_database,
    health_check_of_an_unreachable_database_answers_within_its_timeout,
    a_backup_under_a_concurrent_writer_holds_every_committed_row,
);

/// `migration maintain` and `migration backup`, as an operator's cron job runs them.
async fn the_cli_maintains_and_backs_up(t: &TestDb) {
    use crate::cli::{one_error_line, run};
    let url = t.url.as_str();
    let first = run(&["-u", url, "maintain", "--months-ahead", "4"], &[]);
    assert!(first.ok, "{}{}", first.stdout, first.stderr);
    assert_eq!(
        first.stdout.lines().count(),
        3,
        "a line per table: {}",
        first.stdout
    );
    let made = partition("user_activities", 4);
    assert_eq!(first.stdout.contains(&made), t.is_pg(), "{}", first.stdout);
    let again = run(&["-u", url, "maintain", "--retain-months", "12"], &[]);
    assert!(again.ok, "{}", again.stderr);
    assert!(
        again
            .stdout
            .lines()
            .all(|l| l.ends_with("created none; dropped none; 0 old rows deleted")),
        "{}",
        again.stdout
    );

    let dir =
        std::env::temp_dir().join(format!("eatsential-cli-backup-{}", Uuid::new_v4().simple()));
    let dir_text = dir.display().to_string();
    let backup = run(&["-u", url, "backup", "--to", &dir_text], &[]);
    if t.is_pg() {
        assert!(
            one_error_line(&backup).contains("pg_dump"),
            "{}",
            backup.stderr
        );
    } else {
        assert!(backup.ok, "{}", backup.stderr);
        let path = backup.stdout.trim().strip_prefix("backed up to ").unwrap();
        assert!(std::path::Path::new(path).is_file(), "{}", backup.stdout);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

dual!(the_cli_maintains_and_backs_up);

async fn the_service_writes_and_reads_log_rows(t: &TestDb) {
    use entity::types::HttpMethod;
    use service::Error;
    use service::operations::{NewActivity, NewApiRequest};
    let ada = crate::harness::verified_user(t, "ada").await;
    let bob = crate::harness::verified_user(t, "bob").await;
    let recipe = Uuid::new_v4();
    for kind in ["recipe.viewed", "recipe.saved"] {
        operations::record_activity(
            &t.db,
            ada,
            NewActivity {
                activity_type: kind.to_owned(),
                entity: Some(("recipe".to_owned(), recipe)),
                metadata: Some(serde_json::json!({"source": "search", "rank": 2})),
                ..NewActivity::default()
            },
        )
        .await
        .unwrap();
    }
    operations::record_activity(
        &t.db,
        bob,
        NewActivity {
            activity_type: "plan.opened".to_owned(),
            ..NewActivity::default()
        },
    )
    .await
    .unwrap();
    let mine = operations::list_activities(&t.db, ada, 10).await.unwrap();
    let kinds: Vec<&str> = mine.iter().map(|a| a.activity_type.as_str()).collect();
    assert_eq!(
        kinds,
        ["recipe.saved", "recipe.viewed"],
        "newest first, Ada's only"
    );
    assert_eq!(mine[0].entity_id, Some(recipe));
    assert_eq!(
        mine[0].metadata,
        Some(serde_json::json!({"rank": 2, "source": "search"}))
    );

    let bad = operations::record_activity(
        &t.db,
        ada,
        NewActivity {
            activity_type: "Viewed".to_owned(),
            ..NewActivity::default()
        },
    )
    .await;
    assert!(
        matches!(bad, Err(Error::Validation { ref field, .. }) if field == "activity_type"),
        "{bad:?}"
    );
    let ghost = operations::record_activity(
        &t.db,
        service::Actor::new(Uuid::new_v4()),
        NewActivity {
            activity_type: "x".to_owned(),
            ..NewActivity::default()
        },
    )
    .await;
    assert!(
        matches!(
            ghost,
            Err(Error::NotFound {
                what: Subject::User
            })
        ),
        "{ghost:?}"
    );

    let request = NewApiRequest {
        user_id: None,
        method: HttpMethod::Post,
        endpoint: "/api/login".to_owned(),
        status_code: 401,
        duration_ms: 35,
        request_bytes: Some(120),
        response_bytes: None,
        ip_address: Some("2001:db8::1".to_owned()),
        user_agent: Some("curl/8".to_owned()),
        error_message: Some("bad password".to_owned()),
    };
    let stored = operations::record_api_request(&t.db, request.clone())
        .await
        .unwrap();
    assert_eq!(
        (stored.user_id, stored.method, stored.status_code),
        (None, HttpMethod::Post, 401)
    );
    operations::record_api_request(
        &t.db,
        NewApiRequest {
            user_id: Some(ada.id()),
            status_code: 200,
            ..request.clone()
        },
    )
    .await
    .unwrap();
    for (field, wrong) in [
        (
            "status_code",
            NewApiRequest {
                status_code: 42,
                ..request.clone()
            },
        ),
        (
            "duration_ms",
            NewApiRequest {
                duration_ms: -1,
                ..request.clone()
            },
        ),
        (
            "response_bytes",
            NewApiRequest {
                response_bytes: Some(-3),
                ..request.clone()
            },
        ),
        (
            "endpoint",
            NewApiRequest {
                endpoint: " ".to_owned(),
                ..request.clone()
            },
        ),
        (
            "user_agent",
            NewApiRequest {
                user_agent: Some("a\0b".to_owned()),
                ..request.clone()
            },
        ),
    ] {
        let refused = operations::record_api_request(&t.db, wrong).await;
        assert!(
            matches!(refused, Err(Error::Validation { field: ref f, .. }) if f == field),
            "{field}: {refused:?}"
        );
    }
    assert_eq!(
        t.count("SELECT COUNT(*) FROM api_requests", vec![]).await,
        2
    );
}

dual!(the_service_writes_and_reads_log_rows);
