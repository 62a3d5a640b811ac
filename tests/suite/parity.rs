//! Values the two backends would otherwise treat differently: NUL in text, infinite dates,
//! text order under the server's collation, ids of reference rows, sums of decimals.
use entity::types::{Numeric, Severity};
use rust_decimal::Decimal;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, Query};
use service::health::{self, AllergenRef, AllergyInput};
use service::{Error, accounts, aggregate};
use uuid::Uuid;

use crate::harness::{
    TestDb, assert_accepted, assert_refused, insert_profile, insert_user, per_backend,
    verified_user,
};

/// The schema refuses text with NUL on both backends.
async fn text_with_nul_is_refused_on_both(t: &TestDb) {
    let user = insert_user(t, "nul_holder", true).await;
    let profile = insert_profile(t, user.id()).await;
    let with_nul = "abc\0def".to_owned();
    // PostgreSQL refuses the byte itself (invalid byte sequence for UTF8); SQLite's CHECK does.
    assert_refused(
        t,
        per_backend("sqlstate:22021", "chk_username_varchar"),
        "UPDATE users SET username = $1 WHERE id = $2",
        vec![with_nul.clone().into(), user.into()],
    )
    .await;
    let peanuts = crate::harness::allergen_id(t, "Peanuts").await;
    assert_refused(
        t,
        per_backend("sqlstate:22021", "chk_notes_text"),
        "INSERT INTO user_allergies (user_id, health_profile_id, allergen_id, severity, notes) \
         VALUES ($1, $2, $3, 'MILD', $4)",
        vec![user.into(), profile.into(), peanuts.into(), with_nul.into()],
    )
    .await;
    if !t.is_pg() {
        // The form the issue found passing the username rule.
        assert_refused(
            t,
            "chk_username_varchar",
            "UPDATE users SET username = 'abc' || char(0) || 'def' WHERE id = $1",
            vec![user.into()],
        )
        .await;
    }
}

/// The service refuses text with NUL first, naming the field.
async fn the_service_refuses_text_with_nul_naming_the_field(t: &TestDb) {
    let registered = accounts::register(
        &t.db,
        accounts::NewUser {
            username: "nul\0name".to_owned(),
            email: "nul@example.com".to_owned(),
            password: "correct horse battery".to_owned(),
        },
    )
    .await;
    assert!(
        matches!(registered, Err(Error::Validation { ref field, .. }) if field == "username"),
        "{registered:?}"
    );
    let password = accounts::register(
        &t.db,
        accounts::NewUser {
            username: "nulpass".to_owned(),
            email: "nulpass@example.com".to_owned(),
            password: "correct horse\0battery".to_owned(),
        },
    )
    .await;
    assert!(
        matches!(password, Err(Error::Validation { ref field, .. }) if field == "password"),
        "{password:?}"
    );
    let owner = verified_user(t, "nul_notes").await;
    health::set_profile(&t.db, owner, Default::default())
        .await
        .unwrap();
    let notes = health::create_allergy(
        &t.db,
        owner,
        AllergenRef::Name("Milk".into()),
        AllergyInput {
            notes: Some("abc\0def".to_owned()),
            ..AllergyInput::new(Severity::Mild)
        },
    )
    .await;
    assert!(
        matches!(notes, Err(Error::Validation { ref field, .. }) if field == "notes"),
        "{notes:?}"
    );
}

async fn infinite_dates_and_times_are_refused_on_both(t: &TestDb) {
    let user = insert_user(t, "forever", true).await;
    let profile = insert_profile(t, user.id()).await;
    let set_created = if t.is_pg() {
        "UPDATE users SET created_at = CAST($1 AS timestamptz) WHERE id = $2"
    } else {
        "UPDATE users SET created_at = $1 WHERE id = $2"
    };
    for value in ["infinity", "-infinity", "10000-01-01T00:00:00+00:00"] {
        assert_refused(
            t,
            per_backend("chk_created_at_finite", "chk_created_at_timestamp"),
            set_created,
            vec![value.into(), user.into()],
        )
        .await;
    }
    let set_birth = if t.is_pg() {
        "UPDATE health_profiles SET date_of_birth = CAST($1 AS date) WHERE id = $2"
    } else {
        "UPDATE health_profiles SET date_of_birth = $1 WHERE id = $2"
    };
    assert_refused(
        t,
        per_backend("chk_date_of_birth_finite", "chk_date_of_birth_date"),
        set_birth,
        vec!["-infinity".into(), profile.into()],
    )
    .await;
}

async fn reference_rows_have_the_same_ids_everywhere(t: &TestDb) {
    let peanuts = crate::harness::allergen_id(t, "Peanuts").await;
    assert_eq!(peanuts.to_string(), "a1000000-0000-4000-8000-000000000001");
    let lupin = crate::harness::allergen_id(t, "Lupin").await;
    assert_eq!(lupin.to_string(), "a1000000-0000-4000-8000-00000000000c");
    let rows = t
        .query(
            "SELECT id FROM dietary_restrictions_ref WHERE name = 'vegan'",
            vec![],
        )
        .await;
    let vegan: Uuid = rows[0].try_get_by_index(0).unwrap();
    assert_eq!(vegan.to_string(), "d1000000-0000-4000-8000-000000000002");
}

/// 250 weights whose REAL sum drifts on SQLite (0.01 steps do not add exactly in binary).
async fn decimal_sums_and_means_are_exact(t: &TestDb) {
    let mut expected = Decimal::ZERO;
    for i in 0..250_u32 {
        let user = Uuid::new_v4();
        t.exec(
            "INSERT INTO users (id, username, email, password_hash, is_email_verified) \
             VALUES ($1, $2, $3, 'h', $4)",
            vec![
                user.into(),
                format!("weigh{i}").into(),
                format!("weigh{i}@example.com").into(),
                true.into(),
            ],
        )
        .await
        .unwrap();
        let weight: Numeric<5, 2> =
            Numeric::new(Decimal::new(2001 + i64::from(i) * 137 % 47_999, 2)).expect("in range");
        expected += weight.value();
        t.exec(
            "INSERT INTO health_profiles (user_id, weight_kg) VALUES ($1, $2)",
            vec![user.into(), weight.into()],
        )
        .await
        .unwrap();
    }
    let mut query = Query::select();
    query
        .expr_as(aggregate::sum_units(Expr::col("weight_kg"), 2), "units")
        .expr_as(Expr::cust("COUNT(weight_kg)"), "n")
        .from("health_profiles");
    let row = t.db.query_one(&query).await.unwrap().expect("one row");
    let units: i64 = row.try_get("", "units").unwrap();
    let count: i64 = row.try_get("", "n").unwrap();
    assert_eq!(aggregate::from_units(units, 2), expected);
    let mean = aggregate::mean(units, count, 2).unwrap();
    let exact = (expected / Decimal::from(count))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    assert_eq!(mean, exact);
    assert_eq!(mean.scale(), 2);
}

/// What the database writes itself (defaults, the `updated_at` trigger) is in the same text
/// form as what the application writes, so text order stays time order on SQLite.
async fn database_written_times_use_the_applications_text_form(t: &TestDb) {
    let user = insert_user(t, "stamped", true).await;
    t.exec(
        "UPDATE users SET is_active = $1 WHERE id = $2",
        vec![false.into(), user.into()],
    )
    .await
    .unwrap();
    use sea_orm::EntityTrait;
    let row = entity::users::Entity::find_by_id(user)
        .one(&t.db)
        .await
        .unwrap()
        .expect("the user");
    assert!(row.updated_at >= row.created_at, "the trigger wrote now");
    if t.is_pg() {
        // timestamptz has no text form to compare; reading it back above is the check.
        return;
    }
    let stored = t
        .query(
            "SELECT created_at, updated_at FROM users WHERE id = $1",
            vec![user.into()],
        )
        .await;
    for column in ["created_at", "updated_at"] {
        let text: String = stored[0].try_get("", column).unwrap();
        let parsed = chrono::DateTime::parse_from_rfc3339(&text)
            .unwrap()
            .with_timezone(&chrono::Utc);
        let canonical = entity::types::Timestamp::new(parsed).unwrap().sqlite_text();
        assert_eq!(text, canonical, "{column}");
    }
}

dual!(
    database_written_times_use_the_applications_text_form,
    text_with_nul_is_refused_on_both,
    the_service_refuses_text_with_nul_naming_the_field,
    infinite_dates_and_times_are_refused_on_both,
    reference_rows_have_the_same_ids_everywhere,
    decimal_sums_and_means_are_exact,
);

/// Allergen names in an order a collation would change: upper before lower case in byte order,
/// an accented letter last.
const NAMES: [&str; 5] = ["Zucchini", "apple", "Banana", "banana", "éclair"];
const BYTE_ORDER: [&str; 5] = ["Banana", "Zucchini", "apple", "banana", "éclair"];

/// Lists order text by bytes on both backends, whatever collation the server's database has:
/// PostgreSQL's text columns are `COLLATE "C"`.
async fn lists_order_text_by_bytes(t: &TestDb) {
    let user = verified_user(t, "collated").await;
    health::set_profile(&t.db, user, Default::default())
        .await
        .unwrap();
    for name in NAMES {
        assert_accepted(
            t,
            "a test allergen",
            "INSERT INTO allergens (name, category) VALUES ($1, 'Food')",
            vec![name.into()],
        )
        .await;
        health::create_allergy(
            &t.db,
            user,
            AllergenRef::Name(name.to_owned()),
            AllergyInput::new(Severity::Mild),
        )
        .await
        .unwrap();
    }
    let listed: Vec<String> = health::list_allergies(&t.db, user)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.allergen.name)
        .collect();
    assert_eq!(listed, BYTE_ORDER);
    let raw: Vec<String> = t
        .query(
            "SELECT name FROM allergens WHERE category = 'Food' AND name IN \
             ('Zucchini', 'apple', 'Banana', 'banana', 'éclair') ORDER BY name",
            vec![],
        )
        .await
        .iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect();
    assert_eq!(raw, BYTE_ORDER, "raw SQL orders by bytes too");
}

mod text_order_ignores_the_server_collation {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let t = TestDb::sqlite("collation").await;
        lists_order_text_by_bytes(&t).await;
    }

    /// On a database created with ICU's `en-US` collation (what RDS databases commonly use,
    /// where `'apple' < 'Banana'`), migrated from scratch.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(t) = TestDb::postgres_with_collation("collation", "en-US").await else {
            return;
        };
        let premise = t.query("SELECT 'apple' < 'Banana' AS icu", vec![]).await;
        assert!(
            premise[0].try_get::<bool>("", "icu").unwrap(),
            "the database's own collation is not byte order"
        );
        lists_order_text_by_bytes(&t).await;
    }
}
