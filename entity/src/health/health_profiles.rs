use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{ActivityLevel, Gender, Numeric, Timestamp};

/// `public.health_profiles`, at most one per user. BMR is not stored (it depends on today's
/// date): read it from the `health_profile_bmr` view or compute it in the service.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "health_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub user_id: Uuid,
    pub height_cm: Option<i32>,
    pub weight_kg: Option<Numeric<5, 2>>,
    pub date_of_birth: Option<Date>,
    pub gender: Option<Gender>,
    pub activity_level: Option<ActivityLevel>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(has_many)]
    pub allergies: HasMany<crate::user_allergies::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
