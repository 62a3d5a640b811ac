//! What a database URL points at, in the words an error message may use: a SQLite file, or a
//! PostgreSQL server, user and database. Never the password.
//!
//! The URL is read with the driver's own parser, so the host, port, user and database named in
//! a message are the ones the driver connects to, defaults (`PGHOST`, `PGUSER`, ...) and query
//! parameters (`?host=`, `?user=`, ...) included.
use std::fmt;
use std::path::PathBuf;

use sea_orm::DbBackend;

use super::error::CliError;

// Each variant is built only by its driver's parser (a build may have just one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    Sqlite { path: PathBuf },
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres {
        /// `host:port`, or the Unix socket directory.
        server: String,
        user: String,
        database: String,
    },
}

impl Target {
    /// # Errors
    /// [`CliError::Config`] when the driver cannot read the URL.
    pub fn parse(url: &str, backend: DbBackend) -> Result<Self, CliError> {
        match backend {
            DbBackend::Postgres => postgres(url),
            _ => sqlite(url),
        }
    }

    /// A PostgreSQL target (for tests and callers that already know the parts).
    #[cfg(test)]
    pub fn postgres(server: &str, user: &str, database: &str) -> Self {
        Self::Postgres {
            server: server.to_owned(),
            user: user.to_owned(),
            database: database.to_owned(),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite { path } => write!(f, "SQLite database {}", path.display()),
            Self::Postgres {
                server, database, ..
            } => write!(f, "PostgreSQL database \"{database}\" at {server}"),
        }
    }
}

/// The driver's parse errors name the part that is wrong (`invalid port number`), not the URL.
fn invalid(backend: &str, reason: &impl fmt::Display) -> CliError {
    CliError::Config(format!(
        "the database URL is not a valid {backend} URL: {reason}"
    ))
}

#[cfg(feature = "postgres")]
fn postgres(url: &str) -> Result<Target, CliError> {
    use sea_orm::sqlx::postgres::PgConnectOptions;

    let options: PgConnectOptions = url.parse().map_err(|e| invalid("PostgreSQL", &e))?;
    let server = match options.get_socket() {
        Some(socket) => socket.display().to_string(),
        None => format!("{}:{}", options.get_host(), options.get_port()),
    };
    let user = options.get_username().to_owned();
    // PostgreSQL's own default: a database named after the user.
    let database = options.get_database().unwrap_or(&user).to_owned();
    Ok(Target::Postgres {
        server,
        user,
        database,
    })
}

#[cfg(not(feature = "postgres"))]
fn postgres(_: &str) -> Result<Target, CliError> {
    // `backend_for_url` refuses PostgreSQL URLs in this build before they get here.
    Err(CliError::Config(
        "this build has no PostgreSQL driver: rebuild with `--features postgres`".to_owned(),
    ))
}

#[cfg(feature = "sqlite")]
fn sqlite(url: &str) -> Result<Target, CliError> {
    use sea_orm::sqlx::sqlite::SqliteConnectOptions;

    let options: SqliteConnectOptions = url.parse().map_err(|e| invalid("SQLite", &e))?;
    Ok(Target::Sqlite {
        path: options.get_filename().to_owned(),
    })
}

#[cfg(not(feature = "sqlite"))]
fn sqlite(_: &str) -> Result<Target, CliError> {
    Err(CliError::Config(
        "this build has no SQLite driver: rebuild with `--features sqlite`".to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "postgres")]
    #[test]
    fn postgres_urls_name_server_user_and_database() {
        let target = Target::parse(
            "postgres://app:s3cret@db.example.com:6543/eatsential?sslmode=require",
            DbBackend::Postgres,
        );
        assert_eq!(
            target.ok(),
            Some(Target::postgres("db.example.com:6543", "app", "eatsential"))
        );
        let target = Target::parse("postgres://app@db.example.com", DbBackend::Postgres);
        assert_eq!(
            target.ok(),
            Some(Target::postgres("db.example.com:5432", "app", "app"))
        );
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn a_bad_postgres_url_is_a_config_error_without_the_password() {
        match Target::parse(
            "postgres://app:s3cret@host:notaport/db",
            DbBackend::Postgres,
        ) {
            Err(CliError::Config(message)) => {
                assert!(message.contains("not a valid PostgreSQL URL"), "{message}");
                assert!(!message.contains("s3cret"), "{message}");
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[cfg(feature = "sqlite")]
    #[test]
    fn sqlite_urls_name_the_file() {
        let target = Target::parse("sqlite://data/eatsential.db?mode=rwc", DbBackend::Sqlite);
        assert_eq!(
            target.ok(),
            Some(Target::Sqlite {
                path: PathBuf::from("data/eatsential.db")
            })
        );
    }
}
