//! Recommending takes the same statements whatever the catalogue holds, judges only the best
//! candidates first without hiding safe meals further down, and reads through the indexes.
use chrono::Utc;
use service::recommendations::{self, RecommendationRequest, Screening};
use service::restaurants::geo::LatLon;
use service::restaurants::{self, MealNutrition, NewMeal};
use uuid::Uuid;

use super::{bulk_meals, east, eve, meal, request, restaurant};
use crate::harness::TestDb;
use crate::recipes::{OLIVE_OIL, PEANUT_BUTTER, TOMATO};

async fn statements_do_not_grow_with_the_catalogue(t: &TestDb) {
    let eve = eve(t).await;
    let here = restaurant(t, "Here", east(0.2)).await;
    bulk_meals(t, here, 10, TOMATO).await;
    let count = |req: RecommendationRequest| async move {
        let before = t.statement_count();
        let found = recommendations::recommend(&t.db, service::Actor::new(eve), &req)
            .await
            .unwrap();
        (t.statement_count() - before, found.len())
    };
    // The profile, the candidates that fit, the verdicts of the best of them, the insert
    // (SQLite: and naming the acting user in `audit_context`).
    let statements = if t.is_pg() { 4 } else { 5 };
    let small = count(request(1.0)).await;
    assert_eq!(small, (statements, 10));
    bulk_meals(t, here, 990, TOMATO).await;
    for _ in 0..5 {
        restaurant(t, "Elsewhere", east(0.5)).await;
    }
    let large = count(request(1.0)).await;
    assert_eq!(
        large,
        (statements, 50),
        "the same statements for 10 and 1000 meals"
    );
    let before = t.statement_count();
    assert_eq!(
        restaurants::list_menu_verdicts(&t.db, service::Actor::new(eve), here)
            .await
            .unwrap()
            .len(),
        1000
    );
    assert_eq!(t.statement_count() - before, 1);
}

/// The first pass judges only the best-scoring few: when those are all unsafe (or have no
/// ingredient list), the second pass still finds the best safe meals further down, and a
/// request whose candidates were all judged needs no second pass.
async fn unsafe_best_scorers_do_not_hide_safe_meals(t: &TestDb) {
    let eve = eve(t).await;
    // Twelve peanut meals and one with no ingredient list, 100 m away, outscore everything
    // 900 m away on distance (27 of 30 points against 3).
    let near = restaurant(t, "Near", east(0.1)).await;
    bulk_meals(t, near, 12, PEANUT_BUTTER).await;
    let mystery = restaurants::create_meal(
        &t.db,
        near,
        NewMeal {
            name: "Mystery".into(),
            description: None,
            category: None,
            price: "7.50".parse().unwrap(),
            nutrition: MealNutrition {
                energy_kcal: Some(400),
                ..Default::default()
            },
            image_url: None,
        },
    )
    .await
    .unwrap();
    let far = restaurant(t, "Far", east(0.9)).await;
    meal(t, far, "Salad", 400, "7.50", &[TOMATO]).await;
    meal(t, far, "Soup", 450, "7.50", &[TOMATO, OLIVE_OIL]).await;
    let run = |limit: usize| async move {
        let before = t.statement_count();
        let found = recommendations::recommend(
            &t.db,
            service::Actor::new(eve),
            &RecommendationRequest {
                limit,
                ..request(1.0)
            },
        )
        .await
        .unwrap();
        let names: Vec<String> = found.iter().map(|r| r.meal_name.clone()).collect();
        (t.statement_count() - before, names)
    };
    let sqlite_extra = usize::from(!t.is_pg());
    // Two asked for: the best 8 are judged, all unsafe or unlisted, so the second pass asks
    // the database for the safe candidates and judges the best two of them.
    let (statements, names) = run(2).await;
    // The soup's 450 kcal are nearer a third of the day's 2000 than the salad's 400.
    assert_eq!(names, ["Soup", "Salad"]);
    assert_eq!(statements, 6 + sqlite_extra, "two passes");
    // Fifty asked for: all 15 candidates are judged in the first pass.
    let (statements, names) = run(50).await;
    assert_eq!(names, ["Soup", "Salad"]);
    assert_eq!(statements, 4 + sqlite_extra, "one pass");
    assert!(
        !recommendations::list_recommendations(&t.db, service::Actor::new(eve), 100)
            .await
            .unwrap()
            .iter()
            .any(|r| r.restaurant_id == near || r.meal_id == mystery.id),
        "nothing from the peanut kitchen was ever stored"
    );
}

async fn recommendation_candidates_use_the_indexes(t: &TestDb) {
    for (lat, lon) in [(40.75, -73.98), (0.0, 179.999)] {
        let req = RecommendationRequest::new(
            LatLon::new(lat, lon).unwrap(),
            2.0,
            Utc::now().date_naive(),
        );
        for screening in [Screening::Fit, Screening::FitAndSafe] {
            let stmt = recommendations::candidates_statement(
                t.backend,
                Uuid::new_v4(),
                &req,
                Some(900),
                screening,
            );
            let found = crate::query_plans::plan(t, stmt).await;
            if t.is_pg() {
                assert!(found.contains("idx_restaurants_location"), "{found}");
                assert!(found.contains("idx_meals_search"), "{found}");
                assert!(!found.contains("Seq Scan on meals"), "{found}");
            } else {
                assert!(
                    found.contains("SCAN restaurants_rtree VIRTUAL TABLE INDEX"),
                    "{found}"
                );
                assert!(found.contains("idx_meals_search"), "{found}");
            }
            // The user's recent dismissals: read once, from the partial index.
            assert!(found.contains("idx_recommendations_dismissed"), "{found}");
            // The first pass has no per-meal subquery: its cost is the meals in the boxes.
            assert_eq!(
                found.contains("meal_ingredients"),
                screening == Screening::FitAndSafe,
                "{found}"
            );
        }
    }
}

dual!(
    statements_do_not_grow_with_the_catalogue,
    unsafe_best_scorers_do_not_hide_safe_meals,
    recommendation_candidates_use_the_indexes,
);
