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
    spatial_index_stays_in_step,
    radius_search_uses_the_spatial_index,
);
