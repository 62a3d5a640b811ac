//! Schema `health` reference data (seed 002 §4.2, §8.3): the allergens and the diets, with
//! the seed's rows.
use crate::lint::{self, Exception};
use entity::types::AllergenCategory;
use sea_orm_migration::prelude::*;
use uuid::Uuid;

use crate::portable::dialect::text_list_value;
use crate::portable::{Index, Method, NewTable, drop_tables, one_of_enum};
use catalog::tables::{ALLERGENS, DIETARY_RESTRICTIONS_REF};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

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

/// Reference rows get fixed ids, the same on every machine and both backends, so data moved
/// between databases keeps pointing at them: the n-th allergen is `a1000000-...-n`, the n-th
/// diet `d1000000-...-n` (n counted from 1, in the order above).
fn seeded_id(base: u128, n: usize) -> Uuid {
    Uuid::from_u128(base | n as u128)
}

const ALLERGEN_ID_BASE: u128 = 0xa100_0000_0000_4000_8000_0000_0000_0000;
const DIET_ID_BASE: u128 = 0xd100_0000_0000_4000_8000_0000_0000_0000;

fn values_error(e: sea_orm_migration::sea_query::error::Error) -> DbErr {
    DbErr::Migration(format!("seed rows: {e}"))
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
                &one_of_enum::<AllergenCategory>("category"),
            )
            .unique("uq_allergens_name", &["name"])
            .index(Index::new("idx_allergens_common_foods", "common_foods").using(Method::Gin))
            .create(manager)
            .await?;

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
            Alias::new("id"),
            Alias::new("name"),
            Alias::new("category"),
            Alias::new("common_foods"),
        ]);
        for (n, (name, foods)) in SEED_ALLERGENS.into_iter().enumerate() {
            allergens
                .values([
                    seeded_id(ALLERGEN_ID_BASE, n + 1).into(),
                    name.into(),
                    "Food".into(),
                    text_list_value(backend, foods).into(),
                ])
                .map_err(values_error)?;
        }
        manager.exec_stmt(allergens).await?;

        let mut diets = Query::insert();
        diets
            .into_table(DIETARY_RESTRICTIONS_REF.table_ref(backend))
            .columns([
                Alias::new("id"),
                Alias::new("name"),
                Alias::new("description"),
            ]);
        for (n, (name, description)) in SEED_DIETS.into_iter().enumerate() {
            diets
                .values([
                    seeded_id(DIET_ID_BASE, n + 1).into(),
                    name.into(),
                    description.into(),
                ])
                .map_err(values_error)?;
        }
        manager.exec_stmt(diets).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[DIETARY_RESTRICTIONS_REF, ALLERGENS]).await
    }
}
