use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{AuditOperation, Timestamp};

/// `audit.data_changes`: one row per insert, update or delete on an audited table, written by
/// a trigger. `user_id` is the acting user the service supplied (NULL for other clients) and
/// has no foreign key: the trail outlives the users it names, so it declares no relation
/// (`record_id` names a row of any audited table).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "data_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub table_name: String,
    pub operation: AuditOperation,
    pub user_id: Option<Uuid>,
    pub record_id: Uuid,
    #[sea_orm(column_type = "JsonBinary")]
    pub old_data: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub new_data: Option<Json>,
    pub changed_at: Timestamp,
}

impl ActiveModelBehavior for ActiveModel {}
