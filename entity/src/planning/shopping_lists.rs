use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `public.shopping_lists`: a user's list, made from a meal plan (kept when the plan is
/// deleted: `meal_plan_id` becomes NULL) or by hand.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "shopping_lists")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub meal_plan_id: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(belongs_to, from = "meal_plan_id", to = "id", on_delete = "SetNull")]
    pub meal_plan: BelongsTo<Option<super::meal_plans::Entity>>,
    #[sea_orm(has_many)]
    pub shopping_items: HasMany<super::shopping_items::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
