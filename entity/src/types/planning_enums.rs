//! The closed sets of meal planning and the pantry: short strings with a CHECK listing the same
//! values (migration `m20261122_000014`), as in `enums`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a prep session stands.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum PrepStatus {
    #[default]
    #[sea_orm(string_value = "scheduled")]
    #[serde(rename = "scheduled")]
    Scheduled,
    #[sea_orm(string_value = "in_progress")]
    #[serde(rename = "in_progress")]
    InProgress,
    #[sea_orm(string_value = "completed")]
    #[serde(rename = "completed")]
    Completed,
    #[sea_orm(string_value = "cancelled")]
    #[serde(rename = "cancelled")]
    Cancelled,
}

/// Where a pantry item is kept.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    EnumIter,
    DeriveActiveEnum,
    Serialize,
    Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum StorageLocation {
    #[default]
    #[sea_orm(string_value = "pantry")]
    #[serde(rename = "pantry")]
    Pantry,
    #[sea_orm(string_value = "fridge")]
    #[serde(rename = "fridge")]
    Fridge,
    #[sea_orm(string_value = "freezer")]
    #[serde(rename = "freezer")]
    Freezer,
    #[sea_orm(string_value = "other")]
    #[serde(rename = "other")]
    Other,
}
