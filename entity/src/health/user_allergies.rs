use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Severity, Timestamp};

/// `public.user_allergies`. `(health_profile_id, user_id)` is a foreign key to the profile's
/// `(id, user_id)`, so the two can never name different users.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_allergies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub health_profile_id: Uuid,
    pub allergen_id: Uuid,
    pub severity: Severity,
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
    #[sea_orm(belongs_to, from = "allergen_id", to = "id")]
    pub allergen: BelongsTo<crate::allergens::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
