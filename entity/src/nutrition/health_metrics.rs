use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{HealthMetric, MetricUnit, Numeric, Timestamp};

/// `public.health_metrics` (seed 000: "user health tracking data"): one measurement, its unit
/// and when it was taken. A blood pressure reading keeps the diastolic value in `value2`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "health_metrics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub metric: HealthMetric,
    pub value: Numeric<8, 2>,
    pub value2: Option<Numeric<8, 2>>,
    pub unit: MetricUnit,
    pub measured_at: Timestamp,
    pub source: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub notes: Option<String>,
    pub created_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
