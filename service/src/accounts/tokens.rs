//! Single-use tokens: 32 random bytes given to the user as hex, stored only as their SHA-256.
use chrono::TimeDelta;
use entity::types::{Timestamp, TokenType};
use entity::verification_tokens;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Error, Result};

/// A token in clear, to send to the user once. Its `Debug` shows nothing.
pub struct VerificationToken(String);

impl VerificationToken {
    /// The token to put in the email link.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for VerificationToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerificationToken(<redacted>)")
    }
}

/// What the database stores for a token.
pub(crate) fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

pub(crate) async fn issue<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    token_type: TokenType,
    now: Timestamp,
    ttl: TimeDelta,
) -> Result<VerificationToken> {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let expires_at = now
        .checked_add(ttl)
        .ok_or_else(|| Error::invalid("ttl", "expiry would be past 9999-12-31"))?;
    verification_tokens::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        token_hash: Set(digest(&token)),
        token_type: Set(token_type),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(VerificationToken(token))
}

/// Marks a token used and returns its user. The conditional UPDATE (`used_at IS NULL`) makes
/// two concurrent redemptions of one token end with one success.
pub(crate) async fn redeem<C: ConnectionTrait>(
    db: &C,
    token: &str,
    token_type: TokenType,
) -> Result<Uuid> {
    let not_found = || Error::NotFound {
        what: "verification token",
    };
    let row = verification_tokens::Entity::find()
        .filter(verification_tokens::Column::TokenHash.eq(digest(token)))
        .filter(verification_tokens::Column::TokenType.eq(token_type))
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let now = Timestamp::now();
    if row.used_at.is_some() {
        return Err(Error::invalid("token", "has already been used"));
    }
    if row.expires_at <= now {
        return Err(Error::invalid("token", "has expired"));
    }
    let claimed = verification_tokens::Entity::update_many()
        .col_expr(verification_tokens::Column::UsedAt, Expr::value(now))
        .filter(verification_tokens::Column::Id.eq(row.id))
        .filter(verification_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected == 0 {
        return Err(Error::invalid("token", "has already been used"));
    }
    Ok(row.user_id)
}
