//! The pantry (used in any unit it converts to, never below zero, what expires) and
//! ingredient prices (the latest one).
use entity::types::Unit;
use service::Error;
use service::inventory;
use service::shopping::{self, NewPrice};
use uuid::Uuid;

use super::{day, days_ago, ingredient, price_of, stock};
use crate::harness::{TestDb, verified_user};

/// Ada's pantry on day 0: a litre of milk (best before day 2), six eggs (day 9), 500 g of rice
/// (no date) and 100 g of rice past its best-before.
struct Pantry {
    ada: service::Actor,
    rice: Uuid,
    milk: entity::inventory_items::Model,
    eggs: entity::inventory_items::Model,
    rice_500: entity::inventory_items::Model,
    old_rice: entity::inventory_items::Model,
}

/// A fridge item of `quantity` `unit` of an ingredient.
impl Pantry {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
        let egg = ingredient(t, "Test egg", "egg", None, Some("50")).await;
        let rice = ingredient(t, "Test rice", "grain", None, None).await;
        let mut items = Vec::new();
        for item in [
            stock(milk, "1", Unit::L, Some(day(2))),
            stock(egg, "6", Unit::Piece, Some(day(9))),
            stock(rice, "500", Unit::G, None),
            stock(rice, "100", Unit::G, day(0).pred_opt()),
        ] {
            items.push(
                inventory::create_inventory_item(&t.db, ada, item)
                    .await
                    .unwrap(),
            );
        }
        let [milk, eggs, rice_500, old_rice] = items.try_into().unwrap();
        Self {
            ada,
            rice,
            milk,
            eggs,
            rice_500,
            old_rice,
        }
    }

    /// Uses `quantity` `unit` of an item; what is left of it.
    async fn take(
        &self,
        t: &TestDb,
        item: Uuid,
        quantity: &str,
        unit: Unit,
    ) -> service::Result<String> {
        inventory::use_inventory_item(&t.db, self.ada, item, quantity.parse().unwrap(), unit)
            .await
            .map(|left| left.quantity.to_string())
    }

    /// The ids of ada's items that expire within `days` of day 0, in the order listed.
    async fn expiring(&self, t: &TestDb, days: u32) -> Vec<Uuid> {
        inventory::list_expiring_items(&t.db, self.ada, day(0), days)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect()
    }
}

/// Using pantry stock converts units exactly (through the ingredient's factors) and never
/// goes below zero.
async fn the_pantry_is_used_in_any_unit_and_never_goes_below_zero(t: &TestDb) {
    let p = Pantry::insert(t).await;
    // 250 ml of a litre, then a cup (240 ml): exact.
    assert_eq!(
        p.take(t, p.milk.id, "250", Unit::Ml).await.unwrap(),
        "0.750"
    );
    assert_eq!(p.take(t, p.milk.id, "1", Unit::Cup).await.unwrap(), "0.510");
    // 100 g of eggs is two; more than is left leaves zero.
    assert_eq!(p.take(t, p.eggs.id, "100", Unit::G).await.unwrap(), "4.000");
    assert_eq!(
        p.take(t, p.rice_500.id, "700", Unit::G).await.unwrap(),
        "0.000"
    );
}

/// Using pantry stock is refused in a unit the ingredient cannot be converted to, and for
/// nothing.
async fn the_pantry_refuses_an_unconvertible_unit_or_no_quantity(t: &TestDb) {
    let p = Pantry::insert(t).await;
    assert!(matches!(
        p.take(t, p.rice_500.id, "1", Unit::Ml).await,
        Err(Error::Validation { field, .. }) if field == "unit"
    ));
    assert!(matches!(
        p.take(t, p.eggs.id, "0", Unit::Piece).await,
        Err(Error::Validation { field, .. }) if field == "quantity"
    ));
}

/// The pantry tells what expires within a number of days (what has expired first), lists
/// everything, and an item deleted is gone from both.
async fn the_pantry_tells_what_expires(t: &TestDb) {
    let p = Pantry::insert(t).await;
    assert_eq!(p.expiring(t, 3).await, [p.old_rice.id, p.milk.id]);
    assert_eq!(
        p.expiring(t, 9).await,
        [p.old_rice.id, p.milk.id, p.eggs.id]
    );
    assert_eq!(
        inventory::list_inventory_items(&t.db, p.ada)
            .await
            .unwrap()
            .len(),
        4
    );
    inventory::delete_inventory_item(&t.db, p.ada, p.old_rice.id)
        .await
        .unwrap();
    assert_eq!(p.expiring(t, 3).await, [p.milk.id]);
    assert_eq!(
        inventory::list_inventory_items(&t.db, p.ada)
            .await
            .unwrap()
            .len(),
        3
    );
}

/// A pantry item, or a price, of an ingredient the catalogue does not have is refused naming
/// `ingredient_id`.
async fn pantry_items_and_prices_need_a_known_ingredient(t: &TestDb) {
    let p = Pantry::insert(t).await;
    assert!(matches!(
        inventory::create_inventory_item(&t.db, p.ada, stock(Uuid::new_v4(), "1", Unit::G, None))
            .await,
        Err(Error::Validation { field, .. }) if field == "ingredient_id"
    ));
    assert!(matches!(
        shopping::record_price(&t.db, None, price_of(Uuid::new_v4(), "1.00", "1", Unit::Kg)).await,
        Err(Error::Validation { field, .. }) if field == "ingredient_id"
    ));
}

/// An ingredient's latest price is the one observed last, not the one recorded last.
async fn the_latest_price_is_the_one_observed_last(t: &TestDb) {
    let p = Pantry::insert(t).await;
    let rice = p.rice;
    assert!(
        shopping::get_latest_price(&t.db, rice)
            .await
            .unwrap()
            .is_none()
    );
    let at = |n| Some(days_ago(n));
    let new = |price: &str, observed_at| NewPrice {
        store: Some("Market".to_owned()),
        observed_at,
        ..price_of(rice, price, "1", Unit::Kg)
    };
    shopping::record_price(&t.db, None, new("2.10", at(1)))
        .await
        .unwrap();
    shopping::record_price(&t.db, None, new("1.90", at(5)))
        .await
        .unwrap();
    assert_eq!(
        shopping::get_latest_price(&t.db, rice)
            .await
            .unwrap()
            .map(|p| p.price.to_string()),
        Some("2.10".to_owned())
    );
}

dual!(
    the_pantry_is_used_in_any_unit_and_never_goes_below_zero,
    the_pantry_refuses_an_unconvertible_unit_or_no_quantity,
    the_pantry_tells_what_expires,
    pantry_items_and_prices_need_a_known_ingredient,
    the_latest_price_is_the_one_observed_last,
);
