use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::types::{PasswordHash, Role, Timestamp};

/// `public.users`. Username and email are unique case-insensitively among users that are not
/// soft-deleted (partial unique indexes on `lower(...)`); soft deletion never rewrites them.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub username: String,
    pub email: String,
    /// An argon2id PHC string; never the password.
    pub password_hash: PasswordHash,
    pub is_email_verified: bool,
    pub is_active: bool,
    /// `user` unless made otherwise; checked by `chk_users_role`.
    pub role: Role,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
    #[sea_orm(has_one)]
    pub health_profile: HasOne<crate::health_profiles::Entity>,
    #[sea_orm(has_many)]
    pub verification_tokens: HasMany<crate::verification_tokens::Entity>,
    #[sea_orm(has_many)]
    pub refresh_tokens: HasMany<crate::refresh_tokens::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
