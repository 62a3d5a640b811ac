//! The rules of the ingredient catalogue, recipes and their ratings (migration 12), table by table.
use crate::Subject;
use crate::limits::RATING;
use crate::limits::recipes::{AVERAGE_RATING, INGREDIENT_NAME, MACRO_PER_100_G, MINUTES, SERVINGS};
use crate::limits::recipes::{INGREDIENT_NOTE, INSTRUCTION, NAME, REVIEW};
use crate::tables::{
    INGREDIENT_ALLERGENS, INGREDIENTS, RECIPE_INGREDIENTS, RECIPE_NUTRITION, RECIPE_RATINGS,
    RECIPE_STEPS, RECIPE_TAGS, RECIPES,
};

use super::{Kind, Refusal, Rule, check, fk, in_range, length, pk, rule, unique};

const NON_NEGATIVE: &str = "must not be negative";

pub(super) const RULES: &[Rule] = &[
    // ingredients
    pk("ingredients_pkey", INGREDIENTS, Subject::Ingredient),
    unique(
        "uq_ingredients_name",
        INGREDIENTS,
        &["lower(name)"],
        Subject::IngredientName,
    ),
    check(
        "chk_ingredients_energy",
        INGREDIENTS,
        "energy_kcal",
        NON_NEGATIVE,
    ),
    in_range(
        "chk_ingredients_protein",
        INGREDIENTS,
        "protein_g",
        &MACRO_PER_100_G,
    ),
    in_range(
        "chk_ingredients_carbs",
        INGREDIENTS,
        "carbs_g",
        &MACRO_PER_100_G,
    ),
    in_range(
        "chk_ingredients_fat",
        INGREDIENTS,
        "fat_g",
        &MACRO_PER_100_G,
    ),
    in_range(
        "chk_ingredients_fiber",
        INGREDIENTS,
        "fiber_g",
        &MACRO_PER_100_G,
    ),
    in_range(
        "chk_ingredients_sugar",
        INGREDIENTS,
        "sugar_g",
        &MACRO_PER_100_G,
    ),
    check(
        "chk_ingredients_sodium",
        INGREDIENTS,
        "sodium_mg",
        NON_NEGATIVE,
    ),
    check(
        "chk_ingredients_category",
        INGREDIENTS,
        "category",
        "is not a known ingredient category",
    ),
    length(
        "chk_ingredients_name_blank",
        INGREDIENTS,
        "name",
        &INGREDIENT_NAME,
    ),
    check(
        "chk_ingredients_grams_per_piece",
        INGREDIENTS,
        "grams_per_piece",
        "must be positive",
    ),
    check(
        "chk_ingredients_grams_per_ml",
        INGREDIENTS,
        "grams_per_ml",
        "must be positive",
    ),
    // ingredient_allergens
    rule(
        "ingredient_allergens_pkey",
        INGREDIENT_ALLERGENS,
        Kind::PrimaryKey,
        &["ingredient_id", "allergen_id"],
        Refusal::Conflict {
            what: Subject::IngredientAllergen,
        },
    ),
    fk(
        "fk_ingredient_allergens_ingredient",
        INGREDIENT_ALLERGENS,
        &["ingredient_id"],
        Subject::Ingredient,
    ),
    fk(
        "fk_ingredient_allergens_allergen",
        INGREDIENT_ALLERGENS,
        &["allergen_id"],
        Subject::Allergen,
    ),
    // recipes
    pk("recipes_pkey", RECIPES, Subject::Recipe),
    fk("fk_recipes_user", RECIPES, &["user_id"], Subject::User),
    length("chk_recipes_name_blank", RECIPES, "name", &NAME),
    check(
        "chk_recipes_difficulty",
        RECIPES,
        "difficulty_level",
        "is not a known difficulty level",
    ),
    in_range(
        "chk_recipes_prep_time",
        RECIPES,
        "prep_time_minutes",
        &MINUTES,
    ),
    in_range(
        "chk_recipes_cook_time",
        RECIPES,
        "cook_time_minutes",
        &MINUTES,
    ),
    in_range("chk_recipes_servings", RECIPES, "servings", &SERVINGS),
    check(
        "chk_recipes_calories",
        RECIPES,
        "calories_per_serving",
        NON_NEGATIVE,
    ),
    check("chk_recipes_cost", RECIPES, "cost_estimate", NON_NEGATIVE),
    in_range("chk_recipes_rating", RECIPES, "rating", &AVERAGE_RATING),
    check(
        "chk_recipes_rating_count",
        RECIPES,
        "rating_count",
        NON_NEGATIVE,
    ),
    check(
        "chk_recipes_rating_sum",
        RECIPES,
        "rating_sum",
        "must be between 1 and 5 times the number of ratings",
    ),
    // recipe_ingredients
    pk(
        "recipe_ingredients_pkey",
        RECIPE_INGREDIENTS,
        Subject::RecipeIngredient,
    ),
    fk(
        "fk_recipe_ingredients_recipe",
        RECIPE_INGREDIENTS,
        &["recipe_id"],
        Subject::Recipe,
    ),
    fk(
        "fk_recipe_ingredients_ingredient",
        RECIPE_INGREDIENTS,
        &["ingredient_id"],
        Subject::Ingredient,
    ),
    check(
        "chk_recipe_ingredients_quantity",
        RECIPE_INGREDIENTS,
        "quantity",
        "must be positive",
    ),
    check(
        "chk_recipe_ingredients_unit",
        RECIPE_INGREDIENTS,
        "unit",
        "is not a known unit",
    ),
    check(
        "chk_recipe_ingredients_position",
        RECIPE_INGREDIENTS,
        "position",
        "must be at least 1",
    ),
    length(
        "chk_recipe_ingredients_note_length",
        RECIPE_INGREDIENTS,
        "note",
        &INGREDIENT_NOTE,
    ),
    unique(
        "uq_recipe_ingredients_position",
        RECIPE_INGREDIENTS,
        &["recipe_id", "position"],
        Subject::IngredientPosition,
    ),
    // recipe_steps
    pk("recipe_steps_pkey", RECIPE_STEPS, Subject::RecipeStep),
    fk(
        "fk_recipe_steps_recipe",
        RECIPE_STEPS,
        &["recipe_id"],
        Subject::Recipe,
    ),
    check(
        "chk_recipe_steps_number",
        RECIPE_STEPS,
        "step_number",
        "must be at least 1",
    ),
    length(
        "chk_recipe_steps_instruction",
        RECIPE_STEPS,
        "instruction",
        &INSTRUCTION,
    ),
    in_range(
        "chk_recipe_steps_duration",
        RECIPE_STEPS,
        "duration_minutes",
        &MINUTES,
    ),
    unique(
        "uq_recipe_steps_number",
        RECIPE_STEPS,
        &["recipe_id", "step_number"],
        Subject::StepNumber,
    ),
    // recipe_nutrition
    rule(
        "recipe_nutrition_pkey",
        RECIPE_NUTRITION,
        Kind::PrimaryKey,
        &["recipe_id"],
        Refusal::Conflict {
            what: Subject::RecipeNutrition,
        },
    ),
    fk(
        "fk_recipe_nutrition_recipe",
        RECIPE_NUTRITION,
        &["recipe_id"],
        Subject::Recipe,
    ),
    check(
        "chk_recipe_nutrition_non_negative",
        RECIPE_NUTRITION,
        "nutrition",
        NON_NEGATIVE,
    ),
    // recipe_ratings
    pk("recipe_ratings_pkey", RECIPE_RATINGS, Subject::Rating),
    fk(
        "fk_recipe_ratings_user",
        RECIPE_RATINGS,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_recipe_ratings_recipe",
        RECIPE_RATINGS,
        &["recipe_id"],
        Subject::Recipe,
    ),
    in_range(
        "chk_recipe_ratings_rating",
        RECIPE_RATINGS,
        "rating",
        &RATING,
    ),
    length(
        "chk_recipe_ratings_review_length",
        RECIPE_RATINGS,
        "review",
        &REVIEW,
    ),
    unique(
        "uq_recipe_ratings_recipe_user",
        RECIPE_RATINGS,
        &["recipe_id", "user_id"],
        Subject::Rating,
    ),
    // recipe_tags
    pk("recipe_tags_pkey", RECIPE_TAGS, Subject::Tag),
    check(
        "chk_recipe_tags_slug",
        RECIPE_TAGS,
        "slug",
        "must be lower-case letters and digits in words joined by single hyphens",
    ),
    check(
        "chk_recipe_tags_category",
        RECIPE_TAGS,
        "category",
        "is not a known tag category",
    ),
    unique("uq_recipe_tags_slug", RECIPE_TAGS, &["slug"], Subject::Tag),
];
