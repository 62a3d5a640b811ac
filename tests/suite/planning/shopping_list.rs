//! A plan's shopping list against one computed by hand (conversions, the pantry, the latest
//! prices), and what checking a line off does.
use entity::types::{MealSlot, StorageLocation, Unit};
use service::Error;
use service::inventory;
use service::shopping::{self, ItemWhat, NewPrice, Stock};
use uuid::Uuid;

use super::{add, day, days_ago, from_plan, ingredient, plan, price_of, recipe, stock};
use crate::harness::{TestDb, verified_user};

/// A list line as compared: label, quantity, unit, estimate.
type Line<S> = (S, S, Unit, Option<S>);

/// A shopping list as compared: its groups, each a category and its lines.
fn shape(list: &shopping::ShoppingList) -> Vec<(String, Vec<Line<String>>)> {
    list.groups
        .iter()
        .map(|g| {
            (
                g.category.clone(),
                g.lines
                    .iter()
                    .map(|l| {
                        (
                            l.label.clone(),
                            l.item.quantity.to_string(),
                            l.item.unit,
                            l.item.estimated_price.map(|p| p.to_string()),
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

/// The plan of a shopping list computed by hand, with ada's pantry and the prices:
///
/// | recipe (servings) | ingredient |
/// |---|---|
/// | A (4) | flour 2 cup (0.53 g/ml), milk 500 ml (1.03 g/ml), basil 3 piece (no factor) |
/// | B (2) | flour 100 g, egg 2 piece (50 g each), salt 1 tsp (no factor) |
///
/// Planned: A 2 servings on day 0 and 6 on day 1 (factor 2), B 3 servings on day 0 (1.5).
/// Needed: flour 960 ml × 0.53 = 508.8 g + 150 g = 658.8 g; milk 1000 ml × 1.03 = 1030 g;
/// basil 6 piece; egg 3 × 50 = 150 g; salt 1.5 tsp = 7.393382390625 ml, 7.394 rounded up.
/// The pantry: 1.5 l of milk (1545 g: covered, left out), 1 egg (50 g: 100 g left to buy),
/// 200 g of flour past its best-before (not counted).
/// Prices: flour 2.00 per kg ten days ago and 1.25 per 500 g yesterday (the latest):
/// 658.8 × 1.25 / 500 = 1.647 → 1.65; egg 3.60 per 12 piece = 600 g: 100 g → 0.60; basil
/// 2.50 a piece → 15.00; salt has no price → none. Total 17.25, one line without a price.
struct HandComputed {
    ada: service::Actor,
    plan: Uuid,
}

impl HandComputed {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let flour = ingredient(t, "Test flour", "grain", Some("0.530"), None).await;
        let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
        let basil = ingredient(t, "Test basil", "herb_spice", None, None).await;
        let egg = ingredient(t, "Test egg", "egg", None, Some("50")).await;
        let salt = ingredient(t, "Test salt", "herb_spice", None, None).await;
        let a = recipe(
            t,
            ada.id(),
            "A",
            4,
            false,
            &[
                (flour, "2", "cup"),
                (milk, "500", "ml"),
                (basil, "3", "piece"),
            ],
        )
        .await;
        let b = recipe(
            t,
            ada.id(),
            "B",
            2,
            false,
            &[(flour, "100", "g"), (egg, "2", "piece"), (salt, "1", "tsp")],
        )
        .await;
        let p = plan(t, ada.id(), 0, 1).await;
        add(t, ada.id(), p, 0, MealSlot::Dinner, a, "2").await;
        add(t, ada.id(), p, 1, MealSlot::Lunch, a, "6").await;
        add(t, ada.id(), p, 0, MealSlot::Breakfast, b, "3").await;
        for item in [
            stock(milk, "1.5", Unit::L, Some(day(3))),
            stock(egg, "1", Unit::Piece, None),
            stock(flour, "200", Unit::G, day(0).pred_opt()),
        ] {
            inventory::create_inventory_item(&t.db, ada, item)
                .await
                .unwrap();
        }
        let price =
            |ingredient: Uuid, price: &str, quantity: &str, unit: Unit, ago: i64| NewPrice {
                store: Some("Market".to_owned()),
                observed_at: Some(days_ago(ago)),
                ..price_of(ingredient, price, quantity, unit)
            };
        for new in [
            price(flour, "2.00", "1", Unit::Kg, 10),
            price(flour, "1.25", "500", Unit::G, 1),
            price(egg, "3.60", "12", Unit::Piece, 2),
            price(basil, "2.50", "1", Unit::Piece, 2),
        ] {
            shopping::record_price(&t.db, Some(ada), new).await.unwrap();
        }
        Self { ada, plan: p }
    }
}

/// The list of [`HandComputed`]'s plan is the one computed by hand, and what was stored reads
/// back the same.
async fn the_shopping_list_of_a_plan_is_the_one_computed_by_hand(t: &TestDb) {
    let h = HandComputed::insert(t).await;
    let list = shopping::create_shopping_list_from_plan(&t.db, h.ada, h.plan, from_plan(None))
        .await
        .unwrap();
    let expected: Vec<(&str, Vec<Line<&str>>)> = vec![
        ("egg", vec![("Test egg", "100.000", Unit::G, Some("0.60"))]),
        (
            "grain",
            vec![("Test flour", "658.800", Unit::G, Some("1.65"))],
        ),
        (
            "herb_spice",
            vec![
                ("Test basil", "6.000", Unit::Piece, Some("15.00")),
                ("Test salt", "7.394", Unit::Ml, None),
            ],
        ),
    ];
    let expected: Vec<(String, Vec<Line<String>>)> = expected
        .into_iter()
        .map(|(c, lines)| {
            (
                c.to_owned(),
                lines
                    .into_iter()
                    .map(|(n, q, u, p)| (n.to_owned(), q.to_owned(), u, p.map(str::to_owned)))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(shape(&list), expected);
    assert_eq!(list.estimated_total.to_string(), "17.25");
    assert_eq!(list.lines_without_price, 1);
    assert_eq!(list.list.name, "Shopping for Week");
    assert_eq!(list.list.meal_plan_id, Some(h.plan));
    let stored = shopping::get_shopping_list(&t.db, h.ada, list.list.id)
        .await
        .unwrap();
    assert_eq!(shape(&stored), expected);
    assert_eq!(stored.estimated_total, list.estimated_total);
}

/// Checking a line off puts what it bought in the pantry: the next list of the plan needs none.
async fn checking_a_line_off_stocks_the_pantry_so_the_next_list_needs_none(t: &TestDb) {
    let h = HandComputed::insert(t).await;
    let list = shopping::create_shopping_list_from_plan(&t.db, h.ada, h.plan, from_plan(None))
        .await
        .unwrap();
    let egg_line = list
        .lines()
        .find(|l| l.label == "Test egg")
        .unwrap()
        .item
        .id;
    let checked = shopping::check_shopping_item(
        &t.db,
        h.ada,
        egg_line,
        true,
        Some(Stock {
            location: StorageLocation::Fridge,
            best_before: Some(day(10)),
        }),
    )
    .await
    .unwrap();
    assert!(checked.is_checked);
    let again =
        shopping::create_shopping_list_from_plan(&t.db, h.ada, h.plan, from_plan(Some("Again")))
            .await
            .unwrap();
    assert!(again.lines().all(|l| l.label != "Test egg"), "{again:?}");
    assert_eq!(again.lines().count(), 3);
}

/// A free-text line cannot be stocked (no ingredient to stock), and it comes last, in
/// `other`, without a price.
async fn a_free_text_line_cannot_be_stocked_and_comes_last_without_a_price(t: &TestDb) {
    let h = HandComputed::insert(t).await;
    let list = shopping::create_shopping_list_from_plan(&t.db, h.ada, h.plan, from_plan(None))
        .await
        .unwrap();
    let candles = shopping::create_shopping_item(
        &t.db,
        h.ada,
        list.list.id,
        shopping::NewShoppingItem {
            what: ItemWhat::FreeText("candles".into()),
            quantity: "3".parse().unwrap(),
            unit: Unit::Piece,
            id: None,
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        shopping::check_shopping_item(&t.db, h.ada, candles.id, true, Some(Stock::default())).await,
        Err(Error::Validation { field, .. }) if field == "stock"
    ));
    let reread = shopping::get_shopping_list(&t.db, h.ada, list.list.id)
        .await
        .unwrap();
    assert_eq!(
        reread.groups.last().map(|g| g.category.as_str()),
        Some("other")
    );
    assert_eq!(reread.lines_without_price, 2, "salt and the candles");
}

dual!(
    the_shopping_list_of_a_plan_is_the_one_computed_by_hand,
    checking_a_line_off_stocks_the_pantry_so_the_next_list_needs_none,
    a_free_text_line_cannot_be_stocked_and_comes_last_without_a_price,
);
