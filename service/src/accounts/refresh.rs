//! Refresh tokens with rotation and reuse detection (`auth.refresh_tokens`).
//!
//! A sign-in starts a family ([`issue_refresh_token`]). Presenting its live token
//! ([`rotate_refresh_token`]) retires it (`used_at`, `replaced_by`) and returns its successor in
//! the same family. A token is presented once: presenting a retired one means two parties hold
//! it (a stolen copy, or a replay), so the whole family is revoked and the presenter refused;
//! the legitimate client signs in again. Two requests presenting one live token at once are the
//! same case: the conditional claim (`used_at IS NULL`) lets one through, the other finds it
//! used and revokes the family, the winner's successor included.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::TimeDelta;
use entity::refresh_tokens;
use entity::types::Timestamp;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use uuid::Uuid;

use super::tokens::{self, ClearToken, TokenKind};
use super::{live_user, owner_is_live};
use crate::{Error, Result, acting};

/// How long a refresh token lasts from its issue; each rotation starts a new period.
pub const REFRESH_TTL: TimeDelta = TimeDelta::days(30);

/// A refresh token just issued: the token to give the client once, and its row.
///
/// Serialising it gives the row without the token: the token leaves the service through
/// [`ClearToken::expose`] only.
#[derive(Debug, Serialize)]
pub struct IssuedRefreshToken {
    #[serde(skip)]
    pub token: ClearToken,
    pub row: RefreshToken,
}

/// A refresh token's row as a caller may see it: no token digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefreshToken {
    pub id: Uuid,
    pub user_id: Uuid,
    /// The sign-in it belongs to: every rotation stays in the family.
    pub family_id: Uuid,
    pub expires_at: Timestamp,
    pub created_at: Timestamp,
}

impl From<refresh_tokens::Model> for RefreshToken {
    fn from(row: refresh_tokens::Model) -> Self {
        Self {
            id: row.id,
            user_id: row.user_id,
            family_id: row.family_id,
            expires_at: row.expires_at,
            created_at: row.created_at,
        }
    }
}

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::RefreshToken,
};

/// Starts a new family (a sign-in) for a live user, with its first token.
///
/// # Errors
/// [`Error::NotFound`] (`user`) for an unknown or deleted user.
#[crate::traced("accounts::issue_refresh_token")]
pub async fn issue_refresh_token(db: &impl Conn, actor: Actor) -> Result<IssuedRefreshToken> {
    let txn = acting::write(db, Some(actor)).await?;
    live_user(&txn, actor.id()).await?;
    let issued = insert(&txn, actor.id(), Uuid::new_v4(), Timestamp::now()).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Exchanges a live refresh token for its successor in the same family, retiring it.
///
/// # Errors
/// [`Error::NotFound`] (`refresh token`) for an unknown token or a deleted user;
/// [`Error::Validation`] (`token`) for a token already used (its family is then revoked, which
/// is committed although the call fails), revoked, or expired.
#[crate::traced("accounts::rotate_refresh_token")]
pub async fn rotate_refresh_token(db: &impl Conn, token: &str) -> Result<IssuedRefreshToken> {
    let digest = tokens::digest(token);
    let owner = tokens::owner_of(db, TokenKind::Refresh, &digest)
        .await?
        .ok_or(NOT_FOUND)?;
    let now = Timestamp::now();
    let txn = acting::write(db, Some(Actor::new(owner))).await?;
    let presented = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(&digest))
        .filter(refresh_tokens::Column::UserId.eq(owner))
        .filter(owner_is_live(refresh_tokens::Column::UserId))
        .one(&txn)
        .await?
        .ok_or(NOT_FOUND)?;
    if presented.revoked_at.is_some() {
        return Err(Error::invalid("token", "has been revoked"));
    }
    if presented.used_at.is_some() {
        return reused(txn, &presented).await;
    }
    if presented.expires_at <= now {
        return Err(Error::invalid("token", "has expired"));
    }
    // The claim: of two transactions that both read the token live, one updates it; the
    // other's UPDATE waits for that one to commit (PostgreSQL) or cannot start before it
    // (SQLite's one writer), then matches no row.
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(presented.id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected == 0 {
        return reused(txn, &presented).await;
    }
    let successor = insert(&txn, owner, presented.family_id, now).await?;
    refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::ReplacedBy,
            Expr::value(successor.row.id),
        )
        .filter(refresh_tokens::Column::Id.eq(presented.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(successor)
}

/// A used token presented again: revokes its family, commits that, and refuses.
async fn reused(
    txn: acting::ActingTxn,
    presented: &refresh_tokens::Model,
) -> Result<IssuedRefreshToken> {
    revoke_family_rows(&txn, presented.user_id, presented.family_id).await?;
    txn.commit().await?;
    Err(Error::invalid(
        "token",
        "has already been used: every token of this sign-in is revoked",
    ))
}

/// Revokes one family of `user_id`'s refresh tokens (signing a device out). Revoking a family
/// already revoked is not an error.
///
/// # Errors
/// [`Error::NotFound`] (`refresh token`) for an unknown family or another user's.
#[crate::traced("accounts::revoke_refresh_family")]
pub async fn revoke_refresh_family(db: &impl Conn, actor: Actor, family_id: Uuid) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let exists = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::UserId.eq(actor))
        .filter(owner_is_live(refresh_tokens::Column::UserId))
        .one(&txn)
        .await?;
    if exists.is_none() {
        return Err(NOT_FOUND);
    }
    revoke_family_rows(&txn, actor.id(), family_id).await?;
    txn.commit().await?;
    Ok(())
}

/// Revokes every refresh token of `user_id` (every device must sign in again). Returns how many
/// were still unrevoked.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("accounts::revoke_all_refresh_tokens")]
pub async fn revoke_all_refresh_tokens(db: &impl Conn, actor: Actor) -> Result<u64> {
    let txn = acting::write(db, Some(actor)).await?;
    let revoked = revoke_all(&txn, actor.id()).await?;
    txn.commit().await?;
    Ok(revoked)
}

/// Inside a caller's transaction: revokes every refresh token of `user_id`.
pub(crate) async fn revoke_all<C: ConnectionTrait>(db: &C, user_id: Uuid) -> Result<u64> {
    Ok(refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::RevokedAt,
            Expr::value(Timestamp::now()),
        )
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

async fn revoke_family_rows<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    family_id: Uuid,
) -> Result<u64> {
    Ok(refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::RevokedAt,
            Expr::value(Timestamp::now()),
        )
        .filter(refresh_tokens::Column::FamilyId.eq(family_id))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    family_id: Uuid,
    now: Timestamp,
) -> Result<IssuedRefreshToken> {
    let expires_at = now
        .checked_add(REFRESH_TTL)
        .ok_or_else(|| Error::invalid("expires_at", "would be past 9999-12-31"))?;
    let (token, token_hash) = tokens::fresh();
    let row = refresh_tokens::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        token_hash: Set(token_hash),
        family_id: Set(family_id),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        replaced_by: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(IssuedRefreshToken {
        token,
        row: row.into(),
    })
}
