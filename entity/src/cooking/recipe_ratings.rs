use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `public.recipe_ratings`: one rating (1 to 5) per user and recipe, with an optional review.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "recipe_ratings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub recipe_id: Uuid,
    pub user_id: Uuid,
    pub rating: i32,
    pub review: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "recipe_id", to = "id", on_delete = "Cascade")]
    pub recipe: BelongsTo<super::recipes::Entity>,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
