//! Health dates: a date of birth gives a human age (and BMR never goes below zero), and a
//! diagnosis is in the user's past, on creation and on a change.
use chrono::{Days, NaiveDate};
use entity::types::{Gender, Severity};
use service::Patch;
use service::health::{
    self, AllergenRef, AllergyChange, AllergyInput, ConditionChange, ConditionInput, ConditionRef,
    ProfileInput,
};

use super::{
    BEFORE_ANYONE, FUTURE, OUT_OF_RANGE, TOO_OLD, count, first_day, last_day, refused, today,
    years_ago,
};
use crate::harness::{TestDb, verified_user};

/// A woman's profile, of no stated activity.
fn female(weight: &str, height: i32, born: NaiveDate) -> ProfileInput {
    ProfileInput {
        height_cm: Some(height),
        weight_kg: Some(weight.parse().unwrap()),
        date_of_birth: Some(born),
        gender: Some(Gender::Female),
        activity_level: None,
    }
}

async fn a_date_of_birth_gives_a_human_age(t: &TestDb) {
    let user = verified_user(t, "born").await;
    let tomorrow = today() + Days::new(1);
    for (born, reason) in [
        (NaiveDate::MIN, OUT_OF_RANGE),
        (NaiveDate::MAX, OUT_OF_RANGE),
        (first_day(), TOO_OLD),
        (last_day(), FUTURE),
        (tomorrow, FUTURE),
        (years_ago(131), TOO_OLD),
        (years_ago(12), "the user must be at least 13 years old"),
    ] {
        let input = female("60.00", 165, born);
        refused(
            health::set_profile(&t.db, user, input).await,
            "date_of_birth",
            reason,
        );
    }
    assert_eq!(
        count(t, "health_profiles", user.id()).await,
        0,
        "nothing written"
    );

    // 130 is the oldest accepted, and then the lightest, shortest profile has a BMR of
    // 10*20 + 6.25*50 - 5*130 - 161 = -298.5: zero, in Rust and in the view.
    let oldest = female("20.00", 50, years_ago(130));
    let saved = health::set_profile(&t.db, user, oldest).await.unwrap();
    assert_eq!(health::bmr_calories(&saved, today()), Some(0));
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), Some(0));
}

/// A date of birth of year 1 stored before the service refused it (the column takes it) gave
/// a BMR of about -8,524 from the view; it is zero now, on both backends.
async fn the_bmr_view_never_goes_below_zero(t: &TestDb) {
    let user = verified_user(t, "ancient").await;
    health::set_profile(&t.db, user, female("60.00", 165, years_ago(40)))
        .await
        .unwrap();
    assert!(health::read_bmr(&t.db, user).await.unwrap().unwrap() > 0);
    t.exec(
        "UPDATE health_profiles SET date_of_birth = $1 WHERE user_id = $2",
        vec![first_day().into(), user.into()],
    )
    .await
    .unwrap();
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), Some(0));
    let stored = health::get_profile(&t.db, user).await.unwrap();
    assert_eq!(health::bmr_calories(&stored, today()), Some(0));
    // A missing term is still no BMR, not zero (GREATEST would have made it 0 on PostgreSQL).
    t.exec(
        "UPDATE health_profiles SET weight_kg = NULL WHERE user_id = $1",
        vec![user.into()],
    )
    .await
    .unwrap();
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), None);
}

/// A verified user with a health profile (which allergies and conditions hang off).
async fn diagnosed_user(t: &TestDb) -> service::Actor {
    let user = verified_user(t, "diagnosed").await;
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();
    user
}

/// Diagnosis dates outside the user's past, with the reason each is refused.
fn dates_outside_the_past() -> [(NaiveDate, &'static str); 6] {
    let tomorrow = today() + Days::new(1);
    [
        (NaiveDate::MIN, OUT_OF_RANGE),
        (NaiveDate::MAX, OUT_OF_RANGE),
        (first_day(), BEFORE_ANYONE),
        (years_ago(131), BEFORE_ANYONE),
        (last_day(), FUTURE),
        (tomorrow, FUTURE),
    ]
}

/// A new allergy or condition diagnosed outside the user's past is refused, and nothing is
/// written.
async fn a_diagnosis_is_in_the_users_past(t: &TestDb) {
    let user = diagnosed_user(t).await;
    for (date, reason) in dates_outside_the_past() {
        let allergy = AllergyInput {
            diagnosed_date: Some(date),
            ..AllergyInput::new(Severity::Mild)
        };
        refused(
            health::create_allergy(&t.db, user, AllergenRef::Name("Peanuts".into()), allergy).await,
            "diagnosed_date",
            reason,
        );
        let condition = ConditionInput {
            diagnosed_date: Some(date),
            ..ConditionInput::default()
        };
        refused(
            health::create_condition(&t.db, user, ConditionRef::Name("Gout".into()), condition)
                .await,
            "diagnosed_date",
            reason,
        );
    }
    assert_eq!(
        count(t, "user_allergies", user.id()).await,
        0,
        "nothing written"
    );
    assert_eq!(count(t, "user_medical_conditions", user.id()).await, 0);
}

/// Today is the latest diagnosis; a change to a refused date leaves the stored one.
async fn a_diagnosis_changed_out_of_the_past_keeps_the_stored_one(t: &TestDb) {
    let user = diagnosed_user(t).await;
    let allergy = AllergyInput {
        diagnosed_date: Some(today()),
        ..AllergyInput::new(Severity::Mild)
    };
    health::create_allergy(&t.db, user, AllergenRef::Name("Peanuts".into()), allergy)
        .await
        .unwrap();
    health::create_condition(
        &t.db,
        user,
        ConditionRef::Name("Gout".into()),
        Default::default(),
    )
    .await
    .unwrap();
    for (date, reason) in dates_outside_the_past() {
        let change = AllergyChange {
            diagnosed_date: Patch::Set(date),
            ..Default::default()
        };
        refused(
            health::update_allergy(&t.db, user, AllergenRef::Name("Peanuts".into()), change).await,
            "diagnosed_date",
            reason,
        );
        let change = ConditionChange {
            diagnosed_date: Patch::Set(date),
            ..Default::default()
        };
        refused(
            health::update_condition(&t.db, user, ConditionRef::Name("Gout".into()), change).await,
            "diagnosed_date",
            reason,
        );
    }
    let allergies = health::list_allergies(&t.db, user).await.unwrap();
    assert_eq!(allergies[0].allergy.diagnosed_date, Some(today()));
    let conditions = health::list_conditions(&t.db, user).await.unwrap();
    assert_eq!(conditions[0].condition.diagnosed_date, None);
}

dual!(
    a_date_of_birth_gives_a_human_age,
    the_bmr_view_never_goes_below_zero,
    a_diagnosis_is_in_the_users_past,
    a_diagnosis_changed_out_of_the_past_keeps_the_stored_one,
);
