//! How much the service layer costs over hand-written SQL, measured in the same run on the same
//! database: `cargo bench -p eatsential-tests` (PostgreSQL too when `TEST_POSTGRES_URL` is set).
//!
//! Prints, per backend and operation, the median time of the service call and of the same work
//! written by hand (the same SQL with `query_all_raw`, decoding the same columns, inside the same
//! kind of transaction naming the acting user, as row-level security needs), and their ratio;
//! then what that transaction costs over the bare query, by hand on both sides.
use std::time::{Duration, Instant};

use entity::types::{Severity, TextList, Timestamp};
use sea_orm::{
    AccessMode, ConnectionTrait, DbBackend, QueryResult, Statement, TransactionOptions,
    TransactionTrait, Value,
};
use service::accounts;
use service::health::{self, AllergenRef, AllergyInput, ProfileInput};

#[allow(dead_code, unused_macros)]
#[path = "../suite/harness.rs"]
mod harness;

const ROUNDS: usize = 2000;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Median time of each of two operations, run alternately so drift in the machine's load
/// falls on both alike.
async fn compare<A, FA, B, FB>(mut service: A, mut by_hand: B) -> (Duration, Duration)
where
    A: FnMut() -> FA,
    FA: std::future::Future<Output = ()>,
    B: FnMut() -> FB,
    FB: std::future::Future<Output = ()>,
{
    for _ in 0..ROUNDS / 10 {
        service().await; // warm the statement caches and the pool
        by_hand().await;
    }
    let (mut a, mut b) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    for _ in 0..ROUNDS {
        let start = Instant::now();
        service().await;
        a.push(start.elapsed());
        let start = Instant::now();
        by_hand().await;
        b.push(start.elapsed());
    }
    (median(a), median(b))
}

fn report(backend: &str, operation: &str, service: Duration, by_hand: Duration) {
    report_as(
        backend,
        operation,
        ("service", service),
        ("hand-written SQL", by_hand),
    );
}

fn report_as(backend: &str, operation: &str, a: (&str, Duration), b: (&str, Duration)) {
    println!(
        "{backend:<10} {operation:<22} {} {:>8.1} µs   {} {:>8.1} µs   ratio {:.2}",
        a.0,
        a.1.as_secs_f64() * 1e6,
        b.0,
        b.1.as_secs_f64() * 1e6,
        a.1.as_secs_f64() / b.1.as_secs_f64()
    );
}

/// What `service::acting::read` does around a query, by hand: a transaction (read-only on
/// PostgreSQL) that names the acting user, the query, the commit.
async fn acting_query(
    t: &harness::TestDb,
    actor: Option<uuid::Uuid>,
    sql: &str,
    values: Vec<Value>,
) -> Vec<QueryResult> {
    let pg = t.backend == DbBackend::Postgres;
    let txn =
        t.db.begin_with_options(TransactionOptions {
            access_mode: pg.then_some(AccessMode::ReadOnly),
            ..Default::default()
        })
        .await
        .unwrap();
    if pg {
        let actor = actor.map(|id| id.to_string()).unwrap_or_default();
        txn.execute_unprepared(&format!(
            "SELECT set_config('app.current_user_id', '{actor}', true)"
        ))
        .await
        .unwrap();
    }
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(t.backend, sql, values))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    rows
}

async fn bench(t: &harness::TestDb) {
    let name = if t.is_pg() { "postgres" } else { "sqlite" };
    let user_id = harness::verified_user(t, "bencher").await;
    health::upsert_profile(&t.db, Some(user_id), user_id, ProfileInput::default())
        .await
        .unwrap();
    for allergen in ["Peanuts", "Milk", "Eggs", "Wheat", "Soy"] {
        health::add_allergy(
            &t.db,
            user_id,
            AllergenRef::Name(allergen),
            AllergyInput::new(Severity::Severe),
        )
        .await
        .unwrap();
    }
    let p = |n: usize| {
        if t.is_pg() {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    };

    let service = || async {
        assert_eq!(
            health::list_allergies(&t.db, user_id).await.unwrap().len(),
            5
        );
    };
    // The same join, columns and ordering, decoded by hand into the same values.
    let list_sql = format!(
        "SELECT ua.id, ua.user_id, ua.health_profile_id, ua.allergen_id, ua.severity, ua.notes, \
                ua.diagnosed_date, ua.created_at, ua.updated_at, \
                a.id, a.name, a.category, a.description, a.common_foods, a.is_active, a.fda_recognized, a.created_at \
         FROM user_allergies ua JOIN allergens a ON a.id = ua.allergen_id \
         WHERE ua.user_id = {} AND ua.user_id IN (SELECT id FROM users WHERE deleted_at IS NULL) \
         ORDER BY a.name",
        p(1)
    );
    let by_hand = || async {
        let rows = acting_query(t, Some(user_id), &list_sql, vec![user_id.into()]).await;
        let decoded = rows
            .iter()
            .map(|r| {
                let id: uuid::Uuid = r.try_get_by_index(0)?;
                let severity: Severity = r.try_get_by_index(4)?;
                let notes: Option<String> = r.try_get_by_index(5)?;
                let diagnosed: Option<chrono::NaiveDate> = r.try_get_by_index(6)?;
                let stamps: (Timestamp, Timestamp) =
                    (r.try_get_by_index(7)?, r.try_get_by_index(8)?);
                let name: String = r.try_get_by_index(10)?;
                let foods: TextList = r.try_get_by_index(13)?;
                let flags: (bool, bool) = (r.try_get_by_index(14)?, r.try_get_by_index(15)?);
                Ok::<_, sea_orm::DbErr>((
                    id, severity, notes, diagnosed, stamps, name, foods, flags,
                ))
            })
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(decoded.len(), 5);
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "list_allergies (join)", service, by_hand);

    let service = || async {
        assert!(
            accounts::find_by_email(&t.db, "Bencher@example.com")
                .await
                .unwrap()
                .is_some()
        );
    };
    // PostgreSQL signs in through the SECURITY DEFINER function, as the service does.
    let email_sql = if t.is_pg() {
        "SELECT id, username, email, password_hash, is_email_verified, is_active, created_at, updated_at, deleted_at \
         FROM auth.user_for_login($1)".to_owned()
    } else {
        "SELECT id, username, email, password_hash, is_email_verified, is_active, created_at, updated_at, deleted_at \
         FROM users WHERE lower(email) = ? AND deleted_at IS NULL LIMIT 1".to_owned()
    };
    let by_hand = || async {
        let rows = acting_query(t, None, &email_sql, vec!["bencher@example.com".into()]).await;
        let row = &rows[0];
        let decoded: (
            uuid::Uuid,
            String,
            String,
            String,
            bool,
            bool,
            Timestamp,
            Timestamp,
            Option<Timestamp>,
        ) = (
            row.try_get_by_index(0).unwrap(),
            row.try_get_by_index(1).unwrap(),
            row.try_get_by_index(2).unwrap(),
            row.try_get_by_index(3).unwrap(),
            row.try_get_by_index(4).unwrap(),
            row.try_get_by_index(5).unwrap(),
            row.try_get_by_index(6).unwrap(),
            row.try_get_by_index(7).unwrap(),
            row.try_get_by_index(8).unwrap(),
        );
        assert!(decoded.8.is_none());
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "find_by_email", service, by_hand);

    let service = || async {
        assert!(health::read_bmr(&t.db, user_id).await.unwrap().is_none());
    };
    let bmr_sql = format!(
        "SELECT bmr_calories FROM health_profile_bmr WHERE user_id = {} \
         AND user_id IN (SELECT id FROM users WHERE deleted_at IS NULL)",
        p(1)
    );
    let by_hand = || async {
        let _ = acting_query(t, Some(user_id), &bmr_sql, vec![user_id.into()]).await;
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "read_bmr (view)", service, by_hand);

    // What naming the acting user costs: the same hand-written query, in the transaction and
    // bare.
    let bare = || async {
        let _ =
            t.db.query_all_raw(Statement::from_sql_and_values(
                t.backend,
                &bmr_sql,
                [user_id.into()],
            ))
            .await
            .unwrap();
    };
    let in_transaction = || async {
        let _ = acting_query(t, Some(user_id), &bmr_sql, vec![user_id.into()]).await;
    };
    let (in_transaction, bare) = compare(in_transaction, bare).await;
    report_as(
        name,
        "naming the acting user",
        ("in its transaction", in_transaction),
        ("bare query", bare),
    );
}

#[tokio::main]
async fn main() {
    let sqlite = harness::TestDb::sqlite("bench").await;
    bench(&sqlite).await;
    if let Some(pg) = harness::TestDb::postgres("bench").await {
        bench(&pg).await;
    }
    harness::drop_templates().await;
}
