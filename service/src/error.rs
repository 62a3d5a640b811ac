use sea_orm::{DbErr, SqlErr};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every error the service returns. None carries a password, token or hash.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input was refused before anything was written.
    #[error("invalid {field}: {reason}")]
    Validation { field: &'static str, reason: String },
    /// A unique rule was hit (decided by the database, so it holds under races).
    #[error("{what} already exists")]
    Conflict { what: &'static str },
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("forbidden: {0}")]
    Forbidden(Forbidden),
    /// The environment or the URL does not describe a usable database.
    #[error("configuration: {0}")]
    Config(String),
    /// Anything else from the database (connection lost, a rule the service did not foresee).
    #[error("database: {0}")]
    Db(DbErr),
}

/// Why an action is not allowed for this user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Forbidden {
    #[error("the user's email address is not verified")]
    EmailNotVerified,
}

/// The message both backends' email-verified triggers raise.
const EMAIL_NOT_VERIFIED: &str = "user email must be verified";

/// A named database constraint and what a caller should be told when it fires. SQLite names
/// an index in its message but reports a table constraint by its columns, so each rule lists
/// every text that identifies it.
pub(crate) struct Constraint {
    pub needles: &'static [&'static str],
    pub what: &'static str,
}

/// `?` on a database error classifies it: a trigger's refusal becomes [`Error::Forbidden`], a
/// unique or foreign-key violation [`Error::Conflict`] or [`Error::NotFound`] (as "record").
/// Call sites that know their constraints use [`Error::from_db`] to name them.
impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        Self::from_db(err, &[])
    }
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Validation {
            field,
            reason: reason.into(),
        }
    }

    /// Turns a database error into the variant a caller can act on.
    pub(crate) fn from_db(err: DbErr, known: &[Constraint]) -> Self {
        let message = err.to_string();
        if message.contains(EMAIL_NOT_VERIFIED) {
            return Self::Forbidden(Forbidden::EmailNotVerified);
        }
        let named = |fallback: &'static str| {
            known
                .iter()
                .find(|c| c.needles.iter().any(|n| message.contains(n)))
                .map_or(fallback, |c| c.what)
        };
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::Conflict {
                what: named("record"),
            },
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => Self::NotFound {
                what: named("referenced record"),
            },
            _ => Self::Db(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[Constraint] = &[Constraint {
        needles: &["uq_users_email_active"],
        what: "email",
    }];

    #[test]
    fn trigger_refusals_become_forbidden() {
        let err = DbErr::Custom("error returned from database: user email must be verified".into());
        assert!(matches!(
            Error::from_db(err, KNOWN),
            Error::Forbidden(Forbidden::EmailNotVerified)
        ));
    }

    #[test]
    fn other_errors_stay_database_errors() {
        let err = DbErr::Custom("connection reset".into());
        assert!(matches!(Error::from_db(err, KNOWN), Error::Db(_)));
    }
}
