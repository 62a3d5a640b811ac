use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `health.dietary_restrictions_ref`: the known diets (the seed's seven are inserted by the
/// migration).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "dietary_restrictions_ref")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub name: String,
    pub description: Option<String>,
    pub created_at: Timestamp,
    #[sea_orm(has_many)]
    pub user_dietary_restrictions: HasMany<crate::user_dietary_restrictions::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
