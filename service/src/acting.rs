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
//!
//! Every service call takes a [`Conn`]: a [`Db`] (the call runs in a transaction of its own)
//! or an [`ActingTxn`] the caller began (the call runs inside it, in a savepoint, so that it
//! is still all or nothing; the caller's commit makes it durable). See [`begin`].
#[cfg(feature = "postgres")]
use crate::flight::Flight;
use crate::{Db, Error, Forbidden, Result};
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait, sea_query::Value,
};
use serde::Serialize;
#[cfg(feature = "postgres")]
use std::sync::Arc;
use uuid::Uuid;

/// The signed-in user a call acts as. Its own type, so that it cannot be swapped with the id
/// of a row; get one from [`crate::accounts::resolve_session`] (or, for a trusted job or a
/// test, [`Actor::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Actor(Uuid);

impl Actor {
    /// The user `id`, acting. Only for an id the caller has authenticated (a resolved session)
    /// or trusts (a job, a test): the service lets an actor reach all of that user's rows.
    pub const fn new(id: Uuid) -> Self {
        Self(id)
    }

    /// The acting user's id.
    pub const fn id(self) -> Uuid {
        self.0
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<Actor> for Uuid {
    fn from(actor: Actor) -> Self {
        actor.0
    }
}

impl From<Actor> for Value {
    fn from(actor: Actor) -> Self {
        actor.0.into()
    }
}

/// Where a service call runs: a [`Db`] (a transaction of its own) or an [`ActingTxn`] begun by
/// the caller (a savepoint inside it). Sealed: those two are the only kinds.
pub trait Conn: ConnectionTrait + Sync + private::Sealed {
    #[doc(hidden)]
    fn scope(&self) -> Scope<'_>;
}

#[doc(hidden)]
pub enum Scope<'a> {
    Pool(&'a Db),
    Txn(&'a ActingTxn),
}

mod private {
    pub trait Sealed {}
    impl Sealed for crate::Db {}
    impl Sealed for super::ActingTxn {}
}

impl Conn for Db {
    fn scope(&self) -> Scope<'_> {
        Scope::Pool(self)
    }
}

impl Conn for ActingTxn {
    fn scope(&self) -> Scope<'_> {
        Scope::Txn(self)
    }
}

/// A write transaction acting as a user (or as no user). Use it wherever a connection is
/// expected, or pass it to service calls so they commit or roll back together; finish it with
/// [`ActingTxn::commit`] (dropping it rolls back).
pub struct ActingTxn {
    txn: Txn,
    /// SQLite write transactions only: `audit_context` holds the acting user until commit.
    /// A read never wrote it, and must not write on its way out (see [`ActingTxn::commit`]);
    /// nor does a savepoint inside a caller's transaction, whose commit clears it.
    clears_actor: bool,
    actor: Option<Actor>,
}

/// Where an [`ActingTxn`]'s statements go.
enum Txn {
    /// A transaction on one connection (SQLite; a caller's own connection).
    Open(DatabaseTransaction),
    /// PostgreSQL: a transaction whose statements travel together (see [`crate::flight`]).
    #[cfg(feature = "postgres")]
    Flight(FlightTxn),
    /// No transaction: a read made on a [`Db`], each statement on its own, naming the actor
    /// (see [`crate::autocommit`]).
    Autocommit(Db),
}

/// A [`Flight`] as one call sees it: the whole transaction, or a savepoint in it.
#[cfg(feature = "postgres")]
struct FlightTxn {
    flight: Arc<Flight>,
    /// A call's savepoint inside a caller's transaction (its depth).
    savepoint: Option<usize>,
    /// Committed, or rolled back on request.
    ended: bool,
}

#[cfg(feature = "postgres")]
impl FlightTxn {
    async fn commit(&mut self, finals: &[Statement]) -> Result<(), DbErr> {
        self.ended = true;
        match self.savepoint {
            None => self.flight.commit(finals).await,
            Some(depth) => {
                for stmt in finals {
                    if let Err(err) = self.flight.execute(stmt.clone()).await {
                        self.flight.rollback_savepoint(depth);
                        return Err(err);
                    }
                }
                self.flight.release_savepoint(depth)
            }
        }
    }

    async fn rollback(&mut self) {
        self.ended = true;
        match self.savepoint {
            None => self.flight.rollback().await,
            Some(depth) => self.flight.rollback_savepoint(depth),
        }
    }
}

#[cfg(feature = "postgres")]
impl Drop for FlightTxn {
    fn drop(&mut self) {
        // The whole transaction rolls back when its `Flight` is dropped.
        if !self.ended
            && let Some(depth) = self.savepoint
        {
            self.flight.rollback_savepoint(depth);
        }
    }
}

/// Begins a write transaction acting as `actor`, for a caller that wants several service calls
/// to commit or roll back together: pass `&txn` to each, then [`ActingTxn::commit`].
///
/// ```no_run
/// # use service::{Actor, Result};
/// # async fn f(db: &service::Db, actor: Actor, recommendation: uuid::Uuid) -> Result<()> {
/// use service::recommendations;
/// let txn = service::begin(db, actor).await?;
/// recommendations::accept(&txn, actor, recommendation, None).await?;
/// // ... more calls with &txn, acting as the same user
/// txn.commit().await?;
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`Error::Unavailable`] and the rest from the database.
pub async fn begin(db: &Db, actor: Actor) -> Result<ActingTxn> {
    write(db, Some(actor)).await
}

/// Begins a write transaction acting as `actor` (`None`: no user, e.g. a system job). On SQLite
/// it is `BEGIN IMMEDIATE`, which takes the write lock up front instead of failing to upgrade
/// a read lock later. Given a caller's transaction, a savepoint in it.
///
/// # Errors
/// [`Error::Forbidden`] ([`Forbidden::OtherActor`]) when the caller's transaction acts as
/// another user; [`Error::Unavailable`] and the rest from the database.
pub async fn write(db: &impl Conn, actor: Option<Actor>) -> Result<ActingTxn> {
    let db = match db.scope() {
        Scope::Txn(outer) => return outer.savepoint(actor).await,
        Scope::Pool(db) => db,
    };
    let backend = db.get_database_backend();
    #[cfg(feature = "postgres")]
    if backend == DbBackend::Postgres {
        return Ok(ActingTxn {
            txn: Txn::Flight(FlightTxn {
                flight: Flight::new(db, actor),
                savepoint: None,
                ended: false,
            }),
            clears_actor: false,
            actor,
        });
    }
    let txn = begin_on_live_connection(|| {
        db.primary().begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
    })
    .await?;
    name_actor(&txn, backend, actor).await?;
    Ok(ActingTxn {
        txn: Txn::Open(txn),
        clears_actor: backend == DbBackend::Sqlite,
        actor,
    })
}

/// Starts a read acting as `actor`. Given a [`Db`], no transaction: each statement of the read
/// runs on its own on the read pool (a SQLite file's read-only connections, which never wait
/// for the writer; a PostgreSQL read replica when one may answer, see [`Db::primary_reads`]),
/// on PostgreSQL in one message that makes it read-only and names `actor`, so
/// the row-level security policies show only the rows `actor` may see (see
/// [`crate::autocommit`]: one round trip a statement). On SQLite (no such policies) the
/// service's own filters keep other users' rows out. Given a caller's transaction, a savepoint
/// in it (which sees the caller's writes).
///
/// # Errors
/// As [`write()`].
pub async fn read(db: &impl Conn, actor: Option<Actor>) -> Result<ActingTxn> {
    let db = match db.scope() {
        Scope::Txn(outer) => return outer.savepoint(actor).await,
        Scope::Pool(db) => db,
    };
    Ok(ActingTxn {
        txn: Txn::Autocommit(db.clone()),
        clears_actor: false,
        actor,
    })
}

/// As [`read()`], on the primary even where a replica could answer: for a read whose answer a
/// write or a security decision rests on (signing in, a password's history, a reset token,
/// the sessions, a card about to be charged, a row the call itself just wrote), which must not
/// be behind the primary.
///
/// # Errors
/// As [`write()`].
pub(crate) async fn read_primary(db: &impl Conn, actor: Option<Actor>) -> Result<ActingTxn> {
    match db.scope() {
        Scope::Txn(_) => read(db, actor).await,
        Scope::Pool(db) => read(&db.primary_reads(), actor).await,
    }
}

async fn name_actor(
    txn: &DatabaseTransaction,
    backend: DbBackend,
    actor: Option<Actor>,
) -> Result<(), DbErr> {
    match (backend, actor) {
        (DbBackend::Postgres, _) => {
            txn.execute_unprepared(&set_actor_sql(actor)).await?;
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

/// How many pooled connections a call tries before it reports a lost connection.
pub(crate) const BEGIN_ATTEMPTS: usize = 4;

/// Whether `err` says the connection was gone before anything was sent on it: the server
/// restarted, or a proxy or a firewall cut it while it sat idle in the pool.
pub(crate) fn lost(err: &DbErr) -> bool {
    matches!(
        crate::Unavailable::of(err),
        // A connection the server ended while it was idle reports the server's goodbye
        // (57P01) when it is next read.
        Some(crate::Unavailable::ConnectionLost | crate::Unavailable::ShuttingDown)
    )
}

/// Begins a transaction, on another pooled connection when the first one turns out to be gone
/// (the server restarted, a proxy or a firewall cut it while it sat idle). Nothing of the call
/// has been sent when `BEGIN` fails, so trying again cannot apply anything twice; the dead
/// connection is closed, never reused. This is what a pre-ping would buy (see
/// [`crate::PoolConfig::pre_ping`]) without its round trip on every call.
async fn begin_on_live_connection<F, Fut>(mut begin: F) -> Result<DatabaseTransaction>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = std::result::Result<DatabaseTransaction, DbErr>>,
{
    let mut attempt = 1;
    loop {
        match begin().await {
            Err(err) if attempt < BEGIN_ATTEMPTS && lost(&err) => {
                attempt += 1;
            }
            other => return Ok(other?),
        }
    }
}

/// PostgreSQL's statement naming the acting user for the rest of the transaction. Unprepared,
/// like BEGIN: bookkeeping, not one of the statements a function promises ("one query"), no
/// prepared statement per transaction, and it can share a message (a round trip) with another
/// statement. Inlining is safe: an [`Actor`] prints as a `Uuid`, hex digits and dashes only.
pub(crate) fn set_actor_sql(actor: Option<Actor>) -> String {
    let actor = actor.map(|id| id.to_string()).unwrap_or_default();
    format!("SELECT set_config('app.current_user_id', '{actor}', true)")
}

impl ActingTxn {
    /// The user this transaction acts as (`None`: no user, a system job).
    pub fn actor(&self) -> Option<Actor> {
        self.actor
    }

    /// A savepoint in this transaction for a call acting as `actor`, which must be the user
    /// this transaction acts as: a call's all-or-nothing holds inside the caller's transaction
    /// (a failed call rolls back to the savepoint, and on PostgreSQL leaves the transaction
    /// usable), while only the caller's commit makes anything durable.
    async fn savepoint(&self, actor: Option<Actor>) -> Result<ActingTxn> {
        if actor != self.actor {
            return Err(Error::Forbidden(Forbidden::OtherActor));
        }
        let txn = match &self.txn {
            Txn::Open(txn) => Txn::Open(txn.begin().await?),
            #[cfg(feature = "postgres")]
            Txn::Flight(outer) => Txn::Flight(FlightTxn {
                savepoint: Some(outer.flight.open_savepoint()),
                flight: outer.flight.clone(),
                ended: false,
            }),
            // Statements that each run on their own need no savepoint.
            Txn::Autocommit(db) => Txn::Autocommit(db.clone()),
        };
        Ok(ActingTxn {
            txn,
            clears_actor: false,
            actor,
        })
    }

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
        self.commit_with(Vec::new()).await
    }

    /// Runs `finals`, statements whose answers the call does not need, and commits: on
    /// PostgreSQL in the same round trip as `COMMIT` (see [`crate::flight`]).
    ///
    /// # Errors
    /// [`DbErr`] from a statement or the commit; the transaction is then rolled back.
    pub(crate) async fn commit_with(self, finals: Vec<Statement>) -> Result<(), DbErr> {
        match self.txn {
            Txn::Open(txn) => {
                for stmt in finals {
                    txn.execute_raw(stmt).await?;
                }
                if self.clears_actor {
                    txn.execute_unprepared("DELETE FROM audit_context").await?;
                }
                txn.commit().await
            }
            #[cfg(feature = "postgres")]
            Txn::Flight(mut flight) => flight.commit(&finals).await,
            Txn::Autocommit(db) => {
                for stmt in finals {
                    crate::autocommit::execute(&db, self.actor, stmt).await?;
                }
                Ok(())
            }
        }
    }

    /// Runs `stmt`, then `finals`, and commits; returns `stmt`'s rows. On PostgreSQL all of it
    /// is one round trip with what was queued (see [`crate::flight`]): for a call whose last
    /// answer does not change what it sends after it.
    ///
    /// # Errors
    /// As [`ActingTxn::commit_with`].
    pub(crate) async fn query_and_commit(
        self,
        stmt: Statement,
        finals: Vec<Statement>,
    ) -> Result<Vec<QueryResult>, DbErr> {
        #[cfg(feature = "postgres")]
        if let Txn::Flight(FlightTxn {
            flight,
            savepoint: None,
            ..
        }) = &self.txn
        {
            return flight.query_and_commit(&stmt, &finals).await;
        }
        let rows = self.query_all_raw(stmt).await?;
        self.commit_with(finals).await?;
        Ok(rows)
    }

    /// Runs `sql`, a statement whose answer the call does not need (no values; a lock, say):
    /// on PostgreSQL it goes with the transaction's next statement (see [`crate::flight`]),
    /// elsewhere it runs now.
    ///
    /// # Errors
    /// [`DbErr`] from the database (on PostgreSQL, from the next statement's message).
    pub(crate) async fn bookkeeping(&self, sql: String) -> Result<(), DbErr> {
        #[cfg(feature = "postgres")]
        if let Some(flight) = self.flight() {
            flight.queue(sql);
            return Ok(());
        }
        self.execute_unprepared(&sql).await.map(drop)
    }

    /// The transaction's [`Flight`], when it is one (PostgreSQL, on a [`Db`]).
    #[cfg(feature = "postgres")]
    pub(crate) fn flight(&self) -> Option<&Flight> {
        match &self.txn {
            Txn::Flight(flight) => Some(&flight.flight),
            _ => None,
        }
    }

    /// Rolls back (what dropping it does too, without waiting for the database).
    ///
    /// # Errors
    /// [`DbErr`] from the database.
    pub async fn rollback(self) -> Result<(), DbErr> {
        match self.txn {
            Txn::Open(txn) => txn.rollback().await,
            #[cfg(feature = "postgres")]
            Txn::Flight(mut flight) => {
                flight.rollback().await;
                Ok(())
            }
            Txn::Autocommit(_) => Ok(()),
        }
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for ActingTxn {
    fn get_database_backend(&self) -> DbBackend {
        match &self.txn {
            Txn::Open(txn) => txn.get_database_backend(),
            #[cfg(feature = "postgres")]
            Txn::Flight(_) => DbBackend::Postgres,
            Txn::Autocommit(db) => db.get_database_backend(),
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match &self.txn {
            Txn::Open(txn) => txn.execute_raw(stmt).await,
            #[cfg(feature = "postgres")]
            Txn::Flight(flight) => flight.flight.execute(stmt).await,
            Txn::Autocommit(db) => crate::autocommit::execute(db, self.actor, stmt).await,
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match &self.txn {
            Txn::Open(txn) => txn.execute_unprepared(sql).await,
            #[cfg(feature = "postgres")]
            Txn::Flight(flight) => flight.flight.execute_unprepared(sql).await,
            Txn::Autocommit(db) => crate::autocommit::execute_unprepared(db, self.actor, sql).await,
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match &self.txn {
            Txn::Open(txn) => txn.query_one_raw(stmt).await,
            #[cfg(feature = "postgres")]
            Txn::Flight(flight) => Ok(flight.flight.query_all(stmt).await?.into_iter().next()),
            Txn::Autocommit(db) => Ok(crate::autocommit::query_all(db, self.actor, stmt)
                .await?
                .into_iter()
                .next()),
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match &self.txn {
            Txn::Open(txn) => txn.query_all_raw(stmt).await,
            #[cfg(feature = "postgres")]
            Txn::Flight(flight) => flight.flight.query_all(stmt).await,
            Txn::Autocommit(db) => crate::autocommit::query_all(db, self.actor, stmt).await,
        }
    }

    fn support_returning(&self) -> bool {
        match &self.txn {
            Txn::Open(txn) => txn.support_returning(),
            #[cfg(feature = "postgres")]
            Txn::Flight(_) => true,
            Txn::Autocommit(db) => db.support_returning(),
        }
    }
}
