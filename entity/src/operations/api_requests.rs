use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{HttpMethod, Timestamp};

/// `api_requests` (seed 000): API usage, one row per call.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "api_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub created_at: Timestamp,
    pub user_id: Option<Uuid>,
    pub method: HttpMethod,
    pub endpoint: String,
    pub status_code: i32,
    pub duration_ms: i32,
    pub request_bytes: Option<i32>,
    pub response_bytes: Option<i32>,
    pub ip_address: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub user_agent: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub error_message: Option<String>,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<Option<crate::users::Entity>>,
}

impl ActiveModelBehavior for ActiveModel {}
