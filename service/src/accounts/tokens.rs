//! Secret tokens: 32 random bytes given to their holder once as hex, stored only as their
//! SHA-256 (`docs/DESIGN.md` D7). Single-use verification tokens live here; sessions and refresh
//! tokens ([`super::sessions`], [`super::refresh`]) draw their secrets from [`fresh`] and find
//! their owner through [`owner_of`].
use catalog::Subject;
use chrono::TimeDelta;
use entity::types::{Timestamp, TokenType};
use entity::{refresh_tokens, user_sessions, verification_tokens};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Error, Result};

/// A token in clear, to give its holder once (an email link, a cookie, a response body). Its
/// `Debug` shows nothing, and the database holds only its digest.
pub struct ClearToken(String);

/// An email verification or password reset token.
pub type VerificationToken = ClearToken;

impl ClearToken {
    /// The token itself, to hand to its holder.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ClearToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClearToken(<redacted>)")
    }
}

/// What the database stores for a token.
pub(crate) fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// A new random token (32 bytes from the OS, as hex) and its digest.
pub(crate) fn fresh() -> (ClearToken, String) {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let digest = digest(&token);
    (ClearToken(token), digest)
}

/// The tables a token can be found in by its digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// `auth.user_sessions`.
    Session,
    /// `auth.refresh_tokens`.
    Refresh,
    /// `auth.verification_tokens` of this type.
    Verification(TokenType),
}

impl TokenKind {
    /// The kind as one word (`session`, `refresh`, or the verification token's type), for a
    /// database function that takes it as text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Refresh => "refresh",
            Self::Verification(TokenType::EmailVerify) => "email_verify",
            Self::Verification(TokenType::PasswordReset) => "password_reset",
            Self::Verification(TokenType::EmailChange) => "email_change",
        }
    }
}

/// The user a token belongs to, found by its digest before anyone is acting: the one lookup
/// that runs before the service knows whose rows it reads. Everything after it (is the token
/// live? use it) runs in a transaction acting as that user. On PostgreSQL, where row-level
/// security shows a transaction that names no user no rows, it asks the `SECURITY DEFINER`
/// function `auth.token_owner(kind, digest)` (migrations 7 and 9), which reveals no more than
/// an id, and only to someone who holds the token.
///
/// # Errors
/// [`Error::Db`] only.
pub(crate) async fn owner_of<C: ConnectionTrait>(
    db: &C,
    kind: TokenKind,
    digest: &str,
) -> Result<Option<Uuid>> {
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        /// What `auth.token_owner` answers.
        #[derive(sea_orm::FromQueryResult)]
        struct Owner {
            owner: Option<Uuid>,
        }
        use sea_orm::FromQueryResult as _;
        // A scalar function in FROM is one column named after its alias.
        let found = Owner::find_by_statement(super::definer_rows(
            "auth.token_owner",
            "owner",
            [kind.as_str().into(), digest.into()],
        ))
        .one(db)
        .await?;
        return Ok(found.and_then(|found| found.owner));
    }
    let owner = match kind {
        TokenKind::Session => {
            user_sessions::Entity::find()
                .select_only()
                .column(user_sessions::Column::UserId)
                .filter(user_sessions::Column::TokenHash.eq(digest))
                .into_tuple::<Uuid>()
                .one(db)
                .await?
        }
        TokenKind::Refresh => {
            refresh_tokens::Entity::find()
                .select_only()
                .column(refresh_tokens::Column::UserId)
                .filter(refresh_tokens::Column::TokenHash.eq(digest))
                .into_tuple::<Uuid>()
                .one(db)
                .await?
        }
        TokenKind::Verification(token_type) => {
            verification_tokens::Entity::find()
                .select_only()
                .column(verification_tokens::Column::UserId)
                .filter(verification_tokens::Column::TokenHash.eq(digest))
                .filter(verification_tokens::Column::TokenType.eq(token_type))
                .into_tuple::<Uuid>()
                .one(db)
                .await?
        }
    };
    Ok(owner)
}

pub(crate) async fn issue<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    token_type: TokenType,
    now: Timestamp,
    ttl: TimeDelta,
) -> Result<VerificationToken> {
    let (token, token_hash) = fresh();
    let expires_at = now
        .checked_add(ttl)
        .ok_or_else(|| Error::invalid("ttl", "expiry would be past 9999-12-31"))?;
    verification_tokens::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        token_hash: Set(token_hash),
        token_type: Set(token_type),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Marks a token used and returns its user. The conditional UPDATE (`used_at IS NULL`) makes
/// two concurrent redemptions of one token end with one success.
pub(crate) async fn redeem<C: ConnectionTrait>(
    db: &C,
    token: &str,
    token_type: TokenType,
) -> Result<Uuid> {
    let not_found = || Error::NotFound {
        what: Subject::VerificationToken,
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
