//! The closed sets of restaurants and recommendations: short strings with a CHECK listing the
//! same values (migration `m20261122_000015`), as in `enums`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// What became of a recommendation.
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
pub enum RecommendationStatus {
    /// Shown to the user, who has not answered.
    #[default]
    #[sea_orm(string_value = "shown")]
    #[serde(rename = "shown")]
    Shown,
    #[sea_orm(string_value = "accepted")]
    #[serde(rename = "accepted")]
    Accepted,
    #[sea_orm(string_value = "dismissed")]
    #[serde(rename = "dismissed")]
    Dismissed,
}
