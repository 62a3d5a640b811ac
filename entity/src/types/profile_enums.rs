//! The closed sets of a user's profile, preferences, conditions and fitness goals: short strings
//! with a CHECK listing the same values (migration `m20261122_000008`), as in `enums`.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How quantities are shown to the user (stored values stay metric).
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
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(10))")]
pub enum Units {
    #[default]
    #[sea_orm(string_value = "metric")]
    #[serde(rename = "metric")]
    Metric,
    #[sea_orm(string_value = "imperial")]
    #[serde(rename = "imperial")]
    Imperial,
}

/// Where a medical condition stands.
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
pub enum ConditionStatus {
    #[default]
    #[sea_orm(string_value = "active")]
    #[serde(rename = "active")]
    Active,
    #[sea_orm(string_value = "managed")]
    #[serde(rename = "managed")]
    Managed,
    #[sea_orm(string_value = "in_remission")]
    #[serde(rename = "in_remission")]
    InRemission,
    #[sea_orm(string_value = "resolved")]
    #[serde(rename = "resolved")]
    Resolved,
}

/// What a fitness goal aims at.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum FitnessGoalType {
    #[sea_orm(string_value = "lose_weight")]
    #[serde(rename = "lose_weight")]
    LoseWeight,
    #[sea_orm(string_value = "gain_weight")]
    #[serde(rename = "gain_weight")]
    GainWeight,
    #[sea_orm(string_value = "build_muscle")]
    #[serde(rename = "build_muscle")]
    BuildMuscle,
    #[sea_orm(string_value = "maintain_weight")]
    #[serde(rename = "maintain_weight")]
    MaintainWeight,
    #[sea_orm(string_value = "improve_endurance")]
    #[serde(rename = "improve_endurance")]
    ImproveEndurance,
    #[sea_orm(string_value = "improve_flexibility")]
    #[serde(rename = "improve_flexibility")]
    ImproveFlexibility,
    #[sea_orm(string_value = "general_fitness")]
    #[serde(rename = "general_fitness")]
    GeneralFitness,
}

/// Whether a fitness goal is still pursued; an ended goal was achieved or abandoned.
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
pub enum GoalStatus {
    #[default]
    #[sea_orm(string_value = "active")]
    #[serde(rename = "active")]
    Active,
    #[sea_orm(string_value = "achieved")]
    #[serde(rename = "achieved")]
    Achieved,
    #[sea_orm(string_value = "abandoned")]
    #[serde(rename = "abandoned")]
    Abandoned,
}
