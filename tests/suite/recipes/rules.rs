//! Every rule of the ingredient and recipe tables refuses a bad row and accepts a good one
//! through raw SQL; the seed's defaults, the cascades and the generated total time.
use entity::types::Unit;
use service::recipes;
use uuid::Uuid;

use super::{EGG, FLOUR, FRESH_EGG_PASTA, SUGAR, TOMATO, d, ing, input, line, raw_recipe};
use crate::harness::{TestDb, assert_refused, insert_user, per_backend};
use crate::rule_cases::{self, Case, Row, Table};

async fn starter_catalogue_is_loaded(t: &TestDb) {
    assert_eq!(
        t.count("SELECT COUNT(*) FROM ingredients", vec![]).await,
        48
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM recipe_tags", vec![]).await,
        30
    );
    // Flour-and-egg pasta carries two allergens.
    let allergens = t
        .query(
            "SELECT a.name FROM ingredient_allergens ia JOIN allergens a ON a.id = ia.allergen_id \
             WHERE ia.ingredient_id = $1 ORDER BY a.name",
            vec![ing(FRESH_EGG_PASTA).into()],
        )
        .await;
    let names: Vec<String> = allergens
        .iter()
        .map(|r| r.try_get("", "name").unwrap())
        .collect();
    assert_eq!(names, ["Eggs", "Wheat"]);
    // Every one of the twelve allergens is carried by some starter ingredient.
    assert_eq!(
        t.count(
            "SELECT COUNT(DISTINCT allergen_id) FROM ingredient_allergens",
            vec![]
        )
        .await,
        12
    );
}

fn ingredient_cases() -> Table {
    let mut cases = vec![
        Case::refused("uq_ingredients_name")
            .after_the_good_row()
            .set("name", "SPELT"),
        Case::refused("chk_ingredients_name_blank").set("name", "  "),
        Case::refused("chk_ingredients_category").set("category", "rock"),
        Case::refused("chk_ingredients_grams_per_piece")
            .set("grams_per_piece", d("0"))
            .set("grams_per_ml", d("1")),
        Case::refused("chk_ingredients_grams_per_ml")
            .set("grams_per_piece", d("10"))
            .set("grams_per_ml", d("-1")),
        Case::accepted("piece and density known")
            .set("grams_per_piece", d("10"))
            .set("grams_per_ml", d("1.33")),
    ];
    for (column, rule, bad, ok) in [
        ("energy_kcal", "chk_ingredients_energy", "-1", "900"),
        ("protein_g", "chk_ingredients_protein", "100.01", "100"),
        ("carbs_g", "chk_ingredients_carbs", "-0.01", "0"),
        ("fat_g", "chk_ingredients_fat", "101", "100"),
        ("fiber_g", "chk_ingredients_fiber", "-1", "12.5"),
        ("sugar_g", "chk_ingredients_sugar", "100.5", "99.8"),
        ("sodium_mg", "chk_ingredients_sodium", "-1", "38758"),
    ] {
        cases.push(Case::refused(rule).set(column, d(bad)));
        cases.push(Case::accepted(rule).set(column, d(ok)));
    }
    rule_cases::table(
        Row::new("ingredients")
            .col("name", "Spelt")
            .col("category", "grain")
            .col("energy_kcal", d("100"))
            .col("protein_g", d("1"))
            .col("carbs_g", d("2"))
            .col("fat_g", d("3"))
            .col("fiber_g", d("4"))
            .col("sugar_g", d("5"))
            .col("sodium_mg", d("6")),
        cases,
    )
}

/// ingredient_allergens: a key, and two foreign keys.
fn link_cases(link: &Row) -> Table {
    rule_cases::table(
        link.clone(),
        [
            Case::refused("ingredient_allergens_pkey").after_the_good_row(),
            Case::refused("fk_ingredient_allergens_ingredient")
                .set("ingredient_id", Uuid::new_v4()),
            Case::refused("fk_ingredient_allergens_allergen").set("allergen_id", Uuid::new_v4()),
        ],
    )
}

async fn ingredient_rules_refuse_and_accept(t: &TestDb) {
    let peanuts = crate::harness::allergen_id(t, "Peanuts").await;
    let link = Row::new("ingredient_allergens")
        .col("ingredient_id", ing(SUGAR))
        .col("allergen_id", peanuts);
    rule_cases::run(t, &[ingredient_cases(), link_cases(&link)]).await;
    // Deleting an allergen still in use is refused: a cascade would make the ingredient look
    // safe.
    rule_cases::insert(t, &link).await;
    assert_refused(
        t,
        "fk_ingredient_allergens_allergen",
        "DELETE FROM allergens WHERE id = $1",
        vec![peanuts.into()],
    )
    .await;
}

/// `owner`'s recipe of one serving, no time, for beginners.
fn recipe_row(owner: Uuid) -> Row {
    Row::new("recipes")
        .col("user_id", owner)
        .col("name", "Stew")
        .col("prep_time_minutes", 0_i32)
        .col("cook_time_minutes", 0_i32)
        .col("servings", 1_i32)
        .col("difficulty_level", "beginner")
}

fn recipe_cases(owner: Uuid) -> Table {
    rule_cases::table(
        recipe_row(owner),
        [
            Case::refused("chk_recipes_name_blank").set("name", " "),
            Case::refused("chk_recipes_prep_time").set("prep_time_minutes", -1_i32),
            Case::refused("chk_recipes_cook_time").set("cook_time_minutes", -1_i32),
            // At most 30 days.
            Case::refused("chk_recipes_cook_time")
                .set("cook_time_minutes", 43_201_i32)
                .set("difficulty_level", "advanced"),
            Case::refused("chk_recipes_servings").set("servings", 0_i32),
            Case::refused("chk_recipes_difficulty").set("difficulty_level", "expert"),
            Case::refused("fk_recipes_user").set("user_id", Uuid::new_v4()),
            Case::refused("chk_recipes_rating").set("rating", d("5.01")),
            Case::refused("chk_recipes_rating").set("rating", d("-0.01")),
            Case::refused("chk_recipes_rating_count").set("rating_count", -1_i32),
            // At most 5 stars per rating.
            Case::refused("chk_recipes_rating_sum")
                .set("rating_sum", 6_i32)
                .set("rating_count", 1_i32),
            Case::refused("chk_recipes_calories").set("calories_per_serving", -1_i32),
            Case::refused("chk_recipes_cost").set("cost_estimate", d("-0.01")),
            Case::accepted("a rating in range, zero calories and cost")
                .set("rating", d("4.50"))
                .set("calories_per_serving", 0_i32)
                .set("cost_estimate", d("0")),
        ],
    )
}

/// 1.5 cups of flour, the first line of `recipe`.
fn recipe_line_row(recipe: Uuid) -> Row {
    Row::new("recipe_ingredients")
        .col("recipe_id", recipe)
        .col("ingredient_id", ing(FLOUR))
        .col("quantity", d("1.5"))
        .col("unit", "cup")
        .col("position", 1_i32)
}

fn recipe_line_cases(recipe: Uuid) -> Table {
    rule_cases::table(
        recipe_line_row(recipe),
        [
            Case::refused("uq_recipe_ingredients_position")
                .after_the_good_row()
                .set("ingredient_id", ing(EGG))
                .set("unit", "piece"),
            Case::refused("chk_recipe_ingredients_quantity").set("quantity", d("0")),
            Case::refused("chk_recipe_ingredients_unit").set("unit", "pinch"),
            Case::refused("chk_recipe_ingredients_position").set("position", 0_i32),
            Case::refused("chk_recipe_ingredients_note_length").set("note", "x".repeat(501)),
            Case::refused("fk_recipe_ingredients_recipe").set("recipe_id", Uuid::new_v4()),
            Case::refused("fk_recipe_ingredients_ingredient").set("ingredient_id", Uuid::new_v4()),
        ],
    )
}

fn recipe_step_cases(recipe: Uuid) -> Table {
    rule_cases::table(
        Row::new("recipe_steps")
            .col("recipe_id", recipe)
            .col("step_number", 1_i32)
            .col("instruction", "Boil."),
        [
            Case::refused("uq_recipe_steps_number")
                .after_the_good_row()
                .set("instruction", "Stir."),
            Case::refused("chk_recipe_steps_number").set("step_number", 0_i32),
            Case::refused("chk_recipe_steps_instruction").set("instruction", " "),
            Case::refused("chk_recipe_steps_duration").set("duration_minutes", -1_i32),
            Case::refused("fk_recipe_steps_recipe").set("recipe_id", Uuid::new_v4()),
        ],
    )
}

fn recipe_nutrition_cases(recipe: Uuid) -> Table {
    let mut good = Row::new("recipe_nutrition")
        .col("recipe_id", recipe)
        .col("energy_kcal", d("250.5"));
    for nutrient in [
        "protein_g",
        "carbs_g",
        "fat_g",
        "fiber_g",
        "sugar_g",
        "sodium_mg",
    ] {
        good = good.col(nutrient, d("1"));
    }
    rule_cases::table(
        good,
        [
            Case::refused("recipe_nutrition_pkey")
                .after_the_good_row()
                .set("energy_kcal", d("1")),
            Case::refused("chk_recipe_nutrition_non_negative").set("energy_kcal", d("-1")),
            Case::refused("fk_recipe_nutrition_recipe").set("recipe_id", Uuid::new_v4()),
        ],
    )
}

fn recipe_rating_cases(recipe: Uuid, rater: Uuid) -> Table {
    rule_cases::table(
        Row::new("recipe_ratings")
            .col("recipe_id", recipe)
            .col("user_id", rater)
            .col("rating", 5_i32)
            .col("review", "Lovely"),
        [
            // One rating per user and recipe.
            Case::refused("uq_recipe_ratings_recipe_user")
                .after_the_good_row()
                .set("rating", 4_i32)
                .set("review", ""),
            Case::refused("chk_recipe_ratings_rating").set("rating", 0_i32),
            Case::refused("chk_recipe_ratings_rating").set("rating", 6_i32),
            Case::refused("chk_recipe_ratings_review_length").set("review", "x".repeat(2001)),
            Case::refused("fk_recipe_ratings_recipe").set("recipe_id", Uuid::new_v4()),
            Case::refused("fk_recipe_ratings_user").set("user_id", Uuid::new_v4()),
        ],
    )
}

fn recipe_tag_cases() -> Table {
    let mut cases = vec![
        Case::refused("uq_recipe_tags_slug")
            .after_the_good_row()
            .set("category", "other"),
        Case::refused("chk_recipe_tags_category")
            .set("slug", "sous-vide")
            .set("category", "gadget"),
    ];
    // Lower-case words joined by single hyphens.
    for bad in ["Air-fryer", "air--fryer", "-air", "air-", "air fryer", ""] {
        cases.push(Case::refused("chk_recipe_tags_slug").set("slug", bad));
    }
    rule_cases::table(
        Row::new("recipe_tags")
            .col("slug", "air-fryer")
            .col("name", "X")
            .col("category", "technique"),
        cases,
    )
}

async fn recipe_rules_refuse_and_accept(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await.id();
    let recipe = raw_recipe(t, owner).await;
    rule_cases::run(
        t,
        &[
            recipe_cases(owner),
            recipe_line_cases(recipe),
            recipe_step_cases(recipe),
            recipe_nutrition_cases(recipe),
            recipe_rating_cases(recipe, owner),
            recipe_tag_cases(),
        ],
    )
    .await;
}

/// Defaults from seed 000: intermediate, one serving, private, no tags, unrated.
async fn a_recipe_row_takes_the_seed_defaults(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await.id();
    let recipe = raw_recipe(t, owner).await;
    let rows = t
        .query(
            "SELECT difficulty_level, servings, is_public, rating_count, rating IS NULL AS unrated \
             FROM recipes WHERE id = $1",
            vec![recipe.into()],
        )
        .await;
    let r = &rows[0];
    assert_eq!(
        r.try_get::<String>("", "difficulty_level").unwrap(),
        "intermediate"
    );
    assert_eq!(r.try_get::<i32>("", "servings").unwrap(), 1);
    assert!(!r.try_get::<bool>("", "is_public").unwrap());
    assert_eq!(r.try_get::<i32>("", "rating_count").unwrap(), 0);
    assert!(r.try_get::<bool>("", "unrated").unwrap());
}

async fn an_ingredient_a_recipe_uses_cannot_be_deleted(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await.id();
    let recipe = raw_recipe(t, owner).await;
    rule_cases::insert(t, &recipe_line_row(recipe)).await;
    assert_refused(
        t,
        "fk_recipe_ingredients_ingredient",
        "DELETE FROM ingredients WHERE id = $1",
        vec![ing(FLOUR).into()],
    )
    .await;
}

async fn children_are_deleted_with_their_recipe(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let made = recipes::create(
        &t.db,
        owner,
        &input(
            "Pancakes",
            vec![line(FLOUR, "200", Unit::G), line(EGG, "2", Unit::Piece)],
        ),
    )
    .await
    .unwrap();
    let id = made.recipe.id;
    recipes::rate(&t.db, owner, id, 5, Some("Yum"))
        .await
        .unwrap();
    let count = |table: &'static str| {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE recipe_id = $1");
        async move { t.count(&sql, vec![id.into()]).await }
    };
    for table in [
        "recipe_ingredients",
        "recipe_steps",
        "recipe_nutrition",
        "recipe_ratings",
    ] {
        assert!(count(table).await > 0, "{table}");
    }
    t.exec("DELETE FROM recipes WHERE id = $1", vec![id.into()])
        .await
        .unwrap();
    for table in [
        "recipe_ingredients",
        "recipe_steps",
        "recipe_nutrition",
        "recipe_ratings",
    ] {
        assert_eq!(count(table).await, 0, "{table}");
    }
    // An ingredient's allergen links go with it.
    let spelt = Uuid::new_v4();
    t.exec(
        "INSERT INTO ingredients (id, name, category, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg) VALUES ($1, 'Spelt', 'grain', 338, 14.57, 70.19, 2.43, 10.7, 6.82, 8)",
        vec![spelt.into()],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO ingredient_allergens (ingredient_id, allergen_id) \
         SELECT $1, id FROM allergens WHERE name = 'Wheat'",
        vec![spelt.into()],
    )
    .await
    .unwrap();
    t.exec("DELETE FROM ingredients WHERE id = $1", vec![spelt.into()])
        .await
        .unwrap();
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM ingredient_allergens WHERE ingredient_id = $1",
            vec![spelt.into()]
        )
        .await,
        0
    );
    // And a user's recipes go with the user.
    raw_recipe(t, owner.id()).await;
    t.exec("DELETE FROM users WHERE id = $1", vec![owner.into()])
        .await
        .unwrap();
    assert_eq!(t.count("SELECT COUNT(*) FROM recipes", vec![]).await, 0);
}

async fn total_time_is_generated_and_refuses_direct_writes(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let id = raw_recipe(t, owner.id()).await;
    let total = || async {
        t.count(
            "SELECT CAST(total_time_minutes AS BIGINT) FROM recipes WHERE id = $1",
            vec![id.into()],
        )
        .await
    };
    assert_eq!(total().await, 15);
    t.exec(
        "UPDATE recipes SET cook_time_minutes = 40 WHERE id = $1",
        vec![id.into()],
    )
    .await
    .unwrap();
    assert_eq!(total().await, 45);
    // PostgreSQL: 428C9 (generated_always); SQLite: SQLITE_ERROR, "cannot INSERT into
    // generated column" / "cannot UPDATE generated column".
    let refused = per_backend("sqlstate:428C9", "sqlstate:1");
    assert_refused(
        t,
        per_backend("sqlstate:428C9", "sqlstate:1"),
        "INSERT INTO recipes (user_id, name, prep_time_minutes, cook_time_minutes, total_time_minutes) \
         VALUES ($1, 'Soup', 1, 2, 3)",
        vec![owner.into()],
    )
    .await;
    assert_refused(
        t,
        refused,
        "UPDATE recipes SET total_time_minutes = 1 WHERE id = $1",
        vec![id.into()],
    )
    .await;
    assert_eq!(total().await, 45);
    // The entity reads it back.
    let made = recipes::create(
        &t.db,
        owner,
        &input("Salad", vec![line(TOMATO, "2", Unit::Piece)]),
    )
    .await
    .unwrap();
    assert_eq!(made.recipe.total_time_minutes, 30);
}

dual!(
    starter_catalogue_is_loaded,
    ingredient_rules_refuse_and_accept,
    recipe_rules_refuse_and_accept,
    a_recipe_row_takes_the_seed_defaults,
    an_ingredient_a_recipe_uses_cannot_be_deleted,
    children_are_deleted_with_their_recipe,
    total_time_is_generated_and_refuses_direct_writes,
);
