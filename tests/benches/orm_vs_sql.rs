//! How much the service layer costs over hand-written SQL, measured in the same run on the same
//! database: `cargo bench -p eatsential-tests` (PostgreSQL too when `TEST_POSTGRES_URL` is set).
//!
//! Prints, per backend and operation, the median time of the service call and of the same query
//! written by hand (`query_all_raw`, decoding the same columns), and their ratio.
use std::time::{Duration, Instant};

use entity::types::{Severity, TextList, Timestamp};
use sea_orm::{ConnectionTrait, Statement};
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
    println!(
        "{backend:<10} {operation:<28} service {:>8.1} µs   hand-written SQL {:>8.1} µs   ratio {:.2}",
        service.as_secs_f64() * 1e6,
        by_hand.as_secs_f64() * 1e6,
        service.as_secs_f64() / by_hand.as_secs_f64()
    );
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
         WHERE ua.user_id = {} ORDER BY a.name",
        p(1)
    );
    let by_hand = || async {
        let rows =
            t.db.query_all_raw(Statement::from_sql_and_values(
                t.backend,
                &list_sql,
                [user_id.into()],
            ))
            .await
            .unwrap();
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
    let email_sql = format!(
        "SELECT id, username, email, password_hash, is_email_verified, is_active, created_at, updated_at, deleted_at \
         FROM users WHERE lower(email) = {} AND deleted_at IS NULL LIMIT 1",
        p(1)
    );
    let by_hand = || async {
        let row =
            t.db.query_one_raw(Statement::from_sql_and_values(
                t.backend,
                &email_sql,
                ["bencher@example.com".into()],
            ))
            .await
            .unwrap();
        let row = row.unwrap();
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
        "SELECT bmr_calories FROM health_profile_bmr WHERE user_id = {}",
        p(1)
    );
    let by_hand = || async {
        let _ =
            t.db.query_one_raw(Statement::from_sql_and_values(
                t.backend,
                &bmr_sql,
                [user_id.into()],
            ))
            .await
            .unwrap();
    };
    let (service, by_hand) = compare(service, by_hand).await;
    report(name, "read_bmr (view)", service, by_hand);
}

#[tokio::main]
async fn main() {
    let sqlite = harness::TestDb::sqlite("bench").await;
    bench(&sqlite).await;
    if let Some(pg) = harness::TestDb::postgres("bench").await {
        bench(&pg).await;
    }
}
