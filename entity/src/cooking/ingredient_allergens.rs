use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// `public.ingredient_allergens`: which allergens an ingredient contains (many to many).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "ingredient_allergens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub ingredient_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub allergen_id: Uuid,
    #[sea_orm(belongs_to, from = "ingredient_id", to = "id", on_delete = "Cascade")]
    pub ingredient: BelongsTo<super::ingredients::Entity>,
    #[sea_orm(belongs_to, from = "allergen_id", to = "id")]
    pub allergen: BelongsTo<crate::allergens::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
