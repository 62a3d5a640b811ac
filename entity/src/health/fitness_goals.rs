use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{FitnessGoalType, GoalStatus, Numeric, Timestamp};

/// `public.fitness_goals` (seed 002 §3.1: a health profile has many). Targets are optional;
/// `ended_at` is set exactly when the goal is no longer active.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "fitness_goals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub health_profile_id: Uuid,
    pub goal_type: FitnessGoalType,
    pub target_weight_kg: Option<Numeric<5, 2>>,
    pub target_body_fat_percent: Option<Numeric<4, 1>>,
    pub weekly_exercise_minutes: Option<i32>,
    pub daily_steps: Option<i32>,
    pub start_date: Date,
    pub target_date: Option<Date>,
    pub status: GoalStatus,
    pub ended_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(
        belongs_to,
        from = "health_profile_id",
        to = "id",
        on_delete = "Cascade"
    )]
    pub health_profile: BelongsTo<crate::health_profiles::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
