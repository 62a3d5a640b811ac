use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{AllergenCategory, TextList, Timestamp};

/// `health.allergens`: the recognised allergens (the seed's twelve are inserted by the
/// migration).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "allergens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub name: String,
    pub category: AllergenCategory,
    pub description: Option<String>,
    pub common_foods: TextList,
    pub is_active: bool,
    pub fda_recognized: bool,
    pub created_at: Timestamp,
    #[sea_orm(has_many)]
    pub user_allergies: HasMany<crate::user_allergies::Entity>,
}

// `common_foods` is bound as `text[]` or JSON text depending on where it is saved.
crate::text_list_behavior!(common_foods);
