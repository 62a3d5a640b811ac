//! The health check of seed 000 ("Health Checks"), on both backends, within a deadline.
use serde::Serialize;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, Query};
use sea_orm::{DatabaseConnection, DbBackend, DbErr, EntityTrait, FromQueryResult, PaginatorTrait};

use crate::PoolConfig;

/// Whether the database answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// It answered every question within the deadline.
    Healthy,
    /// It could not be reached, or refused the first question.
    Unreachable,
    /// It did not answer within the deadline.
    TimedOut,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Healthy => "healthy",
            Self::Unreachable => "unreachable",
            Self::TimedOut => "timed_out",
        }
    }
}

/// The pool behind the connection, when it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PoolStats {
    /// Connections open (idle or in use).
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// What [`health_check`] found. Every field but `status`, `checked_at` and `elapsed` is
/// `None` when the database did not tell (unreachable, timed out, or not permitted: the
/// application's login role cannot read the migrator's table, and counts only the users its
/// row-level security lets it see).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Health {
    pub status: HealthStatus,
    pub backend: &'static str,
    /// `PostgreSQL 15.x ...` or `SQLite 3.x`.
    pub server_version: Option<String>,
    /// PostgreSQL's database, or SQLite's file name.
    pub database_name: Option<String>,
    pub size_bytes: Option<i64>,
    pub users: Option<i64>,
    /// The newest applied migration.
    pub migration_version: Option<String>,
    pub pool: Option<PoolStats>,
    /// What went wrong, without the URL.
    pub error: Option<String>,
    pub checked_at: DateTime<Utc>,
    pub elapsed: Duration,
}

impl Health {
    fn empty(status: HealthStatus, backend: DbBackend, started: Instant) -> Self {
        Self {
            status,
            backend: backend_name(backend),
            server_version: None,
            database_name: None,
            size_bytes: None,
            users: None,
            migration_version: None,
            pool: None,
            error: None,
            checked_at: Utc::now(),
            elapsed: started.elapsed(),
        }
    }
}

fn backend_name(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "postgres",
        DbBackend::Sqlite => "sqlite",
        _ => "other",
    }
}

/// Asks `db` for its health, giving up after `timeout`: the answer comes within the deadline
/// (plus scheduling) even when the database does not, as [`HealthStatus::TimedOut`].
#[crate::traced("operations::health_check")]
pub async fn health_check(db: &DatabaseConnection, timeout: Duration) -> Health {
    let started = Instant::now();
    let backend = db.get_database_backend();
    let mut health = match tokio::time::timeout(timeout, probe(db, backend, started)).await {
        Ok(health) => health,
        Err(_) => {
            let mut h = Health::empty(HealthStatus::TimedOut, backend, started);
            h.error = Some(format!("no answer within {} ms", timeout.as_millis()));
            h
        }
    };
    health.pool = pool_stats(db);
    health.elapsed = started.elapsed();
    health
}

/// Connects to `url` and asks for its health, all within `timeout`; the connection is closed
/// afterwards. For a probe from outside the application (a load balancer's, a deploy's).
#[crate::traced("operations::health_check_url")]
pub async fn health_check_url(url: &str, timeout: Duration) -> Health {
    let started = Instant::now();
    let backend = catalog::backend_for_url(url).unwrap_or(DbBackend::Sqlite);
    let pool = PoolConfig {
        max_connections: Some(1),
        acquire_timeout: timeout,
        connect_timeout: timeout,
        ..PoolConfig::default()
    };
    let connected = tokio::time::timeout(timeout, crate::connect_with(url, &pool)).await;
    let db = match connected {
        Ok(Ok(db)) => db,
        Ok(Err(e)) => {
            let mut h = Health::empty(HealthStatus::Unreachable, backend, started);
            h.error = Some(redact(&e.to_string(), url));
            return h;
        }
        Err(_) => {
            let mut h = Health::empty(HealthStatus::TimedOut, backend, started);
            h.error = Some(format!("no connection within {} ms", timeout.as_millis()));
            return h;
        }
    };
    let left = timeout.saturating_sub(started.elapsed());
    let mut health = health_check(&db, left).await;
    // Not `close()`: it waits for a query that timed out, which may never end. Dropped, the
    // pool closes its connections in the background.
    drop(db);
    health.elapsed = started.elapsed();
    health
}

/// An error message never carries the URL (and its password).
fn redact(message: &str, url: &str) -> String {
    message.replace(url, "<database url>")
}

async fn probe(db: &DatabaseConnection, backend: DbBackend, started: Instant) -> Health {
    let mut health = Health::empty(HealthStatus::Healthy, backend, started);
    match Basics::find_by_statement(super::sql::health_basics(backend))
        .one(db)
        .await
    {
        Ok(Some(row)) => {
            health.server_version = row.version;
            health.database_name = row.name.map(|name| match backend {
                DbBackend::Postgres => name,
                _ => name.rsplit('/').next().unwrap_or(&name).to_owned(),
            });
            health.size_bytes = row.size;
        }
        Ok(None) => {}
        Err(e) => {
            health.status = HealthStatus::Unreachable;
            health.error = Some(e.to_string());
            return health;
        }
    }
    health.users = entity::users::Entity::find()
        .count(db)
        .await
        .ok()
        .and_then(|n| i64::try_from(n).ok());
    health.migration_version = latest_migration(db, backend).await.ok().flatten();
    health.checked_at = Utc::now();
    health
}

/// What [`probe`] asks the server first: its version, the database's name and size.
#[derive(FromQueryResult)]
struct Basics {
    version: Option<String>,
    name: Option<String>,
    size: Option<i64>,
}

/// The latest migration applied, from the migrator's own table (no entity of ours).
async fn latest_migration(
    db: &DatabaseConnection,
    backend: DbBackend,
) -> Result<Option<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct Latest {
        version: Option<String>,
    }
    let statement = Query::select()
        .expr_as(Func::max(Expr::col("version")), "version")
        .from("seaql_migrations")
        .to_owned();
    let latest = Latest::find_by_statement(backend.build(&statement))
        .one(db)
        .await?;
    Ok(latest.and_then(|l| l.version))
}

/// sqlx's idle count is an atomic the pool moves in steps, and a reader between two of them
/// can see it pass the number of open connections or wrap below zero; never more than open.
#[allow(dead_code)]
fn idle(counted: usize, open: u32) -> u32 {
    u32::try_from(counted).map_or(open, |idle| idle.min(open))
}

#[allow(unused_variables)]
fn pool_stats(db: &DatabaseConnection) -> Option<PoolStats> {
    #[cfg(feature = "postgres")]
    if let sea_orm::DatabaseConnectionType::SqlxPostgresPoolConnection(_) = db.inner {
        let pool = db.get_postgres_connection_pool();
        return Some(PoolStats {
            open: pool.size(),
            idle: idle(pool.num_idle(), pool.size()),
            max: pool.options().get_max_connections(),
        });
    }
    #[cfg(feature = "sqlite")]
    if let sea_orm::DatabaseConnectionType::SqlxSqlitePoolConnection(_) = db.inner {
        let pool = db.get_sqlite_connection_pool();
        return Some(PoolStats {
            open: pool.size(),
            idle: idle(pool.num_idle(), pool.size()),
            max: pool.options().get_max_connections(),
        });
    }
    None
}
