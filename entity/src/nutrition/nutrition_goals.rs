use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, NutritionGoalType, Timestamp};

/// `public.nutrition_goals` (seed 000): daily targets from `start_date` to `end_date` (open
/// when NULL). At most one goal per user is active (`uq_nutrition_goals_one_active`).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "nutrition_goals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub goal_type: NutritionGoalType,
    pub target_calories: Option<Numeric<8, 2>>,
    pub target_protein_g: Option<Numeric<8, 2>>,
    pub target_carbs_g: Option<Numeric<8, 2>>,
    pub target_fat_g: Option<Numeric<8, 2>>,
    pub target_fiber_g: Option<Numeric<8, 2>>,
    pub target_sodium_mg: Option<Numeric<8, 2>>,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub is_active: bool,
    pub created_by_ai: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(has_many)]
    pub nutrient_targets: HasMany<super::nutrient_targets::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
