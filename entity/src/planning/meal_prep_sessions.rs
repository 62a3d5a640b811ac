use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{PrepStatus, Timestamp};

/// `public.meal_prep_sessions`: a time set aside to cook some planned meals ahead.
/// `completed_at` is set exactly when the status is `completed`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meal_prep_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub scheduled_at: Timestamp,
    pub status: PrepStatus,
    pub completed_at: Option<Timestamp>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(has_many)]
    pub meal_prep_session_meals: HasMany<super::meal_prep_session_meals::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
