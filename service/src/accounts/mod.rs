//! Accounts: registration, email verification, soft deletion; sessions, refresh tokens,
//! password change and reset.
mod credentials;
mod erase;
mod passwords;
mod refresh;
mod sessions;
mod sign_in;
mod tokens;

pub use credentials::{Email, Password, Username};
pub use erase::{Erased, erase};
pub use passwords::{
    PASSWORD_HISTORY_DEPTH, PASSWORD_RESET_TTL, issue_password_reset, reset_password,
    update_password,
};
pub use refresh::{
    IssuedRefreshToken, REFRESH_TTL, issue_refresh_token, revoke_all_refresh_tokens,
    revoke_refresh_family, rotate_refresh_token,
};
pub use sessions::{
    NewSession, SESSION_TTL, SessionInfo, USER_AGENT_MAX_CHARS, create_session, end_session,
    get_session_by_token, list_sessions, revoke_all_sessions, revoke_session,
};
pub use sign_in::{Credentials, LAST_SEEN_INTERVAL, Session, resolve_session, sign_in};
pub use tokens::{ClearToken, TokenKind, VerificationToken};

use crate::{Actor, Conn};
use catalog::Subject;
use chrono::TimeDelta;
use entity::types::{Role, Timestamp, TokenType};
use entity::{password_history, users};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbBackend, EntityTrait, QueryFilter, Set, Statement, Value,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Error, Result, acting};

/// How long an email verification token stays valid.
pub const EMAIL_VERIFICATION_TTL: TimeDelta = TimeDelta::hours(24);

/// What a caller supplies to register. Parsed into [`Username`], [`Email`] and [`Password`].
/// Its `Debug` hides the password.
#[derive(Clone, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub password: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// An account as a caller may see it, and put in a response: everything of the row but the
/// password hash (and the deletion time: a deleted account is returned by no call).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub is_email_verified: bool,
    pub is_active: bool,
    pub role: Role,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Account {
    /// This account's user, acting: for a trusted caller that has just authenticated them
    /// (most callers get their [`Actor`] from [`resolve_session`]).
    pub fn actor(&self) -> Actor {
        Actor::new(self.id)
    }
}

impl From<users::Model> for Account {
    fn from(row: users::Model) -> Self {
        Self {
            id: row.id,
            username: row.username,
            email: row.email,
            is_email_verified: row.is_email_verified,
            is_active: row.is_active,
            role: row.role,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A new account and the token to send to its email address. Serialising it gives the
/// account only: the token leaves the service through [`VerificationToken::expose`].
#[derive(Debug, Serialize)]
pub struct Registered {
    pub user: Account,
    #[serde(skip)]
    pub verification_token: VerificationToken,
}

/// Registers a user (unverified) and issues an email verification token, in one transaction.
///
/// # Errors
/// [`Error::Validation`] (`username`, `email`, `password`) for malformed input,
/// [`Error::Conflict`] (`username` or `email`) when a live account already has it, compared
/// case-insensitively; nothing is written in either case.
#[crate::traced("accounts::register")]
pub async fn register(db: &impl Conn, new: NewUser) -> Result<Registered> {
    let username = Username::parse(&new.username)?;
    let email = Email::parse(&new.email)?;
    let password_hash = Password::parse(&new.password)?.hash()?;

    let now = Timestamp::now();
    let user_id = Uuid::new_v4();
    let txn = acting::write(db, Some(Actor::new(user_id))).await?;
    let user = users::ActiveModel {
        id: Set(user_id),
        username: Set(username.into_inner()),
        email: Set(email.into_inner()),
        password_hash: Set(password_hash.clone()),
        is_email_verified: Set(false),
        is_active: Set(true),
        role: Set(Role::User),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
    }
    .insert(&txn)
    .await?;
    password_history::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        password_hash: Set(password_hash),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let verification_token = tokens::issue(
        &txn,
        user_id,
        TokenType::EmailVerify,
        now,
        EMAIL_VERIFICATION_TTL,
    )
    .await?;
    txn.commit().await?;
    Ok(Registered {
        user: user.into(),
        verification_token,
    })
}

/// Issues a fresh email verification token (to re-send one).
///
/// # Errors
/// [`Error::NotFound`] (`user`) for an unknown or deleted user.
#[crate::traced("accounts::issue_email_verification")]
pub async fn issue_email_verification(db: &impl Conn, actor: Actor) -> Result<VerificationToken> {
    let txn = acting::write(db, Some(actor)).await?;
    live_user(&txn, actor.id()).await?;
    let token = tokens::issue(
        &txn,
        actor.id(),
        TokenType::EmailVerify,
        Timestamp::now(),
        EMAIL_VERIFICATION_TTL,
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// Redeems an email verification token: marks it used and the user verified, atomically.
///
/// # Errors
/// [`Error::NotFound`] (`verification token`) for an unknown token or a deleted user,
/// [`Error::Validation`] (`token`) for one already used or expired.
#[crate::traced("accounts::verify_email")]
pub async fn verify_email(db: &impl Conn, token: &str) -> Result<Account> {
    // No one is acting yet: the token names its owner (through a SECURITY DEFINER function on
    // PostgreSQL, which the policies would otherwise hide the row from), and the redemption
    // then acts as that owner.
    let owner = tokens::owner_of(
        db,
        TokenKind::Verification(TokenType::EmailVerify),
        &tokens::digest(token),
    )
    .await?
    .ok_or(Error::NotFound {
        what: Subject::VerificationToken,
    })?;
    let txn = acting::write(db, Some(Actor::new(owner))).await?;
    let user_id = tokens::redeem(&txn, token, TokenType::EmailVerify).await?;
    let updated = users::Entity::update_many()
        .col_expr(users::Column::IsEmailVerified, Expr::value(true))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::VerificationToken,
        });
    }
    let user = users::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::User,
        })?;
    txn.commit().await?;
    Ok(user.into())
}

/// Soft-deletes a user: sets `deleted_at`, clears `is_active`, and leaves username and email as
/// they were; both can be registered again at once.
///
/// # Errors
/// [`Error::NotFound`] (`user`) for an unknown or already deleted user.
#[crate::traced("accounts::delete_account")]
pub async fn delete_account(db: &impl Conn, actor: Actor) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let result = users::Entity::update_many()
        .col_expr(users::Column::DeletedAt, Expr::value(Timestamp::now()))
        .col_expr(users::Column::IsActive, Expr::value(false))
        .filter(users::Column::Id.eq(actor))
        .filter(users::Column::DeletedAt.is_null())
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::User,
        });
    }
    txn.commit().await?;
    Ok(())
}

/// The live (not soft-deleted) user with this email, compared case-insensitively: the lookup
/// of signing in, before anyone is acting. On PostgreSQL it goes through
/// `auth.user_for_login` (SECURITY DEFINER, migration 7), which returns that one row and no
/// other, so it works connected as the application's role under row-level security.
///
/// # Errors
/// [`Error::Validation`] (`email`) for an email containing NUL; [`Error::Db`].
#[crate::traced("accounts::find_by_email")]
pub async fn find_by_email(db: &impl Conn, email: &str) -> Result<Option<Account>> {
    Ok(user_by_email(db, email).await?.map(Account::from))
}

/// [`find_by_email`]'s row, password hash included: for signing in, inside the service only.
pub(crate) async fn user_by_email(db: &impl Conn, email: &str) -> Result<Option<users::Model>> {
    crate::input::no_nul("email", email)?;
    let email = email.trim().to_lowercase();
    let txn = acting::read_primary(db, None).await?;
    let found = if db.get_database_backend() == DbBackend::Postgres {
        users::Entity::find()
            .from_raw_sql(definer_rows("auth.user_for_login", "u", [email.into()]))
            .one(&txn)
            .await?
    } else {
        users::Entity::find()
            .filter(Expr::expr(Func::lower(Expr::col(users::Column::Email))).eq(email))
            .filter(users::Column::DeletedAt.is_null())
            .one(&txn)
            .await?
    };
    txn.commit().await?;
    Ok(found)
}

/// `SELECT * FROM <function>(<args>) AS <alias>` on PostgreSQL: the rows one of the schema's
/// SECURITY DEFINER functions answers (`auth.…`, `audit.…`), which the application's role reads
/// through them and not through their tables. The name is schema-qualified, as written here.
pub(crate) fn definer_rows(
    function: &'static str,
    alias: &'static str,
    args: impl IntoIterator<Item = Value>,
) -> Statement {
    let call = Func::cust(function).args(args.into_iter().map(Expr::val));
    DbBackend::Postgres.build(
        &Query::select()
            .column(Asterisk)
            .from_function(call, alias)
            .to_owned(),
    )
}

/// Rows whose owner (`user_column` names a user) is a live user: a soft-deleted user's data is
/// found by no read, as it is changed by no write.
pub(crate) fn owner_is_live(
    user_column: impl sea_orm::sea_query::IntoColumnRef,
) -> sea_orm::sea_query::SimpleExpr {
    Expr::col(user_column).in_subquery(
        sea_orm::sea_query::Query::select()
            .column(users::Column::Id)
            .from(users::Entity)
            .and_where(users::Column::DeletedAt.is_null())
            .to_owned(),
    )
}

/// The live user with this id.
/// Refuses a write for an acting user who does not exist or was deleted, as
/// [`live_user`] does. On PostgreSQL the check goes with the transaction's next statement
/// (see [`crate::flight`]), so it costs no round trip of its own; the call then fails with
/// the same [`Error::NotFound`] (`user`) before anything commits.
///
/// # Errors
/// [`Error::NotFound`] (`user`); [`Error::Db`] and the rest from the database.
pub(crate) async fn check_live(txn: &crate::ActingTxn, actor: crate::Actor) -> Result<()> {
    #[cfg(feature = "postgres")]
    if let Some(flight) = txn.flight() {
        use sea_orm::{QuerySelect, QueryTrait};
        let check = users::Entity::find_by_id(actor.id())
            .filter(users::Column::DeletedAt.is_null())
            .select_only()
            .column(users::Column::Id)
            .build(sea_orm::DbBackend::Postgres);
        flight.guard(check);
        return Ok(());
    }
    live_user(txn, actor.id()).await.map(drop)
}

pub(crate) async fn live_user<C: sea_orm::ConnectionTrait>(
    db: &C,
    user_id: Uuid,
) -> Result<users::Model> {
    users::Entity::find_by_id(user_id)
        .filter(users::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::User,
        })
}
