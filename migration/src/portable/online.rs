//! Changes to a table that may already hold rows, made while the application goes on reading
//! and writing it (issue 19). Every future migration that touches an existing table uses these.
//!
//! On PostgreSQL a plain `CREATE INDEX` blocks writes to the table for the whole build (and
//! `recommendations` grows by 18 GB a year), and `ADD CONSTRAINT` scans every row under a lock that
//! blocks writes (ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE for a foreign key). Worse,
//! a statement queued for its lock behind a long transaction makes every query that comes after
//! it queue too, reads included. So [`Online`]:
//!
//! - builds an index with `CREATE INDEX CONCURRENTLY IF NOT EXISTS`, outside any transaction
//!   (PostgreSQL refuses it inside one), on one session taken from the pool. A concurrent build
//!   that failed (a lock timeout, a duplicate for a UNIQUE index, a cancel) leaves an INVALID
//!   index behind, which queries never use but every write keeps up to date and which
//!   `IF NOT EXISTS` would take for done: it is dropped first (`DROP INDEX CONCURRENTLY`).
//! - adds a CHECK or a foreign key `NOT VALID` in one transaction (a catalog change: the lock is
//!   held for milliseconds, and new rows are checked from then on), then checks the existing
//!   rows with `VALIDATE CONSTRAINT` in a second one, under SHARE UPDATE EXCLUSIVE, which lets
//!   writes go on during the scan.
//! - sets `lock_timeout` ([`LOCK_TIMEOUT`]) and `statement_timeout` ([`STATEMENT_TIMEOUT`]) for
//!   each of those statements, so a step that cannot get its lock fails within the lock timeout
//!   instead of holding the application's queries up behind it.
//!
//! Every step can be run again: what a failed run finished is kept (a valid index, a constraint
//! added or validated), what it left broken is redone. A migration that failed on a lock
//! timeout is simply rerun.
//!
//! SQLite has one writer at a time and no lock queue to jam: an index is
//! `CREATE INDEX IF NOT EXISTS`; a constraint is added by [`AlterTable`]'s rebuild (SQLite cannot
//! add a constraint otherwise), skipped when the table has one of that name already.
//!
//! # Which migrations
//!
//! PostgreSQL builds an index concurrently, and validates separately, only outside a
//! transaction, so a migration using these is wrapped with [`online`] instead of
//! [`crate::atomic`]; inside a transaction the PostgreSQL path refuses, saying so. Such a
//! migration is not all-or-nothing: each step commits by itself, which is why each can be
//! rerun. A migration that only creates tables, with their indexes and constraints, keeps
//! [`crate::atomic`]: the tables are empty, nothing waits on them, and one transaction keeps it
//! all-or-nothing. One that does both creates its tables in a transaction of its own
//! (`manager.begin()`) and then calls these.
//!
//! ```no_run
//! # use migration::portable::online::Online;
//! # use migration::portable::Index;
//! # use migration::tables::RECOMMENDATIONS;
//! # use migration::{DbErr, SchemaManager};
//! # async fn up(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
//! let online = Online::from_env()?;
//! online
//!     .create_index(manager, RECOMMENDATIONS, &Index::new("idx_x", "user_id, meal_id"))
//!     .await?;
//! online
//!     .add_check(manager, RECOMMENDATIONS, "chk_x", "score >= 0", "score >= 0")
//!     .await?;
//! # Ok(())
//! # }
//! ```
use std::time::Duration;

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{
    ConnectionTrait, DatabaseExecutor, DbBackend, DbErr, RuntimeErr, Statement, TransactionTrait,
};

use super::{AlterTable, Index, Tbl, alter};

/// How long a step waits for its lock before it fails: long enough to get past the
/// application's own short transactions, short enough that the writers queued behind the step
/// wait at most this long. Overridden by [`LOCK_TIMEOUT_ENV`].
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one step may run: an index build or a validation scan does not block writes, so
/// this only bounds a runaway one. Raise it ([`STATEMENT_TIMEOUT_ENV`]) for a table whose index
/// takes longer than an hour to build: the cancelled build would leave an INVALID index, dropped
/// again by the rerun.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// Milliseconds, replacing [`LOCK_TIMEOUT`]: for an operator whose application holds locks
/// longer (raise it) or whose writers cannot wait 5 s (lower it).
pub const LOCK_TIMEOUT_ENV: &str = "EATSENTIAL_MIGRATION_LOCK_TIMEOUT_MS";

/// Milliseconds, replacing [`STATEMENT_TIMEOUT`]; `0` means none.
pub const STATEMENT_TIMEOUT_ENV: &str = "EATSENTIAL_MIGRATION_STATEMENT_TIMEOUT_MS";

/// PostgreSQL's SQLSTATE for a lock not obtained within `lock_timeout`.
const LOCK_NOT_AVAILABLE: &str = "55P03";
/// PostgreSQL's SQLSTATE for a statement cancelled, by `statement_timeout` among others.
const QUERY_CANCELED: &str = "57014";

/// The helpers, with the timeouts they set. See the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Online {
    lock_timeout: Duration,
    statement_timeout: Duration,
}

impl Default for Online {
    /// [`LOCK_TIMEOUT`] and [`STATEMENT_TIMEOUT`], whatever the environment says.
    fn default() -> Self {
        Self {
            lock_timeout: LOCK_TIMEOUT,
            statement_timeout: STATEMENT_TIMEOUT,
        }
    }
}

impl Online {
    /// The defaults, or what [`LOCK_TIMEOUT_ENV`] and [`STATEMENT_TIMEOUT_ENV`] say.
    ///
    /// # Errors
    /// [`DbErr::Migration`] when either is set to anything but a whole number of milliseconds
    /// (a lock timeout must also be above zero: zero would mean waiting forever).
    pub fn from_env() -> Result<Self, DbErr> {
        let mut online = Self::default();
        if let Some(ms) = env_millis(LOCK_TIMEOUT_ENV)? {
            if ms == 0 {
                return Err(DbErr::Migration(format!(
                    "{LOCK_TIMEOUT_ENV}=0 would let a migration wait for its lock forever"
                )));
            }
            online.lock_timeout = Duration::from_millis(ms);
        }
        if let Some(ms) = env_millis(STATEMENT_TIMEOUT_ENV)? {
            online.statement_timeout = Duration::from_millis(ms);
        }
        Ok(online)
    }

    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    pub fn with_statement_timeout(mut self, timeout: Duration) -> Self {
        self.statement_timeout = timeout;
        self
    }

    pub fn lock_timeout(&self) -> Duration {
        self.lock_timeout
    }

    pub fn statement_timeout(&self) -> Duration {
        self.statement_timeout
    }

    /// The `SET` statements for this session (`local` false) or this transaction.
    pub(crate) fn settings(&self, local: bool) -> [String; 2] {
        let scope = if local { "SET LOCAL" } else { "SET" };
        [
            format!(
                "{scope} lock_timeout = '{}ms'",
                self.lock_timeout.as_millis()
            ),
            format!(
                "{scope} statement_timeout = '{}ms'",
                self.statement_timeout.as_millis()
            ),
        ]
    }

    /// Creates `index` on `table`, which may hold rows and take writes meanwhile; nothing when
    /// the backend has no such index (GIN and GiST on SQLite), as [`Index::sql`].
    ///
    /// # Errors
    /// On PostgreSQL, [`DbErr::Migration`] inside a transaction (wrap the migration with
    /// [`online`]), or when a step did not get its lock within the lock timeout or did not end
    /// within the statement timeout (rerun the migration); the database's own error otherwise
    /// (a UNIQUE index over duplicates: the invalid index it leaves is dropped on the rerun).
    pub async fn create_index(
        &self,
        manager: &SchemaManager<'_>,
        table: Tbl,
        index: &Index,
    ) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let Some(create) = index.online_sql(backend, table) else {
            return Ok(());
        };
        if backend != DbBackend::Postgres {
            return manager
                .get_connection()
                .execute_unprepared(&create)
                .await
                .map(|_| ());
        }
        let what = format!("creating index {} on {}", index.name(), table.name);
        self.create_index_postgres(manager, table, index.name(), &create)
            .await
            .map_err(|e| self.explain(&what, e))
    }

    /// Adds the CHECK `name` to `table`, which may hold rows: `postgres` and `sqlite` are its
    /// condition on each backend (the same text when the backends agree). Existing rows must
    /// pass it.
    ///
    /// # Errors
    /// As [`Online::create_index`]; the database's own error when existing rows break the
    /// CHECK (on PostgreSQL the constraint stays, NOT VALID, checking new rows: fix the rows
    /// and rerun, which validates it).
    pub async fn add_check(
        &self,
        manager: &SchemaManager<'_>,
        table: Tbl,
        name: &str,
        postgres: &str,
        sqlite: &str,
    ) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            if sqlite_has_constraint(manager, table, name).await? {
                return Ok(());
            }
            return AlterTable::new(manager.get_database_backend(), table)
                .add_check_per_backend(name, postgres, sqlite)
                .apply(manager)
                .await;
        }
        self.add_constraint_postgres(manager, table, name, &format!("CHECK ({postgres})"))
            .await
    }

    /// Adds the foreign key `name` from `columns` of `table`, which may hold rows, to
    /// `target_columns` of `target`, as [`AlterTable::add_foreign_key`] writes it (updates of
    /// the referenced key cascade). Existing rows must have their parent.
    ///
    /// # Errors
    /// As [`Online::add_check`].
    pub async fn add_foreign_key(
        &self,
        manager: &SchemaManager<'_>,
        table: Tbl,
        name: &str,
        (columns, target, target_columns): (&[&str], Tbl, &[&str]),
        on_delete: ForeignKeyAction,
    ) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        if backend != DbBackend::Postgres {
            if sqlite_has_constraint(manager, table, name).await? {
                return Ok(());
            }
            return AlterTable::new(backend, table)
                .add_foreign_key(name, columns, target, target_columns, on_delete)
                .apply(manager)
                .await;
        }
        let definition = format!(
            "FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE CASCADE",
            columns.join(", "),
            target.sql(backend),
            target_columns.join(", "),
            action_sql(on_delete)?
        );
        self.add_constraint_postgres(manager, table, name, &definition)
            .await
    }

    /// `ADD CONSTRAINT ... NOT VALID` in one transaction, `VALIDATE CONSTRAINT` in another,
    /// each skipped when a previous run did it.
    async fn add_constraint_postgres(
        &self,
        manager: &SchemaManager<'_>,
        table: Tbl,
        name: &str,
        definition: &str,
    ) -> Result<(), DbErr> {
        let what = format!("adding constraint {name} to {}", table.name);
        let db = outside_transaction(manager, &what)?;
        let t = table.sql(DbBackend::Postgres);
        let step = async {
            let txn = db.begin().await?;
            for set in self.settings(true) {
                txn.execute_unprepared(&set).await?;
            }
            let validated = txn
                .query_one_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT convalidated FROM pg_constraint \
                     WHERE conrelid = $1::regclass AND conname = $2",
                    [t.clone().into(), name.into()],
                ))
                .await?
                .map(|row| row.try_get::<bool>("", "convalidated"))
                .transpose()?;
            if validated.is_none() {
                txn.execute_unprepared(&format!(
                    "ALTER TABLE {t} ADD CONSTRAINT {name} {definition} NOT VALID"
                ))
                .await?;
            }
            txn.commit().await?;
            if validated != Some(true) {
                // A transaction of its own, so that the short write-blocking lock taken above is
                // gone before the scan starts.
                let txn = db.begin().await?;
                for set in self.settings(true) {
                    txn.execute_unprepared(&set).await?;
                }
                txn.execute_unprepared(&format!("ALTER TABLE {t} VALIDATE CONSTRAINT {name}"))
                    .await?;
                txn.commit().await?;
            }
            Ok(())
        };
        step.await.map_err(|e| self.explain(&what, e))
    }

    #[cfg(feature = "postgres")]
    async fn create_index_postgres(
        &self,
        manager: &SchemaManager<'_>,
        table: Tbl,
        name: &str,
        create: &str,
    ) -> Result<(), DbErr> {
        use sea_orm_migration::sea_orm::{DatabaseConnectionType, sqlx};

        let db = outside_transaction(manager, &format!("creating index {name}"))?;
        let DatabaseConnectionType::SqlxPostgresPoolConnection(_) = &db.inner else {
            return Err(DbErr::Migration(format!(
                "creating index {name}: not a PostgreSQL pool"
            )));
        };
        // One session for the settings and the statements they govern: each statement sent to
        // the pool could land on another of its connections.
        let mut conn = db
            .get_postgres_connection_pool()
            .acquire()
            .await
            .map_err(sqlx_err)?;
        let outcome = async {
            for set in self.settings(false) {
                sqlx::raw_sql(sqlx::AssertSqlSafe(set))
                    .execute(&mut *conn)
                    .await?;
            }
            let invalid: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_index i \
                 JOIN pg_class c ON c.oid = i.indexrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $1 AND c.relname = $2 AND NOT i.indisvalid)",
            )
            .bind(table.schema)
            .bind(name)
            .fetch_one(&mut *conn)
            .await?;
            if invalid {
                let drop = format!(
                    "DROP INDEX CONCURRENTLY IF EXISTS \"{}\".{name}",
                    table.schema
                );
                sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                    .execute(&mut *conn)
                    .await?;
            }
            sqlx::raw_sql(sqlx::AssertSqlSafe(create.to_owned()))
                .execute(&mut *conn)
                .await?;
            Ok::<_, sqlx::Error>(())
        }
        .await;
        // The session goes back to the pool, to the application: without its timeouts. If even
        // that fails, it is closed rather than handed on with a 5 s lock timeout.
        if sqlx::raw_sql("RESET lock_timeout; RESET statement_timeout")
            .execute(&mut *conn)
            .await
            .is_err()
        {
            conn.close_on_drop();
        }
        outcome.map_err(sqlx_err)
    }

    #[cfg(not(feature = "postgres"))]
    async fn create_index_postgres(
        &self,
        _manager: &SchemaManager<'_>,
        _table: Tbl,
        name: &str,
        _create: &str,
    ) -> Result<(), DbErr> {
        Err(DbErr::Migration(format!(
            "creating index {name}: this build has no PostgreSQL support (feature `postgres`)"
        )))
    }

    /// Says what a timeout means for the operator; other errors pass unchanged.
    fn explain(&self, what: &str, error: DbErr) -> DbErr {
        match sqlstate(&error).as_deref() {
            Some(LOCK_NOT_AVAILABLE) => DbErr::Migration(format!(
                "{what}: its lock was not granted within the lock timeout of {} ms ({LOCK_TIMEOUT_ENV}): \
                 another transaction holds the table. The writers queued behind this step have \
                 gone on, and what this migration finished is kept: run it again ({error})",
                self.lock_timeout.as_millis()
            )),
            Some(QUERY_CANCELED) => DbErr::Migration(format!(
                "{what}: cancelled, by the statement timeout of {} ms ({STATEMENT_TIMEOUT_ENV}) or \
                 by an operator; what this migration finished is kept: run it again ({error})",
                self.statement_timeout.as_millis()
            )),
            _ => error,
        }
    }
}

/// A migration that runs outside a transaction, on every backend, so that it can use [`Online`]
/// on PostgreSQL. Its steps commit one by one; each of [`Online`]'s can be rerun.
pub struct OutsideTransaction<M>(pub M);

/// Wraps a migration that uses [`Online`] for [`crate::Migrator::migrations`], in place of
/// [`crate::atomic`].
pub fn online<M: MigrationTrait + 'static>(migration: M) -> Box<dyn MigrationTrait> {
    Box::new(OutsideTransaction(migration))
}

impl<M: MigrationName> MigrationName for OutsideTransaction<M> {
    fn name(&self) -> &str {
        self.0.name()
    }
}

#[async_trait::async_trait]
impl<M: MigrationTrait> MigrationTrait for OutsideTransaction<M> {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.up(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0.down(manager).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(false)
    }
}

/// The pool behind `manager`, refusing a transaction: inside one, PostgreSQL refuses
/// `CONCURRENTLY`, and the `NOT VALID` step's lock would be held through the validation.
fn outside_transaction<'m>(
    manager: &'m SchemaManager<'_>,
    what: &str,
) -> Result<&'m sea_orm_migration::sea_orm::DatabaseConnection, DbErr> {
    match manager.get_connection() {
        DatabaseExecutor::Connection(db) => Ok(db),
        _ => Err(DbErr::Migration(format!(
            "{what}: the migration runs inside a transaction, where PostgreSQL cannot build an \
             index concurrently nor validate a constraint apart from adding it; wrap it with \
             migration::portable::online::online instead of atomic"
        ))),
    }
}

async fn sqlite_has_constraint(
    manager: &SchemaManager<'_>,
    table: Tbl,
    name: &str,
) -> Result<bool, DbErr> {
    let row = manager
        .get_connection()
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
            [table.name.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Migration(format!("no table {} to alter", table.name)))?;
    let create: String = row.try_get("", "sql")?;
    alter::sqlite_names_constraint(&create, name)
}

fn action_sql(action: ForeignKeyAction) -> Result<&'static str, DbErr> {
    Ok(match action {
        ForeignKeyAction::Restrict => "RESTRICT",
        ForeignKeyAction::Cascade => "CASCADE",
        ForeignKeyAction::SetNull => "SET NULL",
        ForeignKeyAction::NoAction => "NO ACTION",
        ForeignKeyAction::SetDefault => "SET DEFAULT",
        // sea-query may add actions; refuse one this does not know rather than guess.
        other => {
            return Err(DbErr::Migration(format!(
                "foreign key action {} is not supported here",
                other.variant_name()
            )));
        }
    })
}

fn env_millis(variable: &str) -> Result<Option<u64>, DbErr> {
    match std::env::var(variable) {
        Ok(value) => value.trim().parse().map(Some).map_err(|_| {
            DbErr::Migration(format!(
                "{variable}={value:?}: expected a whole number of milliseconds"
            ))
        }),
        Err(_) => Ok(None),
    }
}

#[cfg(feature = "postgres")]
fn sqlx_err(error: sea_orm_migration::sea_orm::sqlx::Error) -> DbErr {
    DbErr::Exec(RuntimeErr::SqlxError(std::sync::Arc::new(error)))
}

fn sqlstate(error: &DbErr) -> Option<String> {
    match error {
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e
            .as_database_error()
            .and_then(|d| d.code())
            .map(|c| c.into_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_both_timeouts() {
        let online = Online::default().with_lock_timeout(Duration::from_millis(1500));
        assert_eq!(
            online.settings(false),
            [
                "SET lock_timeout = '1500ms'".to_owned(),
                "SET statement_timeout = '3600000ms'".to_owned()
            ]
        );
        assert!(online.settings(true)[0].starts_with("SET LOCAL lock_timeout"));
    }
}
