//! Transactions that name the acting user: for the audit triggers, and (PostgreSQL) for the
//! row-level security policies that let a user reach only their own rows.
//!
//! PostgreSQL's trigger reads the transaction-local setting `app.current_user_id`. SQLite has no
//! session settings, so its triggers read the single row of `audit_context`, which is written at
//! the start of the transaction and deleted before it commits: SQLite admits one writer at a
//! time, so no other transaction can see it, and a rollback removes it too.
//!
//! [`ActingTxn`] is the only way to finish such a transaction: [`ActingTxn::commit`] clears the
//! acting user first, and dropping it rolls back. A transaction begun with no user clears any
//! value a raw client may have left, so nothing is ever attributed to the wrong user.
use crate::Db;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait, sea_query::Value,
};
use uuid::Uuid;

/// A write transaction acting as a user (or as no user). Use it wherever a connection is
/// expected; finish it with [`ActingTxn::commit`] (dropping it rolls back).
pub struct ActingTxn {
    txn: DatabaseTransaction,
    /// SQLite write transactions only: `audit_context` holds the acting user until commit.
    /// A read never wrote it, and must not write on its way out (see [`ActingTxn::commit`]).
    clears_actor: bool,
}

/// Begins a write transaction acting as `actor` (`None`: no user, e.g. a system job). On SQLite
/// it is `BEGIN IMMEDIATE`, which takes the write lock up front instead of failing to upgrade
/// a read lock later.
///
/// # Errors
/// [`DbErr`] from the database.
pub async fn write(db: &Db, actor: Option<Uuid>) -> Result<ActingTxn, DbErr> {
    let backend = db.get_database_backend();
    let txn = db
        .primary()
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    name_actor(&txn, backend, actor).await?;
    Ok(ActingTxn {
        txn,
        clears_actor: backend == DbBackend::Sqlite,
    })
}

/// Begins a read-only transaction acting as `actor`, on the read pool where there is one (a
/// SQLite file's read-only connections, which never wait for the writer): on PostgreSQL the row-level security
/// policies then show only the rows `actor` may see. On SQLite (no such policies) it is a plain
/// deferred transaction, which gives the reads one snapshot; the service's own filters keep
/// other users' rows out.
///
/// # Errors
/// [`DbErr`] from the database.
pub async fn read(db: &Db, actor: Option<Uuid>) -> Result<ActingTxn, DbErr> {
    let backend = db.get_database_backend();
    let txn = db
        .reader()
        .begin_with_options(TransactionOptions {
            access_mode: (backend == DbBackend::Postgres).then_some(AccessMode::ReadOnly),
            ..Default::default()
        })
        .await?;
    if backend == DbBackend::Postgres {
        name_actor(&txn, backend, actor).await?;
    }
    Ok(ActingTxn {
        txn,
        clears_actor: false,
    })
}

async fn name_actor(
    txn: &DatabaseTransaction,
    backend: DbBackend,
    actor: Option<Uuid>,
) -> Result<(), DbErr> {
    match (backend, actor) {
        (DbBackend::Postgres, _) => {
            // Unprepared, like BEGIN: bookkeeping, not one of the statements a function
            // promises ("one query"), and no prepared statement per transaction. A `Uuid`
            // prints as hex digits and dashes only, so inlining it is safe.
            let actor = actor.map(|id| id.to_string()).unwrap_or_default();
            txn.execute_unprepared(&format!(
                "SELECT set_config('app.current_user_id', '{actor}', true)"
            ))
            .await?;
        }
        (_, Some(actor)) => {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT OR REPLACE INTO audit_context (slot, user_id) VALUES (1, ?)",
                [Value::from(actor)],
            ))
            .await?;
        }
        (_, None) => {
            txn.execute_unprepared("DELETE FROM audit_context").await?;
        }
    }
    Ok(())
}

impl ActingTxn {
    /// Commits, clearing the acting user first in a SQLite write transaction (PostgreSQL's
    /// setting ends with the transaction).
    ///
    /// A SQLite read transaction commits without that `DELETE`: it never named a user, and a
    /// write at its end would turn its read snapshot into a write, which SQLite refuses at once
    /// ("database is locked", or `SQLITE_BUSY_SNAPSHOT` after another connection committed)
    /// instead of waiting out the busy timeout while another connection holds the write lock.
    /// Such a holder need not be a live writer: a dropped transaction's `ROLLBACK` is only
    /// queued to its connection's worker thread by sqlx, and that connection goes back to the
    /// pool at once, so a read on the next connection can overtake it on a loaded machine.
    ///
    /// # Errors
    /// [`DbErr`] from the database; the transaction is then rolled back.
    pub async fn commit(self) -> Result<(), DbErr> {
        if self.clears_actor {
            self.txn
                .execute_unprepared("DELETE FROM audit_context")
                .await?;
        }
        self.txn.commit().await
    }

    /// Rolls back (what dropping it does too, without waiting for the database).
    ///
    /// # Errors
    /// [`DbErr`] from the database.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for ActingTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}
