//! The pantry takes storable dates: a best-before date, the day expiring items are counted
//! from, and the stock a checked shopping item goes into.
use chrono::NaiveDate;
use entity::types::{StorageLocation, Unit};
use service::inventory::{self, NewInventoryItem};
use service::shopping::{self, Stock};
use uuid::Uuid;

use super::{OUT_OF_RANGE, count, last_day, refused, ymd};
use crate::harness::{TestDb, verified_user};

async fn the_pantry_takes_storable_dates(t: &TestDb) {
    let user = verified_user(t, "pantry").await;
    let oats = Uuid::new_v4();
    t.exec(
        "INSERT INTO ingredients (id, name, category, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg) VALUES ($1, 'Dated oats', 'grain', 0, 0, 0, 0, 0, 0, 0)",
        vec![oats.into()],
    )
    .await
    .unwrap();
    let item = |best_before| NewInventoryItem {
        id: None,
        ingredient_id: oats,
        quantity: "100".parse().unwrap(),
        unit: Unit::G,
        location: StorageLocation::Pantry,
        best_before,
    };
    for outside in [NaiveDate::MIN, NaiveDate::MAX] {
        refused(
            inventory::create_inventory_item(&t.db, user, item(Some(outside))).await,
            "best_before",
            OUT_OF_RANGE,
        );
        refused(
            inventory::list_expiring_items(&t.db, user, outside, 1).await,
            "today",
            OUT_OF_RANGE,
        );
        let stock = Stock {
            location: StorageLocation::Fridge,
            best_before: Some(outside),
        };
        refused(
            shopping::check_shopping_item(&t.db, user, Uuid::new_v4(), true, Some(stock)).await,
            "stock.best_before",
            OUT_OF_RANGE,
        );
    }
    assert_eq!(
        count(t, "inventory_items", user.id()).await,
        0,
        "nothing written"
    );

    // Kept until the last storable day: found from a month before it, however many days are
    // asked for (a bound past 9999-12-31 would compare as text before it on SQLite).
    let kept = inventory::create_inventory_item(&t.db, user, item(Some(last_day())))
        .await
        .unwrap();
    for days in [31, 60, u32::MAX] {
        let found = inventory::list_expiring_items(&t.db, user, ymd(9999, 12, 1), days)
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![kept.id],
            "{days} days"
        );
    }
}

dual!(the_pantry_takes_storable_dates);
