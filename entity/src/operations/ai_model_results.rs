use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp};

/// `ai_model_results` (seed 000): what a model answered (`output`), for which input
/// (`input_ref`, e.g. `recipes:<id>`), how sure (`confidence`, 0 to 1) and how fast.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "ai_model_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub model_name: String,
    pub model_version: String,
    pub input_ref: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub output: Json,
    pub confidence: Option<Numeric<5, 4>>,
    pub latency_ms: i32,
    pub created_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<Option<crate::users::Entity>>,
}

impl ActiveModelBehavior for ActiveModel {}
