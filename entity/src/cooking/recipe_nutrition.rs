use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp};

/// `public.recipe_nutrition`: nutrition per serving, computed by the service from the
/// ingredients whenever the recipe's ingredients or servings change.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "recipe_nutrition")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub recipe_id: Uuid,
    pub energy_kcal: Numeric<10, 2>,
    pub protein_g: Numeric<10, 2>,
    pub carbs_g: Numeric<10, 2>,
    pub fat_g: Numeric<10, 2>,
    pub fiber_g: Numeric<10, 2>,
    pub sugar_g: Numeric<10, 2>,
    pub sodium_mg: Numeric<10, 2>,
    pub computed_at: Timestamp,
    #[sea_orm(belongs_to, from = "recipe_id", to = "id", on_delete = "Cascade")]
    pub recipe: BelongsTo<super::recipes::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
