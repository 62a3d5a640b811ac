//! Issue 10: the log tables' rules, partitions and their maintenance, the health check and the
//! SQLite backup. Every test runs on both backends; what only PostgreSQL has (partitions) is
//! asserted there in addition.
//!
//! By topic: the tables' rules and cascades through raw SQL (`log_rules`), the month partitions
//! and their maintenance (`partitions`), the health check (`health_check`), the SQLite backup
//! (`backup`), both as an operator's cron job runs them (`cli`), and the service's calls that
//! write and read log rows (`service_calls`). The helpers here place rows in months.
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entity::types::Timestamp;
use sea_orm::Value;
use uuid::Uuid;

use crate::harness::TestDb;

mod backup;
mod cli;
mod health_check;
mod log_rules;
mod partitions;
mod service_calls;

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
