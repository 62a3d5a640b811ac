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

/// A token table (and type) the owner of a presented token is looked up in, before anyone is
/// acting: on PostgreSQL through `auth.token_owner(kind, digest)` (SECURITY DEFINER, migration
/// 7), which names the same kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// `auth.verification_tokens` of this type.
    Verification(TokenType),
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Verification(TokenType::EmailVerify) => "email_verify",
            Self::Verification(TokenType::PasswordReset) => "password_reset",
            Self::Verification(TokenType::EmailChange) => "email_change",
        }
    }
}

/// The user who owns the token `token` of this kind, if any. It reveals no more than an id,
/// and only to someone who holds the token; the caller then acts as that user, under the
/// policies, to check and redeem it.
pub(crate) async fn owner(
    db: &sea_orm::DatabaseConnection,
    kind: TokenKind,
    token: &str,
) -> Result<Option<Uuid>> {
    use sea_orm::{DbBackend, QuerySelect, Statement};
    let digest = digest(token);
    if db.get_database_backend() == DbBackend::Postgres {
        let row = db
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT auth.token_owner($1, $2) AS owner",
                [kind.as_str().into(), digest.into()],
            ))
            .await?;
        return Ok(match row {
            Some(row) => row.try_get::<Option<Uuid>>("", "owner")?,
            None => None,
        });
    }
    match kind {
        TokenKind::Verification(token_type) => Ok(verification_tokens::Entity::find()
            .select_only()
            .column(verification_tokens::Column::UserId)
            .filter(verification_tokens::Column::TokenHash.eq(digest))
            .filter(verification_tokens::Column::TokenType.eq(token_type))
            .into_tuple::<Uuid>()
            .one(db)
            .await?),
    }
}
