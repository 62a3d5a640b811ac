use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp};

/// `public.meals` (seed 002 §4.4): a restaurant's dish, its price and its nutrition per
/// portion (the seed's `calories` is `energy_kcal`, as in every table holding nutrition).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub restaurant_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub price: Numeric<10, 2>,
    pub energy_kcal: Option<i32>,
    pub protein_g: Option<Numeric<5, 1>>,
    pub carbs_g: Option<Numeric<5, 1>>,
    pub fat_g: Option<Numeric<5, 1>>,
    pub fiber_g: Option<Numeric<5, 1>>,
    pub sugar_g: Option<Numeric<5, 1>>,
    pub sodium_mg: Option<i32>,
    pub image_url: Option<String>,
    pub is_available: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "restaurant_id", to = "id", on_delete = "Cascade")]
    pub restaurant: BelongsTo<super::restaurants::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
