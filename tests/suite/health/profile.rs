//! A health profile through the service: only a verified, known user has one, its fields are
//! checked, setting it again changes the one profile; its BMR in SQL and in Rust; and a
//! soft-deleted user's health data is not read.
use chrono::{NaiveDate, Utc};
use entity::types::{Gender, Severity};
use service::health::{self, AllergenRef, AllergyInput, ProfileInput};
use service::{Error, Forbidden, Subject, accounts};
use uuid::Uuid;

use super::{profile, years_ago};
use crate::harness::{TestDb, verified_user};

/// Hal's profile: 80 kg, 180 cm, born 30 years ago today.
fn hals_profile() -> ProfileInput {
    let today = Utc::now().date_naive();
    profile(Gender::Male, "80.00", 180, years_ago(30, today))
}

/// Only a verified user who exists has a health profile.
async fn a_profile_needs_a_verified_and_known_user(t: &TestDb) {
    let unverified = accounts::register(
        &t.db,
        accounts::NewUser {
            username: "hal".to_owned(),
            email: "hal@example.com".to_owned(),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap()
    .user
    .id;
    let refused = health::set_profile(&t.db, service::Actor::new(unverified), hals_profile()).await;
    assert!(
        matches!(refused, Err(Error::Forbidden(Forbidden::EmailNotVerified))),
        "{refused:?}"
    );
    let nobody =
        health::set_profile(&t.db, service::Actor::new(Uuid::new_v4()), hals_profile()).await;
    assert!(
        matches!(
            nobody,
            Err(Error::NotFound {
                what: Subject::User
            })
        ),
        "{nobody:?}"
    );
}

/// Each out-of-range field is refused by name, and nothing is written.
async fn an_invalid_profile_names_its_field_and_writes_nothing(t: &TestDb) {
    let user = verified_user(t, "ida").await;
    let input = hals_profile();
    let today = Utc::now().date_naive();
    for (bad, field) in [
        (
            ProfileInput {
                height_cm: Some(49),
                ..input.clone()
            },
            "height_cm",
        ),
        (
            ProfileInput {
                weight_kg: Some("19.99".parse().unwrap()),
                ..input.clone()
            },
            "weight_kg",
        ),
        (
            ProfileInput {
                date_of_birth: Some(years_ago(12, today)),
                ..input.clone()
            },
            "date_of_birth",
        ),
    ] {
        match health::set_profile(&t.db, user, bad).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
    }
    assert!(
        matches!(
            health::get_profile(&t.db, user).await,
            Err(Error::NotFound { .. })
        ),
        "nothing written"
    );
}

/// Setting a profile again is an upsert: the same profile, with the change.
async fn setting_a_profile_again_changes_the_one_profile(t: &TestDb) {
    let user = verified_user(t, "ida").await;
    let input = hals_profile();
    let first = health::set_profile(&t.db, user, input.clone())
        .await
        .unwrap();
    let second = health::set_profile(
        &t.db,
        user,
        ProfileInput {
            height_cm: Some(181),
            ..input
        },
    )
    .await
    .unwrap();
    assert_eq!(first.id, second.id, "an upsert keeps the one profile");
    assert_eq!(second.height_cm, Some(181));
    assert_eq!(
        second.weight_kg.map(|w| w.to_string()),
        Some("80.00".into())
    );
}

/// The trigger's refusal, raised by the database itself, reaches callers as `Forbidden` (the
/// path a verified-then-unverified race would take past the service's own check).
async fn the_email_verified_trigger_maps_to_forbidden(t: &TestDb) {
    use sea_orm::ActiveModelTrait;
    let user = crate::harness::insert_user(t, "unverified", false).await;
    let now = entity::types::Timestamp::now();
    let row = entity::health_profiles::ActiveModel {
        id: sea_orm::Set(Uuid::new_v4()),
        user_id: sea_orm::Set(user.id()),
        height_cm: sea_orm::Set(None),
        weight_kg: sea_orm::Set(None),
        date_of_birth: sea_orm::Set(None),
        gender: sea_orm::Set(None),
        activity_level: sea_orm::Set(None),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
    };
    let err = row
        .insert(&t.db)
        .await
        .expect_err("the trigger refuses an unverified owner");
    assert!(matches!(
        Error::from(err),
        Error::Forbidden(Forbidden::EmailNotVerified)
    ));
}

async fn bmr_matches_hand_computed_values_in_sql_and_rust(t: &TestDb) {
    let today = Utc::now().date_naive();
    let tomorrow_years_ago = |years| years_ago(years, today).succ_opt().unwrap();
    // (gender, weight, height, born, expected): worked by hand from Mifflin-St Jeor.
    let cases = [
        // 10*80 + 6.25*180 - 5*30 + 5 = 1780
        (Gender::Male, "80.00", 180, years_ago(30, today), Some(1780)),
        // 10*65.5 + 6.25*165 - 5*40 - 161 = 1325.25 -> 1325
        (
            Gender::Female,
            "65.50",
            165,
            years_ago(40, today),
            Some(1325),
        ),
        // 10*72.05 + 6.25*172 - 5*30 + 5 = 1650.5 -> 1651 (half away from zero)
        (Gender::Male, "72.05", 172, years_ago(30, today), Some(1651)),
        // Birthday tomorrow: still 29. 10*60 + 6.25*170 - 5*29 - 161 = 1356.5 -> 1357
        (
            Gender::Female,
            "60.00",
            170,
            tomorrow_years_ago(30),
            Some(1357),
        ),
        (Gender::Other, "70.00", 170, years_ago(30, today), None),
    ];
    for (i, (gender, weight, height, born, expected)) in cases.into_iter().enumerate() {
        let user = verified_user(t, &format!("bmr_{i}")).await;
        let saved = health::set_profile(&t.db, user, profile(gender, weight, height, born))
            .await
            .unwrap();
        assert_eq!(
            health::bmr_calories(&saved, today),
            expected,
            "Rust, case {i}"
        );
        assert_eq!(
            health::read_bmr(&t.db, user).await.unwrap(),
            expected,
            "SQL view, case {i}"
        );
    }
    assert_eq!(
        health::age_on(
            NaiveDate::from_ymd_opt(2008, 2, 29).unwrap(),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        ),
        16
    );
    assert_eq!(
        health::age_on(
            NaiveDate::from_ymd_opt(2008, 2, 29).unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
        ),
        17
    );
}

async fn a_soft_deleted_users_data_is_not_read(t: &TestDb) {
    let user = verified_user(t, "departed").await;
    let today = Utc::now().date_naive();
    health::set_profile(
        &t.db,
        user,
        profile(Gender::Female, "60.00", 165, years_ago(40, today)),
    )
    .await
    .unwrap();
    health::create_allergy(
        &t.db,
        user,
        AllergenRef::Name("Soy".into()),
        AllergyInput::new(Severity::Mild),
    )
    .await
    .unwrap();
    assert!(health::read_bmr(&t.db, user).await.unwrap().is_some());
    accounts::delete_account(&t.db, user).await.unwrap();
    assert!(matches!(
        health::get_profile(&t.db, user).await,
        Err(Error::NotFound {
            what: Subject::HealthProfile
        })
    ));
    assert!(
        health::list_allergies(&t.db, user)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), None);
    assert!(matches!(
        health::delete_profile(&t.db, user).await,
        Err(Error::NotFound { .. })
    ));
}

dual!(
    a_profile_needs_a_verified_and_known_user,
    an_invalid_profile_names_its_field_and_writes_nothing,
    setting_a_profile_again_changes_the_one_profile,
    the_email_verified_trigger_maps_to_forbidden,
    bmr_matches_hand_computed_values_in_sql_and_rust,
    a_soft_deleted_users_data_is_not_read,
);
