//! Restaurants and meals, by topic: the radius search against a brute-force great-circle
//! computation and its filters (`search`), the spatial index kept in step (SQLite's R*Tree) and
//! used (both, `spatial_index`), the service calls (`services`), and every rule of their tables
//! and of recommendations and feedback through raw SQL (`rules`). The helpers here make
//! restaurants and locations for all of them.
use rust_decimal::Decimal;
use sea_orm::Value;
use service::restaurants::Location;
use uuid::Uuid;

use crate::harness::TestDb;

mod rules;
mod search;
mod services;
mod spatial_index;

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
