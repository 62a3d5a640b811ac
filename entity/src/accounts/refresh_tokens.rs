use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// `auth.refresh_tokens`: one row per refresh token, stored as its SHA-256 (hex). The tokens of
/// one sign-in share `family_id`; a rotated token has `used_at` and `replaced_by` (its
/// successor) set, and a revoked one `revoked_at`. Only a token with neither `used_at` nor
/// `revoked_at`, before `expires_at`, is live.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "refresh_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub family_id: Uuid,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    #[sea_orm(unique)]
    pub replaced_by: Option<Uuid>,
    pub created_at: Timestamp,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<crate::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
