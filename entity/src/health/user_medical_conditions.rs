use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{ConditionStatus, Timestamp};

/// `public.user_medical_conditions`: a user's conditions, shaped like `user_allergies`:
/// `(health_profile_id, user_id)` must name one profile.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_medical_conditions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub health_profile_id: Uuid,
    pub condition_id: Uuid,
    pub status: ConditionStatus,
    pub notes: Option<String>,
    pub diagnosed_date: Option<Date>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(
        belongs_to,
        from = "health_profile_id",
        to = "id",
        on_delete = "Cascade"
    )]
    pub health_profile: BelongsTo<crate::health_profiles::Entity>,
    #[sea_orm(belongs_to, from = "condition_id", to = "id")]
    pub condition: BelongsTo<crate::medical_conditions_ref::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
