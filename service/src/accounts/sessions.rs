//! Sessions (`auth.user_sessions`): one per signed-in device. The session token is given to the
//! client once and stored as its SHA-256; a lookup by token touches `last_seen_at`. An expired
//! or revoked session is found by no lookup and listed by nobody.
use super::Session;
use crate::{Actor, Conn};
use catalog::Subject;
use serde::Deserialize;
use serde::Serialize;
use std::net::IpAddr;

use chrono::TimeDelta;
use entity::types::Timestamp;
use entity::user_sessions;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use super::tokens::{self, ClearToken, TokenKind};
use super::{live_user, owner_is_live};
use crate::input::no_nul;
use crate::{Error, Result, acting};

/// How long a session lasts from its creation.
pub const SESSION_TTL: TimeDelta = TimeDelta::days(30);

/// User agents longer than this are cut (on a character boundary): a client's header is no
/// reason to refuse a sign-in, and the column is for telling devices apart.
pub const USER_AGENT_MAX_CHARS: usize = 512;

/// Where a session comes from, as the client's request says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SessionInfo {
    #[serde(default)]
    pub user_agent: Option<String>,
    /// An IPv4 or IPv6 address; stored in its canonical form.
    #[serde(default)]
    pub ip_address: Option<String>,
}

/// A new session and its token, to give the client once.
#[derive(Debug)]
///
/// Serialising it gives the session only: the token leaves the service through
/// [`ClearToken::expose`], written where the caller means to hand it out.
#[derive(Serialize)]
pub struct NewSession {
    pub session: Session,
    #[serde(skip)]
    pub token: ClearToken,
}

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::Session,
};

/// Opens a session for a live user, valid for [`SESSION_TTL`].
///
/// # Errors
/// [`Error::Validation`] (`user_agent` holding NUL, `ip_address` not an IP address),
/// [`Error::NotFound`] (`user`) for an unknown or deleted user.
#[crate::traced("accounts::create_session")]
pub async fn create_session(db: &impl Conn, actor: Actor, info: SessionInfo) -> Result<NewSession> {
    let user_agent = info
        .user_agent
        .map(|agent| -> Result<String> {
            no_nul("user_agent", &agent)?;
            Ok(agent.chars().take(USER_AGENT_MAX_CHARS).collect())
        })
        .transpose()?;
    let ip_address = info
        .ip_address
        .map(|ip| {
            ip.trim()
                .parse::<IpAddr>()
                .map(|ip| ip.to_string())
                .map_err(|_| Error::invalid("ip_address", "is not an IP address"))
        })
        .transpose()?;
    let now = Timestamp::now();
    let expires_at = now
        .checked_add(SESSION_TTL)
        .ok_or_else(|| Error::invalid("expires_at", "would be past 9999-12-31"))?;
    let (token, token_hash) = tokens::fresh();

    let txn = acting::write(db, Some(actor)).await?;
    live_user(&txn, actor.id()).await?;
    let session = user_sessions::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(actor.id()),
        token_hash: Set(token_hash),
        user_agent: Set(user_agent),
        ip_address: Set(ip_address),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        last_seen_at: Set(None),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(NewSession {
        session: session.into(),
        token,
    })
}

/// The live session this token opens, with `last_seen_at` set to now.
///
/// # Errors
/// [`Error::NotFound`] (`session`) for an unknown, expired or revoked token, or one whose user
/// is deleted.
#[crate::traced("accounts::get_session_by_token")]
pub async fn get_session_by_token(db: &impl Conn, token: &str) -> Result<Session> {
    let digest = tokens::digest(token);
    let owner = tokens::owner_of(db, TokenKind::Session, &digest)
        .await?
        .ok_or(NOT_FOUND)?;
    let now = Timestamp::now();
    let txn = acting::write(db, Some(Actor::new(owner))).await?;
    let touched = user_sessions::Entity::update_many()
        .col_expr(user_sessions::Column::LastSeenAt, Expr::value(now))
        .filter(user_sessions::Column::TokenHash.eq(&digest))
        .filter(user_sessions::Column::UserId.eq(owner))
        .filter(live(now))
        .filter(owner_is_live(user_sessions::Column::UserId))
        .exec(&txn)
        .await?;
    if touched.rows_affected == 0 {
        return Err(NOT_FOUND);
    }
    let session = user_sessions::Entity::find()
        .filter(user_sessions::Column::TokenHash.eq(&digest))
        .filter(user_sessions::Column::UserId.eq(owner))
        .one(&txn)
        .await?
        .ok_or(NOT_FOUND)?;
    txn.commit().await?;
    Ok(session.into())
}

/// Ends the session this token opens (signing out on this device). Ending one already ended is
/// not an error.
///
/// # Errors
/// [`Error::NotFound`] (`session`) for an unknown token.
#[crate::traced("accounts::end_session")]
pub async fn end_session(db: &impl Conn, token: &str) -> Result<()> {
    let digest = tokens::digest(token);
    let owner = tokens::owner_of(db, TokenKind::Session, &digest)
        .await?
        .ok_or(NOT_FOUND)?;
    let txn = acting::write(db, Some(Actor::new(owner))).await?;
    let ended = user_sessions::Entity::update_many()
        .col_expr(user_sessions::Column::RevokedAt, revoked_now())
        .filter(user_sessions::Column::TokenHash.eq(&digest))
        .filter(user_sessions::Column::UserId.eq(owner))
        .exec(&txn)
        .await?;
    if ended.rows_affected == 0 {
        return Err(NOT_FOUND);
    }
    txn.commit().await?;
    Ok(())
}

/// Revokes one of `user_id`'s sessions (signing out another device). Revoking one already
/// revoked or expired is not an error; its first revocation time is kept.
///
/// # Errors
/// [`Error::NotFound`] (`session`) for an unknown id or another user's session.
#[crate::traced("accounts::revoke_session")]
pub async fn revoke_session(db: &impl Conn, actor: Actor, session_id: Uuid) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let revoked = user_sessions::Entity::update_many()
        .col_expr(user_sessions::Column::RevokedAt, revoked_now())
        .filter(user_sessions::Column::Id.eq(session_id))
        .filter(user_sessions::Column::UserId.eq(actor))
        .filter(owner_is_live(user_sessions::Column::UserId))
        .exec(&txn)
        .await?;
    if revoked.rows_affected == 0 {
        return Err(NOT_FOUND);
    }
    txn.commit().await?;
    Ok(())
}

/// Revokes every live session of `user_id`, except `keep` (the session making the request)
/// when given. Returns how many were revoked.
///
/// # Errors
/// [`Error::Db`] only: a user with no live session has nothing to revoke.
#[crate::traced("accounts::revoke_all_sessions")]
pub async fn revoke_all_sessions(db: &impl Conn, actor: Actor, keep: Option<Uuid>) -> Result<u64> {
    let txn = acting::write(db, Some(actor)).await?;
    let revoked = revoke_all(&txn, actor.id(), keep).await?;
    txn.commit().await?;
    Ok(revoked)
}

/// Inside a caller's transaction: revokes every live session of `user_id` but `keep`.
pub(crate) async fn revoke_all<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    keep: Option<Uuid>,
) -> Result<u64> {
    let mut update = user_sessions::Entity::update_many()
        .col_expr(
            user_sessions::Column::RevokedAt,
            Expr::value(Timestamp::now()),
        )
        .filter(user_sessions::Column::UserId.eq(user_id))
        .filter(user_sessions::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        update = update.filter(user_sessions::Column::Id.ne(keep));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// `user_id`'s live sessions (neither expired nor revoked), newest first.
///
/// # Errors
/// [`Error::Db`] only; a deleted or unknown user has none.
#[crate::traced("accounts::list_sessions")]
pub async fn list_sessions(db: &impl Conn, actor: Actor) -> Result<Vec<Session>> {
    let txn = acting::read_primary(db, Some(actor)).await?;
    let sessions = user_sessions::Entity::find()
        .filter(user_sessions::Column::UserId.eq(actor))
        .filter(live(Timestamp::now()))
        .filter(owner_is_live(user_sessions::Column::UserId))
        .order_by_desc(user_sessions::Column::CreatedAt)
        .order_by_desc(user_sessions::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(sessions.into_iter().map(Session::from).collect())
}

/// Neither revoked nor expired at `now`.
fn live(now: Timestamp) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(user_sessions::Column::RevokedAt.is_null())
        .add(user_sessions::Column::ExpiresAt.gt(now))
}

/// `revoked_at` set to now unless it is set already, so a second revocation keeps the first
/// time (and still counts as a matched row).
fn revoked_now() -> sea_orm::sea_query::SimpleExpr {
    Func::coalesce([
        Expr::col(user_sessions::Column::RevokedAt),
        Expr::value(Timestamp::now()),
    ])
    .into()
}
