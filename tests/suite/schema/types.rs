//! Column types: values of another type are refused (on SQLite by stand-in CHECKs, whose
//! refusals go beyond PostgreSQL's only where it would round), and exact values read back
//! exactly.
use chrono::Utc;

use crate::harness::{
    TestDb, assert_accepted, assert_refused, insert_profile, insert_user, per_backend,
};

async fn column_types_are_enforced(t: &TestDb) {
    let id = insert_user(t, "typed", false).await;
    for (sql, why) in [
        (
            "UPDATE users SET is_active = '2' WHERE id = $1",
            per_backend("sqlstate:22P02", "chk_is_active_boolean"),
        ),
        (
            "UPDATE users SET created_at = 'yesterday-ish' WHERE id = $1",
            per_backend("sqlstate:22007", "chk_created_at_timestamp"),
        ),
        (
            "UPDATE users SET id = 'not-a-uuid' WHERE id = $1",
            per_backend("sqlstate:22P02", "chk_id_uuid"),
        ),
        (
            "UPDATE users SET username = NULL WHERE id = $1",
            "not_null:username".into(),
        ),
    ] {
        assert_refused(t, why, sql, vec![id.into()]).await;
    }
    let profile = insert_profile(t, (insert_user(t, "typed2", true).await).id()).await;
    for (sql, why) in [
        (
            "UPDATE health_profiles SET height_cm = 'tall' WHERE id = $1",
            per_backend("sqlstate:22P02", "chk_height_cm_integer"),
        ),
        (
            "UPDATE health_profiles SET date_of_birth = '1990-02-30' WHERE id = $1",
            per_backend("sqlstate:22008", "chk_date_of_birth_date"),
        ),
        (
            "UPDATE health_profiles SET weight_kg = 1000 WHERE id = $1",
            per_backend("sqlstate:22003", "chk_weight_kg_decimal"),
        ),
        (
            "UPDATE health_profiles SET weight_kg = 'heavy' WHERE id = $1",
            per_backend("sqlstate:22P02", "chk_weight_kg_decimal"),
        ),
    ] {
        assert_refused(t, why, sql, vec![profile.into()]).await;
    }
}

/// Assignments to a health profile that only SQLite's type CHECKs refuse, with the CHECK.
const SQLITE_TYPE_REFUSALS: &[(&str, &str)] = &[
    // a fraction in an integer column
    ("height_cm = 180.5", "chk_height_cm_integer"),
    // a third decimal in DECIMAL(5,2)
    ("weight_kg = 72.555", "chk_weight_kg_decimal"),
    ("date_of_birth = '1990-02-30'", "chk_date_of_birth_date"),
    // not ISO 8601
    ("date_of_birth = '1990-1-5'", "chk_date_of_birth_date"),
    ("date_of_birth = '0000-01-01'", "chk_date_of_birth_date"),
    (
        "created_at = '2026-02-31T00:00:00+00:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '2026-01-01T24:00:00+00:00'",
        "chk_created_at_timestamp",
    ),
    // the other SQLite text format
    (
        "created_at = '2026-01-01 00:00:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '2026-01-01T00:00:00+02:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '2026-01-01T00:00:00Z'",
        "chk_created_at_timestamp",
    ),
    // one instant, one text: no zero fraction, no trailing zeros, 0, 3 or 6 digits
    (
        "created_at = '2026-01-01T00:00:00.000+00:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '2026-01-01T00:00:00.500000+00:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '2026-01-01T00:00:00.5+00:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '2026-01-01T00:00:00.123456789+00:00'",
        "chk_created_at_timestamp",
    ),
    // text between the seconds and the offset
    (
        "created_at = '2026-01-01T00:00:00 x+00:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '2026-01-01T00:00:00.12x+00:00'",
        "chk_created_at_timestamp",
    ),
    (
        "created_at = '0000-01-01T00:00:00+00:00'",
        "chk_created_at_timestamp",
    ),
    ("id = X'00'", "chk_id_uuid"),
];

/// SQLite's stand-ins for PostgreSQL types, with values inside every range CHECK, so only the
/// type CHECK can refuse them. (PostgreSQL refuses each by its column type, or, for 180.5 into
/// an integer, rounds it: SQLite refusing is the closer of the two faithful choices.)
async fn sqlite_type_checks_refuse_in_range_values(t: &TestDb) {
    let user = insert_user(t, "instances", true).await;
    let profile = insert_profile(t, user.id()).await;
    let set = |assignment: &str| format!("UPDATE health_profiles SET {assignment} WHERE id = $1");
    assert_accepted(
        t,
        "REAL holds two decimals",
        &set("weight_kg = 72.55"),
        vec![profile.into()],
    )
    .await;
    assert_accepted(
        t,
        "text that is a number",
        &set("weight_kg = '72.5'"),
        vec![profile.into()],
    )
    .await;
    if t.is_pg() {
        return;
    }
    for (assignment, rule) in SQLITE_TYPE_REFUSALS {
        assert_refused(t, *rule, &set(assignment), vec![profile.into()]).await;
    }
    for canonical in [
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T00:00:00.500+00:00",
        "2026-01-01T00:00:00.000001+00:00",
    ] {
        assert_accepted(
            t,
            "canonical timestamp text",
            &set(&format!("created_at = '{canonical}'")),
            vec![profile.into()],
        )
        .await;
    }
}

async fn decimals_and_timestamps_round_trip_exactly(t: &TestDb) {
    use entity::health_profiles;
    use entity::types::{Numeric, Timestamp};
    use sea_orm::EntityTrait;

    let user = insert_user(t, "exact", true).await;
    let profile = insert_profile(t, user.id()).await;
    let precise = chrono::DateTime::parse_from_rfc3339("2026-11-22T01:46:39.012269364+00:00")
        .unwrap()
        .with_timezone(&Utc);
    for weight in ["20.00", "72.50", "72.05", "499.99", "123.45"] {
        let w: Numeric<5, 2> = weight.parse().unwrap();
        t.exec(
            "UPDATE health_profiles SET weight_kg = $1, created_at = $2 WHERE id = $3",
            vec![
                w.into(),
                Timestamp::new(precise).unwrap().into(),
                profile.into(),
            ],
        )
        .await
        .unwrap();
        let back = health_profiles::Entity::find_by_id(profile)
            .one(&t.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back.weight_kg.unwrap().to_string(), weight);
        assert_eq!(
            back.created_at.as_datetime().to_rfc3339(),
            "2026-11-22T01:46:39.012269+00:00"
        );
    }
}

dual!(
    column_types_are_enforced,
    sqlite_type_checks_refuse_in_range_values,
    decimals_and_timestamps_round_trip_exactly,
);
