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
    Metric,
    #[sea_orm(string_value = "imperial")]
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
    Active,
    #[sea_orm(string_value = "managed")]
    Managed,
    #[sea_orm(string_value = "in_remission")]
    InRemission,
    #[sea_orm(string_value = "resolved")]
    Resolved,
}

/// What a fitness goal aims at.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(30))")]
pub enum FitnessGoalType {
    #[sea_orm(string_value = "lose_weight")]
    LoseWeight,
    #[sea_orm(string_value = "gain_weight")]
    GainWeight,
    #[sea_orm(string_value = "build_muscle")]
    BuildMuscle,
    #[sea_orm(string_value = "maintain_weight")]
    MaintainWeight,
    #[sea_orm(string_value = "improve_endurance")]
    ImproveEndurance,
    #[sea_orm(string_value = "improve_flexibility")]
    ImproveFlexibility,
    #[sea_orm(string_value = "general_fitness")]
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
    Active,
    #[sea_orm(string_value = "achieved")]
    Achieved,
    #[sea_orm(string_value = "abandoned")]
    Abandoned,
}
