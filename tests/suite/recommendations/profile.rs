//! The user's profile for recommending, in one query, against values computed by hand.
use chrono::{Datelike, Utc};
use entity::types::{ActivityLevel, Gender};
use rust_decimal::Decimal;
use service::recommendations;
use service::{Error, Subject};
use uuid::Uuid;

use super::{dec, eve};
use crate::harness::{TestDb, verified_user};

async fn user_profile_matches_hand_computed_values(t: &TestDb) {
    let today = Utc::now().date_naive();
    // Without a health profile, a goal or a log.
    let bob = verified_user(t, "bob").await;
    let p = recommendations::get_recommendation_profile(&t.db, bob, today)
        .await
        .unwrap();
    assert_eq!(
        (p.username.as_str(), p.email.as_str()),
        ("bob", "bob@example.com")
    );
    assert_eq!(
        (p.profile_id, p.bmr_calories, p.tdee_calories),
        (None, None, None)
    );
    assert_eq!(p.allergy_count, 0);
    assert_eq!(p.consumed, recommendations::Consumed::default());
    assert_eq!((p.goal, p.energy_left_kcal()), (None, None));

    // Eve: male, 180 cm, 80 kg, born 1990-06-15, moderately active, two allergies, 800.75 kcal
    // eaten of 2000.
    let eve = eve(t).await;
    service::health::set_profile(
        &t.db,
        service::Actor::new(eve),
        service::health::ProfileInput {
            height_cm: Some(180),
            weight_kg: Some("80.00".parse().unwrap()),
            date_of_birth: Some(chrono::NaiveDate::from_ymd_opt(1990, 6, 15).unwrap()),
            gender: Some(Gender::Male),
            activity_level: Some(ActivityLevel::Moderate),
        },
    )
    .await
    .unwrap();
    let before = t.statement_count();
    let p = recommendations::get_recommendation_profile(&t.db, service::Actor::new(eve), today)
        .await
        .unwrap();
    assert_eq!(t.statement_count() - before, 1, "one query");
    let age = today.year() - 1990 - i32::from((today.month(), today.day()) < (6, 15));
    // 10 * 80 + 6.25 * 180 - 5 * age + 5
    let bmr = 800 + 1125 - 5 * age + 5;
    assert_eq!(p.bmr_calories, Some(bmr));
    // BMR * 1.55, half away from zero: the .5 cases land on whole numbers only when bmr is
    // even, and bmr * 155 / 100 is computed exactly here.
    let tdee = (i64::from(bmr) * 155 + 50) / 100;
    assert_eq!(p.tdee_calories, Some(tdee as i32));
    assert_eq!(p.allergy_count, 2);
    assert_eq!(p.height_cm, Some(180));
    assert_eq!(p.activity_level, Some(ActivityLevel::Moderate));
    assert_eq!(p.consumed.energy_kcal, dec("800.75"));
    assert_eq!(p.consumed.protein_g, dec("20"));
    let goal = p.goal.unwrap();
    assert_eq!(goal.calories, Some(dec("2000")));
    assert_eq!(p.energy_left_kcal(), Some(dec("1199.25")));
    // Another day: nothing eaten.
    let tomorrow = today.succ_opt().unwrap();
    let p = recommendations::get_recommendation_profile(&t.db, service::Actor::new(eve), tomorrow)
        .await
        .unwrap();
    assert_eq!(p.consumed.energy_kcal, Decimal::ZERO);
    assert!(matches!(
        recommendations::get_recommendation_profile(
            &t.db,
            service::Actor::new(Uuid::new_v4()),
            today
        )
        .await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
}

dual!(user_profile_matches_hand_computed_values);
