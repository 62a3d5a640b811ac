//! What a deletion takes with it, and what it is refused for: recipes, ingredients, plans,
//! lists and users.
use entity::types::{MealSlot, StorageLocation, Timestamp, Unit};
use service::inventory::{self, NewInventoryItem};
use service::planning;
use service::shopping::{self, ItemWhat};
use uuid::Uuid;

use super::{add, from_plan, ingredient, plan, recipe, record_price, stock};
use crate::harness::{TestDb, assert_refused, verified_user};

/// What the deletion tests delete: ada's oats and milk, porridge (both) and soup (milk), her
/// week plan with both for dinner and a prep session for both, its shopping list, 10 g of oats
/// in her pantry and a price of milk.
struct Kitchen {
    ada: service::Actor,
    oats: Uuid,
    milk: Uuid,
    soup: Uuid,
    plan: Uuid,
    list: Uuid,
}

impl Kitchen {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let oats = ingredient(t, "Test oats", "grain", None, None).await;
        let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
        let porridge = recipe(
            t,
            ada.id(),
            "Porridge",
            1,
            false,
            &[(oats, "50", "g"), (milk, "200", "ml")],
        )
        .await;
        let soup = recipe(t, ada.id(), "Soup", 2, false, &[(milk, "100", "ml")]).await;
        let p = plan(t, ada.id(), 0, 6).await;
        let m1 = add(t, ada.id(), p, 0, MealSlot::Breakfast, porridge, "1").await;
        let m2 = add(t, ada.id(), p, 1, MealSlot::Dinner, soup, "2").await;
        planning::schedule_prep_session(
            &t.db,
            ada,
            planning::NewPrepSession {
                scheduled_at: Timestamp::now(),
                planned_meal_ids: [m1, m2].to_vec(),
                notes: None,
                id: None,
            },
        )
        .await
        .unwrap();
        let list = shopping::create_shopping_list_from_plan(&t.db, ada, p, from_plan(None))
            .await
            .unwrap();
        let in_pantry = NewInventoryItem {
            location: StorageLocation::Pantry,
            ..stock(oats, "10", Unit::G, None)
        };
        inventory::create_inventory_item(&t.db, ada, in_pantry)
            .await
            .unwrap();
        record_price(&t.db, Some(ada), milk, "1.00", Unit::L).await;
        Self {
            ada,
            oats,
            milk,
            soup,
            plan: p,
            list: list.list.id,
        }
    }
}

/// `SELECT COUNT(*) FROM <table>`.
async fn rows_in(t: &TestDb, table: &str) -> i64 {
    t.count(&format!("SELECT COUNT(*) FROM {table}"), vec![])
        .await
}

/// A recipe deleted leaves the plans it was in, and the session that was to cook it.
async fn a_deleted_recipe_leaves_the_plans_and_sessions_it_was_in(t: &TestDb) {
    let k = Kitchen::insert(t).await;
    t.exec("DELETE FROM recipes WHERE id = $1", vec![k.soup.into()])
        .await
        .unwrap();
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM planned_meals WHERE meal_plan_id = $1",
            vec![k.plan.into()]
        )
        .await,
        1
    );
    assert_eq!(rows_in(t, "meal_prep_session_meals").await, 1);
}

/// An ingredient on a shopping list or in a pantry cannot leave the catalogue (once no recipe
/// uses it, the refusal is the list's or the pantry's).
async fn an_ingredient_on_a_list_or_in_a_pantry_cannot_leave_the_catalogue(t: &TestDb) {
    let k = Kitchen::insert(t).await;
    for ingredient in [k.milk, k.oats] {
        t.exec(
            "DELETE FROM recipe_ingredients WHERE ingredient_id = $1",
            vec![ingredient.into()],
        )
        .await
        .unwrap();
    }
    assert_refused(
        t,
        "fk_shopping_items_ingredient",
        "DELETE FROM ingredients WHERE id = $1",
        vec![k.milk.into()],
    )
    .await;
    t.exec(
        "DELETE FROM shopping_items WHERE ingredient_id = $1",
        vec![k.oats.into()],
    )
    .await
    .unwrap();
    assert_refused(
        t,
        "fk_inventory_items_ingredient",
        "DELETE FROM ingredients WHERE id = $1",
        vec![k.oats.into()],
    )
    .await;
}

/// An ingredient that leaves the catalogue takes its prices with it.
async fn a_deleted_ingredient_takes_its_prices(t: &TestDb) {
    let k = Kitchen::insert(t).await;
    for table in ["recipe_ingredients", "shopping_items"] {
        t.exec(
            &format!("DELETE FROM {table} WHERE ingredient_id = $1"),
            vec![k.milk.into()],
        )
        .await
        .unwrap();
    }
    t.exec("DELETE FROM ingredients WHERE id = $1", vec![k.milk.into()])
        .await
        .unwrap();
    assert_eq!(rows_in(t, "ingredient_prices").await, 0);
}

/// A plan deleted takes its meals and their session links; its sessions and lists stay, the
/// lists unlinked.
async fn a_deleted_plan_takes_its_meals_and_unlinks_its_lists(t: &TestDb) {
    let k = Kitchen::insert(t).await;
    planning::delete_plan(&t.db, k.ada, k.plan).await.unwrap();
    assert_eq!(rows_in(t, "planned_meals").await, 0);
    assert_eq!(rows_in(t, "meal_prep_session_meals").await, 0);
    assert_eq!(rows_in(t, "meal_prep_sessions").await, 1);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM shopping_lists WHERE meal_plan_id IS NULL",
            vec![]
        )
        .await,
        1
    );
}

/// A shopping list deleted takes its lines, those from the plan and those added by hand.
async fn a_deleted_list_takes_its_lines(t: &TestDb) {
    let k = Kitchen::insert(t).await;
    shopping::create_shopping_item(
        &t.db,
        k.ada,
        k.list,
        shopping::NewShoppingItem {
            what: ItemWhat::FreeText("candles".into()),
            quantity: "2".parse().unwrap(),
            unit: Unit::Piece,
            id: None,
        },
    )
    .await
    .unwrap();
    shopping::delete_shopping_list(&t.db, k.ada, k.list)
        .await
        .unwrap();
    assert_eq!(rows_in(t, "shopping_items").await, 0);
}

/// A user erased takes everything of theirs.
async fn an_erased_user_takes_their_sessions_pantry_and_recipes(t: &TestDb) {
    let k = Kitchen::insert(t).await;
    service::accounts::erase(&t.db, k.ada).await.unwrap();
    for table in ["meal_prep_sessions", "inventory_items", "recipes"] {
        assert_eq!(rows_in(t, table).await, 0, "{table}");
    }
}

dual!(
    a_deleted_recipe_leaves_the_plans_and_sessions_it_was_in,
    an_ingredient_on_a_list_or_in_a_pantry_cannot_leave_the_catalogue,
    a_deleted_ingredient_takes_its_prices,
    a_deleted_plan_takes_its_meals_and_unlinks_its_lists,
    a_deleted_list_takes_its_lines,
    an_erased_user_takes_their_sessions_pantry_and_recipes,
);
