//! The radius search: the same restaurants as a brute-force great-circle computation, and its
//! filters (cuisine, price, rating, open now, active).
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use service::restaurants::geo::{EARTH_RADIUS_KM, LatLon};
use service::restaurants::{self, Location, NearbyQuery, NewRestaurant};
use uuid::Uuid;

use super::{insert_restaurants, location};
use crate::harness::TestDb;

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

type Row = (Uuid, Option<Location>, bool);

/// Restaurants scattered over the globe and crowded at the poles, on both sides of the
/// antimeridian and in Paris; a tenth inactive; some exactly on the antimeridian and the poles,
/// and one with no location.
fn scattered_restaurants() -> Vec<Row> {
    let mut rng = StdRng::seed_from_u64(20261122);
    let mut rows: Vec<Row> = Vec::new();
    let mut push = |lat: (f64, f64), lon: (f64, f64), n: usize| {
        for _ in 0..n {
            let l = location(rng.gen_range(lat.0..=lat.1), rng.gen_range(lon.0..=lon.1));
            rows.push((Uuid::new_v4(), Some(l), rng.gen_bool(0.9)));
        }
    };
    push((-90.0, 90.0), (-180.0, 180.0), 500);
    push((89.0, 90.0), (-180.0, 180.0), 120);
    push((-90.0, -89.0), (-180.0, 180.0), 120);
    push((-5.0, 5.0), (179.0, 180.0), 120);
    push((-5.0, 5.0), (-180.0, -179.0), 120);
    push((48.8, 48.9), (2.3, 2.4), 120);
    for (lat, lon) in [(0.0, 180.0), (0.0, -180.0), (90.0, 0.0), (-90.0, 45.0)] {
        rows.push((Uuid::new_v4(), Some(location(lat, lon)), true));
    }
    rows.push((Uuid::new_v4(), None, true));
    rows
}

/// Searches `radius` km around `center` and checks the answer against the brute force over
/// `rows`: the order, each distance, and which restaurants are found. Returns how many the
/// brute force expected.
async fn search_agrees_with_brute_force(
    t: &TestDb,
    rows: &[Row],
    center: LatLon,
    radius: f64,
) -> usize {
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
    let ids: std::collections::HashSet<Uuid> = found.iter().map(|f| f.restaurant.id).collect();
    let mut expected_hits = 0;
    for (id, l, active) in rows {
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
            "{:?}: center ({}, {}) radius {radius}: restaurant at ({}, {}) {brute} km away, active {active}",
            t.backend,
            center.latitude,
            center.longitude,
            l.latitude,
            l.longitude
        );
        expected_hits += usize::from(expected);
    }
    expected_hits
}

async fn radius_search_matches_brute_force(t: &TestDb) {
    let rows = scattered_restaurants();
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
            compared += search_agrees_with_brute_force(t, &rows, center, radius).await;
        }
    }
    assert!(
        compared > 2_000,
        "the comparison found {compared} hits only"
    );
}

/// The restaurants of the filter tests, on the equator east of (0, 0).
struct Quito {
    /// Thai, price 2, rated 4.5, 1 km away.
    thai: Uuid,
    /// thai, price 4, rated 4.9, 0.5 km away.
    pricey: Uuid,
    /// Pizza, price 1, rated 2.0, 2 km away.
    low: Uuid,
    /// Thai, price 2, rated 4.0, 12 km away.
    far: Uuid,
}

/// [`Quito`]'s restaurants, and an inactive Thai one 0.1 km away.
async fn quito(t: &TestDb) -> Quito {
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
    let create =
        async |new: NewRestaurant| restaurants::create_restaurant(&t.db, new).await.unwrap().id;
    let quito = Quito {
        thai: create(make("Thai", "Thai", 2, "4.5", 1.0)).await,
        pricey: create(make("Pricey", "thai", 4, "4.9", 0.5)).await,
        low: create(make("Low", "Pizza", 1, "2.0", 2.0)).await,
        far: create(make("Far", "Thai", 2, "4.0", 12.0)).await,
    };
    let closed = create(make("Closed", "Thai", 2, "4.0", 0.1)).await;
    restaurants::deactivate_restaurant(&t.db, closed)
        .await
        .unwrap();
    quito
}

fn origin() -> LatLon {
    LatLon::new(0.0, 0.0).unwrap()
}

async fn found_ids(t: &TestDb, query: NearbyQuery) -> Vec<Uuid> {
    restaurants::search_nearby(&t.db, &query)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.restaurant.id)
        .collect()
}

async fn radius_search_finds_active_restaurants_nearest_first(t: &TestDb) {
    let Quito {
        thai,
        pricey,
        low,
        far,
    } = quito(t).await;
    assert_eq!(
        found_ids(t, NearbyQuery::new(origin(), 10.0)).await,
        vec![pricey, thai, low]
    );
    assert_eq!(
        found_ids(t, NearbyQuery::new(origin(), 20.0)).await,
        vec![pricey, thai, low, far]
    );
    let found = restaurants::search_nearby(&t.db, &NearbyQuery::new(origin(), 10.0))
        .await
        .unwrap();
    assert!(
        (found[1].distance_km - 1.0).abs() < 0.001,
        "{}",
        found[1].distance_km
    );
}

async fn radius_search_filters_by_cuisine_price_rating_and_limit(t: &TestDb) {
    let Quito {
        thai, pricey, low, ..
    } = quito(t).await;
    let within_10_km = || NearbyQuery::new(origin(), 10.0);
    let thai_only = NearbyQuery {
        cuisine: Some(" THAI ".into()),
        ..within_10_km()
    };
    assert_eq!(found_ids(t, thai_only).await, vec![pricey, thai]);
    let budget = NearbyQuery {
        min_price_range: Some(1),
        max_price_range: Some(2),
        ..within_10_km()
    };
    assert_eq!(found_ids(t, budget).await, vec![thai, low]);
    let rated = NearbyQuery {
        min_rating: Some("4.5".parse().unwrap()),
        ..within_10_km()
    };
    assert_eq!(found_ids(t, rated).await, vec![pricey, thai]);
    let one = NearbyQuery {
        limit: 1,
        ..within_10_km()
    };
    assert_eq!(found_ids(t, one).await, vec![pricey]);
}

async fn a_bad_radius_search_is_refused_naming_its_field(t: &TestDb) {
    let center = origin();
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

dual!(
    radius_search_matches_brute_force,
    radius_search_finds_active_restaurants_nearest_first,
    radius_search_filters_by_cuisine_price_rating_and_limit,
    a_bad_radius_search_is_refused_naming_its_field,
);
