use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{TagCategory, Timestamp};

/// `public.recipe_tags`: the vocabulary of known tags (`recipes.tags` holds their slugs).
/// It declares no relation because the table has no foreign key: a recipe names its tags by
/// slug in a text list, which no key can reference.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "recipe_tags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub category: TagCategory,
    pub created_at: Timestamp,
}

impl ActiveModelBehavior for ActiveModel {}
