//! Restaurants and meals: every rule of their tables through raw SQL, cascades, the spatial
//! index kept in step (SQLite's R*Tree) and used (both), and the radius search against a
//! brute-force great-circle computation.
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};
use service::Subject;
use service::restaurants::geo::{EARTH_RADIUS_KM, LatLon};
use service::restaurants::{self, Location, NearbyQuery, NewMeal, NewRestaurant};
use uuid::Uuid;

use crate::harness::{TestDb, assert_refused, per_backend};
use crate::rule_cases::{self, Case, Row, Table};

/// A decimal with 8 places from an integer count of 1e-8 degrees.
fn degrees(units: i64) -> Decimal {
    Decimal::new(units, 8)
}

fn location(latitude: f64, longitude: f64) -> Location {
    let round = |v: f64| degrees((v * 1e8).round() as i64);
    Location {
        latitude: entity::types::Numeric::new(round(latitude)).unwrap(),
        longitude: entity::types::Numeric::new(round(longitude)).unwrap(),
    }
}

/// Inserts restaurants with raw SQL, 100 to a statement: `(id, latitude, longitude, active)`.
pub async fn insert_restaurants(t: &TestDb, rows: &[(Uuid, Option<Location>, bool)]) {
    for chunk in rows.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO restaurants (id, name, address, city, state, zip_code, latitude, longitude, is_active) VALUES ",
        );
        let mut values: Vec<Value> = Vec::new();
        for (i, (id, location, active)) in chunk.iter().enumerate() {
            let n = i * 4;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, 'R', '1 Main St', 'Town', 'ST', '00001', ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4
            ));
            values.push((*id).into());
            values.push(location.map(|l| l.latitude.value()).into());
            values.push(location.map(|l| l.longitude.value()).into());
            values.push((*active).into());
        }
        t.exec(&sql, values).await.unwrap();
    }
}

/// The great-circle distance by another formula than the service's (the chord between the two
/// unit vectors), for the brute-force comparison.
fn chord_distance_km(a: LatLon, b: LatLon) -> f64 {
    let v = |p: LatLon| {
        let (lat, lon) = (p.latitude.to_radians(), p.longitude.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    };
    let (x, y) = (v(a), v(b));
    let chord = ((x[0] - y[0]).powi(2) + (x[1] - y[1]).powi(2) + (x[2] - y[2]).powi(2)).sqrt();
    2.0 * EARTH_RADIUS_KM * (chord / 2.0).min(1.0).asin()
}

fn point(l: &Location) -> LatLon {
    l.point()
}

async fn radius_search_matches_brute_force(t: &TestDb) {
    let mut rng = StdRng::seed_from_u64(20261122);
    let mut rows: Vec<(Uuid, Option<Location>, bool)> = Vec::new();
    let push = |rng: &mut StdRng, lat: (f64, f64), lon: (f64, f64), n: usize| {
        let mut out = Vec::new();
        for _ in 0..n {
            let l = location(rng.gen_range(lat.0..=lat.1), rng.gen_range(lon.0..=lon.1));
            out.push((Uuid::new_v4(), Some(l), rng.gen_bool(0.9)));
        }
        out
    };
    rows.extend(push(&mut rng, (-90.0, 90.0), (-180.0, 180.0), 500));
    rows.extend(push(&mut rng, (89.0, 90.0), (-180.0, 180.0), 120));
    rows.extend(push(&mut rng, (-90.0, -89.0), (-180.0, 180.0), 120));
    rows.extend(push(&mut rng, (-5.0, 5.0), (179.0, 180.0), 120));
    rows.extend(push(&mut rng, (-5.0, 5.0), (-180.0, -179.0), 120));
    rows.extend(push(&mut rng, (48.8, 48.9), (2.3, 2.4), 120));
    // Exactly on the antimeridian and the poles, and no location at all.
    for (lat, lon) in [(0.0, 180.0), (0.0, -180.0), (90.0, 0.0), (-90.0, 45.0)] {
        rows.push((Uuid::new_v4(), Some(location(lat, lon)), true));
    }
    rows.push((Uuid::new_v4(), None, true));
    insert_restaurants(t, &rows).await;

    let centers = [
        (48.85, 2.35),
        (89.9, 0.0),
        (90.0, 0.0),
        (-89.95, 120.0),
        (0.0, 179.99),
        (1.0, -179.9),
        (0.0, 180.0),
        (0.0, -180.0),
        (60.0, 170.0),
        (-33.9, 151.2),
        (0.0, 0.0),
    ];
    let radii = [0.5, 5.0, 50.0, 300.0, 2_000.0, 15_000.0];
    let mut compared = 0;
    for (lat, lon) in centers {
        let center = LatLon::new(lat, lon).unwrap();
        for radius in radii {
            let query = NearbyQuery {
                limit: 100_000,
                ..NearbyQuery::new(center, radius)
            };
            let found = restaurants::search_nearby(&t.db, &query).await.unwrap();
            for pair in found.windows(2) {
                assert!(pair[0].distance_km <= pair[1].distance_km, "nearest first");
            }
            for f in &found {
                let l = restaurants::location_of(&f.restaurant).unwrap();
                let brute = chord_distance_km(center, point(&l));
                assert!(
                    (brute - f.distance_km).abs() < 0.001,
                    "{:?} distance {} against {brute}",
                    t.backend,
                    f.distance_km
                );
                assert!(f.restaurant.is_active);
            }
            let ids: std::collections::HashSet<Uuid> =
                found.iter().map(|f| f.restaurant.id).collect();
            for (id, l, active) in &rows {
                let Some(l) = l else {
                    assert!(!ids.contains(id), "no location, never found");
                    continue;
                };
                let brute = chord_distance_km(center, point(l));
                // Within a metre of the edge either answer is right.
                if (brute - radius).abs() < 0.001 {
                    continue;
                }
                let expected = *active && brute < radius;
                assert_eq!(
                    ids.contains(id),
                    expected,
                    "{:?}: center ({lat}, {lon}) radius {radius}: restaurant at ({}, {}) {brute} km away, active {active}",
                    t.backend,
                    l.latitude,
                    l.longitude
                );
                compared += usize::from(expected);
            }
        }
    }
    assert!(
        compared > 2_000,
        "the comparison found {compared} hits only"
    );
}

/// The restaurant ids the SQLite R*Tree holds for points within a small box around a point.
async fn rtree_ids_at(t: &TestDb, lat: f64, lon: f64) -> Vec<Uuid> {
    t.query(
        "SELECT row_key FROM restaurants_rtree WHERE max_lat >= $1 AND min_lat <= $2 AND max_lon >= $3 AND min_lon <= $4",
        vec![(lat - 1e-4).into(), (lat + 1e-4).into(), (lon - 1e-4).into(), (lon + 1e-4).into()],
    )
    .await
    .iter()
    .map(|r| r.try_get_by_index::<Uuid>(0).unwrap())
    .collect()
}

async fn spatial_index_stays_in_step(t: &TestDb) {
    let make = |name: &str, l: Option<Location>| NewRestaurant {
        name: name.into(),
        address: "1 Rue".into(),
        city: "Paris".into(),
        state: "IDF".into(),
        zip_code: "75001".into(),
        country: Some("FR".into()),
        location: l,
        ..Default::default()
    };
    let a = restaurants::create_restaurant(&t.db, make("A", Some(location(48.85, 2.35))))
        .await
        .unwrap();
    let b = restaurants::create_restaurant(&t.db, make("B", None))
        .await
        .unwrap();
    let near = |lat, lon, km| NearbyQuery::new(LatLon::new(lat, lon).unwrap(), km);
    let ids = |found: Vec<restaurants::NearbyRestaurant>| {
        found
            .into_iter()
            .map(|f| f.restaurant.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(restaurants::search_nearby(&t.db, &near(48.85, 2.35, 1.0))
            .await
            .unwrap()),
        vec![a.id]
    );
    if !t.is_pg() {
        assert_eq!(rtree_ids_at(t, 48.85, 2.35).await, vec![a.id]);
        assert_eq!(
            t.count("SELECT COUNT(*) FROM restaurants_rtree", vec![])
                .await,
            1,
            "a restaurant without a location has no entry"
        );
    }
    // Move A to Lyon, give B a location, through the service and through raw SQL.
    let moved = restaurants::RestaurantChange {
        location: service::Patch::Set(location(45.76, 4.84)),
        ..Default::default()
    };
    restaurants::update_restaurant(&t.db, a.id, moved)
        .await
        .unwrap();
    t.exec(
        "UPDATE restaurants SET latitude = $1, longitude = $2 WHERE id = $3",
        vec![
            degrees(4_885_000_000).into(),
            degrees(235_000_000).into(),
            b.id.into(),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        ids(restaurants::search_nearby(&t.db, &near(48.85, 2.35, 1.0))
            .await
            .unwrap()),
        vec![b.id]
    );
    assert_eq!(
        ids(restaurants::search_nearby(&t.db, &near(45.76, 4.84, 1.0))
            .await
            .unwrap()),
        vec![a.id]
    );
    // A change to other columns leaves the entry alone (and the updated_at trigger too).
    t.exec(
        "UPDATE restaurants SET name = 'A2' WHERE id = $1",
        vec![a.id.into()],
    )
    .await
    .unwrap();
    if !t.is_pg() {
        assert_eq!(rtree_ids_at(t, 48.85, 2.35).await, vec![b.id]);
        assert_eq!(rtree_ids_at(t, 45.76, 4.84).await, vec![a.id]);
        assert_eq!(
            t.count("SELECT COUNT(*) FROM restaurants_rtree", vec![])
                .await,
            2
        );
    }
    // Clearing a location removes its entry; deleting the row removes the other.
    let cleared = restaurants::RestaurantChange {
        location: service::Patch::Clear,
        ..Default::default()
    };
    restaurants::update_restaurant(&t.db, a.id, cleared)
        .await
        .unwrap();
    assert!(
        restaurants::search_nearby(&t.db, &near(45.76, 4.84, 1.0))
            .await
            .unwrap()
            .is_empty()
    );
    t.exec("DELETE FROM restaurants WHERE id = $1", vec![b.id.into()])
        .await
        .unwrap();
    assert!(
        restaurants::search_nearby(&t.db, &near(48.85, 2.35, 1.0))
            .await
            .unwrap()
            .is_empty()
    );
    if !t.is_pg() {
        assert_eq!(
            t.count("SELECT COUNT(*) FROM restaurants_rtree", vec![])
                .await,
            0
        );
        // Many at once: each insert, move and delete keeps one entry per located row.
        let rows: Vec<_> = (0..300)
            .map(|i| {
                let l = location(10.0 + f64::from(i) / 100.0, 20.0);
                (Uuid::new_v4(), Some(l), true)
            })
            .collect();
        insert_restaurants(t, &rows).await;
        t.exec(
            "UPDATE restaurants SET longitude = longitude + 1 WHERE latitude < 11",
            vec![],
        )
        .await
        .unwrap();
        t.exec("DELETE FROM restaurants WHERE latitude >= 12", vec![])
            .await
            .unwrap();
        let mismatched = t
            .count(
                "SELECT COUNT(*) FROM restaurants r FULL JOIN restaurants_rtree x ON x.row_key = r.id \
                 WHERE r.latitude IS NOT NULL AND (x.row_key IS NULL OR r.id IS NULL \
                 OR abs(x.min_lat - r.latitude) > 1e-5 OR abs(x.min_lon - r.longitude) > 1e-5)",
                vec![],
            )
            .await;
        assert_eq!(mismatched, 0);
        assert_eq!(
            t.count("SELECT COUNT(*) FROM restaurants_rtree", vec![])
                .await,
            200
        );
    }
}

pub async fn plan(t: &TestDb, stmt: Statement) -> String {
    let txn = t.db.begin().await.unwrap();
    let prefix = if t.is_pg() {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
        "EXPLAIN "
    } else {
        "EXPLAIN QUERY PLAN "
    };
    let explain = Statement {
        sql: format!("{prefix}{}", stmt.sql),
        ..stmt
    };
    let column = if t.is_pg() { "QUERY PLAN" } else { "detail" };
    let lines: Vec<String> = txn
        .query_all_raw(explain)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", column).unwrap())
        .collect();
    txn.rollback().await.unwrap();
    lines.join("\n")
}

async fn radius_search_uses_the_spatial_index(t: &TestDb) {
    use sea_orm::QueryTrait;
    for (lat, lon) in [(48.85, 2.35), (0.0, 179.99), (89.99, 0.0)] {
        let query = NearbyQuery::new(LatLon::new(lat, lon).unwrap(), 5.0);
        let stmt = restaurants::candidates(t.backend, &query).build(t.backend);
        let found = plan(t, stmt).await;
        if t.is_pg() {
            assert!(found.contains("idx_restaurants_location"), "{found}");
            assert!(!found.contains("Seq Scan"), "{found}");
        } else {
            assert!(
                found.contains("SCAN restaurants_rtree VIRTUAL TABLE INDEX"),
                "{found}"
            );
            assert!(
                !found.contains("SCAN restaurants\n") && !found.ends_with("SCAN restaurants"),
                "{found}"
            );
        }
    }
}

async fn radius_search_filters(t: &TestDb) {
    let make = |name: &str, cuisine: &str, price: i32, rating: &str, km_east: f64| NewRestaurant {
        name: name.into(),
        cuisine_type: Some(cuisine.into()),
        address: "1 Main St".into(),
        city: "Quito".into(),
        state: "P".into(),
        zip_code: "170150".into(),
        country: Some("EC".into()),
        // On the equator a degree of longitude is R * pi / 180 km.
        location: Some(location(
            0.0,
            km_east / (EARTH_RADIUS_KM * std::f64::consts::PI / 180.0),
        )),
        rating: Some(rating.parse().unwrap()),
        price_range: Some(price),
        ..Default::default()
    };
    let thai = restaurants::create_restaurant(&t.db, make("Thai", "Thai", 2, "4.5", 1.0))
        .await
        .unwrap();
    let pricey = restaurants::create_restaurant(&t.db, make("Pricey", "thai", 4, "4.9", 0.5))
        .await
        .unwrap();
    let low = restaurants::create_restaurant(&t.db, make("Low", "Pizza", 1, "2.0", 2.0))
        .await
        .unwrap();
    let far = restaurants::create_restaurant(&t.db, make("Far", "Thai", 2, "4.0", 12.0))
        .await
        .unwrap();
    let closed = restaurants::create_restaurant(&t.db, make("Closed", "Thai", 2, "4.0", 0.1))
        .await
        .unwrap();
    restaurants::deactivate_restaurant(&t.db, closed.id)
        .await
        .unwrap();
    let center = LatLon::new(0.0, 0.0).unwrap();
    let run = |q: NearbyQuery| async move {
        restaurants::search_nearby(&t.db, &q)
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.restaurant.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(NearbyQuery::new(center, 10.0)).await,
        vec![pricey.id, thai.id, low.id]
    );
    assert_eq!(
        run(NearbyQuery::new(center, 20.0)).await,
        vec![pricey.id, thai.id, low.id, far.id]
    );
    let thai_only = NearbyQuery {
        cuisine: Some(" THAI ".into()),
        ..NearbyQuery::new(center, 10.0)
    };
    assert_eq!(run(thai_only).await, vec![pricey.id, thai.id]);
    let budget = NearbyQuery {
        min_price_range: Some(1),
        max_price_range: Some(2),
        ..NearbyQuery::new(center, 10.0)
    };
    assert_eq!(run(budget).await, vec![thai.id, low.id]);
    let rated = NearbyQuery {
        min_rating: Some("4.5".parse().unwrap()),
        ..NearbyQuery::new(center, 10.0)
    };
    assert_eq!(run(rated).await, vec![pricey.id, thai.id]);
    let one = NearbyQuery {
        limit: 1,
        ..NearbyQuery::new(center, 10.0)
    };
    assert_eq!(run(one).await, vec![pricey.id]);
    let found = restaurants::search_nearby(&t.db, &NearbyQuery::new(center, 10.0))
        .await
        .unwrap();
    assert!(
        (found[1].distance_km - 1.0).abs() < 0.001,
        "{}",
        found[1].distance_km
    );

    for (bad, field) in [
        (NearbyQuery::new(center, 0.0), "radius_km"),
        (NearbyQuery::new(center, 30_000.0), "radius_km"),
        (
            NearbyQuery {
                max_price_range: Some(5),
                ..NearbyQuery::new(center, 1.0)
            },
            "max_price_range",
        ),
        (
            NearbyQuery {
                center: LatLon {
                    latitude: 95.0,
                    longitude: 0.0,
                },
                ..NearbyQuery::new(center, 1.0)
            },
            "latitude",
        ),
    ] {
        match restaurants::search_nearby(&t.db, &bad).await {
            Err(service::Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

async fn restaurant_and_meal_services_validate_and_change(t: &TestDb) {
    let new = NewRestaurant {
        name: "  Chez Ada ".into(),
        address: "1 Main St".into(),
        city: "Springfield".into(),
        state: "IL".into(),
        zip_code: "62701".into(),
        hours: Some(serde_json::json!({"mon": "9-17"})),
        ..Default::default()
    };
    let r = restaurants::create_restaurant(&t.db, new.clone())
        .await
        .unwrap();
    assert_eq!(r.name, "Chez Ada");
    assert_eq!(r.country, "US");
    assert_eq!(r.hours, Some(serde_json::json!({"mon": "9-17"})));
    for (bad, field) in [
        (
            NewRestaurant {
                name: " ".into(),
                ..new.clone()
            },
            "name",
        ),
        (
            NewRestaurant {
                country: Some("usa".into()),
                ..new.clone()
            },
            "country",
        ),
        (
            NewRestaurant {
                price_range: Some(0),
                ..new.clone()
            },
            "price_range",
        ),
        (
            NewRestaurant {
                rating: Some("5.1".parse().unwrap()),
                ..new.clone()
            },
            "rating",
        ),
        (
            NewRestaurant {
                hours: Some(serde_json::json!([1])),
                ..new.clone()
            },
            "hours",
        ),
        (
            NewRestaurant {
                location: Some(location(0.0, 181.0)),
                ..new.clone()
            },
            "longitude",
        ),
    ] {
        match restaurants::create_restaurant(&t.db, bad).await {
            Err(service::Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let meal = NewMeal {
        name: "Pad thai".into(),
        description: None,
        category: Some("main".into()),
        price: "12.50".parse().unwrap(),
        nutrition: restaurants::MealNutrition {
            energy_kcal: Some(650),
            protein_g: Some("20.5".parse().unwrap()),
            ..Default::default()
        },
        image_url: None,
    };
    let m = restaurants::create_meal(&t.db, r.id, meal.clone())
        .await
        .unwrap();
    assert_eq!(m.price.to_string(), "12.50");
    assert!(matches!(
        restaurants::create_meal(&t.db, Uuid::new_v4(), meal.clone()).await,
        Err(service::Error::NotFound {
            what: Subject::Restaurant
        })
    ));
    let free = NewMeal {
        price: "0.00".parse().unwrap(),
        ..meal.clone()
    };
    assert!(matches!(
        restaurants::create_meal(&t.db, r.id, free).await,
        Err(service::Error::Validation { ref field, .. }) if field == "price"
    ));
    let changed = restaurants::update_meal(
        &t.db,
        m.id,
        restaurants::MealChange {
            price: Some("13.00".parse().unwrap()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.price.to_string(), "13.00");
    assert_eq!(changed.energy_kcal, Some(650));
    restaurants::deactivate_meal(&t.db, m.id).await.unwrap();
    assert!(matches!(
        restaurants::deactivate_meal(&t.db, Uuid::new_v4()).await,
        Err(service::Error::NotFound {
            what: Subject::Meal
        })
    ));
    assert!(matches!(
        restaurants::deactivate_restaurant(&t.db, Uuid::new_v4()).await,
        Err(service::Error::NotFound {
            what: Subject::Restaurant
        })
    ));
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A restaurant with no location, rating, price range or hours.
fn restaurant_row(id: Uuid) -> Row {
    Row::new("restaurants")
        .col("id", id)
        .col("name", "R")
        .col("address", "a")
        .col("city", "c")
        .col("state", "s")
        .col("zip_code", "z")
        .col("country", "US")
}

fn meal_row(id: Uuid, restaurant: Uuid) -> Row {
    Row::new("meals")
        .col("id", id)
        .col("restaurant_id", restaurant)
        .col("name", "Dish")
        .col("price", dec("9.5"))
}

fn restaurant_cases(t: &TestDb) -> Table {
    let id = Uuid::new_v4();
    let mut cases = vec![
        Case::refused("chk_restaurants_rating").set("rating", dec("5.5")),
        Case::refused("chk_restaurants_price_range").set("price_range", 5_i32),
        Case::refused("chk_restaurants_coordinates")
            .set("latitude", dec("-90.5"))
            .set("longitude", dec("0")),
        Case::refused("chk_restaurants_coordinates")
            .set("latitude", dec("0"))
            .set("longitude", dec("180.5")),
        Case::refused("chk_restaurants_location_pair").set("latitude", dec("1")),
        Case::refused("chk_restaurants_name").set("name", "  "),
        Case::refused("chk_restaurants_country").set("country", "us"),
        Case::accepted("edge values")
            .set("country", "FR")
            .set("latitude", dec("90"))
            .set("longitude", dec("-180"))
            .set("rating", dec("0"))
            .set("price_range", 1_i32)
            .set(
                "hours",
                Value::Json(Some(Box::new(serde_json::json!({"mon": "9-17"})))),
            ),
        Case::refused("restaurants_pkey")
            .after(restaurant_row(id))
            .set("id", id)
            .set("name", "Again"),
    ];
    // Too many decimals: PostgreSQL's NUMERIC rounds them, SQLite's stand-in CHECK refuses.
    if !t.is_pg() {
        cases.push(
            Case::refused("chk_latitude_decimal")
                .set("latitude", dec("1.123456789"))
                .set("longitude", dec("1")),
        );
    }
    rule_cases::table(restaurant_row(Uuid::new_v4()), cases)
}

fn meal_cases(restaurant: Uuid, other: Uuid) -> Table {
    let id = Uuid::new_v4();
    rule_cases::table(
        meal_row(Uuid::new_v4(), restaurant),
        [
            Case::refused("chk_meals_price").set("price", dec("0")),
            Case::refused("chk_meals_energy").set("energy_kcal", 5001_i32),
            Case::refused("chk_meals_energy").set("energy_kcal", -1_i32),
            Case::refused("chk_meals_nutrients").set("protein_g", dec("-0.1")),
            Case::refused("chk_meals_nutrients").set("sodium_mg", -1_i32),
            Case::refused("chk_meals_name").set("name", ""),
            Case::refused("fk_meals_restaurant").set("restaurant_id", Uuid::new_v4()),
            Case::accepted("a meal at the limits")
                .set("price", dec("0.01"))
                .set("energy_kcal", 5000_i32)
                .set("protein_g", dec("0"))
                .set("sodium_mg", 0_i32),
            // The same id at another restaurant (at the same one, SQLite reports
            // uq_meals_restaurant, which the id's key implies).
            Case::refused("meals_pkey")
                .after(meal_row(id, restaurant))
                .set("id", id)
                .set("restaurant_id", other),
        ],
    )
}

async fn restaurant_and_meal_rules_refuse_and_accept(t: &TestDb) {
    let (restaurant, other) = (Uuid::new_v4(), Uuid::new_v4());
    for id in [restaurant, other] {
        rule_cases::insert(t, &restaurant_row(id)).await;
    }
    rule_cases::run(t, &[restaurant_cases(t), meal_cases(restaurant, other)]).await;
    // Not JSON: PostgreSQL's jsonb refuses the literal itself, SQLite's stand-in CHECK. A
    // literal in the SQL, since a bound text is no JSON value to PostgreSQL at all.
    assert_refused(
        t,
        per_backend("sqlstate:22P02", "chk_hours_json"),
        "INSERT INTO restaurants (id, name, address, city, state, zip_code, country, hours) \
         VALUES ($1, 'x', 'a', 'c', 's', 'z', 'US', '{not json')",
        vec![Uuid::new_v4().into()],
    )
    .await;

    // Deleting a restaurant deletes its meals.
    let meal = Uuid::new_v4();
    rule_cases::insert(t, &meal_row(meal, restaurant)).await;
    t.exec(
        "DELETE FROM restaurants WHERE id = $1",
        vec![restaurant.into()],
    )
    .await
    .unwrap();
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM meals WHERE id = $1",
            vec![meal.into()]
        )
        .await,
        0
    );
}

/// The two restaurants, each with a meal, that recommendations and feedback refer to.
struct Menu {
    r1: Uuid,
    r2: Uuid,
    m1: Uuid,
    m2: Uuid,
}

fn recommendation_row(id: Uuid, user: Uuid, meal: Uuid, restaurant: Uuid) -> Row {
    Row::new("recommendations")
        .col("id", id)
        .col("user_id", user)
        .col("meal_id", meal)
        .col("restaurant_id", restaurant)
        .col("score", dec("1"))
        .col("distance_km", dec("1"))
        .col("reason", "why")
        .col(
            "reason_details",
            Value::Json(Some(Box::new(serde_json::json!({"parts": []})))),
        )
        .col("status", "shown")
}

fn feedback_row(user: Uuid, recommendation: Option<Uuid>, meal: Uuid) -> Row {
    Row::new("feedback")
        .col("id", Uuid::new_v4())
        .col("user_id", user)
        .col("recommendation_id", recommendation)
        .col("meal_id", meal)
        .col("rating", 3_i32)
}

fn recommendation_cases(ann: Uuid, bob: Uuid, menu: &Menu) -> Table {
    let Menu { r1, r2, m1, m2 } = *menu;
    let taken = Uuid::new_v4();
    let first = recommendation_row(taken, ann, m1, r1);
    rule_cases::table(
        recommendation_row(Uuid::new_v4(), ann, m1, r1),
        [
            Case::refused("chk_recommendations_score").set("score", dec("100.01")),
            Case::refused("chk_recommendations_score").set("score", dec("-1")),
            Case::refused("chk_recommendations_distance").set("distance_km", dec("-0.001")),
            Case::refused("chk_recommendations_status").set("status", "ignored"),
            // The meal is at another restaurant than the one named.
            Case::refused("fk_recommendations_meal").set("restaurant_id", r2),
            Case::refused("fk_recommendations_user").set("user_id", Uuid::new_v4()),
            Case::accepted("limits")
                .set("score", dec("100"))
                .set("distance_km", dec("0"))
                .set("status", "accepted"),
            Case::accepted("another user's")
                .set("user_id", bob)
                .set("meal_id", m2)
                .set("restaurant_id", r2)
                .set("score", dec("0"))
                .set("distance_km", dec("12.5"))
                .set("status", "dismissed"),
            // The same id for another meal: only the key is broken.
            Case::refused("recommendations_pkey")
                .after(first.clone())
                .set("id", taken)
                .set("user_id", bob)
                .set("meal_id", m2)
                .set("restaurant_id", r2),
            // The same id, user and meal: SQLite names the composite unique the key implies.
            Case::refused(per_backend(
                "recommendations_pkey",
                "uq_recommendations_owner",
            ))
            .after(first)
            .set("id", taken),
        ],
    )
}

fn feedback_cases(ann: Uuid, menu: &Menu, ann_rec: Uuid, bob_rec: Uuid) -> Table {
    let Menu { m1, m2, .. } = *menu;
    rule_cases::table(
        feedback_row(ann, None, m1),
        [
            Case::refused("chk_feedback_rating").set("rating", 0_i32),
            Case::refused("chk_feedback_rating").set("rating", 6_i32),
            Case::refused("chk_feedback_comment").set("comment", "x".repeat(2001)),
            Case::refused("fk_feedback_meal").set("meal_id", Uuid::new_v4()),
            Case::refused("fk_feedback_user").set("user_id", Uuid::new_v4()),
            // Bob's recommendation, or Ann's about another meal.
            Case::refused("fk_feedback_recommendation")
                .set("recommendation_id", bob_rec)
                .set("meal_id", m2),
            Case::refused("fk_feedback_recommendation")
                .set("recommendation_id", ann_rec)
                .set("meal_id", m2),
            Case::accepted("on a recommendation")
                .set("recommendation_id", ann_rec)
                .set("rating", 5_i32)
                .set("comment", "x".repeat(2000)),
            Case::accepted("on a meal, twice")
                .after_the_good_row()
                .set("id", Uuid::new_v4())
                .set("rating", 1_i32),
            Case::refused("uq_feedback_recommendation")
                .after(feedback_row(ann, Some(ann_rec), m1))
                .set("recommendation_id", ann_rec),
            Case::refused("feedback_pkey").after_the_good_row(),
        ],
    )
}

async fn recommendation_and_feedback_rules_refuse_and_accept(t: &TestDb) {
    let ann = crate::harness::insert_user(t, "ann", true).await.id();
    let bob = crate::harness::insert_user(t, "bob", true).await.id();
    let menu = Menu {
        r1: Uuid::new_v4(),
        r2: Uuid::new_v4(),
        m1: Uuid::new_v4(),
        m2: Uuid::new_v4(),
    };
    for (m, r) in [(menu.m1, menu.r1), (menu.m2, menu.r2)] {
        rule_cases::insert(t, &restaurant_row(r)).await;
        rule_cases::insert(t, &meal_row(m, r)).await;
    }
    let (ann_rec, bob_rec) = (Uuid::new_v4(), Uuid::new_v4());
    rule_cases::insert(t, &recommendation_row(ann_rec, ann, menu.m1, menu.r1)).await;
    rule_cases::insert(t, &recommendation_row(bob_rec, bob, menu.m2, menu.r2)).await;
    rule_cases::run(
        t,
        &[
            recommendation_cases(ann, bob, &menu),
            feedback_cases(ann, &menu, ann_rec, bob_rec),
        ],
    )
    .await;

    // Cascades: a recommendation takes its feedback; a meal its recommendations and feedback;
    // a user theirs.
    rule_cases::insert(t, &feedback_row(ann, Some(ann_rec), menu.m1)).await;
    for _ in 0..3 {
        rule_cases::insert(t, &feedback_row(ann, None, menu.m1)).await;
    }
    let count = |table: &'static str| async move {
        t.count(&format!("SELECT COUNT(*) FROM {table}"), vec![])
            .await
    };
    assert_eq!(
        (count("recommendations").await, count("feedback").await),
        (2, 4)
    );
    t.exec(
        "DELETE FROM recommendations WHERE id = $1",
        vec![ann_rec.into()],
    )
    .await
    .unwrap();
    assert_eq!(count("feedback").await, 3);
    t.exec("DELETE FROM meals WHERE id = $1", vec![menu.m1.into()])
        .await
        .unwrap();
    assert_eq!(count("feedback").await, 0);
    rule_cases::insert(t, &feedback_row(bob, Some(bob_rec), menu.m2)).await;
    t.exec("DELETE FROM users WHERE id = $1", vec![bob.into()])
        .await
        .unwrap();
    assert_eq!(
        (count("recommendations").await, count("feedback").await),
        (0, 0)
    );
    assert_eq!(count("meals").await, 1, "catalogue rows stay");
}

dual!(
    radius_search_matches_brute_force,
    spatial_index_stays_in_step,
    radius_search_uses_the_spatial_index,
    radius_search_filters,
    restaurant_and_meal_services_validate_and_change,
    restaurant_and_meal_rules_refuse_and_accept,
    recommendation_and_feedback_rules_refuse_and_accept,
);
