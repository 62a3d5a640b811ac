use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `public.feedback`: a user's rating (1 to 5) of a meal, given on one of their
/// recommendations or on its own; at most one per recommendation.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub recommendation_id: Option<Uuid>,
    pub meal_id: Uuid,
    pub rating: i32,
    pub comment: Option<String>,
    pub created_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
