//! What is recommended: never unsafe, never over the energy left, within the radius and the
//! price range; a dismissed meal stays away for a while; nothing is stored unless asked.
use entity::types::Timestamp;
use service::recommendations::{self, RecommendationRequest};
use service::{Actor, Error};
use uuid::Uuid;

use super::{dec, east, eve, meal, menu, request, restaurant};
use crate::harness::{TestDb, verified_user};
use crate::recipes::TOMATO;

/// The names of `found`, sorted.
fn names(found: &[recommendations::Recommended]) -> Vec<String> {
    let mut names: Vec<String> = found.iter().map(|r| r.meal_name.clone()).collect();
    names.sort();
    names
}

/// Within 2 km: not the peanut noodles (unsafe), the feast (1500 kcal > 1199.25 left), the
/// mystery (no ingredient list), the meal off the menu, the closed restaurant's, nor the one
/// 3 km away; each with its score's reason, best first, and stored.
async fn only_safe_fitting_listed_meals_within_the_radius_are_recommended(t: &TestDb) {
    let m = menu(t).await;
    let eve = eve(t).await;
    let found = recommendations::recommend(&t.db, Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    assert_eq!(names(&found), ["Caviar", "Salad", "Toast"]);
    for r in &found {
        let rec = &r.recommendation;
        assert!(rec.distance_km.value() <= dec("2"));
        assert!(rec.reason.contains("Score"), "{}", rec.reason);
        assert!(rec.reason_details["parts"]["distance"].is_number());
        assert_eq!(rec.user_id, eve);
    }
    let toast = found
        .iter()
        .find(|r| r.recommendation.meal_id == m.toast)
        .unwrap();
    assert_eq!(toast.warnings.len(), 1, "the mild wheat allergy is named");
    assert!(toast.recommendation.reason.contains("Wheat"));
    for pair in found.windows(2) {
        assert!(pair[0].recommendation.score >= pair[1].recommendation.score);
    }
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM recommendations WHERE user_id = $1",
            vec![eve.into()]
        )
        .await,
        3,
        "stored"
    );
}

/// A wider radius reaches the other restaurant; a price range and a limit hold.
async fn a_wider_radius_a_price_range_and_a_limit_hold(t: &TestDb) {
    menu(t).await;
    let eve = Actor::new(eve(t).await);
    let wide = recommendations::recommend(&t.db, eve, &request(5.0))
        .await
        .unwrap();
    assert_eq!(names(&wide), ["Caviar", "Salad", "Salad B", "Toast"]);
    let priced = RecommendationRequest {
        min_price: Some("6.00".parse().unwrap()),
        max_price: Some("50.00".parse().unwrap()),
        ..request(5.0)
    };
    let found = recommendations::recommend(&t.db, eve, &priced)
        .await
        .unwrap();
    assert_eq!(names(&found), ["Salad", "Salad B"]);
    let one = RecommendationRequest {
        limit: 1,
        ..request(5.0)
    };
    let found = recommendations::recommend(&t.db, eve, &one).await.unwrap();
    assert_eq!(found.len(), 1);
}

/// Bob has no allergy, no goal and no profile: no energy bound, peanuts and the feast are
/// fine; the mystery meal still is not (its ingredients are unknown).
async fn without_allergies_or_a_goal_only_unlisted_meals_are_left_out(t: &TestDb) {
    let m = menu(t).await;
    let bob = verified_user(t, "bob").await;
    let found = recommendations::recommend(&t.db, bob, &request(2.0))
        .await
        .unwrap();
    assert_eq!(
        names(&found),
        ["Caviar", "Feast", "Peanut noodles", "Salad", "Toast"]
    );
    let _ = (
        m.salad,
        m.feast,
        m.mystery,
        m.caviar,
        m.off_menu,
        m.salad_b,
        m.closed_salad,
        m.peanut_noodles,
        m.here,
    );
}

async fn a_bad_request_is_refused_naming_the_field(t: &TestDb) {
    let eve = Actor::new(eve(t).await);
    for (bad, field) in [
        (
            RecommendationRequest {
                limit: 0,
                ..request(1.0)
            },
            "limit",
        ),
        (request(0.0), "radius_km"),
        (
            RecommendationRequest {
                min_price: Some("9.00".parse().unwrap()),
                max_price: Some("8.00".parse().unwrap()),
                ..request(1.0)
            },
            "max_price",
        ),
    ] {
        match recommendations::recommend(&t.db, eve, &bad).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

async fn over_the_energy_left_nothing_is_recommended(t: &TestDb) {
    let here = restaurant(t, "Here", east(0.2)).await;
    meal(t, here, "Salad", 1200, "12.00", &[TOMATO]).await;
    let eve = eve(t).await; // 1199.25 kcal left
    assert!(
        recommendations::recommend(&t.db, service::Actor::new(eve), &request(1.0))
            .await
            .unwrap()
            .is_empty()
    );
    meal(t, here, "Small salad", 1199, "12.00", &[TOMATO]).await;
    let found = recommendations::recommend(&t.db, service::Actor::new(eve), &request(1.0))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].meal_name, "Small salad");
}

/// A dismissed meal is not recommended again to that user for `DISMISSED_FOR_DAYS` days; other
/// users still get it.
async fn a_dismissed_meal_stays_away_for_a_while(t: &TestDb) {
    let m = menu(t).await;
    let eve = eve(t).await;
    let meal_ids = |found: &[recommendations::Recommended]| -> Vec<Uuid> {
        found.iter().map(|r| r.recommendation.meal_id).collect()
    };
    let found = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    let toast = found
        .iter()
        .find(|r| r.recommendation.meal_id == m.toast)
        .unwrap()
        .recommendation
        .id;
    recommendations::dismiss(&t.db, service::Actor::new(eve), toast)
        .await
        .unwrap();
    let again = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    assert!(!meal_ids(&again).contains(&m.toast), "dismissed");
    assert_eq!(again.len(), found.len() - 1, "the others stay");
    let bob = verified_user(t, "bob").await;
    let his = recommendations::recommend(&t.db, bob, &request(2.0))
        .await
        .unwrap();
    assert!(meal_ids(&his).contains(&m.toast), "eve's dismissal is hers");
    // A dismissal from a recommendation made longer ago than that no longer holds.
    let long_ago = Timestamp::now()
        .checked_sub(chrono::TimeDelta::days(
            recommendations::DISMISSED_FOR_DAYS + 1,
        ))
        .unwrap();
    t.exec(
        "UPDATE recommendations SET created_at = $1 WHERE id = $2",
        vec![long_ago.into(), toast.into()],
    )
    .await
    .unwrap();
    let later = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    assert!(meal_ids(&later).contains(&m.toast), "the dismissal expired");
}

/// Without `record`, recommending reads only: the same meals as with it, no row stored, and no
/// insert among its statements.
async fn recommending_writes_only_when_asked(t: &TestDb) {
    menu(t).await;
    let eve = eve(t).await;
    let reading = RecommendationRequest {
        record: false,
        ..request(5.0)
    };
    let before = t.statement_count();
    let read = recommendations::recommend(&t.db, service::Actor::new(eve), &reading)
        .await
        .unwrap();
    let read_statements = t.statement_count() - before;
    assert!(!read.is_empty());
    assert_eq!(
        t.count("SELECT COUNT(*) FROM recommendations", vec![])
            .await,
        0
    );
    let before = t.statement_count();
    let recorded = recommendations::recommend(&t.db, service::Actor::new(eve), &request(5.0))
        .await
        .unwrap();
    let recorded_statements = t.statement_count() - before;
    let meals = |r: &[recommendations::Recommended]| {
        r.iter()
            .map(|r| r.recommendation.meal_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(meals(&read), meals(&recorded));
    assert_eq!(
        t.count("SELECT COUNT(*) FROM recommendations", vec![])
            .await,
        i64::try_from(recorded.len()).unwrap()
    );
    // The insert, and on SQLite the statement naming the acting user for the audit.
    let extra = if t.is_pg() { 1 } else { 2 };
    assert_eq!(recorded_statements, read_statements + extra);
}

dual!(
    only_safe_fitting_listed_meals_within_the_radius_are_recommended,
    a_wider_radius_a_price_range_and_a_limit_hold,
    without_allergies_or_a_goal_only_unlisted_meals_are_left_out,
    a_bad_request_is_refused_naming_the_field,
    over_the_energy_left_nothing_is_recommended,
    a_dismissed_meal_stays_away_for_a_while,
    recommending_writes_only_when_asked,
);
