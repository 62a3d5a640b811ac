use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `public.meal_plans`: a user's plan over a date range (`end_date` not before `start_date`).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meal_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub start_date: Date,
    pub end_date: Date,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(has_many)]
    pub planned_meals: HasMany<super::planned_meals::Entity>,
    #[sea_orm(has_many)]
    pub shopping_lists: HasMany<super::shopping_lists::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
