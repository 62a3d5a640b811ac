//! Schema `health` reference data (seed 002 §4.2, §8.3): the allergens and the diets, with
//! the seed's rows.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Value};

use crate::portable::{NewTable, drop_tables, one_of, run_sql};
use crate::tables::{ALLERGENS, DIETARY_RESTRICTIONS_REF};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The seed's twelve allergens, all in category `Food`.
const SEED_ALLERGENS: [(&str, &[&str]); 12] = [
    ("Peanuts", &["Peanut butter", "Peanut oil", "Mixed nuts"]),
    ("Tree Nuts", &["Almonds", "Cashews", "Walnuts", "Pecans"]),
    ("Milk", &["Cheese", "Yogurt", "Butter", "Ice cream"]),
    ("Eggs", &["Mayonnaise", "Baked goods", "Pasta"]),
    ("Wheat", &["Bread", "Pasta", "Cereals", "Flour"]),
    ("Soy", &["Tofu", "Soy sauce", "Edamame", "Tempeh"]),
    ("Fish", &["Salmon", "Tuna", "Cod", "Fish sauce"]),
    ("Shellfish", &["Shrimp", "Crab", "Lobster", "Oysters"]),
    ("Sesame", &["Tahini", "Sesame oil", "Hummus"]),
    (
        "Mustard",
        &["Mustard sauce", "Mustard seeds", "Mustard powder"],
    ),
    ("Celery", &["Celery stalks", "Celery salt", "Soup stocks"]),
    ("Lupin", &["Lupin flour", "Lupin beans"]),
];

const SEED_DIETS: [(&str, &str); 7] = [
    ("vegetarian", "No meat or fish"),
    ("vegan", "No animal products"),
    ("gluten_free", "No gluten-containing grains"),
    ("kosher", "Follows Jewish dietary laws"),
    ("halal", "Follows Islamic dietary laws"),
    ("keto", "Low carbohydrate, high fat"),
    ("paleo", "Paleolithic diet"),
];

/// A list literal for a `text_list` column: an array on PostgreSQL, JSON text on SQLite.
fn text_list_value(backend: DbBackend, items: &[&str]) -> Value {
    match backend {
        DbBackend::Postgres => Value::Array(
            sea_orm_migration::sea_orm::sea_query::ArrayType::String,
            Some(Box::new(
                items
                    .iter()
                    .map(|s| Value::String(Some((*s).to_owned())))
                    .collect(),
            )),
        ),
        _ => {
            let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
            Value::String(Some(format!("[{}]", quoted.join(","))))
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        NewTable::new(backend, ALLERGENS)
            .id()
            .varchar("name", 100)
            .varchar("category", 50)
            .text_null("description")
            .text_list("common_foods")
            .boolean("is_active", true)
            .boolean("fda_recognized", true)
            .timestamp_now("created_at")
            .check(
                "chk_allergen_category",
                &one_of(
                    "category",
                    &["Food", "Environmental", "Medication", "Other"],
                ),
            )
            .unique("uq_allergens_name", &["name"])
            .create(manager)
            .await?;
        if backend == DbBackend::Postgres {
            run_sql(
                manager,
                &[format!(
                    "CREATE INDEX idx_allergens_common_foods ON {} USING GIN (common_foods)",
                    ALLERGENS.sql(backend)
                )],
            )
            .await?;
        }

        NewTable::new(backend, DIETARY_RESTRICTIONS_REF)
            .id()
            .varchar("name", 50)
            .text_null("description")
            .timestamp_now("created_at")
            .unique("uq_dietary_restrictions_ref_name", &["name"])
            .create(manager)
            .await?;

        let mut allergens = Query::insert();
        allergens.into_table(ALLERGENS.table_ref(backend)).columns([
            Alias::new("name"),
            Alias::new("category"),
            Alias::new("common_foods"),
        ]);
        for (name, foods) in SEED_ALLERGENS {
            allergens.values_panic([
                name.into(),
                "Food".into(),
                text_list_value(backend, foods).into(),
            ]);
        }
        manager.exec_stmt(allergens).await?;

        let mut diets = Query::insert();
        diets
            .into_table(DIETARY_RESTRICTIONS_REF.table_ref(backend))
            .columns([Alias::new("name"), Alias::new("description")]);
        for (name, description) in SEED_DIETS {
            diets.values_panic([name.into(), description.into()]);
        }
        manager.exec_stmt(diets).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[DIETARY_RESTRICTIONS_REF, ALLERGENS]).await
    }
}
