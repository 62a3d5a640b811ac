use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Numeric, Timestamp};

/// `public.restaurants` (seed 002 §4.4): shared catalogue data. A restaurant with a location
/// has both coordinates, in exact degrees; its point is indexed for radius searches (GiST on
/// PostgreSQL, the `restaurants_rtree` R*Tree on SQLite).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "restaurants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub cuisine_type: Option<String>,
    pub address: String,
    pub city: String,
    pub state: String,
    pub zip_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub latitude: Option<Numeric<10, 8>>,
    pub longitude: Option<Numeric<11, 8>>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// Opening hours as the caller gives them (a JSON object).
    #[sea_orm(column_type = "JsonBinary")]
    pub hours: Option<Json>,
    /// 0.0 to 5.0.
    pub rating: Option<Numeric<2, 1>>,
    /// 1 (cheap) to 4 (expensive).
    pub price_range: Option<i32>,
    pub is_active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(has_many)]
    pub meals: HasMany<super::meals::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
