//! The ingredient catalogue, recipes and their ratings (issue 7; seed 000 "Recipes & Meals",
//! the `recipes` table and its "Indexes Strategy"; seed 002 §3.1 `ingredients`), with a small
//! starter catalogue so that a fresh database is useful at once.
//!
//! - `ingredients`: nutrition per 100 g (DECIMAL, never negative, macronutrients at most
//!   100 g) and what turns a recipe unit into grams; the name is unique case-insensitively.
//! - `ingredient_allergens`: many allergens per ingredient (seed 002 allowed one; flour-and-egg
//!   pasta has two). An allergen still named by an ingredient cannot be deleted: a cascade
//!   would silently make the ingredient look safe.
//! - `recipes`: seed 000's columns; `total_time_minutes` generated and stored; `rating`,
//!   `rating_count` (and `rating_sum`, which makes them exact under concurrency) kept by a
//!   trigger on `recipe_ratings`. Owned by a user; public recipes are readable by everyone.
//! - `recipe_ingredients`, `recipe_steps`, `recipe_nutrition`, `recipe_ratings`: deleted with
//!   their recipe. `recipe_tags`: the vocabulary of known tags.
use crate::lint::{self, Exception};
use catalog::limits::{RATING, Range, recipes};
use entity::types::{Difficulty, IngredientCategory, TagCategory, Unit};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::Decimal;
use uuid::Uuid;

use crate::conventions::Conventions;
use crate::portable::{
    Index, Method, NewTable, RunningMean, drop_tables, one_of_enum, row_triggers, run_sql,
};
use catalog::tables::{
    ALLERGENS, INGREDIENT_ALLERGENS, INGREDIENTS, RECIPE_INGREDIENTS, RECIPE_NUTRITION,
    RECIPE_RATINGS, RECIPE_STEPS, RECIPE_TAGS, RECIPES,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// The nutrients stored per 100 g (ingredients) and per serving (recipes), in this order
/// everywhere.
pub const NUTRIENTS: [&str; 7] = [
    "energy_kcal",
    "protein_g",
    "carbs_g",
    "fat_g",
    "fiber_g",
    "sugar_g",
    "sodium_mg",
];

/// A lower-case slug: letters and digits in words joined by single hyphens. SQLite has no
/// regex: the GLOB form refuses the same strings.
const SLUG_PG: &str = "slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'";
const SLUG_SQLITE: &str = "length(slug) > 0 AND slug NOT GLOB '*[^a-z0-9-]*' \
     AND slug NOT GLOB '-*' AND slug NOT GLOB '*-' AND slug NOT GLOB '*--*'";

/// The rating trigger's bookkeeping, shared by `up` and `down`.
const RATING_MEAN: RunningMean<'static> = RunningMean {
    child: RECIPE_RATINGS,
    parent_key: "recipe_id",
    value: "rating",
    parent: RECIPES,
    count: "rating_count",
    sum: "rating_sum",
    mean: "rating",
    scale: 2,
};

/// Fixed ids for the starter rows (`docs/DESIGN.md` P10): the n-th ingredient is
/// `e1000000-0000-4000-8000-0000000000nn`, the n-th tag `e2000000-...-nn` (n from 1).
pub const INGREDIENT_ID_BASE: u128 = 0xe100_0000_0000_4000_8000_0000_0000_0000;
pub const TAG_ID_BASE: u128 = 0xe200_0000_0000_4000_8000_0000_0000_0000;
const ALLERGEN_ID_BASE: u128 = 0xa100_0000_0000_4000_8000_0000_0000_0000;

/// One starter ingredient: name, category, nutrition per 100 g in [`NUTRIENTS`] order (as
/// decimal text), grams per millilitre, grams per piece, and the allergens it contains (the
/// numbers of migration 4's allergens: 1 peanuts, 2 tree nuts, 3 milk, 4 eggs, 5 wheat, 6 soy,
/// 7 fish, 8 shellfish, 9 sesame, 10 mustard, 11 celery, 12 lupin).
type Starter = (
    &'static str,
    &'static str,
    [&'static str; 7],
    Option<&'static str>,
    Option<&'static str>,
    &'static [u128],
);

/// Values per 100 g, rounded from USDA FoodData Central (SR Legacy) entries.
const STARTER_INGREDIENTS: [Starter; 48] = [
    (
        "All-purpose wheat flour",
        "grain",
        ["364", "10.33", "76.31", "0.98", "2.7", "0.27", "2"],
        Some("0.53"),
        None,
        &[5],
    ),
    (
        "Egg",
        "egg",
        ["143", "12.56", "0.72", "9.51", "0", "0.37", "142"],
        Some("1.03"),
        Some("50"),
        &[4],
    ),
    (
        "Whole milk",
        "dairy",
        ["61", "3.15", "4.8", "3.25", "0", "5.05", "43"],
        Some("1.03"),
        None,
        &[3],
    ),
    (
        "Butter",
        "dairy",
        ["717", "0.85", "0.06", "81.11", "0", "0.06", "11"],
        Some("0.911"),
        None,
        &[3],
    ),
    (
        "Olive oil",
        "oil_fat",
        ["884", "0", "0", "100", "0", "0", "2"],
        Some("0.92"),
        None,
        &[],
    ),
    (
        "White sugar",
        "sweetener",
        ["387", "0", "99.98", "0", "0", "99.8", "1"],
        Some("0.85"),
        None,
        &[],
    ),
    (
        "Table salt",
        "herb_spice",
        ["0", "0", "0", "0", "0", "0", "38758"],
        Some("1.217"),
        None,
        &[],
    ),
    (
        "Black pepper",
        "herb_spice",
        ["251", "10.39", "63.95", "3.26", "25.3", "0.64", "20"],
        Some("0.46"),
        None,
        &[],
    ),
    (
        "Garlic",
        "vegetable",
        ["149", "6.36", "33.06", "0.5", "2.1", "1", "17"],
        None,
        Some("3"),
        &[],
    ),
    (
        "Onion",
        "vegetable",
        ["40", "1.1", "9.34", "0.1", "1.7", "4.24", "4"],
        None,
        Some("110"),
        &[],
    ),
    (
        "Tomato",
        "vegetable",
        ["18", "0.88", "3.89", "0.2", "1.2", "2.63", "5"],
        None,
        Some("123"),
        &[],
    ),
    (
        "Carrot",
        "vegetable",
        ["41", "0.93", "9.58", "0.24", "2.8", "4.74", "69"],
        None,
        Some("61"),
        &[],
    ),
    (
        "Celery",
        "vegetable",
        ["14", "0.69", "2.97", "0.17", "1.6", "1.34", "80"],
        None,
        Some("40"),
        &[11],
    ),
    (
        "Potato",
        "vegetable",
        ["77", "2.05", "17.49", "0.09", "2.1", "0.82", "6"],
        None,
        Some("213"),
        &[],
    ),
    (
        "Spinach",
        "vegetable",
        ["23", "2.86", "3.63", "0.39", "2.2", "0.42", "79"],
        None,
        None,
        &[],
    ),
    (
        "Red bell pepper",
        "vegetable",
        ["31", "0.99", "6.03", "0.3", "2.1", "4.2", "4"],
        None,
        Some("119"),
        &[],
    ),
    (
        "Avocado",
        "fruit",
        ["160", "2", "8.53", "14.66", "6.7", "0.66", "7"],
        None,
        Some("150"),
        &[],
    ),
    (
        "Banana",
        "fruit",
        ["89", "1.09", "22.84", "0.33", "2.6", "12.23", "1"],
        None,
        Some("118"),
        &[],
    ),
    (
        "Apple",
        "fruit",
        ["52", "0.26", "13.81", "0.17", "2.4", "10.39", "1"],
        None,
        Some("182"),
        &[],
    ),
    (
        "Lemon juice",
        "fruit",
        ["22", "0.35", "6.9", "0.24", "0.3", "2.52", "1"],
        Some("1.03"),
        None,
        &[],
    ),
    (
        "Chicken breast",
        "poultry",
        ["120", "22.5", "0", "2.62", "0", "0", "45"],
        None,
        Some("174"),
        &[],
    ),
    (
        "Ground beef (85% lean)",
        "meat",
        ["215", "18.59", "0", "15", "0", "0", "66"],
        None,
        None,
        &[],
    ),
    (
        "Salmon",
        "fish",
        ["208", "20.42", "0", "13.42", "0", "0", "59"],
        None,
        None,
        &[7],
    ),
    (
        "Cod",
        "fish",
        ["82", "17.81", "0", "0.67", "0", "0", "54"],
        None,
        None,
        &[7],
    ),
    (
        "Shrimp",
        "shellfish",
        ["85", "20.1", "0", "0.51", "0", "0", "119"],
        None,
        Some("6"),
        &[8],
    ),
    (
        "Long-grain white rice",
        "grain",
        ["365", "7.13", "79.95", "0.66", "1.3", "0.12", "5"],
        Some("0.85"),
        None,
        &[],
    ),
    (
        "Dried durum wheat pasta",
        "grain",
        ["371", "13.04", "74.67", "1.51", "3.2", "2.67", "6"],
        None,
        None,
        &[5],
    ),
    (
        "Fresh egg pasta",
        "grain",
        ["288", "11.31", "54.73", "2.3", "1.8", "0.5", "26"],
        None,
        None,
        &[5, 4],
    ),
    (
        "Whole-wheat bread",
        "grain",
        ["252", "12.45", "42.71", "3.5", "6", "4.41", "450"],
        None,
        Some("32"),
        &[5],
    ),
    (
        "Rolled oats",
        "grain",
        ["379", "13.15", "67.7", "6.52", "10.1", "0.99", "6"],
        Some("0.41"),
        None,
        &[],
    ),
    (
        "Dried lentils",
        "legume",
        ["352", "24.63", "63.35", "1.06", "10.7", "2.03", "6"],
        Some("0.85"),
        None,
        &[],
    ),
    (
        "Cooked chickpeas",
        "legume",
        ["164", "8.86", "27.42", "2.59", "7.6", "4.8", "7"],
        Some("0.68"),
        None,
        &[],
    ),
    (
        "Firm tofu",
        "legume",
        ["144", "17.3", "2.8", "8.7", "2.3", "0.6", "14"],
        None,
        None,
        &[6],
    ),
    (
        "Soy sauce",
        "condiment",
        ["53", "8.14", "4.93", "0.57", "0.8", "0.4", "5493"],
        Some("1.15"),
        None,
        &[6, 5],
    ),
    (
        "Cooked lupin beans",
        "legume",
        ["119", "15.57", "9.88", "2.92", "2.8", "0", "4"],
        None,
        None,
        &[12],
    ),
    (
        "Smooth peanut butter",
        "nut_seed",
        ["588", "25.09", "19.56", "50.39", "6", "9.22", "459"],
        Some("1.09"),
        None,
        &[1],
    ),
    (
        "Almonds",
        "nut_seed",
        ["579", "21.15", "21.55", "49.93", "12.5", "4.35", "1"],
        None,
        Some("1.2"),
        &[2],
    ),
    (
        "Walnuts",
        "nut_seed",
        ["654", "15.23", "13.71", "65.21", "6.7", "2.61", "2"],
        None,
        Some("4"),
        &[2],
    ),
    (
        "Sesame seeds",
        "nut_seed",
        ["573", "17.73", "23.45", "49.67", "11.8", "0.3", "11"],
        Some("0.64"),
        None,
        &[9],
    ),
    (
        "Tahini",
        "nut_seed",
        ["595", "17", "21.19", "53.76", "9.3", "0.49", "115"],
        Some("1.06"),
        None,
        &[9],
    ),
    (
        "Prepared mustard",
        "condiment",
        ["60", "3.74", "5.83", "3.34", "4", "0.92", "1104"],
        Some("1.05"),
        None,
        &[10],
    ),
    (
        "Mayonnaise",
        "condiment",
        ["680", "0.96", "0.57", "74.85", "0", "0.57", "635"],
        Some("0.91"),
        None,
        &[4],
    ),
    (
        "Cheddar cheese",
        "dairy",
        ["403", "24.9", "1.28", "33.14", "0", "0.52", "621"],
        None,
        None,
        &[3],
    ),
    (
        "Parmesan cheese",
        "dairy",
        ["392", "35.75", "3.22", "25.83", "0", "0.8", "1602"],
        None,
        None,
        &[3],
    ),
    (
        "Plain whole-milk yogurt",
        "dairy",
        ["61", "3.47", "4.66", "3.25", "0", "4.66", "46"],
        Some("1.03"),
        None,
        &[3],
    ),
    (
        "Honey",
        "sweetener",
        ["304", "0.3", "82.4", "0", "0.2", "82.12", "4"],
        Some("1.42"),
        None,
        &[],
    ),
    (
        "Fresh basil",
        "herb_spice",
        ["23", "3.15", "2.65", "0.64", "1.6", "0.3", "4"],
        None,
        None,
        &[],
    ),
    (
        "Water",
        "beverage",
        ["0", "0", "0", "0", "0", "0", "4"],
        Some("1"),
        None,
        &[],
    ),
];

/// The tag vocabulary: slug, display name, category.
const STARTER_TAGS: [(&str, &str, &str); 30] = [
    ("vegetarian", "Vegetarian", "diet"),
    ("vegan", "Vegan", "diet"),
    ("gluten-free", "Gluten-free", "diet"),
    ("dairy-free", "Dairy-free", "diet"),
    ("nut-free", "Nut-free", "diet"),
    ("low-carb", "Low-carb", "diet"),
    ("high-protein", "High-protein", "diet"),
    ("keto", "Keto", "diet"),
    ("breakfast", "Breakfast", "meal_type"),
    ("lunch", "Lunch", "meal_type"),
    ("dinner", "Dinner", "meal_type"),
    ("snack", "Snack", "meal_type"),
    ("dessert", "Dessert", "meal_type"),
    ("italian", "Italian", "cuisine"),
    ("mexican", "Mexican", "cuisine"),
    ("indian", "Indian", "cuisine"),
    ("chinese", "Chinese", "cuisine"),
    ("japanese", "Japanese", "cuisine"),
    ("thai", "Thai", "cuisine"),
    ("mediterranean", "Mediterranean", "cuisine"),
    ("french", "French", "cuisine"),
    ("middle-eastern", "Middle Eastern", "cuisine"),
    ("one-pot", "One-pot", "technique"),
    ("no-cook", "No-cook", "technique"),
    ("baked", "Baked", "technique"),
    ("grilled", "Grilled", "technique"),
    ("slow-cooker", "Slow cooker", "technique"),
    ("quick", "Under 30 minutes", "occasion"),
    ("meal-prep", "Meal prep", "occasion"),
    ("party", "Party", "occasion"),
];

fn values_error(e: sea_orm_migration::sea_query::error::Error) -> DbErr {
    DbErr::Migration(format!("starter rows: {e}"))
}

fn decimal(text: &str) -> Result<Decimal, DbErr> {
    text.parse()
        .map_err(|e| DbErr::Migration(format!("starter value {text}: {e}")))
}

/// A nutrient column per 100 g: DECIMAL, never negative; `limit` the range allowed, if it has
/// a largest value.
fn nutrient(table: NewTable, column: &str, precision: u32, limit: Option<&Range>) -> NewTable {
    let name = table.table().name;
    let short = column.rsplit_once('_').map_or(column, |(head, _)| head);
    let condition = match limit {
        Some(limit) => limit.sql(column),
        None => format!("{column} >= 0"),
    };
    table
        .decimal(column, precision, 2)
        .check(&format!("chk_{name}_{short}"), &condition)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        let mut ingredients = NewTable::new(backend, INGREDIENTS)
            .id()
            .varchar("name", recipes::INGREDIENT_NAME.varchar())
            .varchar("category", 20);
        ingredients = nutrient(ingredients, "energy_kcal", 6, None);
        for macro_nutrient in ["protein_g", "carbs_g", "fat_g", "fiber_g", "sugar_g"] {
            ingredients = nutrient(
                ingredients,
                macro_nutrient,
                5,
                Some(&recipes::MACRO_PER_100_G),
            );
        }
        nutrient(ingredients, "sodium_mg", 7, None)
            .decimal_null("grams_per_piece", 7, 2)
            .decimal_null("grams_per_ml", 5, 3)
            .timestamps()
            .check(
                "chk_ingredients_category",
                &one_of_enum::<IngredientCategory>("category"),
            )
            .check(
                "chk_ingredients_name_blank",
                &recipes::INGREDIENT_NAME.sql("name"),
            )
            .check("chk_ingredients_grams_per_piece", "grams_per_piece > 0")
            .check("chk_ingredients_grams_per_ml", "grams_per_ml > 0")
            .index(Index::new("uq_ingredients_name", "lower(name)").unique())
            .index(Index::new("idx_ingredients_category", "category"))
            .then_all(row_triggers(backend, INGREDIENTS, true, None))
            .reference_data()
            .create(manager)
            .await?;

        NewTable::new(backend, INGREDIENT_ALLERGENS)
            .uuid("ingredient_id")
            .uuid("allergen_id")
            .primary_key(&["ingredient_id", "allergen_id"])
            .foreign_key(
                "fk_ingredient_allergens_ingredient",
                &["ingredient_id"],
                INGREDIENTS,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            .foreign_key(
                "fk_ingredient_allergens_allergen",
                &["allergen_id"],
                ALLERGENS,
                &["id"],
                ForeignKeyAction::Restrict,
            )
            .index(Index::new(
                "idx_ingredient_allergens_allergen",
                "allergen_id",
            ))
            .reference_data()
            .create(manager)
            .await?;

        NewTable::new(backend, RECIPES)
            .id()
            .owned_by_user_readable_when("is_public")
            .varchar("name", recipes::NAME.varchar())
            .text_null("description")
            .varchar_null("cuisine_type", recipes::CUISINE_TYPE.varchar())
            .varchar_default("difficulty_level", 20, "intermediate")
            .integer("prep_time_minutes")
            .integer("cook_time_minutes")
            .generated_integer(
                "total_time_minutes",
                "prep_time_minutes + cook_time_minutes",
            )
            .integer_default("servings", 1)
            .decimal_null("calories_per_serving", 8, 2)
            .decimal_null("cost_estimate", 8, 2)
            .decimal_null("rating", 3, 2)
            .integer_default("rating_count", 0)
            .integer_default("rating_sum", 0)
            .boolean("is_public", false)
            .text_null("source_url")
            .text_null("image_url")
            .text_list("tags")
            .timestamps()
            .check("chk_recipes_name_blank", &recipes::NAME.sql("name"))
            .check(
                "chk_recipes_difficulty",
                &one_of_enum::<Difficulty>("difficulty_level"),
            )
            .check(
                "chk_recipes_prep_time",
                &recipes::MINUTES.sql("prep_time_minutes"),
            )
            .check(
                "chk_recipes_cook_time",
                &recipes::MINUTES.sql("cook_time_minutes"),
            )
            .check("chk_recipes_servings", &recipes::SERVINGS.sql("servings"))
            .check("chk_recipes_calories", "calories_per_serving >= 0")
            .check("chk_recipes_cost", "cost_estimate >= 0")
            .check("chk_recipes_rating", &recipes::AVERAGE_RATING.sql("rating"))
            .check("chk_recipes_rating_count", "rating_count >= 0")
            // Every rating is 1 to 5.
            .check(
                "chk_recipes_rating_sum",
                "rating_sum BETWEEN rating_count AND 5 * rating_count",
            )
            .index(Index::new("idx_recipes_user", "user_id"))
            // Seed 000's index strategy.
            .index(Index::new("idx_recipes_cuisine_type", "cuisine_type"))
            .index(Index::new("idx_recipes_difficulty", "difficulty_level"))
            .index(Index::new("idx_recipes_prep_time", "prep_time_minutes"))
            .index(Index::new("idx_recipes_tags", "tags").using(Method::Gin))
            // Search: the maximum total time, and the order of pages (rating, unrated last,
            // then id).
            .index(Index::new("idx_recipes_total_time", "total_time_minutes"))
            .index(Index::new(
                "idx_recipes_rank",
                "coalesce(rating, -1) DESC, id",
            ))
            .then_all(row_triggers(backend, RECIPES, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, RECIPE_INGREDIENTS)
            .id()
            .uuid("recipe_id")
            .part_of(RECIPES, "recipe_id")
            .uuid("ingredient_id")
            .decimal("quantity", 10, 3)
            .varchar("unit", 10)
            .integer("position")
            .text_null("note")
            .foreign_key(
                "fk_recipe_ingredients_recipe",
                &["recipe_id"],
                RECIPES,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            .foreign_key(
                "fk_recipe_ingredients_ingredient",
                &["ingredient_id"],
                INGREDIENTS,
                &["id"],
                ForeignKeyAction::Restrict,
            )
            .check("chk_recipe_ingredients_quantity", "quantity > 0")
            .check("chk_recipe_ingredients_unit", &one_of_enum::<Unit>("unit"))
            .check("chk_recipe_ingredients_position", "position >= 1")
            .check(
                "chk_recipe_ingredients_note_length",
                &recipes::INGREDIENT_NOTE.sql("note"),
            )
            .unique("uq_recipe_ingredients_position", &["recipe_id", "position"])
            .index(Index::new(
                "idx_recipe_ingredients_ingredient",
                "ingredient_id",
            ))
            .create(manager)
            .await?;

        NewTable::new(backend, RECIPE_STEPS)
            .id()
            .uuid("recipe_id")
            .part_of(RECIPES, "recipe_id")
            .integer("step_number")
            .text("instruction")
            .integer_null("duration_minutes")
            .foreign_key(
                "fk_recipe_steps_recipe",
                &["recipe_id"],
                RECIPES,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            .check("chk_recipe_steps_number", "step_number >= 1")
            .check(
                "chk_recipe_steps_instruction",
                &recipes::INSTRUCTION.sql("instruction"),
            )
            .check(
                "chk_recipe_steps_duration",
                &recipes::MINUTES.sql("duration_minutes"),
            )
            .unique("uq_recipe_steps_number", &["recipe_id", "step_number"])
            .create(manager)
            .await?;

        let mut nutrition = NewTable::new(backend, RECIPE_NUTRITION)
            .uuid("recipe_id")
            .part_of(RECIPES, "recipe_id")
            .primary_key(&["recipe_id"]);
        for column in NUTRIENTS {
            nutrition = nutrition.decimal(column, 10, 2);
        }
        let non_negative: Vec<String> = NUTRIENTS.iter().map(|c| format!("{c} >= 0")).collect();
        nutrition
            .timestamp_now("computed_at")
            .foreign_key(
                "fk_recipe_nutrition_recipe",
                &["recipe_id"],
                RECIPES,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            .check(
                "chk_recipe_nutrition_non_negative",
                &non_negative.join(" AND "),
            )
            .create(manager)
            .await?;

        NewTable::new(backend, RECIPE_RATINGS)
            .id()
            .uuid("recipe_id")
            // Ratings of a public recipe are public; the rater alone writes theirs.
            .owned_by_user_readable_when(&format!(
                "EXISTS (SELECT 1 FROM {} r WHERE r.id = recipe_id AND r.is_public)",
                RECIPES.sql(backend)
            ))
            .integer("rating")
            .text_null("review")
            .timestamps()
            .foreign_key(
                "fk_recipe_ratings_recipe",
                &["recipe_id"],
                RECIPES,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            .check("chk_recipe_ratings_rating", &RATING.sql("rating"))
            .check(
                "chk_recipe_ratings_review_length",
                &recipes::REVIEW.sql("review"),
            )
            .unique("uq_recipe_ratings_recipe_user", &["recipe_id", "user_id"])
            .index(Index::new("idx_recipe_ratings_user", "user_id"))
            .then_all(row_triggers(backend, RECIPE_RATINGS, true, None))
            .then_all(RATING_MEAN.triggers(backend))
            .create(manager)
            .await?;

        NewTable::new(backend, RECIPE_TAGS)
            .id()
            .varchar("slug", 50)
            .varchar("name", 100)
            .varchar("category", 20)
            .timestamp_now("created_at")
            .check_per_backend("chk_recipe_tags_slug", SLUG_PG, SLUG_SQLITE)
            .check(
                "chk_recipe_tags_category",
                &one_of_enum::<TagCategory>("category"),
            )
            .unique("uq_recipe_tags_slug", &["slug"])
            .reference_data()
            .create(manager)
            .await?;

        self.load_starter_catalogue(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        drop_tables(
            manager,
            &[
                RECIPE_TAGS,
                RECIPE_RATINGS,
                RECIPE_NUTRITION,
                RECIPE_STEPS,
                RECIPE_INGREDIENTS,
                RECIPES,
                INGREDIENT_ALLERGENS,
                INGREDIENTS,
            ],
        )
        .await?;
        let leftovers: Vec<String> = RATING_MEAN.drop(backend).into_iter().collect();
        run_sql(manager, &leftovers).await
    }
}

impl Migration {
    async fn load_starter_catalogue(&self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut ingredients = Query::insert();
        let mut columns = vec![Alias::new("id"), Alias::new("name"), Alias::new("category")];
        columns.extend(NUTRIENTS.iter().map(|c| Alias::new(*c)));
        columns.extend([Alias::new("grams_per_ml"), Alias::new("grams_per_piece")]);
        ingredients
            .into_table(INGREDIENTS.table_ref(backend))
            .columns(columns);
        let mut links = Query::insert();
        links
            .into_table(INGREDIENT_ALLERGENS.table_ref(backend))
            .columns([Alias::new("ingredient_id"), Alias::new("allergen_id")]);
        for (n, (name, category, per_100g, per_ml, per_piece, allergens)) in
            STARTER_INGREDIENTS.iter().enumerate()
        {
            let id = Uuid::from_u128(INGREDIENT_ID_BASE | (n as u128 + 1));
            let mut row: Vec<SimpleExpr> = vec![id.into(), (*name).into(), (*category).into()];
            for value in per_100g {
                row.push(decimal(value)?.into());
            }
            for value in [per_ml, per_piece] {
                row.push(value.map(decimal).transpose()?.into());
            }
            ingredients.values(row).map_err(values_error)?;
            for allergen in *allergens {
                links
                    .values([
                        id.into(),
                        Uuid::from_u128(ALLERGEN_ID_BASE | allergen).into(),
                    ])
                    .map_err(values_error)?;
            }
        }
        manager.exec_stmt(ingredients).await?;
        manager.exec_stmt(links).await?;

        let mut tags = Query::insert();
        tags.into_table(RECIPE_TAGS.table_ref(backend)).columns([
            Alias::new("id"),
            Alias::new("slug"),
            Alias::new("name"),
            Alias::new("category"),
        ]);
        for (n, (slug, name, category)) in STARTER_TAGS.into_iter().enumerate() {
            tags.values([
                Uuid::from_u128(TAG_ID_BASE | (n as u128 + 1)).into(),
                slug.into(),
                name.into(),
                category.into(),
            ])
            .map_err(values_error)?;
        }
        manager.exec_stmt(tags).await?;
        Ok(())
    }
}
