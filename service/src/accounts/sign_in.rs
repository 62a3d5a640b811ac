//! Signing in, and resolving a session token on every request, as whole use cases: what a
//! handler calls instead of composing lookups, hash checks and session writes itself.
//!
//! - [`sign_in`] takes the same time whether the email exists or not: an unknown email is
//!   checked against a fixed dummy argon2id hash with the same parameters, and every failure is
//!   one [`AuthFailure::InvalidCredentials`], which does not say which part was wrong. The hash
//!   check runs on a blocking thread, off the async workers.
//! - [`resolve_session`] reads only, and says why a token does not open a session (unknown,
//!   expired, revoked). It refreshes `last_seen_at` at most once per [`LAST_SEEN_INTERVAL`], so
//!   the hot path of an authenticated request does not write.
use crate::Actor;
use catalog::Subject;
use serde::Deserialize;
use std::sync::LazyLock;

use chrono::TimeDelta;
use entity::types::{PasswordHash, Timestamp};
use entity::user_sessions;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use super::credentials::Password;
use super::owner_is_live;
use super::sessions::{NewSession, SessionInfo, create_session};
use super::tokens;
use crate::{AuthFailure, Db, Error, Forbidden, Result, acting};

/// The live owner's session under this token digest, in one statement and no transaction:
/// on PostgreSQL through `auth.session_for_token` (SECURITY DEFINER, migration 20: only someone
/// holding the token gets the row, before anyone is acting); on SQLite, which has no policies,
/// read directly. One round trip on the hot path of every authenticated request.
async fn session_for_token(db: &Db, digest: &str) -> Result<Option<user_sessions::Model>> {
    let sessions = user_sessions::Entity::find();
    let found = if db.get_database_backend() == DbBackend::Postgres {
        sessions
            .from_raw_sql(super::definer_rows(
                "auth.session_for_token",
                "s",
                [digest.into()],
            ))
            .one(db.reader())
            .await?
    } else {
        sessions
            .filter(user_sessions::Column::TokenHash.eq(digest))
            .filter(owner_is_live(user_sessions::Column::UserId))
            .one(db.reader())
            .await?
    };
    Ok(found)
}

/// How stale `last_seen_at` may get before [`resolve_session`] writes it again.
pub const LAST_SEEN_INTERVAL: TimeDelta = TimeDelta::minutes(5);

/// Checked when the email is unknown, so that an unknown email costs one argon2id verification
/// like a known one (argon2's defaults, as [`Password::hash`] uses). Made once per process.
static DUMMY_HASH: LazyLock<Option<PasswordHash>> = LazyLock::new(|| {
    Password::parse("not anyone's password, only for timing")
        .and_then(|p| p.hash())
        .ok()
});

/// A session as a caller may see it: no token, no token digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_seen_at: Option<Timestamp>,
}

impl Session {
    /// The session's user, acting: what every call of this request takes.
    pub fn actor(&self) -> Actor {
        Actor::new(self.user_id)
    }
}

impl From<user_sessions::Model> for Session {
    fn from(row: user_sessions::Model) -> Self {
        Self {
            id: row.id,
            user_id: row.user_id,
            user_agent: row.user_agent,
            ip_address: row.ip_address,
            created_at: row.created_at,
            expires_at: row.expires_at,
            last_seen_at: row.last_seen_at,
        }
    }
}

/// What a user signs in with. Its `Debug` hides the password.
#[derive(Clone, Deserialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Signs in by email and password, opening a session (see [`create_session`]).
///
/// # Errors
/// [`Error::Unauthenticated`] ([`AuthFailure::InvalidCredentials`]) for an unknown, deleted or
/// deactivated account or a wrong password, in the same time; [`Error::Forbidden`]
/// ([`Forbidden::EmailNotVerified`]) for the right password of an account whose email is not
/// verified yet; [`Error::Validation`] for a bad `user_agent` or `ip_address`.
#[crate::traced("accounts::sign_in")]
pub async fn sign_in(db: &Db, credentials: Credentials, info: SessionInfo) -> Result<NewSession> {
    let Credentials { email, password } = credentials;
    let user = match super::user_by_email(db, &email).await {
        Ok(user) => user,
        // An email that cannot be stored (NUL) is no account either: same answer, same time.
        Err(Error::Validation { .. }) => None,
        Err(other) => return Err(other),
    };
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let candidate = password;
    let matched = tokio::task::spawn_blocking(move || {
        let checked = stored.as_ref().or(DUMMY_HASH.as_ref());
        checked.is_some_and(|hash| Password::matches(&candidate, hash)) && stored.is_some()
    })
    .await
    .map_err(|_| Error::Config("the password check did not finish".to_owned()))?;
    let invalid = Error::Unauthenticated(AuthFailure::InvalidCredentials);
    let user = match user {
        Some(user) if matched && user.is_active => user,
        _ => return Err(invalid),
    };
    if !user.is_email_verified {
        return Err(Error::Forbidden(Forbidden::EmailNotVerified));
    }
    create_session(db, Actor::new(user.id), info)
        .await
        .map_err(|err| match err {
            // Deleted between the lookup and the session: the same answer as an unknown account.
            Error::NotFound {
                what: Subject::User,
            } => invalid,
            other => other,
        })
}

/// The live session a token opens, for an authenticated request: one read-only transaction,
/// plus a write of `last_seen_at` only when the stored one is older than
/// [`LAST_SEEN_INTERVAL`] (a conditional UPDATE, so concurrent requests write it once).
///
/// # Errors
/// [`Error::Unauthenticated`] with [`AuthFailure::SessionUnknown`] (no such token, or its user
/// is deleted), [`AuthFailure::SessionExpired`] or [`AuthFailure::SessionRevoked`].
#[crate::traced("accounts::resolve_session")]
pub async fn resolve_session(db: &Db, token: &str) -> Result<Session> {
    let unknown = || Error::Unauthenticated(AuthFailure::SessionUnknown);
    let digest = tokens::digest(token);
    let row = session_for_token(db, &digest).await?;
    let row = row.ok_or_else(unknown)?;
    let now = Timestamp::now();
    if row.revoked_at.is_some() {
        return Err(Error::Unauthenticated(AuthFailure::SessionRevoked));
    }
    if row.expires_at <= now {
        return Err(Error::Unauthenticated(AuthFailure::SessionExpired));
    }
    let stale_before = now.checked_sub(LAST_SEEN_INTERVAL).unwrap_or(now);
    if row.last_seen_at.is_none_or(|seen| seen < stale_before) {
        let txn = acting::write(db, Some(Actor::new(row.user_id))).await?;
        user_sessions::Entity::update_many()
            .col_expr(user_sessions::Column::LastSeenAt, Expr::value(now))
            .filter(user_sessions::Column::Id.eq(row.id))
            .filter(
                Condition::any()
                    .add(user_sessions::Column::LastSeenAt.is_null())
                    .add(user_sessions::Column::LastSeenAt.lt(stale_before)),
            )
            .exec(&txn)
            .await?;
        txn.commit().await?;
        return Ok(Session {
            last_seen_at: Some(now),
            ..Session::from(row)
        });
    }
    Ok(Session::from(row))
}
