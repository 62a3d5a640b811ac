//! Cooking: the ingredient catalogue, recipes and their ratings (migration `m20261122_000012`).
pub mod ingredient_allergens;
pub mod ingredients;
pub mod recipe_ingredients;
pub mod recipe_nutrition;
pub mod recipe_ratings;
pub mod recipe_steps;
pub mod recipe_tags;
pub mod recipes;
