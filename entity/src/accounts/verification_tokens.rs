use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{Timestamp, TokenType};

/// `auth.verification_tokens`. Only the SHA-256 of a token is stored (hex, 64 characters): a
/// leaked table hands out no live token. Single use: `used_at` is set when it is redeemed.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "verification_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub token_type: TokenType,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    pub created_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
