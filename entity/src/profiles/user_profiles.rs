use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{TextList, Timestamp};

/// `public.user_profiles`, at most one per user: name, IANA time zone, language tag and health
/// goals. Date of birth, height, weight and activity level are in `health_profiles`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub user_id: Uuid,
    pub full_name: Option<String>,
    /// An IANA time zone name (`Europe/Paris`), `UTC` by default.
    pub timezone: String,
    /// A BCP 47 language tag (`en`, `en-US`), `en` by default.
    pub language_preference: String,
    pub health_goals: TextList,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

crate::text_list_behavior!(health_goals);
