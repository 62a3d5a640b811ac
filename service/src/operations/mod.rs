//! What the people who run the platform need (`docs/DESIGN.md` D35-D39): log rows
//! ([`record_activity`], [`record_api_request`]), partition maintenance of the log tables
//! ([`maintain`]), a health check that answers within its timeout
//! ([`health_check`], [`health_check_url`]), online backups of a SQLite database
//! ([`backup_sqlite`]), and the monitoring views on either backend ([`monitor`]: sizes,
//! connections, slowest statements; `cargo run -p migration -- monitor`).
//!
//! A deploy step or a cron job runs maintenance through `cargo run -p migration -- maintain`:
//!
//! ```no_run
//! use service::operations::{self, Maintenance};
//!
//! # async fn nightly(db: &sea_orm::DatabaseConnection) -> Result<(), service::Error> {
//! let report = operations::maintain(db, &Maintenance { retain_months: Some(13), ..Maintenance::default() }).await?;
//! println!("{report}");
//! # Ok(())
//! # }
//! ```
mod backup;
mod health;
mod logs;
mod maintenance;
mod monitor;
mod sql;

pub use backup::backup_sqlite;
pub use health::{Health, HealthStatus, PoolStats, health_check, health_check_url};
pub use logs::{NewActivity, NewApiRequest, list_activities, record_activity, record_api_request};
pub use maintenance::{Maintenance, MaintenanceReport, TableMaintenance, maintain};
pub use monitor::{
    ENABLE_PG_STAT_STATEMENTS, Monitor, ObjectPages, PostgresMonitor, RelationSize, SlowStatement,
    SlowStatements, SqliteMonitor, mask_literals, monitor,
};
