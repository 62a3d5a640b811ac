use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp, Unit};

/// `public.ingredient_prices`: what `quantity` `unit` of an ingredient cost at a store, when
/// observed. Shared data, not a user's: the latest row of an ingredient prices shopping lists.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "ingredient_prices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub ingredient_id: Uuid,
    pub store: Option<String>,
    pub price: Numeric<10, 2>,
    pub quantity: Numeric<10, 3>,
    pub unit: Unit,
    pub observed_at: Timestamp,
    pub created_at: Timestamp,
    #[sea_orm(belongs_to, from = "ingredient_id", to = "id", on_delete = "Cascade")]
    pub ingredient: BelongsTo<crate::ingredients::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
