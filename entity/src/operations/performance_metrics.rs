use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp};

/// `performance_metrics` (seed 000): one measurement of the system. It names no user and no
/// other row, so it declares no relation.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "performance_metrics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub metric_name: String,
    pub metric_value: Numeric<15, 4>,
    pub unit: Option<String>,
    pub source: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub tags: Option<Json>,
    pub recorded_at: Timestamp,
}

impl ActiveModelBehavior for ActiveModel {}
