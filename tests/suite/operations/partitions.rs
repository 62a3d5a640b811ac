//! The month partitions of the log tables (PostgreSQL; SQLite has one table) and their
//! maintenance: rows of any month land somewhere, maintenance makes the months ahead once,
//! moves rows out of DEFAULT and drops or deletes what retention no longer keeps.
use chrono::{Datelike, TimeDelta};
use service::operations::{self, Maintenance, MaintenanceReport};
use uuid::Uuid;

use super::{in_month, partition, partition_of, request_at};
use crate::harness::TestDb;

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

/// Requests half a year back and more, in partitions an earlier maintenance made, and the
/// ones the retention of three months must keep.
struct OldRequests {
    /// The report of the maintenance run half a year ago.
    made: MaintenanceReport,
    /// The requests of the last three months and this one.
    kept: Vec<Uuid>,
    /// A request at the last instant before the oldest month kept.
    edge_gone: Uuid,
}

/// Half a year ago, maintenance made the months from then on; requests then came in for 30,
/// 6 to 2 months ago and this month, and on either side of the oldest month to keep.
async fn old_requests(t: &TestDb) -> OldRequests {
    let past = Maintenance {
        months_ahead: 3,
        today: in_month(-6).date_naive(),
        ..Maintenance::default()
    };
    let made = operations::maintain(&t.db, &past).await.unwrap();
    let mut kept = Vec::new();
    for offset in [-30, -6, -5, -4, -3, -2, 0] {
        let id = request_at(t, in_month(offset)).await;
        if offset >= -3 {
            kept.push(id);
        }
    }
    // The first instant of the oldest month kept, and the last one before it.
    let cutoff = in_month(-3)
        .date_naive()
        .with_day(1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    kept.push(request_at(t, cutoff).await);
    let edge_gone = request_at(t, cutoff - TimeDelta::microseconds(1)).await;
    OldRequests {
        made,
        kept,
        edge_gone,
    }
}

async fn retain_three_months(t: &TestDb) -> MaintenanceReport {
    let retain = Maintenance {
        retain_months: Some(3),
        ..Maintenance::default()
    };
    operations::maintain(&t.db, &retain).await.unwrap()
}

async fn retention_keeps_exactly_the_rows_from_its_cutoff_on(t: &TestDb) {
    let old = old_requests(t).await;
    let report = retain_three_months(t).await;
    let left: Vec<Uuid> = t
        .query("SELECT id FROM api_requests", vec![])
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let mut expected = old.kept.clone();
    expected.sort();
    let mut left_sorted = left.clone();
    left_sorted.sort();
    assert_eq!(left_sorted, expected, "{}\n{report}", old.made);
    assert!(!left.contains(&old.edge_gone));
}

async fn retention_drops_whole_old_months_and_deletes_older_rows_once(t: &TestDb) {
    old_requests(t).await;
    let report = retain_three_months(t).await;
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
    let again = retain_three_months(t).await;
    assert!(again.changed_nothing(), "{again}");
}

dual!(
    every_month_takes_rows_and_maintenance_is_idempotent,
    concurrent_maintenance_runs_both_succeed,
    a_month_made_after_its_rows_landed_in_default_keeps_them,
    retention_keeps_exactly_the_rows_from_its_cutoff_on,
    retention_drops_whole_old_months_and_deletes_older_rows_once,
);
