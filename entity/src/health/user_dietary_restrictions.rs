use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `public.user_dietary_restrictions`: which diets a user follows. Shaped like
/// `user_allergies`: `(health_profile_id, user_id)` must name one profile.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_dietary_restrictions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub health_profile_id: Uuid,
    pub dietary_restriction_id: Uuid,
    pub created_at: Timestamp,
    #[sea_orm(
        belongs_to,
        from = "health_profile_id",
        to = "id",
        on_delete = "Cascade"
    )]
    pub health_profile: BelongsTo<crate::health_profiles::Entity>,
    #[sea_orm(belongs_to, from = "dietary_restriction_id", to = "id")]
    pub dietary_restriction: BelongsTo<crate::dietary_restrictions_ref::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
