//! The database refuses bad rows by itself: raw SQL, no service in between.
use chrono::{Months, Utc};
use sea_orm::Value;
use uuid::Uuid;

use crate::harness::{
    TestDb, allergen_id, assert_accepted, assert_refused, insert_profile, insert_user, per_backend,
};

const INSERT_USER: &str =
    "INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $3, 'h')";

fn user_row(username: &str, email: &str) -> Vec<Value> {
    vec![Uuid::new_v4().into(), username.into(), email.into()]
}

async fn users_username_and_email_rules(t: &TestDb) {
    assert_accepted(
        t,
        "valid",
        INSERT_USER,
        user_row("bob_1", "bob@example.com"),
    )
    .await;
    for (username, email, why) in [
        ("bo", "bo@example.com", "chk_username_format".into()),
        (
            "abcdefghijklmnopqrstu",
            "long@example.com",
            per_backend("sqlstate:22001", "chk_username_varchar"),
        ),
        (
            "bob smith",
            "smith@example.com",
            "chk_username_format".into(),
        ),
        ("bob-2", "bob2@example.com", "chk_username_format".into()),
        ("carol", "carol.example.com", "chk_email_format".into()),
        ("carol", "carol@example.c", "chk_email_format".into()),
        ("carol", "carol@@example.com", "chk_email_format".into()),
        (
            "carol",
            "carol@example.com_deleted_1795312100.87",
            "chk_email_format".into(),
        ),
        (
            "carol",
            &format!("{}@example.com", "c".repeat(250)),
            per_backend("sqlstate:22001", "chk_email_varchar"),
        ),
    ] {
        assert_refused(t, why, INSERT_USER, user_row(username, email)).await;
    }
}

async fn users_are_unique_case_insensitively_among_live_users(t: &TestDb) {
    let first = Uuid::new_v4();
    assert_accepted(
        t,
        "first",
        INSERT_USER,
        vec![first.into(), "Alice".into(), "Alice@Example.com".into()],
    )
    .await;
    assert_refused(
        t,
        "uq_users_email_active",
        INSERT_USER,
        user_row("alice2", "alice@example.COM"),
    )
    .await;
    assert_refused(
        t,
        "uq_users_username_active",
        INSERT_USER,
        user_row("ALICE", "other@example.com"),
    )
    .await;
    // Once the first is soft-deleted, both can be taken again, unchanged.
    assert_accepted(
        t,
        "soft delete",
        "UPDATE users SET deleted_at = $1 WHERE id = $2",
        vec![entity::types::Timestamp::now().into(), first.into()],
    )
    .await;
    assert_accepted(
        t,
        "re-register",
        INSERT_USER,
        user_row("alice", "alice@example.com"),
    )
    .await;
}

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
    for (assignment, rule) in [
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
    ] {
        assert_refused(t, rule, &set(assignment), vec![profile.into()]).await;
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

async fn allergies_keys_checks_and_cascades(t: &TestDb) {
    let user = insert_user(t, "allergic", true).await;
    let other = insert_user(t, "other", true).await;
    let profile = insert_profile(t, user.id()).await;
    let other_profile = insert_profile(t, other.id()).await;
    let peanuts = allergen_id(t, "Peanuts").await;
    let insert = "INSERT INTO user_allergies (id, user_id, health_profile_id, allergen_id, severity, notes) VALUES ($1, $2, $3, $4, $5, $6)";
    let row = |u: Uuid, p: Uuid, a: Uuid, severity: &str, notes: Option<String>| -> Vec<Value> {
        vec![
            Uuid::new_v4().into(),
            u.into(),
            p.into(),
            a.into(),
            severity.into(),
            notes.into(),
        ]
    };
    assert_accepted(
        t,
        "valid",
        insert,
        row(user.id(), profile, peanuts, "SEVERE", Some("n".repeat(500))),
    )
    .await;
    let milk = allergen_id(t, "Milk").await;
    assert_refused(
        t,
        "chk_severity_values",
        insert,
        row(user.id(), profile, milk, "severe", None),
    )
    .await;
    assert_refused(
        t,
        "chk_notes_length",
        insert,
        row(user.id(), profile, milk, "MILD", Some("n".repeat(501))),
    )
    .await;
    assert_refused(
        t,
        "uq_user_allergen",
        insert,
        row(user.id(), profile, peanuts, "MILD", None),
    )
    .await;
    assert_refused(
        t,
        "fk_user_allergies_allergen",
        insert,
        row(user.id(), profile, Uuid::new_v4(), "MILD", None),
    )
    .await;
    assert_refused(
        t,
        "fk_user_allergies_profile",
        insert,
        row(user.id(), other_profile, milk, "MILD", None),
    )
    .await;

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
    let owned = [
        "health_profiles",
        "user_allergies",
        "verification_tokens",
        "password_history",
        "user_sessions",
        "user_dietary_restrictions",
    ];
    for table in owned {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        assert_eq!(
            t.count(&sql, vec![user.into()]).await,
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
        let left = t
            .count(
                &format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"),
                vec![user.into()],
            )
            .await;
        assert_eq!(left, 0, "{table} rows should cascade away with their user");
    }
    assert_eq!(
        t.count("SELECT COUNT(*) FROM health_profiles", vec![])
            .await,
        1,
        "the other user's profile stays"
    );
}

async fn verification_token_rules(t: &TestDb) {
    let user = insert_user(t, "tokens", false).await;
    let insert = "INSERT INTO verification_tokens (user_id, token_hash, token_type, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)";
    let now = Utc::now();
    let row = |hash: String, kind: &str, expires_in_secs: i64| -> Vec<Value> {
        vec![
            user.into(),
            hash.into(),
            kind.into(),
            entity::types::Timestamp::new(now + chrono::TimeDelta::seconds(expires_in_secs))
                .unwrap()
                .into(),
            entity::types::Timestamp::new(now).unwrap().into(),
        ]
    };
    assert_accepted(
        t,
        "valid",
        insert,
        row("b".repeat(64), "password_reset", 60),
    )
    .await;
    assert_refused(
        t,
        "chk_token_expiry",
        insert,
        row("c".repeat(64), "email_verify", -1),
    )
    .await;
    assert_refused(
        t,
        "chk_token_type",
        insert,
        row("d".repeat(64), "magic_link", 60),
    )
    .await;
    assert_refused(
        t,
        "chk_verification_tokens_token_hash_format",
        insert,
        row("my-secret-token".into(), "email_verify", 60),
    )
    .await;
    assert_refused(
        t,
        "uq_verification_tokens_token_hash",
        insert,
        row("b".repeat(64), "email_verify", 60),
    )
    .await;
}

async fn session_and_audit_rules(t: &TestDb) {
    let user = insert_user(t, "sessions", false).await;
    let now = Utc::now();
    let at =
        |secs: i64| entity::types::Timestamp::new(now + chrono::TimeDelta::seconds(secs)).unwrap();
    let session = "INSERT INTO user_sessions (user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)";
    let row = |digit: &str, lifetime_secs: i64| -> Vec<Value> {
        vec![
            user.into(),
            digit.repeat(64).into(),
            at(lifetime_secs).into(),
            at(0).into(),
        ]
    };
    assert_accepted(t, "valid", session, row("f", 60)).await;
    assert_refused(t, "chk_session_expiry", session, row("0", 0)).await;
    assert_refused(t, "uq_user_sessions_token_hash", session, row("f", 60)).await;

    let change =
        "INSERT INTO data_changes (table_name, operation, record_id) VALUES ('users', $1, $2)";
    assert_accepted(t, "valid", change, vec!["DELETE".into(), user.into()]).await;
    assert_refused(
        t,
        "chk_data_changes_operation",
        change,
        vec!["TRUNCATE".into(), user.into()],
    )
    .await;

    let hash = "UPDATE users SET password_hash = $1 WHERE id = $2";
    assert_accepted(
        t,
        "255 characters",
        hash,
        vec!["h".repeat(255).into(), user.into()],
    )
    .await;
    assert_refused(
        t,
        per_backend("sqlstate:22001", "chk_password_hash_varchar"),
        hash,
        vec!["h".repeat(256).into(), user.into()],
    )
    .await;

    let foods = "INSERT INTO allergens (name, category, common_foods) VALUES ($1, 'Food', $2)";
    assert_refused(
        t,
        per_backend("sqlstate:42804", "chk_common_foods_text_list"),
        foods,
        vec!["Oats".into(), "not a list".into()],
    )
    .await;
    assert_refused(
        t,
        per_backend("sqlstate:42804", "chk_common_foods_text_list"),
        foods,
        vec!["Rye".into(), r#"{"a": 1}"#.into()],
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

async fn allergens_seeded_and_common_foods_is_a_text_list(t: &TestDb) {
    use entity::allergens;
    use entity::types::TextList;
    use sea_orm::{EntityTrait, QueryFilter, QueryOrder};

    let all = allergens::Entity::find()
        .order_by_asc(allergens::Column::Name)
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(all.len(), 12);
    let peanuts = all.iter().find(|a| a.name == "Peanuts").unwrap();
    assert_eq!(
        peanuts.common_foods.items(),
        ["Peanut butter", "Peanut oil", "Mixed nuts"]
    );
    let diets = t
        .count("SELECT COUNT(*) FROM dietary_restrictions_ref", vec![])
        .await;
    assert_eq!(diets, 7);

    let column = allergens::Column::CommonFoods;
    let pasta = allergens::Entity::find()
        .filter(TextList::contains(t.backend, column, "Pasta"))
        .order_by_asc(allergens::Column::Name)
        .all(&t.db)
        .await
        .unwrap();
    let names: Vec<&str> = pasta.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Eggs", "Wheat"]);

    // Written through the entity on either backend, read back the same.
    let row = allergens::ActiveModel {
        id: sea_orm::Set(Uuid::new_v4()),
        name: sea_orm::Set("Kiwi".into()),
        category: sea_orm::Set(entity::types::AllergenCategory::Food),
        description: sea_orm::Set(None),
        common_foods: sea_orm::Set(TextList::new(["Kiwi \"gold\"", "Fruit salad, mixed"])),
        is_active: sea_orm::Set(true),
        fda_recognized: sea_orm::Set(false),
        created_at: sea_orm::Set(entity::types::Timestamp::now()),
    };
    let saved = sea_orm::ActiveModelTrait::insert(row, &t.db).await.unwrap();
    assert_eq!(
        saved.common_foods.items(),
        ["Kiwi \"gold\"", "Fruit salad, mixed"]
    );
    let found = allergens::Entity::find()
        .filter(TextList::contains(t.backend, column, "Fruit salad, mixed"))
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_refused(
        t,
        "chk_allergen_category",
        "INSERT INTO allergens (name, category) VALUES ('Pollen', 'Air')",
        vec![],
    )
    .await;
    assert_accepted(
        t,
        "category",
        "INSERT INTO allergens (name, category) VALUES ('Pollen', 'Environmental')",
        vec![],
    )
    .await;
    assert_refused(
        t,
        "uq_allergens_name",
        "INSERT INTO allergens (name, category) VALUES ('Pollen', 'Other')",
        vec![],
    )
    .await;
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

dual!(
    session_and_audit_rules,
    sqlite_type_checks_refuse_in_range_values,
    dietary_restriction_links,
    users_username_and_email_rules,
    users_are_unique_case_insensitively_among_live_users,
    column_types_are_enforced,
    health_profile_ranges,
    email_verified_trigger_fires_on_insert_and_on_moving_a_profile,
    allergies_keys_checks_and_cascades,
    verification_token_rules,
    updated_at_is_kept_by_triggers,
    allergens_seeded_and_common_foods_is_a_text_list,
    decimals_and_timestamps_round_trip_exactly,
);
