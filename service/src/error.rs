//! The one error type of the service, and how a database refusal becomes one of its variants:
//! by the name of the rule that refused (`catalog::constraints`), never by the message's
//! wording.
use catalog::Subject;
use std::borrow::Cow;
use std::ops::Deref;

use catalog::constraints::{self, Kind, Refusal, Rule};
use catalog::tables::Tbl;
use entity::types::NumericError;
use sea_orm::{DbErr, RuntimeErr};

pub use catalog::constraints::Forbidden;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every error the service returns. None carries a password, token or hash.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input was refused before anything was written. `field` names the input, down to the
    /// element of a list where there is one (`ingredients[2].quantity`).
    #[error("invalid {field}: {reason}")]
    Validation {
        field: Cow<'static, str>,
        reason: Cow<'static, str>,
    },
    /// A unique rule was hit (decided by the database, so it holds under races).
    #[error("{what} already exists")]
    Conflict { what: Subject },
    /// It does not exist, or it is not the acting user's to see.
    #[error("{what} not found")]
    NotFound { what: Subject },
    #[error("forbidden: {0}")]
    Forbidden(Forbidden),
    /// The caller is not (or no longer) signed in: a handler answers 401. Which kind says
    /// whether to ask for a new sign-in (expired, revoked) or not to say anything (a wrong
    /// email or password is one kind, whichever part was wrong).
    #[error("not signed in: {0}")]
    Unauthenticated(AuthFailure),
    /// The environment or the URL does not describe a usable database.
    #[error("configuration: {0}")]
    Config(String),
    /// The database could not do the work now: storage full, locked by another process past
    /// the busy timeout, the connection lost, the server shutting down, no pooled connection
    /// free in time. A handler answers 503; [`Unavailable::retryable`] says whether trying again
    /// soon can help. A call that failed this way committed nothing, except that a connection
    /// lost *at commit* leaves it unknown: repeat the call with the same client-chosen id
    /// (`id` on the create inputs), which returns the stored row if the first try committed.
    #[error("database unavailable ({cause})")]
    Unavailable {
        cause: Unavailable,
        #[source]
        source: DbErr,
    },
    /// Anything else from the database (a rule the service did not foresee, a bug).
    #[error("database: {0}")]
    Db(DbErr),
}

/// Why a caller is not signed in (see [`Error::Unauthenticated`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthFailure {
    /// Sign-in refused: the email, the password, or the account (deleted, deactivated). One
    /// kind for all, so that a caller cannot tell which accounts exist.
    #[error("the email or password is wrong")]
    InvalidCredentials,
    /// No session has this token (or its user was deleted).
    #[error("the session is unknown")]
    SessionUnknown,
    /// The session outlived its `expires_at`.
    #[error("the session has expired")]
    SessionExpired,
    /// The session was ended (signed out, or revoked).
    #[error("the session was revoked")]
    SessionRevoked,
}

/// Why the database was unavailable (see [`Error::Unavailable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// The disk (or SQLite's page limit, or PostgreSQL's disk) is full. Retrying helps only
    /// once space is freed.
    StorageFull,
    /// Reading or writing the storage failed (an I/O error). Retrying rarely helps.
    StorageFailed,
    /// Another connection or process held a lock past the busy (or lock) timeout.
    Locked,
    /// A conflicting transaction made this one fail (serialization failure, deadlock).
    Contention,
    /// The connection broke, or could not be opened.
    ConnectionLost,
    /// The server is shutting down or restarting.
    ShuttingDown,
    /// No pooled connection became free in time, or the server has no more connections.
    PoolExhausted,
    /// A statement ran past its time limit (`statement_timeout`).
    TimedOut,
}

impl Unavailable {
    /// Whether trying the same call again soon may succeed without anyone acting first.
    pub fn retryable(self) -> bool {
        !matches!(self, Self::StorageFull | Self::StorageFailed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::StorageFull => "storage full",
            Self::StorageFailed => "storage failed",
            Self::Locked => "locked",
            Self::Contention => "contention",
            Self::ConnectionLost => "connection lost",
            Self::ShuttingDown => "shutting down",
            Self::PoolExhausted => "no connection free",
            Self::TimedOut => "timed out",
        }
    }

    /// The availability failure behind a database error, if it is one.
    pub fn of(err: &DbErr) -> Option<Self> {
        use sea_orm::ConnAcquireErr;
        let sqlx = match err {
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => return Some(Self::PoolExhausted),
            DbErr::ConnectionAcquire(_) => return Some(Self::ConnectionLost),
            DbErr::Conn(RuntimeErr::SqlxError(e))
            | DbErr::Exec(RuntimeErr::SqlxError(e))
            | DbErr::Query(RuntimeErr::SqlxError(e)) => e.deref(),
            _ => return None,
        };
        use sea_orm::sqlx::Error as Sqlx;
        match sqlx {
            Sqlx::PoolTimedOut => Some(Self::PoolExhausted),
            Sqlx::Io(_) | Sqlx::Tls(_) | Sqlx::PoolClosed | Sqlx::WorkerCrashed => {
                Some(Self::ConnectionLost)
            }
            Sqlx::Database(db) => Self::of_code(db.code().as_deref().unwrap_or_default()),
            _ => None,
        }
    }

    /// SQLite's result codes (the extended code as digits; its low byte is the primary code)
    /// and PostgreSQL's SQLSTATEs. A SQLSTATE is always five characters and many are all
    /// digits (`08006`, `53100`), while SQLite's codes have at most four digits (the largest
    /// extended code is below 10,000): so five characters are a SQLSTATE.
    fn of_code(code: &str) -> Option<Self> {
        if code.len() != 5
            && let Ok(extended) = code.parse::<u32>()
        {
            return match extended & 0xff {
                5 | 6 => Some(Self::Locked),
                13 => Some(Self::StorageFull),
                10 => Some(Self::StorageFailed),
                _ => None,
            };
        }
        match code {
            "53100" => Some(Self::StorageFull),
            "58030" => Some(Self::StorageFailed),
            "55P03" => Some(Self::Locked),
            "40001" | "40P01" => Some(Self::Contention),
            "57P01" | "57P02" | "57P03" => Some(Self::ShuttingDown),
            "53300" => Some(Self::PoolExhausted),
            "57014" => Some(Self::TimedOut),
            _ if code.starts_with("08") => Some(Self::ConnectionLost),
            _ => None,
        }
    }
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The HTTP status a handler answers with: 422 `Validation`, 409 `Conflict`, 404
    /// `NotFound`, 403 `Forbidden`, 401 `Unauthenticated`, 503 `Unavailable`, 500 `Config` and
    /// `Db` (a bug or a misconfiguration: log it, show nothing of it). One mapping, so every
    /// handler answers the same way.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::Validation { .. } => 422,
            Self::Conflict { .. } => 409,
            Self::NotFound { .. } => 404,
            Self::Forbidden(_) => 403,
            Self::Unauthenticated(_) => 401,
            Self::Unavailable { .. } => 503,
            Self::Config(_) | Self::Db(_) => 500,
        }
    }

    /// The variant, in snake case (`"not_found"`): what a log or a metric may say of an error,
    /// since it holds nothing of the input (a `Validation`'s reason or a `Db` error's text can
    /// quote it).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Validation { .. } => "validation",
            Self::Conflict { .. } => "conflict",
            Self::NotFound { .. } => "not_found",
            Self::Forbidden(_) => "forbidden",
            Self::Unauthenticated(_) => "unauthenticated",
            Self::Config(_) => "config",
            Self::Unavailable { .. } => "unavailable",
            Self::Db(_) => "db",
        }
    }

    pub(crate) fn invalid(
        field: impl Into<Cow<'static, str>>,
        reason: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::Validation {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// An input's reference to a `what` that does not exist (or that the actor may not see):
    /// an invalid field, unlike the resource a call is about ([`Error::NotFound`]).
    pub fn missing(field: impl Into<Cow<'static, str>>, what: Subject) -> Self {
        Self::invalid(field, format!("names no {what} that exists"))
    }

    /// This error, read as an input's reference: a `what` not found becomes
    /// [`Error::missing`] on `field`; anything else is unchanged.
    pub(crate) fn referenced(self, field: &'static str, what: Subject) -> Self {
        match self {
            Self::NotFound { what: found } if found == what => Self::missing(field, what),
            other => other,
        }
    }

    /// A decimal that does not fit its column, for the input field it came from.
    pub fn numeric(field: impl Into<Cow<'static, str>>, error: NumericError) -> Self {
        Self::invalid(field, error.to_string())
    }

    /// Classifies a database error raised while writing `table`: as [`From<DbErr>`], and a
    /// foreign-key refusal that SQLite reports without a name is put on the table's only
    /// foreign key, when it has exactly one.
    pub(crate) fn writing(table: Tbl) -> impl Fn(DbErr) -> Self {
        move |err| match violation(&err) {
            Some(Violation::ForeignKey) => {
                let mut fks = constraints::of_table(table.name, Kind::ForeignKey);
                match (fks.next(), fks.next()) {
                    (Some(only), None) => Self::from(only.refusal),
                    _ => Self::from(err),
                }
            }
            _ => Self::from(err),
        }
    }
}

/// The body an HTTP layer answers with, next to [`Error::http_status`]: `{"error": kind}` and
/// what the kind says (`field` and `reason`; `what`; `why`; `retryable`). A `Db` or `Config`
/// error is `{"error": "internal"}` only: its text is for the log, not the client.
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut body = serializer.serialize_map(None)?;
        match self {
            Self::Validation { field, reason } => {
                body.serialize_entry("error", "validation")?;
                body.serialize_entry("field", field)?;
                body.serialize_entry("reason", reason)?;
            }
            Self::Conflict { what } => {
                body.serialize_entry("error", "conflict")?;
                body.serialize_entry("what", what)?;
            }
            Self::NotFound { what } => {
                body.serialize_entry("error", "not_found")?;
                body.serialize_entry("what", what)?;
            }
            Self::Forbidden(why) => {
                body.serialize_entry("error", "forbidden")?;
                body.serialize_entry("why", &why.to_string())?;
            }
            Self::Unauthenticated(why) => {
                body.serialize_entry("error", "unauthenticated")?;
                body.serialize_entry("why", &why.to_string())?;
            }
            Self::Unavailable { cause, .. } => {
                body.serialize_entry("error", "unavailable")?;
                body.serialize_entry("why", cause.as_str())?;
                body.serialize_entry("retryable", &cause.retryable())?;
            }
            Self::Config(_) | Self::Db(_) => body.serialize_entry("error", "internal")?,
        }
        body.end()
    }
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Conflict { what } => Self::Conflict { what },
            Refusal::NotFound { what } => Self::NotFound { what },
            Refusal::Missing { field, what } => Self::missing(field, what),
            Refusal::Invalid { field, reason } => Self::invalid(field, reason),
            Refusal::Forbidden(why) => Self::Forbidden(why),
        }
    }
}

/// `?` on a database error classifies it by the rule that refused: a unique rule becomes
/// [`Error::Conflict`], a foreign key [`Error::NotFound`], a CHECK [`Error::Validation`] on
/// its field, a trigger's code its [`Error::Forbidden`] reason; a storage or availability
/// failure becomes [`Error::Unavailable`]. Anything else stays [`Error::Db`].
impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        #[cfg(feature = "postgres")]
        if matches!(&err, DbErr::Custom(what) if what == crate::flight::ACTOR_GONE) {
            return Self::NotFound {
                what: Subject::User,
            };
        }
        if let Some(cause) = Unavailable::of(&err) {
            return Self::Unavailable { cause, source: err };
        }
        if sqlstate(&err).as_deref() == Some("42501") {
            return Self::Forbidden(Forbidden::NotPermitted);
        }
        match violation(&err) {
            Some(Violation::Rule(rule)) => Self::from(rule.refusal),
            Some(Violation::StandIn { column, reason, .. }) => Self::invalid(column, reason),
            Some(Violation::NotNull { column }) => Self::invalid(column, "is required"),
            Some(Violation::ForeignKey) => Self::invalid("body", "names a row that does not exist"),
            Some(Violation::Unknown { .. }) | None => Self::Db(err),
        }
    }
}

/// Reads a decimal input into its column type, naming the field when it does not fit.
pub trait OnField<T> {
    /// # Errors
    /// [`Error::Validation`] on `field`.
    fn on_field(self, field: &'static str) -> Result<T>;
}

impl<T> OnField<T> for std::result::Result<T, NumericError> {
    fn on_field(self, field: &'static str) -> Result<T> {
        self.map_err(|e| Error::numeric(field, e))
    }
}

/// The database's own error behind a failed statement, if the database answered.
fn database_error(err: &DbErr) -> Option<&dyn sea_orm::sqlx::error::DatabaseError> {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    match e.deref() {
        sea_orm::sqlx::Error::Database(db) => Some(&**db),
        _ => None,
    }
}

/// The database's error code (PostgreSQL's SQLSTATE, SQLite's extended result code).
pub(crate) fn sqlstate(err: &DbErr) -> Option<String> {
    database_error(err).and_then(|db| db.code().map(|c| c.into_owned()))
}

/// Which rule refused a write, as far as the backend says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// A rule of `catalog::constraints`, identified by name (or, for a SQLite UNIQUE, by its
    /// columns).
    Rule(&'static Rule),
    /// A per-column CHECK of the table builder (`chk_<column>_<type>`).
    StandIn {
        name: String,
        column: String,
        reason: &'static str,
    },
    /// A NOT NULL column left empty.
    NotNull { column: String },
    /// A foreign key SQLite does not name.
    ForeignKey,
    /// A constraint the registry does not know (a test keeps this from happening).
    Unknown { name: String },
}

impl Violation {
    /// The rule's name, when the backend reported one the registry knows.
    pub fn rule_name(&self) -> Option<&'static str> {
        match self {
            Self::Rule(rule) => Some(rule.name),
            _ => None,
        }
    }
}

/// The rule a database error reports, if it is a refusal by a constraint or a trigger.
///
/// PostgreSQL names the constraint (or index, or the `CONSTRAINT` a trigger raised) with SQLSTATE
/// 23505, 23503, 23514 or 23502. SQLite's message names a CHECK (`CHECK constraint failed:
/// name`), an expression index (`UNIQUE constraint failed: index 'name'`) and a trigger's code
/// (the whole message), and lists the columns of a plain UNIQUE (`UNIQUE constraint failed:
/// t.a, t.b`), which [`constraints::by_columns`] maps back; its foreign-key message names
/// nothing.
pub fn violation(err: &DbErr) -> Option<Violation> {
    let db = database_error(err)?;
    let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
    let message = db.message().to_owned();
    if let Some(name) = db.constraint() {
        return Some(named(name));
    }
    match code.as_str() {
        // PostgreSQL NOT NULL: the column is in the error's fields.
        "23502" => Some(Violation::NotNull {
            column: postgres_column(db).unwrap_or_default(),
        }),
        // SQLite, extended result codes.
        "275" => message.strip_prefix("CHECK constraint failed: ").map(named),
        "2067" | "1555" => sqlite_unique(&message),
        // A RESTRICT key refusing a delete is reported as a trigger's refusal.
        "787" => Some(Violation::ForeignKey),
        "1811" if message == "FOREIGN KEY constraint failed" => Some(Violation::ForeignKey),
        "1299" => message
            .strip_prefix("NOT NULL constraint failed: ")
            .map(|c| Violation::NotNull {
                column: c.rsplit('.').next().unwrap_or(c).to_owned(),
            }),
        "1811" => Some(named(&message)),
        _ => None,
    }
}

fn named(name: &str) -> Violation {
    if let Some(rule) = constraints::by_name(name) {
        return Violation::Rule(rule);
    }
    if let Some((column, reason)) = constraints::stand_in(name) {
        return Violation::StandIn {
            name: name.to_owned(),
            column: column.to_owned(),
            reason,
        };
    }
    Violation::Unknown {
        name: name.to_owned(),
    }
}

fn sqlite_unique(message: &str) -> Option<Violation> {
    let detail = message.strip_prefix("UNIQUE constraint failed: ")?;
    if let Some(index) = detail.strip_prefix("index '") {
        return Some(named(index.trim_end_matches('\'')));
    }
    let mut table = "";
    let columns: Vec<&str> = detail
        .split(", ")
        .map(|qualified| {
            let (t, column) = qualified.split_once('.').unwrap_or(("", qualified));
            table = t;
            column
        })
        .collect();
    Some(match constraints::by_columns(table, &columns) {
        Some(rule) => Violation::Rule(rule),
        None => Violation::Unknown {
            name: detail.to_owned(),
        },
    })
}

#[cfg(feature = "postgres")]
fn postgres_column(db: &dyn sea_orm::sqlx::error::DatabaseError) -> Option<String> {
    db.try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>()
        .and_then(|e| e.column())
        .map(str::to_owned)
}

#[cfg(not(feature = "postgres"))]
fn postgres_column(_: &dyn sea_orm::sqlx::error::DatabaseError) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_column_lists_and_index_names_find_their_rule() {
        let by_columns = sqlite_unique(
            "UNIQUE constraint failed: user_allergies.user_id, user_allergies.allergen_id",
        );
        assert_eq!(
            by_columns.and_then(|v| v.rule_name()),
            Some("uq_user_allergen")
        );
        let by_index = sqlite_unique("UNIQUE constraint failed: index 'uq_users_email_active'");
        assert_eq!(
            by_index.and_then(|v| v.rule_name()),
            Some("uq_users_email_active")
        );
    }

    #[test]
    fn refusals_become_their_variant() {
        let rule = constraints::by_name(constraints::EMAIL_NOT_VERIFIED).unwrap();
        assert!(matches!(
            Error::from(rule.refusal),
            Error::Forbidden(Forbidden::EmailNotVerified)
        ));
        assert!(matches!(
            named("chk_weight_kg_decimal"),
            Violation::StandIn { ref column, .. } if column == "weight_kg"
        ));
    }

    #[test]
    fn a_decimal_that_does_not_fit_names_its_field() {
        let parsed = "72.555".parse::<entity::types::Numeric<5, 2>>();
        match parsed.on_field("weight_kg") {
            Err(Error::Validation { field, reason }) => {
                assert_eq!(field, "weight_kg");
                assert!(reason.contains("2 decimal places"), "{reason}");
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn availability_codes_are_classified_on_both_backends() {
        assert_eq!(Unavailable::of_code("13"), Some(Unavailable::StorageFull));
        assert_eq!(Unavailable::of_code("5"), Some(Unavailable::Locked));
        assert_eq!(Unavailable::of_code("517"), Some(Unavailable::Locked));
        assert_eq!(
            Unavailable::of_code("57P01"),
            Some(Unavailable::ShuttingDown)
        );
        assert_eq!(
            Unavailable::of_code("08006"),
            Some(Unavailable::ConnectionLost)
        );
        assert_eq!(Unavailable::of_code("57014"), Some(Unavailable::TimedOut));
        assert_eq!(
            Unavailable::of_code("53100"),
            Some(Unavailable::StorageFull)
        );
        assert_eq!(Unavailable::of_code("23514"), None);
        assert_eq!(Unavailable::of_code("40001"), Some(Unavailable::Contention));
        assert_eq!(Unavailable::of_code("23505"), None);
        assert_eq!(Unavailable::of_code("2067"), None);
        assert!(!Unavailable::StorageFull.retryable());
        assert!(Unavailable::Locked.retryable());
        let timeout = DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout);
        assert!(matches!(
            Error::from(timeout),
            Error::Unavailable {
                cause: Unavailable::PoolExhausted,
                ..
            }
        ));
    }

    #[test]
    fn every_kind_has_its_status() {
        let statuses = [
            Error::invalid("name", "is required").http_status(),
            Error::Conflict {
                what: Subject::Email,
            }
            .http_status(),
            Error::NotFound {
                what: Subject::Recipe,
            }
            .http_status(),
            Error::Forbidden(Forbidden::NotPermitted).http_status(),
            Error::Unauthenticated(AuthFailure::SessionExpired).http_status(),
            Error::from(DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout)).http_status(),
            Error::Config("x".into()).http_status(),
            Error::Db(DbErr::Custom("x".into())).http_status(),
        ];
        assert_eq!(statuses, [422, 409, 404, 403, 401, 503, 500, 500]);
    }

    #[test]
    fn other_errors_stay_database_errors() {
        let err = DbErr::Custom("connection reset".into());
        assert!(matches!(Error::from(err), Error::Db(_)));
    }
}
