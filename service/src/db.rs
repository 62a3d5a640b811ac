//! The one way to connect: `connect(url)`, with the pool configured from the environment.
use std::time::Duration;

use catalog::{backend_for_url, tables::SEARCH_PATH};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend};

use crate::{Error, Result};

/// Pool settings (seed 002 §2.3). Read from the environment by [`PoolConfig::from_env`]:
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `DATABASE_POOL_SIZE` | most connections open at once | 20 (PostgreSQL), 4 (SQLite file) |
/// | `DATABASE_POOL_MIN_IDLE` | connections kept open when idle | 0 |
/// | `DATABASE_POOL_TIMEOUT_SECS` | wait for a free connection before failing | 30 |
/// | `DATABASE_CONNECT_TIMEOUT_SECS` | wait for a new connection to open | 10 |
/// | `DATABASE_POOL_RECYCLE_SECS` | close connections older than this | 1800 |
/// | `DATABASE_POOL_PRE_PING` | check a connection before handing it out | true |
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolConfig {
    pub max_connections: Option<u32>,
    pub min_connections: u32,
    pub acquire_timeout: Duration,
    pub connect_timeout: Duration,
    pub max_lifetime: Duration,
    pub pre_ping: bool,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            max_connections: None,
            min_connections: 0,
            acquire_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_lifetime: Duration::from_secs(1800),
            pre_ping: true,
        }
    }
}

impl PoolConfig {
    /// # Errors
    /// [`Error::Config`] naming the variable whose value does not parse.
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`PoolConfig::from_env`], reading variables through `lookup` (for tests).
    ///
    /// # Errors
    /// [`Error::Config`] naming the variable whose value does not parse.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        fn parse<T: std::str::FromStr>(name: &str, raw: Option<String>) -> Result<Option<T>> {
            raw.map(|value| {
                value.trim().parse().map_err(|_| {
                    Error::Config(format!(
                        "{name} must be a number (or true/false), got {value:?}"
                    ))
                })
            })
            .transpose()
        }
        let secs = |name: &str, default: Duration| -> Result<Duration> {
            Ok(parse::<u64>(name, lookup(name))?.map_or(default, Duration::from_secs))
        };
        let defaults = Self::default();
        Ok(Self {
            max_connections: parse("DATABASE_POOL_SIZE", lookup("DATABASE_POOL_SIZE"))?,
            min_connections: parse("DATABASE_POOL_MIN_IDLE", lookup("DATABASE_POOL_MIN_IDLE"))?
                .unwrap_or(defaults.min_connections),
            acquire_timeout: secs("DATABASE_POOL_TIMEOUT_SECS", defaults.acquire_timeout)?,
            connect_timeout: secs("DATABASE_CONNECT_TIMEOUT_SECS", defaults.connect_timeout)?,
            max_lifetime: secs("DATABASE_POOL_RECYCLE_SECS", defaults.max_lifetime)?,
            pre_ping: parse("DATABASE_POOL_PRE_PING", lookup("DATABASE_POOL_PRE_PING"))?
                .unwrap_or(defaults.pre_ping),
        })
    }
}

/// Connects to `url` with the pool configured from the environment.
///
/// SQLite: foreign keys on, WAL (readers run beside the one writer), `synchronous = NORMAL`,
/// a 5 s busy timeout. PostgreSQL: `search_path = public, auth, health, audit` so the
/// unqualified entities find their tables; TLS as the URL says (`sslmode=require`, or
/// `sslmode=verify-full&sslrootcert=/path/to/ca.pem` for RDS).
///
/// # Errors
/// [`Error::Config`] for a URL this build has no driver for (naming the Cargo feature) or a bad
/// pool variable; [`Error::Db`] when the database cannot be reached.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    connect_with(url, &PoolConfig::from_env()?).await
}

/// [`connect`] with explicit pool settings.
///
/// # Errors
/// As [`connect`].
pub async fn connect_with(url: &str, pool: &PoolConfig) -> Result<DatabaseConnection> {
    let backend = backend_for_url(url).map_err(|e| Error::Config(e.to_string()))?;
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .min_connections(pool.min_connections)
        .acquire_timeout(pool.acquire_timeout)
        .connect_timeout(pool.connect_timeout)
        .max_lifetime(pool.max_lifetime)
        .test_before_acquire(pool.pre_ping)
        .sqlx_logging(false);
    match backend {
        DbBackend::Postgres => {
            options
                .max_connections(pool.max_connections.unwrap_or(20))
                .set_schema_search_path(SEARCH_PATH);
        }
        _ => configure_sqlite(url, pool, &mut options),
    }
    Ok(Database::connect(options).await?)
}

#[cfg(feature = "sqlite")]
fn configure_sqlite(url: &str, pool: &PoolConfig, options: &mut ConnectOptions) {
    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
    // Each connection to an in-memory database is a database of its own: keep exactly one, and
    // never let it close (sqlx #1647).
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if in_memory {
        options
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    } else {
        options.max_connections(pool.max_connections.unwrap_or(4));
    }
    options.map_sqlx_sqlite_opts(move |o| {
        let o = o
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .synchronous(SqliteSynchronous::Normal);
        if in_memory {
            o
        } else {
            o.journal_mode(SqliteJournalMode::Wal)
        }
    });
}

#[cfg(not(feature = "sqlite"))]
fn configure_sqlite(_: &str, _: &PoolConfig, _: &mut ConnectOptions) {}
