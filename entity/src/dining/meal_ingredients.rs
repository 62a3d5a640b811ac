use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Unit};

/// `public.meal_ingredients`: an ingredient of a restaurant meal, from the shared catalogue
/// (`ingredients`), with its quantity and unit; one line per ingredient. Its allergens make
/// the meal's safety verdict.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "meal_ingredients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub meal_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub ingredient_id: Uuid,
    pub quantity: Numeric<10, 3>,
    pub unit: Unit,
    #[sea_orm(belongs_to, from = "meal_id", to = "id", on_delete = "Cascade")]
    pub meal: BelongsTo<super::meals::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
