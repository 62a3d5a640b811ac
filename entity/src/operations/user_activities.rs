use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `user_activities` (seed 000): what a user did (`activity_type` such as `recipe.viewed`), on
/// what (`entity_type`, `entity_id`), with free-form `metadata`. `entity_id` and `session_id` have
/// no foreign key on purpose: `entity_id` names a row of any table, and the log outlives the
/// session and the row it names.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub created_at: Timestamp,
    pub user_id: Uuid,
    pub activity_type: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Option<Json>,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
