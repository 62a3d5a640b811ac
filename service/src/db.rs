//! The one way to connect: `connect(url)` gives a [`Db`], with its pools configured from the
//! environment.
//!
//! Two promises shape this module:
//! - **A connection whose transaction state is in doubt never goes back into use.** When a
//!   commit fails (a full disk, a lost connection), SQLite may keep the transaction open while
//!   the driver still counts it, and the next "transaction" on that connection would become a
//!   savepoint inside one that nothing ever commits: calls would return `Ok` for writes that
//!   are never stored. Every pooled connection is therefore checked as it is released, and
//!   closed unless it is idle outside any transaction (`released_settled`).
//! - **On a SQLite file, writes queue for one writer and reads never wait for them.** SQLite
//!   admits one writer at a time; several pooled writers would only fight over its lock and
//!   fail with "database is locked" under the application's own load. So a SQLite file gets
//!   one write connection (callers queue for it in the pool) and a separate pool of
//!   connections that can only read (`query_only`), which in WAL mode read the last committed
//!   state without waiting for the writer.
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use catalog::backend_for_url;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, ExecResult,
    QueryResult, Statement, metric,
};

use crate::replicas::{Pick, Replicas};
use crate::{Error, Result};

/// Pool settings (seed 002 §2.3). Read from the environment by [`PoolConfig::from_env`]:
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `DATABASE_POOL_SIZE` | most connections open at once (on a SQLite file: the read connections; writes always go through one) | 20 (PostgreSQL), 4 (SQLite file) |
/// | `DATABASE_POOL_MIN_IDLE` | connections kept open when idle | 0 |
/// | `DATABASE_POOL_TIMEOUT_SECS` | wait for a free connection before failing | 30 |
/// | `DATABASE_CONNECT_TIMEOUT_SECS` | wait for a new connection to open | 10 |
/// | `DATABASE_POOL_RECYCLE_SECS` | close connections older than this | 1800 |
/// | `DATABASE_POOL_PRE_PING` | check a connection before handing it out (one more round trip per call; see below) | false |
/// | `DATABASE_READ_URL` | PostgreSQL read replicas, one URL or several separated by commas (see [`PoolConfig::read_urls`]) | none |
/// | `DATABASE_READ_MAX_LAG_MS` | the most a replica may be behind the primary and still answer reads; 0 sends every read to the primary | 5000 |
/// | `DATABASE_READ_TIMEOUT_MS` | wait for a replica's connection before the read goes to the primary instead | 1000 |
/// | `DATABASE_SLOW_CALL_MS` | a service call taking at least this long logs a WARN with its statements' text | 500 |
#[derive(Clone, PartialEq, Eq)]
pub struct PoolConfig {
    pub max_connections: Option<u32>,
    pub min_connections: u32,
    pub acquire_timeout: Duration,
    pub connect_timeout: Duration,
    pub max_lifetime: Duration,
    /// Off by default: a ping costs a round trip on every call (0.3-1 ms to RDS), to catch a
    /// connection the server dropped while it sat in the pool. Without it such a connection
    /// fails its call once with [`crate::Unavailable::ConnectionLost`] (retryable, and the
    /// connection is closed, never reused); `max_lifetime` keeps connections younger than a
    /// proxy's or a firewall's idle cut. Turn it on where a retry is not acceptable.
    pub pre_ping: bool,
    /// SQLite only: the most pages the file may grow to (`PRAGMA max_page_count`, set on every
    /// connection). `None`: SQLite's own limit. A cap on a development file, and how the
    /// tests fill the "disk" without a mount.
    pub sqlite_max_pages: Option<u32>,
    /// PostgreSQL streaming replicas for the reads that tolerate lag (every service read made
    /// on a [`Db`]; see docs/OPERATIONS.md, "Read replicas"). Each gets a pool with the
    /// primary's settings, connected lazily: a replica that is down at start-up does not stop
    /// the application. Refused on SQLite ([`Error::Config`]): a SQLite file has no replicas,
    /// and its own read pool already reads without waiting for the writer.
    pub read_urls: Vec<String>,
    /// A replica further behind than this (in time) is skipped and the primary answers.
    pub read_max_lag: Duration,
    /// How long a read waits for a replica's connection (the replica down, or its pool busy)
    /// before the primary answers it instead.
    pub read_timeout: Duration,
    /// A service call that takes at least this long logs `slow call` at WARN, with its
    /// statements' text (see the module `trace`; docs/OPERATIONS.md, "Monitoring").
    pub slow_call: Duration,
}

/// By hand, so that a replica URL's password never reaches a log.
impl std::fmt::Debug for PoolConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolConfig")
            .field("max_connections", &self.max_connections)
            .field("min_connections", &self.min_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_lifetime", &self.max_lifetime)
            .field("pre_ping", &self.pre_ping)
            .field("sqlite_max_pages", &self.sqlite_max_pages)
            .field(
                "read_urls",
                &format_args!("[{} URLs]", self.read_urls.len()),
            )
            .field("read_max_lag", &self.read_max_lag)
            .field("read_timeout", &self.read_timeout)
            .field("slow_call", &self.slow_call)
            .finish()
    }
}

/// [`PoolConfig::slow_call`] by default, and for a call that sent no statement.
pub(crate) const DEFAULT_SLOW_CALL: Duration = Duration::from_millis(500);

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            max_connections: None,
            min_connections: 0,
            acquire_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_lifetime: Duration::from_secs(1800),
            pre_ping: false,
            sqlite_max_pages: None,
            read_urls: Vec::new(),
            read_max_lag: Duration::from_secs(5),
            read_timeout: Duration::from_secs(1),
            slow_call: DEFAULT_SLOW_CALL,
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
        let millis = |name: &str, default: Duration| -> Result<Duration> {
            Ok(parse::<u64>(name, lookup(name))?.map_or(default, Duration::from_millis))
        };
        let defaults = Self::default();
        let read_urls = lookup("DATABASE_READ_URL")
            .map(|urls| {
                urls.split(',')
                    .map(str::trim)
                    .filter(|url| !url.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            max_connections: parse("DATABASE_POOL_SIZE", lookup("DATABASE_POOL_SIZE"))?,
            min_connections: parse("DATABASE_POOL_MIN_IDLE", lookup("DATABASE_POOL_MIN_IDLE"))?
                .unwrap_or(defaults.min_connections),
            acquire_timeout: secs("DATABASE_POOL_TIMEOUT_SECS", defaults.acquire_timeout)?,
            connect_timeout: secs("DATABASE_CONNECT_TIMEOUT_SECS", defaults.connect_timeout)?,
            max_lifetime: secs("DATABASE_POOL_RECYCLE_SECS", defaults.max_lifetime)?,
            pre_ping: parse("DATABASE_POOL_PRE_PING", lookup("DATABASE_POOL_PRE_PING"))?
                .unwrap_or(defaults.pre_ping),
            sqlite_max_pages: None,
            read_urls,
            read_max_lag: millis("DATABASE_READ_MAX_LAG_MS", defaults.read_max_lag)?,
            read_timeout: millis("DATABASE_READ_TIMEOUT_MS", defaults.read_timeout)?,
            slow_call: parse::<u64>("DATABASE_SLOW_CALL_MS", lookup("DATABASE_SLOW_CALL_MS"))?
                .map_or(defaults.slow_call, Duration::from_millis),
        })
    }
}

/// The database, as every service function takes it: a pool for writes (and for reads that
/// must see them), and on a SQLite file a second pool that only reads. Clone it freely: the
/// pools are shared.
///
/// It derefs to the write pool's [`DatabaseConnection`] and is itself a [`ConnectionTrait`]
/// (on the write pool), so raw SQL and SeaORM queries run on it as on a connection.
#[derive(Clone, Debug)]
pub struct Db {
    primary: DatabaseConnection,
    /// SQLite file: the read-only pool. `None` where reads share the primary's pool.
    reads: Option<DatabaseConnection>,
    /// The callback of [`Db::set_metric_callback`], for the statements the service sends
    /// past SeaORM (a PostgreSQL read in one message: [`crate::autocommit`]).
    metric: Option<MetricCallback>,
    /// PostgreSQL: the read replicas of `DATABASE_READ_URL` (`None`: none, or a `Db` whose
    /// reads use the primary: [`Db::primary_reads`]).
    replicas: Option<Replicas>,
    /// [`PoolConfig::slow_call`], for the calls whose statements go to this database.
    slow_call: Duration,
}

/// A statement callback (a newtype only so that [`Db`] can still derive `Debug`).
// Read only by the PostgreSQL paths that send statements past SeaORM.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
#[derive(Clone)]
struct MetricCallback(Arc<dyn Fn(&metric::Info<'_>) + Send + Sync>);

impl std::fmt::Debug for MetricCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricCallback")
    }
}

impl Db {
    /// A `Db` over one connection (pool) for everything: what a caller that made its own
    /// SeaORM connection passes in. It gets neither the release check nor the separate read
    /// pool that [`connect`] sets up. The service calls' spans count its statements once a
    /// callback is set with [`Db::set_metric_callback`] (a callback set on `connection` itself
    /// is kept, and cannot be chained); [`connect`] counts them from the start.
    pub fn from_connection(connection: DatabaseConnection) -> Self {
        Self {
            primary: connection,
            reads: None,
            metric: None,
            replicas: None,
            slow_call: DEFAULT_SLOW_CALL,
        }
    }

    /// The pool that writes (and reads what was just written).
    pub fn primary(&self) -> &DatabaseConnection {
        &self.primary
    }

    /// The pool for reads (the service's reads use it): on a SQLite file, connections that can
    /// only read and never wait for the writer; elsewhere the primary. A write through it fails
    /// on SQLite ("attempt to write a readonly database"). Begin a transaction on it only
    /// through SeaORM or sqlx (never a raw `BEGIN`): a connection comes back to the pool
    /// only when the driver counts no transaction open on it.
    ///
    /// Never a replica: what it reads is never behind the primary. The service's reads on a
    /// `Db` go to a replica when one may answer (see [`Db::primary_reads`]).
    pub fn reader(&self) -> &DatabaseConnection {
        self.reads.as_ref().unwrap_or(&self.primary)
    }

    /// This `Db` with its reads on the primary (on a SQLite file, its read pool, which is
    /// never behind): pass it to a read that must see a write just made, such as the page
    /// shown right after a change. Everything else about it is the same (the pools are shared;
    /// making it costs a few reference counts). Without replicas (`DATABASE_READ_URL` unset)
    /// it is the same as `self`.
    #[must_use]
    pub fn primary_reads(&self) -> Db {
        Db {
            replicas: None,
            ..self.clone()
        }
    }

    /// A replica that may answer a read now, or `None` (none configured, all down or too far
    /// behind, or this `Db` reads from the primary).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn replica(&self) -> Option<Pick<'_>> {
        self.replicas.as_ref()?.pick()
    }

    /// Calls `callback` after every statement on any of the pools (for counting statements).
    pub fn set_metric_callback<F>(&mut self, callback: F)
    where
        F: Fn(&metric::Info<'_>) + Send + Sync + 'static,
    {
        let callback: Arc<dyn Fn(&metric::Info<'_>) + Send + Sync> = Arc::new(callback);
        let (primary, slow_call) = (callback.clone(), self.slow_call);
        self.primary.set_metric_callback(move |info| {
            crate::trace::observe(info.statement, slow_call);
            primary(info);
        });
        if let Some(reads) = &mut self.reads {
            let reads_callback = callback.clone();
            reads.set_metric_callback(move |info| {
                crate::trace::observe(info.statement, slow_call);
                reads_callback(info);
            });
        }
        for replica in self.replicas.iter_mut().flat_map(|r| r.pools.iter_mut()) {
            let replica_callback = callback.clone();
            replica.set_metric_callback(move |info| {
                crate::trace::observe(info.statement, slow_call);
                replica_callback(info);
            });
        }
        self.metric = Some(MetricCallback(callback));
    }

    /// Reports a statement the service sent past SeaORM to the metric callback.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn record(&self, statement: &Statement, started: std::time::Instant, failed: bool) {
        crate::trace::observe(statement, self.slow_call);
        if let Some(MetricCallback(callback)) = &self.metric {
            callback(&metric::Info {
                elapsed: started.elapsed(),
                statement,
                failed,
            });
        }
    }

    /// Counts every statement on the pools for the service call that sends it (its span's
    /// `statements`, see `crate::trace`); [`Db::set_metric_callback`] keeps doing so.
    fn observed(mut self, slow_call: Duration) -> Self {
        self.slow_call = slow_call;
        let observe =
            move |info: &metric::Info<'_>| crate::trace::observe(info.statement, slow_call);
        self.primary.set_metric_callback(observe);
        if let Some(reads) = &mut self.reads {
            reads.set_metric_callback(observe);
        }
        for replica in self.replicas.iter_mut().flat_map(|r| r.pools.iter_mut()) {
            replica.set_metric_callback(observe);
        }
        self
    }

    /// Closes every pool, waiting for connections in use to come back.
    ///
    /// # Errors
    /// [`DbErr`] from closing a pool.
    pub async fn close(self) -> Result<(), DbErr> {
        if let Some(replicas) = self.replicas {
            replicas.close().await?;
        }
        if let Some(reads) = self.reads {
            reads.close().await?;
        }
        self.primary.close().await
    }
}

impl Deref for Db {
    type Target = DatabaseConnection;

    fn deref(&self) -> &DatabaseConnection {
        &self.primary
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.primary.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.primary.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.primary.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.primary.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.primary.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.primary.support_returning()
    }
}

/// Connects to `url` with the pools configured from the environment.
///
/// SQLite file: WAL (readers run beside the writer), foreign keys on, `synchronous = NORMAL`
/// (a commit survives the application's crash; a power cut may lose the last commits), a 5 s
/// busy timeout for a lock held by another process; one write connection and
/// `DATABASE_POOL_SIZE` read connections. In-memory SQLite: one connection for everything.
/// PostgreSQL: nothing is sent on a new connection beyond the driver's start-up message (no
/// `SET`: a session setting would pin the connection in RDS Proxy and be lost behind PgBouncer
/// in transaction mode). The unqualified entities find their tables through the database's own
/// `search_path = public, auth, health, audit`, set by migration 22 (`migration::search_path`).
/// TLS as the URL says (`sslmode=require`, or `sslmode=verify-full&sslrootcert=/path/to/ca.pem`
/// for RDS).
///
/// # Errors
/// [`Error::Config`] for a URL this build has no driver for (naming the Cargo feature) or a bad
/// pool variable; [`Error::Unavailable`] or [`Error::Db`] when the database cannot be reached.
pub async fn connect(url: &str) -> Result<Db> {
    connect_with(url, &PoolConfig::from_env()?).await
}

/// [`connect`] with explicit pool settings.
///
/// # Errors
/// As [`connect`].
pub async fn connect_with(url: &str, pool: &PoolConfig) -> Result<Db> {
    let backend = backend_for_url(url).map_err(|e| Error::Config(e.to_string()))?;
    let options = base_options(url, pool);
    let db = match backend {
        DbBackend::Postgres => {
            let mut db =
                Db::from_connection(Database::connect(postgres_options(options, pool)).await?);
            if !pool.read_urls.is_empty() {
                let replicas = connect_replicas(url, pool).await?;
                replicas.check_all().await;
                db.replicas = Some(replicas);
            }
            db
        }
        _ if !pool.read_urls.is_empty() => {
            return Err(Error::Config(
                "DATABASE_READ_URL is for PostgreSQL: a SQLite file has no replicas (its read \
                 pool already reads beside the writer)"
                    .into(),
            ));
        }
        _ => connect_sqlite(url, pool, options).await?,
    };
    Ok(db.observed(pool.slow_call))
}

/// The settings every pool gets.
fn base_options(url: &str, pool: &PoolConfig) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .min_connections(pool.min_connections)
        .acquire_timeout(pool.acquire_timeout)
        .connect_timeout(pool.connect_timeout)
        .max_lifetime(pool.max_lifetime)
        .test_before_acquire(pool.pre_ping)
        .sqlx_logging(false);
    options
}

/// ... and a PostgreSQL pool.
fn postgres_options(mut options: ConnectOptions, pool: &PoolConfig) -> ConnectOptions {
    options.max_connections(pool.max_connections.unwrap_or(20));
    postgres_release_check(&mut options);
    options
}

/// A pool per replica, with the primary's settings but lazy (a replica that is down at
/// start-up is only skipped) and a short wait for a connection (`read_timeout`: past it the
/// primary answers).
async fn connect_replicas(primary_url: &str, pool: &PoolConfig) -> Result<Replicas> {
    // Lazy, quick to give up, and closed when idle: a probe connects about once a second.
    let probe = |url: &str| {
        let mut probe = base_options(url, pool);
        probe
            .max_connections(1)
            .min_connections(0)
            .acquire_timeout(pool.read_timeout)
            .connect_timeout(pool.read_timeout.min(pool.connect_timeout))
            .idle_timeout(Duration::from_secs(10))
            .connect_lazy(true);
        probe
    };
    let mut pools = Vec::with_capacity(pool.read_urls.len());
    let mut probes = Vec::with_capacity(pool.read_urls.len());
    for url in &pool.read_urls {
        if backend_for_url(url).ok() != Some(DbBackend::Postgres) {
            return Err(Error::Config(
                "DATABASE_READ_URL must hold postgres:// URLs only".into(),
            ));
        }
        let mut replica = postgres_options(base_options(url, pool), pool);
        replica
            .acquire_timeout(pool.read_timeout)
            .connect_timeout(pool.read_timeout.min(pool.connect_timeout))
            .connect_lazy(true);
        pools.push(Database::connect(replica).await?);
        probes.push(Database::connect(probe(url)).await?);
    }
    let primary_probe = Database::connect(probe(primary_url)).await?;
    Ok(Replicas::new(
        pools,
        probes,
        primary_probe,
        pool.read_max_lag,
    ))
}

#[cfg(feature = "postgres")]
fn postgres_release_check(options: &mut ConnectOptions) {
    use sea_orm::sqlx::Connection;
    // A PostgreSQL connection ends a failed transaction with the ROLLBACK queued on drop, which
    // sqlx's own check on release sends and waits for; a connection still counted inside a
    // transaction after that is in doubt.
    options.map_sqlx_postgres_pool_opts(|pool| {
        pool.after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
    });
}

#[cfg(not(feature = "postgres"))]
fn postgres_release_check(_: &mut ConnectOptions) {}

#[cfg(feature = "sqlite")]
async fn connect_sqlite(url: &str, pool: &PoolConfig, mut options: ConnectOptions) -> Result<Db> {
    use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
    let max_pages = pool.sqlite_max_pages;
    let settings = move |o: sea_orm::sqlx::sqlite::SqliteConnectOptions, wal: bool| {
        let o = o
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .synchronous(SqliteSynchronous::Normal);
        let o = match max_pages {
            Some(pages) => o.pragma("max_page_count", pages.to_string()),
            None => o,
        };
        if wal {
            o.journal_mode(SqliteJournalMode::Wal)
        } else {
            o
        }
    };
    options.map_sqlx_sqlite_pool_opts(|pool| {
        pool.after_release(|conn, _| Box::pin(released_settled(conn)))
    });
    // Each connection to an in-memory database is a database of its own: keep exactly one, and
    // never let it close (sqlx #1647).
    if url.contains(":memory:") || url.contains("mode=memory") {
        options
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .map_sqlx_sqlite_opts(move |o| settings(o, false));
        return Ok(Db::from_connection(Database::connect(options).await?));
    }
    let mut reads = options.clone();
    options
        .max_connections(1)
        .min_connections(pool.min_connections.min(1))
        .map_sqlx_sqlite_opts(move |o| settings(o, true));
    // The writer connects first, so the file exists and is in WAL mode before a reader opens it.
    let primary = Database::connect(options).await?;
    reads
        .max_connections(pool.max_connections.unwrap_or(4).max(1))
        .map_sqlx_sqlite_opts(move |o| settings(o, true).pragma("query_only", "ON"));
    // A read connection cannot write, so no commit of it can fail half-way; the service opens
    // no transaction on it (reads run each statement on its own: `crate::autocommit`), and one
    // begun through the driver is counted by it. So the driver's count suffices, without
    // `released_settled`'s hop to the connection's thread on every statement.
    reads.map_sqlx_sqlite_pool_opts(|pool| {
        pool.after_release(|conn, _| {
            use sea_orm::sqlx::Connection;
            let idle = !conn.is_in_transaction();
            Box::pin(async move { Ok(idle) })
        })
    });
    let reads = Database::connect(reads).await?;
    Ok(Db {
        primary,
        reads: Some(reads),
        metric: None,
        replicas: None,
        slow_call: DEFAULT_SLOW_CALL,
    })
}

/// Whether a SQLite connection coming back to its pool may be used again: only when SQLite
/// says it is outside any transaction (autocommit) and the driver counts none. Taking the
/// handle waits for the connection's worker to finish what was queued before (the ROLLBACK of
/// a dropped transaction), so the answer is about the settled state.
#[cfg(feature = "sqlite")]
async fn released_settled(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> std::result::Result<bool, sea_orm::sqlx::Error> {
    use sea_orm::sqlx::Connection;
    let autocommit = {
        let mut handle = conn.lock_handle().await?;
        // SAFETY: the handle is locked for this block, so the pointer is the live connection's
        // and no other thread uses it; sqlite3_get_autocommit only reads a flag.
        unsafe { libsqlite3_sys::sqlite3_get_autocommit(handle.as_raw_handle().as_ptr()) != 0 }
    };
    Ok(autocommit && !conn.is_in_transaction())
}

#[cfg(not(feature = "sqlite"))]
async fn connect_sqlite(_: &str, _: &PoolConfig, options: ConnectOptions) -> Result<Db> {
    Ok(Db::from_connection(Database::connect(options).await?))
}
