use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Unit};

/// `public.recipe_ingredients`: one line of a recipe's ingredient list, in `position` order.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "recipe_ingredients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub recipe_id: Uuid,
    pub ingredient_id: Uuid,
    pub quantity: Numeric<10, 3>,
    pub unit: Unit,
    pub position: i32,
    pub note: Option<String>,
    #[sea_orm(belongs_to, from = "recipe_id", to = "id", on_delete = "Cascade")]
    pub recipe: BelongsTo<super::recipes::Entity>,
    #[sea_orm(belongs_to, from = "ingredient_id", to = "id")]
    pub ingredient: BelongsTo<super::ingredients::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
