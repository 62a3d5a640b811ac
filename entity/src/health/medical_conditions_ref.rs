use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `health.medical_conditions_ref`: conditions that matter to what a user eats (a starter list
/// is inserted by the migration, with fixed ids).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "medical_conditions_ref")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub name: String,
    /// The dietary concern, in a sentence.
    pub description: Option<String>,
    pub created_at: Timestamp,
    #[sea_orm(has_many)]
    pub user_medical_conditions: HasMany<crate::user_medical_conditions::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
