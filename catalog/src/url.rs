use sea_orm::DbBackend;

/// A database URL this build cannot serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnsupportedUrl {
    /// The backend is known, but its Cargo feature was not enabled.
    FeatureDisabled {
        backend: &'static str,
        feature: &'static str,
    },
    /// Neither SQLite nor PostgreSQL.
    UnknownScheme,
}

impl std::fmt::Display for UnsupportedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FeatureDisabled { backend, feature } => write!(
                f,
                "DATABASE_URL names {backend}, but this build has no {backend} driver: \
                 rebuild with `--features {feature}`"
            ),
            Self::UnknownScheme => f.write_str(
                "DATABASE_URL must start with sqlite: or postgres:// (postgresql:// also works)",
            ),
        }
    }
}

impl std::error::Error for UnsupportedUrl {}

/// The backend a URL names, if this build was compiled with its driver. The URL itself is never
/// echoed: it may carry a password.
///
/// # Errors
/// [`UnsupportedUrl`] naming the feature to enable, or the schemes that work.
pub fn backend_for_url(url: &str) -> Result<DbBackend, UnsupportedUrl> {
    let scheme = url
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match scheme.as_str() {
        "sqlite" if cfg!(feature = "sqlite") => Ok(DbBackend::Sqlite),
        "sqlite" => Err(UnsupportedUrl::FeatureDisabled {
            backend: "SQLite",
            feature: "sqlite",
        }),
        "postgres" | "postgresql" if cfg!(feature = "postgres") => Ok(DbBackend::Postgres),
        "postgres" | "postgresql" => Err(UnsupportedUrl::FeatureDisabled {
            backend: "PostgreSQL",
            feature: "postgres",
        }),
        _ => Err(UnsupportedUrl::UnknownScheme),
    }
}

/// The default database: a SQLite file in the working directory, created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://eatsential.db?mode=rwc";
