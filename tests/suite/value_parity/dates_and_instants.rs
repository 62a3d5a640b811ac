//! Dates and instants: a negative year is refused on both, and an audit snapshot writes its
//! instants in UTC whatever the session's time zone.
use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};
use uuid::Uuid;

use super::{own_connection, profile_row, user_row};
use crate::harness::{TestDb, assert_accepted, assert_refused, per_backend};

async fn dates_with_a_negative_year_are_refused_on_both(t: &TestDb) {
    let user = user_row(t, "bc_born").await;
    let profile = profile_row(t, user).await;
    // PostgreSQL reads the second as a date and a time zone, and refuses the zone.
    for (date, postgres) in [
        ("-0001-01-01", "sqlstate:22007"),
        ("-0100-06-15", "sqlstate:22009"),
    ] {
        assert_refused(
            t,
            per_backend(postgres, "chk_date_of_birth_date"),
            &format!("UPDATE health_profiles SET date_of_birth = '{date}' WHERE id = $1"),
            vec![profile.into()],
        )
        .await;
    }
    assert_accepted(
        t,
        "a date of the common era",
        "UPDATE health_profiles SET date_of_birth = '1990-05-01' WHERE id = $1",
        vec![profile.into()],
    )
    .await;
}

/// The audit snapshot of an instant: `+00:00` on both, whatever time zone the PostgreSQL
/// session uses (migration 19 sets UTC on the trigger function). The fraction stays each
/// backend's own: PostgreSQL's `to_jsonb` drops trailing zeros (`.5`), SQLite keeps the stored
/// text (`.500`); both are RFC 3339 for the same instant.
async fn audit_snapshots_write_instants_in_utc(t: &TestDb) {
    let user = user_row(t, "audited_zone").await;
    let db = own_connection(t).await;
    let txn = db.begin().await.unwrap();
    if t.is_pg() {
        txn.execute_unprepared("SET LOCAL TIME ZONE 'Europe/Paris'")
            .await
            .unwrap();
    }
    let profile = Uuid::new_v4();
    txn.execute_raw(Statement::from_sql_and_values(
        t.backend,
        if t.is_pg() {
            "INSERT INTO public.health_profiles (id, user_id, height_cm, created_at) VALUES ($1, $2, 180, $3)"
        } else {
            "INSERT INTO health_profiles (id, user_id, height_cm, created_at) VALUES ($1, $2, 180, $3)"
        },
        vec![
            profile.into(),
            user.into(),
            if t.is_pg() {
                Value::from(
                    chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00.5+00:00")
                        .unwrap()
                        .with_timezone(&chrono::Utc),
                )
            } else {
                Value::from("2026-01-01T00:00:00.500+00:00")
            },
        ],
    ))
    .await
    .unwrap();
    let json_text = if t.is_pg() {
        "SELECT new_data ->> 'created_at' FROM audit.data_changes WHERE record_id = $1"
    } else {
        "SELECT new_data ->> '$.created_at' FROM data_changes WHERE record_id = $1"
    };
    let rows = txn
        .query_all_raw(Statement::from_sql_and_values(
            t.backend,
            json_text,
            vec![profile.into()],
        ))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let written: String = rows[0].try_get_by_index(0).unwrap();
    let expected = if t.is_pg() {
        "2026-01-01T00:00:00.5+00:00"
    } else {
        "2026-01-01T00:00:00.500+00:00"
    };
    assert_eq!(written, expected, "{:?}", t.backend);
}

dual!(
    dates_with_a_negative_year_are_refused_on_both,
    audit_snapshots_write_instants_in_utc,
);
