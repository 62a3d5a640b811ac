use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{CardBrand, SealedCard, Timestamp};

/// `public.user_payment_methods` (seed 002 §10.2): a user's cards. The number is stored only
/// encrypted (AES-256-GCM by the service, under the key `encryption_key_id` names); brand, last
/// four digits and expiry are in clear for listings. Deleted with the user.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_payment_methods")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub card_number_encrypted: SealedCard,
    pub encryption_key_id: i32,
    pub card_holder: String,
    pub brand: CardBrand,
    pub last_four: String,
    pub expires_month: i32,
    pub expires_year: i32,
    pub is_default: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
