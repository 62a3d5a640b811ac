use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Nutrient, NutrientUnit, Timestamp};

/// `public.nutrient_targets` (seed 000 names it only): one nutrient's daily minimum and/or
/// maximum under a goal, in the nutrient's unit; one row per goal and nutrient.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "nutrient_targets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub goal_id: Uuid,
    pub nutrient: Nutrient,
    pub min_amount: Option<Numeric<10, 3>>,
    pub max_amount: Option<Numeric<10, 3>>,
    pub unit: NutrientUnit,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(
        belongs_to,
        from = "(goal_id, user_id)",
        to = "(id, user_id)",
        on_delete = "Cascade"
    )]
    pub goal: BelongsTo<super::nutrition_goals::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
