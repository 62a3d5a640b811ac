//! The spatial index: SQLite's R*Tree kept in step with the restaurants' locations on every
//! write, and the radius search's plan using it (the R*Tree, or PostgreSQL's GiST index).
use service::restaurants::geo::LatLon;
use service::restaurants::{self, Location, NearbyQuery, NewRestaurant};
use uuid::Uuid;

use super::{degrees, insert_restaurants, location};
use crate::harness::TestDb;
use crate::query_plans::plan;

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

fn near(lat: f64, lon: f64, km: f64) -> NearbyQuery {
    NearbyQuery::new(LatLon::new(lat, lon).unwrap(), km)
}

/// The ids the radius search finds within `km` of a point, nearest first.
async fn ids_near(t: &TestDb, lat: f64, lon: f64, km: f64) -> Vec<Uuid> {
    restaurants::search_nearby(&t.db, &near(lat, lon, km))
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.restaurant.id)
        .collect()
}

async fn rtree_entries(t: &TestDb) -> i64 {
    t.count("SELECT COUNT(*) FROM restaurants_rtree", vec![])
        .await
}

/// Through the service: A in Paris, and B with no location. Their ids.
async fn a_in_paris_and_b_nowhere(t: &TestDb) -> (Uuid, Uuid) {
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
    (a.id, b.id)
}

/// Moves A to Lyon through the service, and gives B a location in Paris through raw SQL.
async fn move_a_to_lyon_and_b_to_paris(t: &TestDb, a: Uuid, b: Uuid) {
    let moved = restaurants::RestaurantChange {
        location: service::Patch::Set(location(45.76, 4.84)),
        ..Default::default()
    };
    restaurants::update_restaurant(&t.db, a, moved)
        .await
        .unwrap();
    t.exec(
        "UPDATE restaurants SET latitude = $1, longitude = $2 WHERE id = $3",
        vec![
            degrees(4_885_000_000).into(),
            degrees(235_000_000).into(),
            b.into(),
        ],
    )
    .await
    .unwrap();
}

async fn a_located_restaurant_is_indexed_and_one_without_a_location_is_not(t: &TestDb) {
    let (a, _) = a_in_paris_and_b_nowhere(t).await;
    assert_eq!(ids_near(t, 48.85, 2.35, 1.0).await, vec![a]);
    if !t.is_pg() {
        assert_eq!(rtree_ids_at(t, 48.85, 2.35).await, vec![a]);
        assert_eq!(
            rtree_entries(t).await,
            1,
            "a restaurant without a location has no entry"
        );
    }
}

async fn a_moved_location_is_found_at_its_new_place_and_other_columns_leave_it(t: &TestDb) {
    let (a, b) = a_in_paris_and_b_nowhere(t).await;
    move_a_to_lyon_and_b_to_paris(t, a, b).await;
    assert_eq!(ids_near(t, 48.85, 2.35, 1.0).await, vec![b]);
    assert_eq!(ids_near(t, 45.76, 4.84, 1.0).await, vec![a]);
    // A change to other columns leaves the entry alone (and the updated_at trigger too).
    t.exec(
        "UPDATE restaurants SET name = 'A2' WHERE id = $1",
        vec![a.into()],
    )
    .await
    .unwrap();
    if !t.is_pg() {
        assert_eq!(rtree_ids_at(t, 48.85, 2.35).await, vec![b]);
        assert_eq!(rtree_ids_at(t, 45.76, 4.84).await, vec![a]);
        assert_eq!(rtree_entries(t).await, 2);
    }
}

async fn clearing_a_location_or_deleting_the_row_removes_its_entry(t: &TestDb) {
    let (a, b) = a_in_paris_and_b_nowhere(t).await;
    move_a_to_lyon_and_b_to_paris(t, a, b).await;
    let cleared = restaurants::RestaurantChange {
        location: service::Patch::Clear,
        ..Default::default()
    };
    restaurants::update_restaurant(&t.db, a, cleared)
        .await
        .unwrap();
    assert!(ids_near(t, 45.76, 4.84, 1.0).await.is_empty());
    t.exec("DELETE FROM restaurants WHERE id = $1", vec![b.into()])
        .await
        .unwrap();
    assert!(ids_near(t, 48.85, 2.35, 1.0).await.is_empty());
    if !t.is_pg() {
        assert_eq!(rtree_entries(t).await, 0);
    }
}

/// Many at once: each insert, move and delete keeps one entry per located row.
async fn writes_of_many_rows_at_once_keep_one_entry_per_located_row(t: &TestDb) {
    // Latitudes 10.00 to 12.99 on longitude 20; those below 11 move to longitude 21, those
    // from 12 on are deleted.
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
    // The moved hundred lie within 56 km of (10.5, 21); the unmoved ones over 100 km away.
    let moved = NearbyQuery {
        limit: 1_000,
        ..near(10.5, 21.0, 80.0)
    };
    let found = restaurants::search_nearby(&t.db, &moved).await.unwrap();
    assert_eq!(found.len(), 100, "the moved rows, at their new place");
    if !t.is_pg() {
        let mismatched = t
            .count(
                "SELECT COUNT(*) FROM restaurants r FULL JOIN restaurants_rtree x ON x.row_key = r.id \
                 WHERE r.latitude IS NOT NULL AND (x.row_key IS NULL OR r.id IS NULL \
                 OR abs(x.min_lat - r.latitude) > 1e-5 OR abs(x.min_lon - r.longitude) > 1e-5)",
                vec![],
            )
            .await;
        assert_eq!(mismatched, 0);
        assert_eq!(rtree_entries(t).await, 200);
    }
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

dual!(
    a_located_restaurant_is_indexed_and_one_without_a_location_is_not,
    a_moved_location_is_found_at_its_new_place_and_other_columns_leave_it,
    clearing_a_location_or_deleting_the_row_removes_its_entry,
    writes_of_many_rows_at_once_keep_one_entry_per_located_row,
    radius_search_uses_the_spatial_index,
);
