use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp, Unit};

/// `public.shopping_items`: a line of a shopping list, either an ingredient of the catalogue
/// or a free-text item (`name`), never both; a quantity in a unit, checked off or not, and an
/// estimated price (NULL when no price is known).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "shopping_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub shopping_list_id: Uuid,
    pub ingredient_id: Option<Uuid>,
    pub name: Option<String>,
    pub quantity: Numeric<12, 3>,
    pub unit: Unit,
    pub is_checked: bool,
    #[sea_orm(nullable)]
    pub estimated_price: Option<Numeric<10, 2>>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
    #[sea_orm(
        belongs_to,
        from = "(shopping_list_id, user_id)",
        to = "(id, user_id)",
        on_delete = "Cascade"
    )]
    pub shopping_list: BelongsTo<super::shopping_lists::Entity>,
    #[sea_orm(belongs_to, from = "ingredient_id", to = "id", on_delete = "Restrict")]
    pub ingredient: BelongsTo<Option<crate::ingredients::Entity>>,
}

impl ActiveModelBehavior for ActiveModel {}
