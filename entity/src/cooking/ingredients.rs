use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{IngredientCategory, Numeric, Timestamp};

/// `public.ingredients`: the catalogue shared by recipes and restaurant meals. Nutrition is
/// per 100 g; `grams_per_ml` and `grams_per_piece` turn volume and count units into grams and
/// are null when unknown. The name is unique case-insensitively.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "ingredients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub category: IngredientCategory,
    pub energy_kcal: Numeric<6, 2>,
    pub protein_g: Numeric<5, 2>,
    pub carbs_g: Numeric<5, 2>,
    pub fat_g: Numeric<5, 2>,
    pub fiber_g: Numeric<5, 2>,
    pub sugar_g: Numeric<5, 2>,
    pub sodium_mg: Numeric<7, 2>,
    pub grams_per_piece: Option<Numeric<7, 2>>,
    pub grams_per_ml: Option<Numeric<5, 3>>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(has_many)]
    pub ingredient_allergens: HasMany<super::ingredient_allergens::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
