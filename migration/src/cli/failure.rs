//! Why a connection failed, in one line naming what failed: the SQLite file, the server that
//! refused, the user whose login was rejected, the missing database, the untrusted certificate.
//!
//! The driver's error (`sqlx::Error`, inside `DbErr::Conn(RuntimeErr::SqlxError(..))`) is
//! classified by its variant, its I/O error kind and, for errors the server sent, by SQLSTATE.
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sea_orm::{ConnAcquireErr, DbErr};

use super::target::Target;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectFailure {
    SqliteCannotOpen { path: PathBuf, reason: String },
    Refused { server: String },
    AuthFailed { user: String, server: String },
    UnknownDatabase { database: String, server: String },
    TlsUntrusted { server: String, detail: String },
    Tls { server: String, detail: String },
    TimedOut { target: String, secs: u64 },
    Other { target: String, detail: String },
}

impl fmt::Display for ConnectFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SqliteCannotOpen { path, reason } => {
                write!(
                    f,
                    "cannot open SQLite database {}: {reason}",
                    path.display()
                )
            }
            Self::Refused { server } => write!(
                f,
                "connection refused by {server}: is PostgreSQL running and listening there?"
            ),
            Self::AuthFailed { user, server } => write!(
                f,
                "authentication failed for user \"{user}\" at {server}: check the password \
                 and the server's pg_hba.conf"
            ),
            Self::UnknownDatabase { database, server } => {
                write!(f, "database \"{database}\" does not exist at {server}")
            }
            Self::TlsUntrusted { server, detail } => write!(
                f,
                "TLS to {server} failed: the server's certificate is not trusted ({detail}); \
                 check sslrootcert and sslmode"
            ),
            Self::Tls { server, detail } => write!(f, "TLS to {server} failed: {detail}"),
            Self::TimedOut { target, secs } => write!(
                f,
                "timed out after {secs} s connecting to {target} \
                 (DATABASE_CONNECT_TIMEOUT_SECS sets the limit)"
            ),
            Self::Other { target, detail } => write!(f, "cannot connect to {target}: {detail}"),
        }
    }
}

/// Classifies what `Database::connect` returned.
pub fn from_db_err(target: &Target, error: &DbErr, timeout: Duration) -> ConnectFailure {
    if let Some(driver) = driver_error(error) {
        return classify(target, driver, timeout);
    }
    match error {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => timed_out(target, timeout),
        other => ConnectFailure::Other {
            target: target.to_string(),
            detail: other.to_string(),
        },
    }
}

/// The driver's error inside a sea-orm error, when there is one.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
fn driver_error(error: &DbErr) -> Option<&sea_orm::sqlx::Error> {
    use sea_orm::RuntimeErr;
    match error {
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => Some(e),
        _ => None,
    }
}

#[cfg(not(any(feature = "sqlite", feature = "postgres")))]
fn driver_error(_: &DbErr) -> Option<&std::convert::Infallible> {
    None
}

#[cfg(not(any(feature = "sqlite", feature = "postgres")))]
fn classify(_: &Target, never: &std::convert::Infallible, _: Duration) -> ConnectFailure {
    match *never {}
}

pub fn timed_out(target: &Target, timeout: Duration) -> ConnectFailure {
    let target = match target {
        Target::Postgres { server, .. } => server.clone(),
        sqlite => sqlite.to_string(),
    };
    ConnectFailure::TimedOut {
        target,
        secs: timeout.as_secs(),
    }
}

/// Classifies a driver error met while connecting to `target`.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub fn classify(
    target: &Target,
    error: &sea_orm::sqlx::Error,
    timeout: Duration,
) -> ConnectFailure {
    use sea_orm::sqlx::Error;
    use std::io::ErrorKind;

    let (server, user, database) = match target {
        Target::Sqlite { path } => {
            return ConnectFailure::SqliteCannotOpen {
                path: path.clone(),
                reason: sqlite_reason(path, error),
            };
        }
        Target::Postgres {
            server,
            user,
            database,
        } => (server.clone(), user, database),
    };
    match error {
        Error::Io(e) if e.kind() == ErrorKind::ConnectionRefused => {
            ConnectFailure::Refused { server }
        }
        Error::Io(e) if e.kind() == ErrorKind::TimedOut => timed_out(target, timeout),
        Error::PoolTimedOut => timed_out(target, timeout),
        // rustls reports a failed handshake through the socket, as an I/O error.
        Error::Io(e) if is_untrusted_certificate(&e.to_string()) => ConnectFailure::TlsUntrusted {
            server,
            detail: e.to_string(),
        },
        Error::Tls(e) if is_untrusted_certificate(&e.to_string()) => ConnectFailure::TlsUntrusted {
            server,
            detail: e.to_string(),
        },
        Error::Tls(e) => ConnectFailure::Tls {
            server,
            detail: e.to_string(),
        },
        Error::Database(e) => match e.code().as_deref() {
            // invalid_password, invalid_authorization_specification (pg_hba.conf said no)
            Some("28P01" | "28000") => ConnectFailure::AuthFailed {
                user: user.clone(),
                server,
            },
            // invalid_catalog_name
            Some("3D000") => ConnectFailure::UnknownDatabase {
                database: database.clone(),
                server,
            },
            _ => ConnectFailure::Other {
                target: target.to_string(),
                detail: e.message().to_owned(),
            },
        },
        other => ConnectFailure::Other {
            target: target.to_string(),
            detail: other.to_string(),
        },
    }
}

/// rustls names an untrusted chain `invalid peer certificate: UnknownIssuer` (or `BadSignature`,
/// `Expired`, `NotValidForName`, ...).
fn is_untrusted_certificate(message: &str) -> bool {
    message.contains("invalid peer certificate")
}

/// SQLite says only "unable to open database file"; the likely causes are checkable here.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
fn sqlite_reason(path: &Path, error: &sea_orm::sqlx::Error) -> String {
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty());
    if let Some(dir) = dir.filter(|dir| !dir.exists()) {
        return format!("directory {} does not exist", dir.display());
    }
    if !path.exists() && !is_in_memory(path) {
        return "the file does not exist (add ?mode=rwc to the URL to create it)".to_owned();
    }
    match error {
        sea_orm::sqlx::Error::Database(e) => e.message().to_owned(),
        other => other.to_string(),
    }
}

fn is_in_memory(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name == ":memory:" || name.starts_with("file:")
}

#[cfg(all(test, any(feature = "sqlite", feature = "postgres")))]
mod tests {
    use std::borrow::Cow;
    use std::error::Error as StdError;
    use std::io;

    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error;
    use sea_orm::sqlx::error::{DatabaseError, ErrorKind};

    use super::*;

    /// An error as the server would send it, with a SQLSTATE.
    #[derive(Debug)]
    struct ServerError {
        code: &'static str,
        message: &'static str,
    }

    impl fmt::Display for ServerError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.message)
        }
    }

    impl StdError for ServerError {}

    impl DatabaseError for ServerError {
        fn message(&self) -> &str {
            self.message
        }
        fn code(&self) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(self.code))
        }
        fn as_error(&self) -> &(dyn StdError + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn StdError + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn StdError + Send + Sync + 'static> {
            self
        }
        fn kind(&self) -> ErrorKind {
            ErrorKind::Other
        }
    }

    fn server(code: &'static str, message: &'static str) -> Error {
        Error::Database(Box::new(ServerError { code, message }))
    }

    fn pg() -> Target {
        Target::postgres("db.example.com:5432", "app", "eatsential")
    }

    const TEN: Duration = Duration::from_secs(10);

    #[test]
    fn refused_names_host_and_port() {
        let refused = Error::Io(io::ErrorKind::ConnectionRefused.into());
        let failure = classify(&pg(), &refused, TEN);
        assert_eq!(
            failure,
            ConnectFailure::Refused {
                server: "db.example.com:5432".into()
            }
        );
        assert!(failure.to_string().contains("db.example.com:5432"));
    }

    #[test]
    fn server_errors_are_told_apart_by_sqlstate() {
        let auth = classify(
            &pg(),
            &server("28P01", "password authentication failed"),
            TEN,
        );
        assert!(matches!(auth, ConnectFailure::AuthFailed { ref user, .. } if user == "app"));
        assert!(auth.to_string().contains("\"app\""), "{auth}");
        let hba = classify(&pg(), &server("28000", "no pg_hba.conf entry"), TEN);
        assert!(matches!(hba, ConnectFailure::AuthFailed { .. }));
        let unknown = classify(&pg(), &server("3D000", "database does not exist"), TEN);
        assert_eq!(
            unknown.to_string(),
            "database \"eatsential\" does not exist at db.example.com:5432"
        );
        let other = classify(&pg(), &server("53300", "too many connections"), TEN);
        assert!(
            other.to_string().ends_with("too many connections"),
            "{other}"
        );
    }

    #[test]
    fn an_untrusted_certificate_is_named_as_such() {
        let io = io::Error::new(
            io::ErrorKind::InvalidData,
            "invalid peer certificate: UnknownIssuer",
        );
        let failure = classify(&pg(), &Error::Io(io), TEN);
        assert!(matches!(failure, ConnectFailure::TlsUntrusted { .. }));
        assert!(failure.to_string().contains("not trusted"), "{failure}");
        let unsupported = classify(
            &pg(),
            &Error::Tls("server does not support TLS".into()),
            TEN,
        );
        assert!(matches!(unsupported, ConnectFailure::Tls { .. }));
    }

    #[test]
    fn timeouts_say_how_long_and_which_variable() {
        let failure = classify(&pg(), &Error::PoolTimedOut, TEN);
        assert_eq!(
            failure.to_string(),
            "timed out after 10 s connecting to db.example.com:5432 \
             (DATABASE_CONNECT_TIMEOUT_SECS sets the limit)"
        );
        let acquire = from_db_err(
            &pg(),
            &DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            TEN,
        );
        assert!(matches!(acquire, ConnectFailure::TimedOut { secs: 10, .. }));
    }

    #[test]
    fn the_driver_error_is_found_inside_sea_orm_errors() {
        let refused = Error::Io(io::ErrorKind::ConnectionRefused.into());
        let wrapped = DbErr::Conn(RuntimeErr::SqlxError(refused.into()));
        assert!(matches!(
            from_db_err(&pg(), &wrapped, TEN),
            ConnectFailure::Refused { .. }
        ));
    }

    #[test]
    fn a_sqlite_file_in_a_missing_directory_names_the_directory() {
        let path = std::env::temp_dir().join("eatsential-no-such-dir/sub/app.db");
        let target = Target::Sqlite { path: path.clone() };
        let failure = classify(&target, &server("14", "unable to open database file"), TEN);
        let line = failure.to_string();
        assert!(line.contains(&path.display().to_string()), "{line}");
        assert!(line.contains("does not exist"), "{line}");
    }
}
