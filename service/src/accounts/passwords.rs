//! Changing a password (knowing the current one) and resetting it (by a token sent to the
//! user's email). Either way the new password must differ from the last
//! [`PASSWORD_HISTORY_DEPTH`] (the current one included), and every session and refresh token
//! that could belong to someone who knew the old password is revoked, in the same transaction
//! as the change.
//!
//! argon2 is slow by design, so the hashes are checked before the write transaction begins
//! (SQLite holds its one write lock for the whole transaction); the write then applies only if
//! the stored hash is still the one checked against, so a concurrent change is never
//! overwritten unseen.
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::TimeDelta;
use entity::types::{PasswordHash, Timestamp, TokenType};
use entity::{password_history, users, verification_tokens};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use super::tokens::{self, TokenKind, VerificationToken};
use super::{Account, Password, live_user, refresh, sessions};
use crate::{Error, Result, acting};

/// How many of the latest passwords (the current one included) a new password must differ from.
pub const PASSWORD_HISTORY_DEPTH: u64 = 5;

/// How long a password reset token stays valid.
pub const PASSWORD_RESET_TTL: TimeDelta = TimeDelta::hours(1);

/// Changes `user_id`'s password. Revokes every other session (all but `keep_session`, the one
/// making the request) and every refresh token; issue the current device a new refresh token
/// afterwards.
///
/// # Errors
/// [`Error::Validation`] on `new_password` (too short or long, or one of the last
/// [`PASSWORD_HISTORY_DEPTH`]) or `current_password` (wrong); [`Error::NotFound`] (`user`) for
/// an unknown or deleted user; [`Error::Conflict`] (`password`) when it was changed meanwhile.
#[crate::traced("accounts::update_password")]
pub async fn update_password(
    db: &impl Conn,
    actor: Actor,
    current_password: &str,
    new_password: &str,
    keep_session: Option<Uuid>,
) -> Result<()> {
    let parsed = parse_new(new_password)?;
    let (user, recent) = user_and_recent_hashes(db, actor.id()).await?;
    if !Password::matches(current_password, &user.password_hash) {
        return Err(Error::invalid(
            "current_password",
            "is not the current password",
        ));
    }
    let new_hash = checked_new_hash(new_password, &parsed, &recent)?;

    let txn = acting::write(db, Some(actor)).await?;
    store(&txn, &user, new_hash).await?;
    sessions::revoke_all(&txn, actor.id(), keep_session).await?;
    refresh::revoke_all(&txn, actor.id()).await?;
    txn.commit().await?;
    Ok(())
}

/// Issues a password reset token for a live user, valid for [`PASSWORD_RESET_TTL`], to send to
/// their email address. Reset tokens issued earlier and not yet used stop working: only the
/// latest email's link resets.
///
/// # Errors
/// [`Error::NotFound`] (`user`) for an unknown or deleted user.
#[crate::traced("accounts::issue_password_reset")]
pub async fn issue_password_reset(db: &impl Conn, actor: Actor) -> Result<VerificationToken> {
    let now = Timestamp::now();
    let txn = acting::write(db, Some(actor)).await?;
    live_user(&txn, actor.id()).await?;
    verification_tokens::Entity::update_many()
        .col_expr(verification_tokens::Column::UsedAt, Expr::value(now))
        .filter(verification_tokens::Column::UserId.eq(actor))
        .filter(verification_tokens::Column::TokenType.eq(TokenType::PasswordReset))
        .filter(verification_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let token = tokens::issue(
        &txn,
        actor.id(),
        TokenType::PasswordReset,
        now,
        PASSWORD_RESET_TTL,
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Sets a new password with a reset token, using the token up, and revokes every session and
/// refresh token of the user. Returns the user.
///
/// # Errors
/// [`Error::Validation`] on `token` (already used, superseded or expired) or `new_password` (as
/// in [`update_password`]); [`Error::NotFound`] (`verification token`) for an unknown token or
/// a deleted user; [`Error::Conflict`] (`password`) when it was changed meanwhile.
#[crate::traced("accounts::reset_password")]
pub async fn reset_password(db: &impl Conn, token: &str, new_password: &str) -> Result<Account> {
    let parsed = parse_new(new_password)?;
    let digest = tokens::digest(token);
    let not_found = Error::NotFound {
        what: Subject::VerificationToken,
    };
    let owner = tokens::owner_of(
        db,
        TokenKind::Verification(TokenType::PasswordReset),
        &digest,
    )
    .await?
    .ok_or(not_found)?;
    // Say what is wrong with the token before the slow password checks; `redeem` decides
    // again, atomically, below.
    let reset = {
        let txn = acting::read_primary(db, Some(Actor::new(owner))).await?;
        let reset = verification_tokens::Entity::find()
            .filter(verification_tokens::Column::TokenHash.eq(&digest))
            .filter(verification_tokens::Column::UserId.eq(owner))
            .one(&txn)
            .await?;
        txn.commit().await?;
        reset.ok_or(Error::NotFound {
            what: Subject::VerificationToken,
        })?
    };
    if reset.used_at.is_some() {
        return Err(Error::invalid("token", "has already been used"));
    }
    if reset.expires_at <= Timestamp::now() {
        return Err(Error::invalid("token", "has expired"));
    }
    let (user, recent) = user_and_recent_hashes(db, owner)
        .await
        .map_err(|e| match e {
            Error::NotFound { .. } => Error::NotFound {
                what: Subject::VerificationToken,
            },
            other => other,
        })?;
    let new_hash = checked_new_hash(new_password, &parsed, &recent)?;

    let txn = acting::write(db, Some(Actor::new(owner))).await?;
    let redeemed_by = tokens::redeem(&txn, token, TokenType::PasswordReset).await?;
    if redeemed_by != owner {
        return Err(Error::NotFound {
            what: Subject::VerificationToken,
        });
    }
    let user = store(&txn, &user, new_hash).await?;
    sessions::revoke_all(&txn, owner, None).await?;
    refresh::revoke_all(&txn, owner).await?;
    txn.commit().await?;
    Ok(user.into())
}

/// The new password, refused on the field `new_password`.
fn parse_new(raw: &str) -> Result<Password> {
    Password::parse(raw).map_err(|e| match e {
        Error::Validation { reason, .. } => Error::Validation {
            field: "new_password".into(),
            reason,
        },
        other => other,
    })
}

/// The live user and the hashes of their latest [`PASSWORD_HISTORY_DEPTH`] passwords.
async fn user_and_recent_hashes(
    db: &impl Conn,
    user_id: Uuid,
) -> Result<(users::Model, Vec<PasswordHash>)> {
    let txn = acting::read_primary(db, Some(Actor::new(user_id))).await?;
    let user = live_user(&txn, user_id).await?;
    let recent = password_history::Entity::find()
        .select_only()
        .column(password_history::Column::PasswordHash)
        .filter(password_history::Column::UserId.eq(user_id))
        .order_by_desc(password_history::Column::CreatedAt)
        .order_by_desc(password_history::Column::Id)
        .limit(PASSWORD_HISTORY_DEPTH)
        .into_tuple::<PasswordHash>()
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok((user, recent))
}

/// Refuses a password among `recent` (and the user's current hash is always among them, since
/// every password set is written to the history), then hashes it.
fn checked_new_hash(
    clear: &str,
    parsed: &Password,
    recent: &[PasswordHash],
) -> Result<PasswordHash> {
    if recent.iter().any(|old| Password::matches(clear, old)) {
        return Err(Error::invalid(
            "new_password",
            format!("must differ from the last {PASSWORD_HISTORY_DEPTH} passwords"),
        ));
    }
    parsed.hash()
}

/// Writes the new hash if the stored one is still the one checked against, and records it in
/// the history.
async fn store<C: ConnectionTrait>(
    db: &C,
    user: &users::Model,
    new_hash: PasswordHash,
) -> Result<users::Model> {
    let now = Timestamp::now();
    let updated = users::Entity::update_many()
        .col_expr(users::Column::PasswordHash, Expr::value(new_hash.clone()))
        .filter(users::Column::Id.eq(user.id))
        .filter(users::Column::PasswordHash.eq(user.password_hash.clone()))
        .filter(users::Column::DeletedAt.is_null())
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Error::Conflict {
            what: Subject::Password,
        });
    }
    password_history::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user.id),
        password_hash: Set(new_hash),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    live_user(db, user.id).await
}
