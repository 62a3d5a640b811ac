//! Health profiles, the allergies and diets that hang from them, and the triggers that keep
//! their `updated_at`.
use chrono::{Months, Utc};
use sea_orm::Value;
use service::Actor;
use uuid::Uuid;

use crate::harness::{
    TestDb, allergen_id, assert_accepted, assert_refused, insert_profile, insert_user,
};

async fn health_profile_ranges(t: &TestDb) {
    let user = insert_user(t, "ranges", true).await;
    let profile = insert_profile(t, user.id()).await;
    let today = Utc::now().date_naive();
    let thirteen = today.checked_sub_months(Months::new(13 * 12)).unwrap();
    let twelve = today.checked_sub_months(Months::new(12 * 12)).unwrap();
    let set = |column: &str| format!("UPDATE health_profiles SET {column} = $1 WHERE id = $2");
    for (column, good, bad) in [
        ("height_cm", Value::from(50), Value::from(49)),
        ("height_cm", Value::from(300), Value::from(301)),
        (
            "weight_kg",
            rust_decimal::Decimal::new(2000, 2).into(),
            rust_decimal::Decimal::new(1999, 2).into(),
        ),
        (
            "weight_kg",
            rust_decimal::Decimal::new(50000, 2).into(),
            rust_decimal::Decimal::new(50001, 2).into(),
        ),
        ("date_of_birth", thirteen.into(), twelve.into()),
        ("gender", "prefer_not_to_say".into(), "robot".into()),
        ("activity_level", "very_active".into(), "couch".into()),
    ] {
        let rule = match column {
            "height_cm" => "chk_height_range",
            "weight_kg" => "chk_weight_range",
            "date_of_birth" => "chk_age_minimum",
            "gender" => "chk_gender_values",
            _ => "chk_activity_level",
        };
        assert_accepted(t, column, &set(column), vec![good, profile.into()]).await;
        assert_refused(t, rule, &set(column), vec![bad, profile.into()]).await;
    }
    assert_refused(
        t,
        "uq_one_profile_per_user",
        "INSERT INTO health_profiles (id, user_id) VALUES ($1, $2)",
        vec![Uuid::new_v4().into(), user.into()],
    )
    .await;
}

async fn email_verified_trigger_fires_on_insert_and_on_moving_a_profile(t: &TestDb) {
    let unverified = insert_user(t, "unverified", false).await;
    let verified = insert_user(t, "verified", true).await;
    let insert = "INSERT INTO health_profiles (id, user_id) VALUES ($1, $2)";
    assert_refused(
        t,
        "ensure_email_verified",
        insert,
        vec![Uuid::new_v4().into(), unverified.into()],
    )
    .await;
    let profile = Uuid::new_v4();
    assert_accepted(
        t,
        "verified owner",
        insert,
        vec![profile.into(), verified.into()],
    )
    .await;
    assert_refused(
        t,
        "ensure_email_verified",
        "UPDATE health_profiles SET user_id = $1 WHERE id = $2",
        vec![unverified.into(), profile.into()],
    )
    .await;
}

const INSERT_ALLERGY: &str = "INSERT INTO user_allergies (id, user_id, health_profile_id, allergen_id, severity, notes) VALUES ($1, $2, $3, $4, $5, $6)";

fn allergy_row(u: Uuid, p: Uuid, a: Uuid, severity: &str, notes: Option<String>) -> Vec<Value> {
    vec![
        Uuid::new_v4().into(),
        u.into(),
        p.into(),
        a.into(),
        severity.into(),
        notes.into(),
    ]
}

/// A user with a health profile and a severe peanut allergy with the longest notes allowed:
/// the user, the profile and the peanuts' id.
async fn allergic_to_peanuts(t: &TestDb) -> (Actor, Uuid, Uuid) {
    let user = insert_user(t, "allergic", true).await;
    let profile = insert_profile(t, user.id()).await;
    let peanuts = allergen_id(t, "Peanuts").await;
    assert_accepted(
        t,
        "valid",
        INSERT_ALLERGY,
        allergy_row(user.id(), profile, peanuts, "SEVERE", Some("n".repeat(500))),
    )
    .await;
    (user, profile, peanuts)
}

async fn allergy_rules_refuse_and_accept(t: &TestDb) {
    let (user, profile, peanuts) = allergic_to_peanuts(t).await;
    let other = insert_user(t, "other", true).await;
    let other_profile = insert_profile(t, other.id()).await;
    let milk = allergen_id(t, "Milk").await;
    let row = |p: Uuid, a: Uuid, severity: &str, notes: Option<String>| {
        allergy_row(user.id(), p, a, severity, notes)
    };
    for (rule, values) in [
        ("chk_severity_values", row(profile, milk, "severe", None)),
        (
            "chk_notes_length",
            row(profile, milk, "MILD", Some("n".repeat(501))),
        ),
        ("uq_user_allergen", row(profile, peanuts, "MILD", None)),
        (
            "fk_user_allergies_allergen",
            row(profile, Uuid::new_v4(), "MILD", None),
        ),
        (
            "fk_user_allergies_profile",
            row(other_profile, milk, "MILD", None),
        ),
    ] {
        assert_refused(t, rule, INSERT_ALLERGY, values).await;
    }
}

async fn an_allergen_someone_is_allergic_to_is_not_deleted(t: &TestDb) {
    let (_, _, peanuts) = allergic_to_peanuts(t).await;
    // The starter ingredients carry peanuts too (`fk_ingredient_allergens_allergen`, tested
    // in recipes.rs): take them off so that the user's allergy alone holds the allergen.
    t.exec(
        "DELETE FROM ingredient_allergens WHERE allergen_id = $1",
        vec![peanuts.into()],
    )
    .await
    .unwrap();
    assert_refused(
        t,
        "fk_user_allergies_allergen",
        "DELETE FROM allergens WHERE id = $1",
        vec![peanuts.into()],
    )
    .await;
}

/// Gives `user` (with `profile`) a verification token, an old password, a session and a diet.
async fn give_a_row_in_each_owned_table(t: &TestDb, user: Actor, profile: Uuid) {
    let tokens = "INSERT INTO verification_tokens (user_id, token_hash, token_type, expires_at) VALUES ($1, $2, 'email_verify', $3)";
    let later = entity::types::Timestamp::new(Utc::now() + chrono::TimeDelta::hours(1)).unwrap();
    assert_accepted(
        t,
        "token",
        tokens,
        vec![user.into(), "a".repeat(64).into(), later.into()],
    )
    .await;
    let history = "INSERT INTO password_history (user_id, password_hash) VALUES ($1, 'old-hash')";
    assert_accepted(t, "password history", history, vec![user.into()]).await;
    let sessions =
        "INSERT INTO user_sessions (user_id, token_hash, expires_at) VALUES ($1, $2, $3)";
    assert_accepted(
        t,
        "session",
        sessions,
        vec![user.into(), "e".repeat(64).into(), later.into()],
    )
    .await;
    let diet = "INSERT INTO user_dietary_restrictions (user_id, health_profile_id, dietary_restriction_id) \
                SELECT $1, $2, id FROM dietary_restrictions_ref WHERE name = 'vegan'";
    assert_accepted(t, "diet", diet, vec![user.into(), profile.into()]).await;
}

async fn deleting_a_user_deletes_the_rows_they_own_and_no_one_elses(t: &TestDb) {
    let (user, profile, _) = allergic_to_peanuts(t).await;
    let other = insert_user(t, "other", true).await;
    insert_profile(t, other.id()).await;
    give_a_row_in_each_owned_table(t, user, profile).await;
    let owned = [
        "health_profiles",
        "user_allergies",
        "verification_tokens",
        "password_history",
        "user_sessions",
        "user_dietary_restrictions",
    ];
    let rows_of_user = async |table: &str| {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        t.count(&sql, vec![user.into()]).await
    };
    for table in owned {
        assert_eq!(
            rows_of_user(table).await,
            1,
            "{table}: one row before the delete"
        );
    }
    assert_accepted(
        t,
        "delete user",
        "DELETE FROM users WHERE id = $1",
        vec![user.into()],
    )
    .await;
    for table in owned {
        let left = rows_of_user(table).await;
        assert_eq!(left, 0, "{table} rows should cascade away with their user");
    }
    assert_eq!(
        t.count("SELECT COUNT(*) FROM health_profiles", vec![])
            .await,
        1,
        "the other user's profile stays"
    );
}

async fn dietary_restriction_links(t: &TestDb) {
    let user = insert_user(t, "dieter", true).await;
    let other = insert_user(t, "other_dieter", true).await;
    let profile = insert_profile(t, user.id()).await;
    let other_profile = insert_profile(t, other.id()).await;
    let insert = "INSERT INTO user_dietary_restrictions (user_id, health_profile_id, dietary_restriction_id) \
                  SELECT $1, $2, id FROM dietary_restrictions_ref WHERE name = $3";
    assert_accepted(
        t,
        "valid",
        insert,
        vec![user.into(), profile.into(), "keto".into()],
    )
    .await;
    assert_refused(
        t,
        "uq_user_dietary_restriction",
        insert,
        vec![user.into(), profile.into(), "keto".into()],
    )
    .await;
    assert_refused(
        t,
        "fk_user_dietary_restrictions_profile",
        insert,
        vec![user.into(), other_profile.into(), "vegan".into()],
    )
    .await;
    assert_refused(
        t,
        "fk_user_dietary_restrictions_restriction",
        "INSERT INTO user_dietary_restrictions (user_id, health_profile_id, dietary_restriction_id) VALUES ($1, $2, $3)",
        vec![user.into(), profile.into(), Uuid::new_v4().into()],
    )
    .await;
    assert_refused(
        t,
        "fk_user_dietary_restrictions_restriction",
        "DELETE FROM dietary_restrictions_ref WHERE name = 'keto'",
        vec![],
    )
    .await;
    assert_refused(
        t,
        "uq_dietary_restrictions_ref_name",
        "INSERT INTO dietary_restrictions_ref (name) VALUES ('keto')",
        vec![],
    )
    .await;
}

async fn updated_at_is_kept_by_triggers(t: &TestDb) {
    let user = insert_user(t, "touchy", true).await;
    let profile = insert_profile(t, user.id()).await;
    let allergy = Uuid::new_v4();
    t.exec(
        "INSERT INTO user_allergies (id, user_id, health_profile_id, allergen_id, severity) VALUES ($1, $2, $3, $4, 'MILD')",
        vec![allergy.into(), user.into(), profile.into(), allergen_id(t, "Soy").await.into()],
    )
    .await
    .unwrap();
    let old = entity::types::Timestamp::new(Utc::now() - chrono::TimeDelta::days(3)).unwrap();
    for (table, id, change) in [
        ("users", user, "is_active = false"),
        (
            "health_profiles",
            service::Actor::new(profile),
            "height_cm = 181",
        ),
        (
            "user_allergies",
            service::Actor::new(allergy),
            "severity = 'SEVERE'",
        ),
    ] {
        // A client that tries to set updated_at itself still gets the database's time.
        t.exec(
            &format!("UPDATE {table} SET updated_at = $1 WHERE id = $2"),
            vec![old.into(), id.into()],
        )
        .await
        .unwrap();
        t.exec(
            &format!("UPDATE {table} SET {change} WHERE id = $1"),
            vec![id.into()],
        )
        .await
        .unwrap();
        let rows = t
            .query(
                &format!("SELECT updated_at FROM {table} WHERE id = $1"),
                vec![id.into()],
            )
            .await;
        let updated: entity::types::Timestamp = rows[0].try_get("", "updated_at").unwrap();
        assert!(updated > old, "{table}.updated_at should move forward");
        assert!(
            updated.as_datetime() > Utc::now() - chrono::TimeDelta::minutes(5),
            "{table}: {updated:?}"
        );
    }
}

dual!(
    health_profile_ranges,
    email_verified_trigger_fires_on_insert_and_on_moving_a_profile,
    allergy_rules_refuse_and_accept,
    an_allergen_someone_is_allergic_to_is_not_deleted,
    deleting_a_user_deletes_the_rows_they_own_and_no_one_elses,
    dietary_restriction_links,
    updated_at_is_kept_by_triggers,
);
