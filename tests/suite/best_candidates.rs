//! Recommendations rank only the meals that can be among the best: the candidates' statement
//! bounds each meal's score without the exact distance (`service/src/recommendations/sql.rs`,
//! `best_candidates`) and leaves out the rest. The best few are the ones a full ranking puts
//! first, around any center (the equator, the antimeridian, high latitudes), and far fewer rows
//! are read to find them.
use std::sync::{Arc, Mutex};

use chrono::Utc;
use entity::types::NutritionGoalType;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, Statement};
use service::recommendations::{self, RecommendationRequest};
use service::restaurants::geo::{EARTH_RADIUS_KM, LatLon};
use service::restaurants::{self, Location, NewRestaurant};
use service::{Actor, nutrition};
use uuid::Uuid;

use crate::harness::{TestDb, verified_user};
use crate::recipes::{TOMATO, ing};

/// A numeric column's value with `scale` decimals.
fn numeric<const P: u32, const S: u32>(value: f64) -> entity::types::Numeric<P, S> {
    let scaled = (value * 10f64.powi(S as i32)).round() as i64;
    entity::types::Numeric::new(Decimal::new(scaled, S)).unwrap()
}

/// `restaurants` restaurants up to 2.6 km from `center` (some outside the 2 km radius), each
/// with five meals of varied energy, protein, carbohydrates and price, listed (one line each).
async fn city(t: &TestDb, center: LatLon, rng: &mut StdRng, restaurants: usize) {
    let degree_km = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
    for n in 0..restaurants {
        let (north, east) = (
            2.6 * (2.0 * rng.gen_range(0.0..1.0_f64) - 1.0),
            2.6 * (2.0 * rng.gen_range(0.0..1.0_f64) - 1.0),
        );
        let latitude = (center.latitude + north / degree_km).clamp(-90.0, 90.0);
        let stretch = center.latitude.to_radians().cos().max(1e-3);
        let mut longitude = center.longitude + east / degree_km / stretch;
        if longitude > 180.0 {
            longitude -= 360.0;
        } else if longitude < -180.0 {
            longitude += 360.0;
        }
        let rating = (n % 3 != 0).then(|| numeric::<2, 1>(1.0 + 4.0 * rng.gen_range(0.0..1.0_f64)));
        let restaurant = restaurants::create_restaurant(
            &t.db,
            NewRestaurant {
                name: format!("Place {n}"),
                address: "1 Main St".into(),
                city: "Anywhere".into(),
                state: "A".into(),
                zip_code: "10000".into(),
                country: Some("EC".into()),
                location: Some(Location {
                    latitude: numeric(latitude),
                    longitude: numeric(longitude),
                }),
                rating,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id;
        for _ in 0..5 {
            let meal = Uuid::new_v4();
            let protein = (rng.gen_range(0.0..1.0_f64) < 0.8)
                .then(|| (60.0 * rng.gen_range(0.0..1.0_f64) * 10.0).round() / 10.0);
            t.exec(
                "INSERT INTO meals (id, restaurant_id, name, price, energy_kcal, protein_g, carbs_g) \
                 VALUES ($1, $2, 'Dish', $3, $4, $5, $6)",
                vec![
                    meal.into(),
                    restaurant.into(),
                    numeric::<10, 2>(4.0 + 26.0 * rng.gen_range(0.0..1.0_f64)).value().into(),
                    ((200.0 + 900.0 * rng.gen_range(0.0..1.0_f64)) as i32).into(),
                    protein.map(|p| numeric::<5, 1>(p).value()).into(),
                    numeric::<5, 1>(10.0 + 120.0 * rng.gen_range(0.0..1.0_f64)).value().into(),
                ],
            )
            .await
            .unwrap();
            t.exec(
                "INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) \
                 VALUES ($1, $2, 100, 'g')",
                vec![meal.into(), ing(TOMATO).into()],
            )
            .await
            .unwrap();
        }
    }
}

/// Ann: 2,000 kcal, 100 g of protein and 150 g of carbohydrates a day, nothing eaten yet.
async fn ann(t: &TestDb) -> Actor {
    let ann = verified_user(t, "ann").await;
    let today = Utc::now().date_naive();
    let goal = nutrition::NewGoal {
        target_calories: Some("2000".parse().unwrap()),
        target_protein_g: Some("100".parse().unwrap()),
        target_carbs_g: Some("150".parse().unwrap()),
        ..nutrition::NewGoal::new(NutritionGoalType::Maintenance, today)
    };
    nutrition::create_goal(&t.db, ann, goal).await.unwrap();
    ann
}

/// The meals recommended, best first, with their scores.
async fn recommended(
    t: &TestDb,
    ann: Actor,
    request: &RecommendationRequest,
) -> Vec<(Uuid, Decimal)> {
    recommendations::recommend(&t.db, ann, request)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.recommendation.meal_id, r.recommendation.score.value()))
        .collect()
}

/// The candidates' statements a recommendation sends, as a second pool sees them.
async fn candidates_statements(
    t: &TestDb,
    ann: Actor,
    request: &RecommendationRequest,
) -> Vec<Statement> {
    let mut db = service::connect_with(&t.url, &service::PoolConfig::default())
        .await
        .unwrap();
    let seen: Arc<Mutex<Vec<Statement>>> = Arc::default();
    let sink = seen.clone();
    db.set_metric_callback(move |info| {
        if info.statement.sql.contains("AS candidates") {
            sink.lock().unwrap().push(info.statement.clone());
        }
    });
    recommendations::recommend(&db, ann, request).await.unwrap();
    seen.lock().unwrap().clone()
}

async fn the_best_few_are_a_full_rankings_first(t: &TestDb) {
    let ann = ann(t).await;
    let mut rng = StdRng::seed_from_u64(2026);
    let centers = [(0.0, 0.0), (0.0, 179.995), (-33.9, 151.2), (64.1, -21.9)];
    for (latitude, longitude) in centers {
        let center = LatLon::new(latitude, longitude).unwrap();
        city(t, center, &mut rng, 36).await;
        let mut request = RecommendationRequest::new(center, 2.0, Utc::now().date_naive());
        // 50 asked, 200 judged: every candidate is ranked, none left out.
        request.limit = 50;
        let full = recommended(t, ann, &request).await;
        assert!(full.len() >= 30, "{center:?}: {} candidates", full.len());
        for limit in [1, 3, 5] {
            request.limit = limit;
            let few = recommended(t, ann, &request).await;
            assert_eq!(few, full[..limit], "{center:?}, the best {limit}");
        }
        // The best 3 were found from far fewer rows than there were candidates.
        request.limit = 3;
        let statements = candidates_statements(t, ann, &request).await;
        assert_eq!(statements.len(), 1, "{center:?}: one pass");
        let rows = t.db.query_all_raw(statements[0].clone()).await.unwrap();
        let candidates: i64 = rows[0].try_get("", "candidates").unwrap();
        // Each row's bounds hold its score (as stored: to 2 decimals).
        for row in &rows {
            let id: Uuid = row.try_get("", "id").unwrap();
            let Some((_, score)) = full.iter().find(|(meal, _)| *meal == id) else {
                continue;
            };
            let score: f64 = score.to_string().parse().unwrap();
            let lowest: f64 = row.try_get("", "lowest").unwrap();
            let highest: f64 = row.try_get("", "highest").unwrap();
            assert!(
                lowest - 0.005 <= score && score <= highest + 0.005,
                "{center:?}: {lowest} <= {score} <= {highest}"
            );
        }
        assert!(
            rows.len() * 2 <= candidates as usize,
            "{center:?}: {} of {candidates} rows read",
            rows.len()
        );
    }
}

dual!(the_best_few_are_a_full_rankings_first);
