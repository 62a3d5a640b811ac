//! The shopping list and a plan's nutrition take as many statements for a 30-day plan as for
//! one day, and the lookups use their indexes.
use entity::types::{MealSlot, Unit};
use rust_decimal::Decimal;
use sea_orm::Value;
use service::inventory;
use service::planning;
use service::shopping;
use uuid::Uuid;

use super::{add, day, from_plan, ingredient, nutrition, plan, recipe, record_price, stock};
use crate::harness::{TestDb, verified_user};

/// Three recipes of ada's, R1 and R2 with nutrition (R3 has none yet), 250 ml of milk in her
/// pantry and a price of oats: a plan of them has a list of three lines, and days of 680.85 kcal.
struct ThreeRecipes {
    ada: service::Actor,
    recipes: [Uuid; 3],
}

impl ThreeRecipes {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let oats = ingredient(t, "Test oats", "grain", Some("0.410"), None).await;
        let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
        let egg = ingredient(t, "Test egg", "egg", None, Some("50")).await;
        let r1 = recipe(
            t,
            ada.id(),
            "R1",
            2,
            false,
            &[(oats, "1", "cup"), (milk, "300", "ml")],
        )
        .await;
        let r2 = recipe(
            t,
            ada.id(),
            "R2",
            1,
            false,
            &[(egg, "2", "piece"), (milk, "50", "ml")],
        )
        .await;
        let r3 = recipe(
            t,
            ada.id(),
            "R3",
            4,
            false,
            &[(oats, "100", "g"), (egg, "1", "piece")],
        )
        .await;
        nutrition(t, r1, "350.50", "12.25").await;
        nutrition(t, r2, "155.10", "13.00").await;
        inventory::create_inventory_item(&t.db, ada, stock(milk, "250", Unit::Ml, None))
            .await
            .unwrap();
        record_price(&t.db, None, oats, "3.00", Unit::Kg).await;
        Self {
            ada,
            recipes: [r1, r2, r3],
        }
    }

    /// A plan of `days` days with the three recipes every day: R1 at breakfast (1.5 servings),
    /// R2 at lunch (1), R3 at dinner (2.25).
    async fn plan(&self, t: &TestDb, days: u64) -> Uuid {
        let ada = self.ada.id();
        let [r1, r2, r3] = self.recipes;
        let p = plan(t, ada, 0, days - 1).await;
        for n in 0..days {
            add(t, ada, p, n, MealSlot::Breakfast, r1, "1.5").await;
            add(t, ada, p, n, MealSlot::Lunch, r2, "1").await;
            add(t, ada, p, n, MealSlot::Dinner, r3, "2.25").await;
        }
        p
    }
}

/// A plan's shopping list takes as many statements for 30 days as for one: the plan, the
/// needs, the pantry, the prices, the list, its lines (SQLite also names the acting user in a
/// row).
async fn the_shopping_list_statements_do_not_grow_with_the_plan(t: &TestDb) {
    let f = ThreeRecipes::insert(t).await;
    let mut counts = Vec::new();
    for days in [1_u64, 30] {
        let p = f.plan(t, days).await;
        let before = t.statement_count();
        let list = shopping::create_shopping_list_from_plan(&t.db, f.ada, p, from_plan(None))
            .await
            .unwrap();
        counts.push(t.statement_count() - before);
        assert_eq!(list.lines().count(), 3);
    }
    assert_eq!(
        counts[0], counts[1],
        "statements for a 1-day and a 30-day plan"
    );
    assert_eq!(counts[0], if t.is_pg() { 6 } else { 7 });
}

/// A plan's nutrition takes two statements however long the plan (the plan and the days), and
/// is exact for every day.
async fn the_plan_nutrition_statements_do_not_grow_with_the_plan(t: &TestDb) {
    let f = ThreeRecipes::insert(t).await;
    let mut counts = Vec::new();
    for days in [1_u64, 30] {
        let p = f.plan(t, days).await;
        let before = t.statement_count();
        let days_out = planning::get_plan_nutrition(&t.db, f.ada, p).await.unwrap();
        counts.push(t.statement_count() - before);
        assert_eq!(days_out.len() as u64, days);
        // 1.5 × 350.50 + 155.10 (R3 has no nutrition yet): exact.
        assert!(
            days_out.iter().all(|d| d.nutrition.energy_kcal
                == "680.85".parse::<Decimal>().unwrap()
                && d.meals == 3
                && d.meals_without_nutrition == 1),
            "{days_out:?}"
        );
        assert!(
            days_out
                .iter()
                .all(|d| d.nutrition.protein_g.to_string() == "31.3750"),
            "{days_out:?}"
        );
    }
    assert_eq!(
        counts[0], counts[1],
        "statements for a 1-day and a 30-day plan"
    );
    assert_eq!(counts[0], 2);
}

async fn plan_lookups_use_their_indexes(t: &TestDb) {
    let explain = |sql: &str| {
        if t.is_pg() {
            format!("EXPLAIN {sql}")
        } else {
            format!("EXPLAIN QUERY PLAN {sql}")
        }
    };
    let plan_text = |rows: Vec<sea_orm::QueryResult>| -> String {
        let column = if t.is_pg() { "QUERY PLAN" } else { "detail" };
        rows.iter()
            .map(|r| r.try_get::<String>("", column).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    let txn = t.db.begin().await.unwrap();
    if t.is_pg() {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
    }
    let run =
        |sql: String, values: Vec<Value>| Statement::from_sql_and_values(t.backend, sql, values);
    let one = txn
        .query_all_raw(run(explain("SELECT * FROM ingredient_prices WHERE ingredient_id = $1 ORDER BY observed_at DESC, id DESC LIMIT 1"), vec![Uuid::new_v4().into()]))
        .await
        .unwrap();
    let found = plan_text(one);
    assert!(found.contains("idx_ingredient_prices_latest"), "{found}");
    // The statement the shopping list runs, for a list of ingredients.
    let many = txn
        .query_all_raw(run(
            explain(&shopping::latest_prices_sql("$1, $2")),
            vec![Uuid::new_v4().into(), Uuid::new_v4().into()],
        ))
        .await
        .unwrap();
    let found = plan_text(many);
    assert!(found.contains("idx_ingredient_prices_latest"), "{found}");
    assert!(
        !found.to_lowercase().contains("temp b-tree"),
        "no sort for the latest price: {found}"
    );
    let expiring = txn
        .query_all_raw(run(explain("SELECT * FROM inventory_items WHERE user_id = $1 AND best_before IS NOT NULL AND best_before <= $2 ORDER BY best_before"), vec![Uuid::new_v4().into(), day(3).into()]))
        .await
        .unwrap();
    let found = plan_text(expiring);
    assert!(found.contains("idx_inventory_items_best_before"), "{found}");
    txn.rollback().await.unwrap();
}

dual!(
    the_shopping_list_statements_do_not_grow_with_the_plan,
    the_plan_nutrition_statements_do_not_grow_with_the_plan,
    plan_lookups_use_their_indexes,
);
