use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, RecommendationStatus, Timestamp};

/// `public.recommendations`: a meal suggested to a user, with its score (0 to 100), the
/// distance from where the user asked, and why: `reason` in words, `reason_details` as JSON
/// (the score's parts). `(meal_id, restaurant_id)` is a foreign key to the meal's
/// `(id, restaurant_id)`, so the two always agree.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "recommendations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub meal_id: Uuid,
    pub restaurant_id: Uuid,
    pub score: Numeric<5, 2>,
    pub distance_km: Numeric<8, 3>,
    pub reason: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub reason_details: Json,
    pub status: RecommendationStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
