use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{HttpMethod, Timestamp};

/// `audit.access_logs` (seed 002 §10.3): one row per request. `user_id` is NULL before sign-in;
/// the row is deleted with its user. `session_id` has no foreign key on purpose: a session row
/// is deleted at sign-out while the log that names it stays.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "access_logs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub accessed_at: Timestamp,
    pub user_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub ip_address: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub user_agent: Option<String>,
    pub endpoint: Option<String>,
    pub method: Option<HttpMethod>,
    pub status_code: Option<i32>,
    pub response_time_ms: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub error_message: Option<String>,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<Option<crate::users::Entity>>,
}

impl ActiveModelBehavior for ActiveModel {}
