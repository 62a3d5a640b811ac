//! Issue 10: moving a SQLite database to PostgreSQL (`migration::operator::copy`). A SQLite database is
//! filled through the service with every kind of row, copied into a freshly migrated
//! PostgreSQL database, and both are read back table by table, field by field. Each test uses
//! both backends at once (it is about going from one to the other); without
//! `TEST_POSTGRES_URL` it says it is skipped, as the harness does.
//!
//! By topic: what a copy carries and how it is checked (`everything`), and the copies refused
//! or rolled back (`refusals`). The helpers here make the pair of databases and fill the source.
use migration::operator::copy::CopyOptions;
use uuid::Uuid;

use crate::harness::{TestDb, user_with_a_row_everywhere};

mod everything;
mod refusals;

/// A SQLite source and a PostgreSQL target, both migrated; `None` without PostgreSQL.
async fn pair(test: &str) -> Option<(TestDb, TestDb)> {
    let target = TestDb::postgres(test).await?;
    let source = TestDb::sqlite(test).await;
    Some((source, target))
}

/// Fills a database with every kind of row the service writes: users with a row in every
/// user-owned table (`harness::user_with_a_row_everywhere`, which each domain extends, so the
/// copy covers their tables too), the audit rows those writes leave, and rows of tables no user
/// owns. Extend it with a line per table that `user_with_a_row_everywhere` does not reach.
pub async fn fill(t: &TestDb) -> Vec<Uuid> {
    let ada = user_with_a_row_everywhere(t, "ada").await;
    let bob = user_with_a_row_everywhere(t, "bob").await;
    for (name, value) in [("db.pool.wait_ms", 0.125_f64), ("api.p99_ms", 412.5)] {
        t.exec(
            "INSERT INTO performance_metrics (metric_name, metric_value, unit, tags) VALUES ($1, $2, 'ms', '{\"host\": \"a\"}')",
            vec![name.into(), value.into()],
        )
        .await
        .unwrap();
    }
    service::operations::record_activity(
        &t.db,
        ada,
        service::operations::NewActivity {
            activity_type: "recipe.viewed".to_owned(),
            entity: Some(("recipe".to_owned(), Uuid::new_v4())),
            metadata: Some(serde_json::json!({"rank": 1, "query": "dal"})),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO access_logs (endpoint, method, status_code, error_message) VALUES ('/api/login', 'POST', 401, 'bad password')",
        vec![],
    )
    .await
    .unwrap();
    catalogue_rows(t, ada.id()).await;
    // A row updated long after it was made: the copy must keep its updated_at as it is.
    t.exec(
        "UPDATE users SET updated_at = '2025-01-02T03:04:05.678901+00:00' WHERE id = $1",
        vec![bob.into()],
    )
    .await
    .unwrap();
    vec![ada.id(), bob.id()]
}

/// Through the service, the rows the user fixture leaves out: a recipe with its ingredient
/// lines, steps and computed nutrition, a restaurant meal's ingredient list, and a price.
async fn catalogue_rows(t: &TestDb, user: Uuid) {
    use entity::types::{Numeric, Unit};
    use rust_decimal::Decimal;
    use service::recipes::{self, IngredientLine, RecipeInput, StepInput};
    let flour = t
        .query(
            "SELECT id FROM ingredients WHERE lower(name) LIKE '%flour%' ORDER BY name",
            vec![],
        )
        .await[0]
        .try_get::<Uuid>("", "id")
        .unwrap();
    let mut bread = RecipeInput::new("Flatbread", 10, 5, 4);
    bread.is_public = true; // so that PostgreSQL derives its search keys (`recipe_facets`)
    bread.ingredients.push(IngredientLine {
        ingredient_id: flour,
        quantity: Decimal::new(250, 0),
        unit: Unit::G,
        note: Some("sifted".to_owned()),
    });
    bread.steps.push(StepInput {
        instruction: "Knead, rest and bake.".to_owned(),
        duration_minutes: Some(15),
    });
    recipes::create(&t.db, service::Actor::new(user), &bread)
        .await
        .unwrap();

    let meal = t.query("SELECT id FROM meals", vec![]).await[0]
        .try_get::<Uuid>("", "id")
        .unwrap();
    let line = service::restaurants::MealIngredientInput {
        ingredient_id: flour,
        quantity: Numeric::new(Decimal::new(1205, 1)).unwrap(),
        unit: Unit::G,
    };
    service::restaurants::replace_meal_ingredients(&t.db, meal, &[line])
        .await
        .unwrap();
    let price = service::shopping::NewPrice {
        ingredient_id: flour,
        store: Some("Corner shop".to_owned()),
        price: Numeric::new(Decimal::new(249, 2)).unwrap(),
        quantity: Numeric::new(Decimal::new(1, 0)).unwrap(),
        unit: Unit::Kg,
        observed_at: None,
    };
    service::shopping::record_price(&t.db, Some(service::Actor::new(user)), price)
        .await
        .unwrap();
}

fn options() -> CopyOptions {
    CopyOptions {
        batch_rows: 3, // several batches even for a few rows
        progress: false,
        ..CopyOptions::default()
    }
}
