use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{MealSlot, Numeric, Timestamp};

/// A log's nutrient amounts: DECIMAL(9, 2).
pub type LogAmount = Numeric<9, 2>;

/// `public.meal_logs` (seed 000 names it only): what a user ate, when, in which slot; from a
/// recipe (`recipe_id`, `servings`) or a free entry. The nutrition is stored as logged, so a
/// later edit of the recipe does not rewrite history. `local_date` is the user's date of
/// `logged_at` in the time zone given when it was logged: the day it counts in.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meal_logs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub logged_at: Timestamp,
    pub local_date: Date,
    pub meal_slot: MealSlot,
    pub recipe_id: Option<Uuid>,
    pub servings: Option<Numeric<6, 2>>,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub notes: Option<String>,
    pub energy_kcal: LogAmount,
    pub protein_g: LogAmount,
    pub carbs_g: LogAmount,
    pub fat_g: LogAmount,
    pub fiber_g: LogAmount,
    pub sugar_g: LogAmount,
    pub sodium_mg: LogAmount,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(belongs_to, from = "recipe_id", to = "id", on_delete = "SetNull")]
    pub recipe: BelongsTo<Option<crate::recipes::Entity>>,
}

impl ActiveModelBehavior for ActiveModel {}
