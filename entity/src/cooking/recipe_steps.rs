use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// `public.recipe_steps`: a recipe's instructions, numbered from 1.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "recipe_steps")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub recipe_id: Uuid,
    pub step_number: i32,
    pub instruction: String,
    pub duration_minutes: Option<i32>,
    #[sea_orm(belongs_to, from = "recipe_id", to = "id", on_delete = "Cascade")]
    pub recipe: BelongsTo<super::recipes::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
