//! Recipes: create, update (ingredients and steps replaced as a whole), delete, read, scale,
//! rate and search. Only a recipe's owner changes it; anyone reads a public recipe.
//!
//! Nutrition per serving is computed here, exactly (Decimal), from each ingredient's
//! nutrition per 100 g and the line's quantity turned into grams ([`Unit::to_grams`]); it is
//! stored in `recipe_nutrition` and `recipes.calories_per_serving` in the transaction that
//! writes the ingredients. A line whose unit cannot be turned into grams (a cup of an
//! ingredient with no known density) is a validation error naming it, never a silent zero.
use crate::{Actor, Conn};
use catalog::Subject;
use std::collections::{HashMap, HashSet};

use entity::types::{Difficulty, Numeric, TextList, Unit, UnitKind};
use entity::{
    ingredients, recipe_ingredients, recipe_nutrition, recipe_ratings, recipe_steps, recipes,
};
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, NotSet, QueryFilter,
    QueryOrder, Set, Statement, Value,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use catalog::tables::{RECIPE_INGREDIENTS, RECIPE_RATINGS, RECIPE_STEPS, RECIPES};

use crate::idempotent::{Claim, Once};
use crate::input::{InRange, Limited, escape_like, no_nul};
use crate::safety::{RECIPE_DISHES, safe_condition};
use crate::{Error, OnField, Result, acting};
use catalog::limits;

mod input;
mod nutrition;
mod query;
mod ratings;
mod read;
mod sql;
mod write;

pub use input::*;
pub use nutrition::*;
pub use query::*;
pub use ratings::*;
pub use read::*;
pub use sql::search_statement;
pub use write::*;

/// A recipe with its lines (in position order), steps (in number order) and nutrition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipe {
    pub recipe: recipes::Model,
    pub ingredients: Vec<recipe_ingredients::Model>,
    pub steps: Vec<recipe_steps::Model>,
    pub nutrition: Option<recipe_nutrition::Model>,
}

/// Nutrition per serving, exact to the stored 2 decimals: the same amounts a meal log holds.
pub use crate::nutrients::Nutrition;

/// One ingredient line scaled to another number of servings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaledLine {
    pub ingredient_id: Uuid,
    /// `quantity * servings / recipe servings`, exact whenever that quotient has a finite
    /// decimal form (28 significant digits otherwise), trailing zeros removed.
    pub quantity: Decimal,
    pub unit: Unit,
    pub note: Option<String>,
}
