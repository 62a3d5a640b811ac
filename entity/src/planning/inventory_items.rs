use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, StorageLocation, Timestamp, Unit};

/// `public.inventory_items`: what a user has at home, an ingredient in a quantity (never below
/// zero) and unit, where it is kept and its best-before date.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inventory_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub ingredient_id: Uuid,
    pub quantity: Numeric<12, 3>,
    pub unit: Unit,
    pub location: StorageLocation,
    pub best_before: Option<Date>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(belongs_to, from = "ingredient_id", to = "id", on_delete = "Restrict")]
    pub ingredient: BelongsTo<crate::ingredients::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
