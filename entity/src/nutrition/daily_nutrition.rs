use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp};

/// A day's nutrient totals: DECIMAL(11, 2).
pub type DayAmount = Numeric<11, 2>;

/// `public.daily_nutrition` (seed 000 names it only): one row per user and local date with a
/// meal log, the exact totals of that day's logs, kept by the service in the transaction that
/// logs, changes or removes a meal.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "daily_nutrition")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub date: Date,
    pub energy_kcal: DayAmount,
    pub protein_g: DayAmount,
    pub carbs_g: DayAmount,
    pub fat_g: DayAmount,
    pub fiber_g: DayAmount,
    pub sugar_g: DayAmount,
    pub sodium_mg: DayAmount,
    pub meal_count: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
