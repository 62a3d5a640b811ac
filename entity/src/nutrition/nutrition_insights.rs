use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{InsightKind, Timestamp};

/// `public.nutrition_insights` (seed 000: "AI-generated insights"): a message for a user, the
/// data behind it, the model or rule that made it, and whether it was read or dismissed.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "nutrition_insights")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub kind: InsightKind,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub data: Option<Json>,
    pub generated_by: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
    pub dismissed_at: Option<Timestamp>,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
