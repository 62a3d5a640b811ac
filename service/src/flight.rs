//! PostgreSQL write transactions in as few round trips as their statements allow: what
//! [`crate::acting::write`] gives a call made on a [`Db`].
//!
//! A SeaORM transaction sends `BEGIN`, the acting user, each statement and `COMMIT` in a round
//! trip of its own: six for `log_meal` (a check that the actor is live, the insert, the day's
//! totals), where a round trip to RDS costs 0.3-1 ms. A `Flight` holds one pooled connection
//! for the transaction and sends what the call needs no answer for together with the next
//! statement it does need one for, in one simple-query message:
//!
//! - `BEGIN` and the acting user (`SET LOCAL`) wait for the transaction's first statement;
//! - so does a check that the acting user is live (`Flight::guard`): written to fail (a
//!   division by the count of its rows) when it finds no user, so the server stops the
//!   message there, and nothing after it runs, `COMMIT` included; the call then fails with
//!   `NotFound` (`user`);
//! - savepoints that calls inside a caller's transaction open and release go with the next
//!   statement (or vanish, when nothing was sent inside them);
//! - statements whose answer the call does not need go with `COMMIT`
//!   (`ActingTxn::commit_with`), and so can the last statement whose answer it needs,
//!   when what follows does not depend on that answer
//!   (`ActingTxn::query_and_commit`).
//!
//! So `log_meal` takes one round trip: `BEGIN; SET LOCAL …; <live check>; <insert>; <day's
//! totals>; COMMIT`.
//!
//! A simple query carries no parameters, so each statement goes as its text with each `$N`
//! replaced by its value, written by sea-query's escaping and cast to the type the driver would
//! bind it as ([`crate::autocommit::inline`], the same writing as the reads'; quoted text and
//! comments in the statement are left alone). No `PREPARE`: nothing stays on the connection,
//! and a proxy has no prepared statement to pin a session for. The server plans the statement
//! each time: about 0.1 ms for these writes (pgbench, prepared against planned each time), less
//! than the round trips it saves, and a write's plan never outlives what the server knows of a
//! table. (A cached prepared statement cannot be used: the server's "unknown statement" in the
//! middle of a transaction would abort it, where a read can simply send its message again.) A
//! statement whose values text cannot carry (a NUL, bytes) is sent bound, through the driver,
//! after what was queued.
//!
//! All or nothing as before: `Ok` from `Flight::commit` only once the server answered
//! `COMMIT`. A failed statement dooms the transaction unless a savepoint it ran in is rolled
//! back. A transaction dropped unfinished is rolled back on its connection before that goes
//! back to the pool, and a connection whose state is in doubt (lost mid-message, a failed
//! rollback) is closed, never reused.
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures_util::TryStreamExt;
use sea_orm::sqlx::{
    self, AssertSqlSafe, Either,
    pool::PoolConnection,
    postgres::{PgQueryResult, PgRow, Postgres},
};
use sea_orm::{DbErr, ExecResult, QueryResult, Statement};

use crate::autocommit::{inline, query_err};
use crate::error::sqlstate;
use crate::{Actor, Db};

/// The marker a failed [`Flight::guard`] reports, which [`crate::Error`] turns into
/// `NotFound` for the acting user.
pub(crate) const ACTOR_GONE: &str = "the acting user does not exist or was deleted";

/// What a write transaction's first message starts with, for the floor bench, which sends the
/// service's write messages by hand.
#[doc(hidden)]
pub fn opening(actor: Option<Actor>) -> String {
    // An `Actor` prints as a `Uuid`: hex digits and dashes, nothing to escape.
    let actor = actor.map(|id| id.to_string()).unwrap_or_default();
    format!("BEGIN; SET LOCAL app.current_user_id = '{actor}'")
}

/// A statement as a write message sends it (for the floor bench); `None` when a value cannot
/// be written into text.
#[doc(hidden)]
pub fn statement_text(stmt: &Statement) -> Option<String> {
    Piece::statement(stmt, false).map(|piece| piece.sql)
}

/// A live-user check as a write message sends it (for the floor bench).
#[doc(hidden)]
pub fn guard_text(check: &Statement) -> Option<String> {
    Piece::guard(check).map(|piece| piece.sql)
}

/// One write transaction on one pooled connection, shared by the calls (and their savepoints)
/// that run in it.
pub(crate) struct Flight {
    db: Db,
    /// What goes ahead of the next statement, and the savepoints. A std mutex, never held across
    /// an `await`, so that a savepoint dropped anywhere can queue its rollback.
    plan: Mutex<Plan>,
    /// The connection, held across each message.
    line: tokio::sync::Mutex<Line>,
}

#[derive(Default)]
struct Plan {
    queued: Vec<Queued>,
    /// Savepoints open.
    depth: usize,
    /// The savepoint depth at which a statement failed, none rolled back to since (0: outside
    /// any savepoint, so the transaction can only roll back).
    failed_at: Option<usize>,
    /// A guard found no row: every later statement, and the commit, fail as it did.
    actor_gone: bool,
}

enum Queued {
    /// `BEGIN`, the acting user, `SAVEPOINT`, `RELEASE`, `ROLLBACK TO`.
    Command(String),
    /// A statement that must find a row, else the call fails with [`ACTOR_GONE`].
    Guard(Statement),
}

#[derive(Default)]
struct Line {
    conn: Option<PoolConnection<Postgres>>,
    /// `BEGIN` has been sent: the server may hold the transaction open.
    begun: bool,
    /// `COMMIT` or `ROLLBACK` was answered: the connection is idle again.
    finished: bool,
}

/// What [`Flight::run`] sends after what is queued.
enum Next<'a> {
    /// A statement, and whether its rows (else the count of rows it changed) are wanted.
    Statement(&'a Statement, bool),
    /// SQL without values, perhaps several statements: its answer is all of theirs.
    Raw(&'a str),
}

/// The answer to one statement of a message.
#[derive(Default)]
struct Answer {
    rows: Vec<PgRow>,
    done: PgQueryResult,
}

/// One statement of a message, as sent.
struct Piece {
    sql: String,
    /// How many command completions the server answers it with (`usize::MAX`: the rest).
    results: usize,
    /// Which of them carries the rows and the count the caller wants.
    answer_at: usize,
    /// The statement, for the metric callback and the guard check.
    statement: Option<(Statement, bool)>,
}

impl Piece {
    fn command(sql: impl Into<String>) -> Self {
        Self {
            sql: sql.into(),
            results: 1,
            answer_at: 0,
            statement: None,
        }
    }

    /// `None` when a value cannot be written into text.
    fn statement(stmt: &Statement, guard: bool) -> Option<Self> {
        Some(Self {
            sql: inline(stmt)?,
            results: 1,
            answer_at: 0,
            statement: Some((stmt.clone(), guard)),
        })
    }

    /// `check` made to fail the transaction when it finds no row: a division by the count of
    /// its rows, so the server stops the message there (SQLSTATE 22012) and nothing after it
    /// in the message runs, `COMMIT` included. (Not a constant: a `1/0` in a `CASE` arm may be
    /// folded at planning time.)
    fn guard(check: &Statement) -> Option<Self> {
        Some(Self {
            sql: format!("SELECT 1 / count(*) FROM ({}) AS live", inline(check)?),
            results: 1,
            answer_at: 0,
            statement: Some((check.clone(), true)),
        })
    }

    fn is_guard(&self) -> bool {
        matches!(self.statement, Some((_, true)))
    }
}

impl Flight {
    /// A transaction acting as `actor`, not begun yet: nothing is sent before its first
    /// statement.
    pub(crate) fn new(db: &Db, actor: Option<Actor>) -> Arc<Self> {
        let plan = Plan {
            queued: opening(actor)
                .split("; ")
                .map(|command| Queued::Command(command.to_owned()))
                .collect(),
            ..Plan::default()
        };
        Arc::new(Self {
            db: db.clone(),
            plan: Mutex::new(plan),
            line: tokio::sync::Mutex::new(Line::default()),
        })
    }

    fn plan(&self) -> std::sync::MutexGuard<'_, Plan> {
        // A panic while the lock was held cannot leave the plan half-written: every change
        // to it is a single push, pop or assignment.
        self.plan
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues `check`, a statement that must find a row, to go with the next statement.
    pub(crate) fn guard(&self, check: Statement) {
        self.plan().queued.push(Queued::Guard(check));
    }

    /// Opens a savepoint (sent with the next statement); returns its depth.
    pub(crate) fn open_savepoint(&self) -> usize {
        let mut plan = self.plan();
        plan.depth += 1;
        let depth = plan.depth;
        plan.queued
            .push(Queued::Command(format!("SAVEPOINT ew_{depth}")));
        depth
    }

    /// Ends savepoint `depth`, keeping what was done in it.
    ///
    /// # Errors
    /// When a statement in it failed: it is rolled back instead.
    pub(crate) fn release_savepoint(&self, depth: usize) -> Result<(), DbErr> {
        if self.plan().failed_at.is_some_and(|at| at >= depth) {
            self.rollback_savepoint(depth);
            return Err(failed_before());
        }
        self.end_savepoint(depth, &[format!("RELEASE SAVEPOINT ew_{depth}")]);
        Ok(())
    }

    /// Rolls back savepoint `depth` (what dropping a call's transaction does).
    pub(crate) fn rollback_savepoint(&self, depth: usize) {
        self.end_savepoint(
            depth,
            &[
                format!("ROLLBACK TO SAVEPOINT ew_{depth}"),
                format!("RELEASE SAVEPOINT ew_{depth}"),
            ],
        );
        let mut plan = self.plan();
        if plan.failed_at.is_some_and(|at| at >= depth) {
            plan.failed_at = None;
        }
    }

    /// Queues `end` (one command each) to close savepoint `depth`, or drops its `SAVEPOINT`
    /// when nothing was sent inside it, so that it never has to reach the server.
    fn end_savepoint(&self, depth: usize, end: &[String]) {
        let mut plan = self.plan();
        plan.depth = plan.depth.min(depth.saturating_sub(1));
        let opened = format!("SAVEPOINT ew_{depth}");
        if matches!(plan.queued.last(), Some(Queued::Command(sql)) if *sql == opened) {
            plan.queued.pop();
        } else {
            plan.queued.extend(end.iter().cloned().map(Queued::Command));
        }
    }

    /// Runs `stmt` after what is queued, and returns its rows.
    pub(crate) async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let answer = self.run(Next::Statement(&stmt, true)).await?;
        Ok(answer.rows.into_iter().map(QueryResult::from).collect())
    }

    /// Runs `stmt` after what is queued.
    pub(crate) async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        Ok(self.run(Next::Statement(&stmt, false)).await?.done.into())
    }

    /// Runs `sql` (no values; it may hold several statements) after what is queued.
    pub(crate) async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        Ok(self.run(Next::Raw(sql)).await?.done.into())
    }

    /// Sends what is queued, `finals` and `COMMIT`; `Ok` once the server has committed.
    ///
    /// # Errors
    /// When a statement of the transaction failed (outside a savepoint rolled back since), a
    /// guard found no row, or the commit failed; the transaction is then rolled back.
    pub(crate) async fn commit(&self, finals: &[Statement]) -> Result<(), DbErr> {
        self.finish(None, finals).await.map(drop)
    }

    /// Sends what is queued, `stmt`, `finals` and `COMMIT` in one message, and returns
    /// `stmt`'s rows once the server has committed: a call whose last answer it needs, and
    /// whose statements after it do not depend on that answer, in one round trip.
    ///
    /// # Errors
    /// As [`Flight::commit`].
    pub(crate) async fn query_and_commit(
        &self,
        stmt: &Statement,
        finals: &[Statement],
    ) -> Result<Vec<QueryResult>, DbErr> {
        self.finish(Some(stmt), finals).await
    }

    async fn finish(
        &self,
        stmt: Option<&Statement>,
        finals: &[Statement],
    ) -> Result<Vec<QueryResult>, DbErr> {
        let tail: Option<Vec<Piece>> = stmt
            .into_iter()
            .chain(finals)
            .map(|stmt| Piece::statement(stmt, false))
            .collect();
        // With a statement text cannot carry, each goes in a message of its own (that one
        // bound), in order, and `COMMIT` alone.
        let (tail, sent_rows) = match tail {
            Some(tail) => (tail, None),
            None => {
                let rows = match stmt {
                    Some(stmt) => self.query_all(stmt.clone()).await?,
                    None => Vec::new(),
                };
                for stmt in finals {
                    self.run(Next::Statement(stmt, false)).await?;
                }
                (Vec::new(), Some(rows))
            }
        };
        let mut line = self.line.lock().await;
        if line.finished {
            return Err(DbErr::Custom(
                "internal: a commit after the transaction ended".to_owned(),
            ));
        }
        let (failed, gone) = {
            let plan = self.plan();
            (plan.failed_at.is_some(), plan.actor_gone)
        };
        if failed {
            self.roll_back(&mut line).await;
            return Err(if gone { actor_gone() } else { failed_before() });
        }
        let has_guard = self
            .plan()
            .queued
            .iter()
            .any(|q| matches!(q, Queued::Guard(_)));
        if tail.is_empty() && !line.begun && !has_guard {
            // Nothing was sent, so there is nothing to commit.
            line.finished = true;
            return Ok(sent_rows.unwrap_or_default());
        }
        let mut pieces = self.take_queued()?;
        let answer_at = pieces.len();
        pieces.extend(tail);
        pieces.push(Piece::command("COMMIT"));
        let (mut answers, failed) = self.send(&mut line, &pieces).await?;
        if let Some(err) = failed {
            self.roll_back(&mut line).await;
            return Err(err);
        }
        line.finished = true;
        // Back to the pool now: the transaction is over.
        line.conn = None;
        if let Some(rows) = sent_rows {
            return Ok(rows);
        }
        if stmt.is_none() || answer_at >= answers.len() {
            return Ok(Vec::new());
        }
        let answer = answers.swap_remove(answer_at);
        Ok(answer.rows.into_iter().map(QueryResult::from).collect())
    }

    /// Rolls the transaction back (nothing is sent if it never began).
    pub(crate) async fn rollback(&self) {
        let mut line = self.line.lock().await;
        self.roll_back(&mut line).await;
    }

    async fn roll_back(&self, line: &mut Line) {
        self.plan().queued.clear();
        if line.begun
            && !line.finished
            && let Some(conn) = line.conn.as_mut()
            && sqlx::raw_sql("ROLLBACK")
                .execute(&mut **conn)
                .await
                .is_err()
            && let Some(conn) = line.conn.as_mut()
        {
            conn.close_on_drop();
        }
        line.finished = true;
        line.conn = None;
    }

    fn take_queued(&self) -> Result<Vec<Piece>, DbErr> {
        std::mem::take(&mut self.plan().queued)
            .into_iter()
            .map(|queued| match queued {
                Queued::Command(sql) => Ok(Piece::command(sql)),
                // A guard's values are a `Uuid`: always written as text.
                Queued::Guard(stmt) => Piece::guard(&stmt).ok_or_else(|| {
                    DbErr::Custom("internal: a guard whose values text cannot carry".to_owned())
                }),
            })
            .collect()
    }

    /// Queues `sql` (no values, one statement; its answer is not needed) to go with the next
    /// statement.
    pub(crate) fn queue(&self, sql: String) {
        self.plan().queued.push(Queued::Command(sql));
    }

    /// Sends what is queued and then `stmt` (or `raw`), and returns the last one's answer.
    async fn run(&self, next: Next<'_>) -> Result<Answer, DbErr> {
        let mut line = self.line.lock().await;
        if line.finished {
            return Err(DbErr::Custom(
                "internal: a statement after the transaction ended".to_owned(),
            ));
        }
        if self.plan().actor_gone {
            return Err(actor_gone());
        }
        let mut pieces = self.take_queued()?;
        let last = match next {
            Next::Statement(stmt, rows) => match Piece::statement(stmt, false) {
                Some(piece) => piece,
                None => return self.run_bound(&mut line, pieces, stmt, rows).await,
            },
            Next::Raw(sql) => Piece {
                sql: sql.to_owned(),
                results: usize::MAX,
                answer_at: 0,
                statement: None,
            },
        };
        pieces.push(last);
        let (mut answers, failed) = self.send(&mut line, &pieces).await?;
        if let Some(err) = failed {
            self.failed_here();
            return Err(err);
        }
        Ok(answers.pop().unwrap_or_default())
    }

    /// A statement whose values text cannot carry: what is queued in one message, then the
    /// statement bound, through the driver.
    async fn run_bound(
        &self,
        line: &mut Line,
        pieces: Vec<Piece>,
        stmt: &Statement,
        rows: bool,
    ) -> Result<Answer, DbErr> {
        if !pieces.is_empty() {
            let (_, failed) = self.send(line, &pieces).await?;
            if let Some(err) = failed {
                self.failed_here();
                return Err(err);
            }
        }
        let conn = line.conn.as_mut().ok_or_else(|| {
            DbErr::Custom("internal: no connection after the first message".to_owned())
        })?;
        let values = stmt.values.clone().unwrap_or(sea_orm::Values(Vec::new()));
        let query = sqlx::query_with(
            AssertSqlSafe(stmt.sql.clone()),
            sea_query_sqlx::SqlxValues(values),
        );
        let started = Instant::now();
        let sent = if rows {
            query.fetch_all(&mut **conn).await.map(|rows| Answer {
                rows,
                ..Answer::default()
            })
        } else {
            query.execute(&mut **conn).await.map(|done| Answer {
                done,
                ..Answer::default()
            })
        };
        self.db.record(stmt, started, sent.is_err());
        sent.map_err(|err| {
            self.failed_here();
            query_err(err)
        })
    }

    /// Notes that a statement failed in the innermost savepoint open (or outside any).
    fn failed_here(&self) {
        let mut plan = self.plan();
        let depth = plan.depth;
        plan.failed_at = Some(plan.failed_at.map_or(depth, |at| at.min(depth)));
    }

    /// Sends `pieces` as one message on the transaction's connection (taken from the pool
    /// for the first), and splits the server's answers by piece. The error, if any, is that
    /// of the first piece without an answer; what follows it in the message did not run.
    ///
    /// The first message is sent again on another connection when the one it went out on
    /// turns out to have been closed while it sat in the pool and the server cannot have kept
    /// any of it (see the comment at the retry); nothing of the transaction was answered yet.
    async fn send(
        &self,
        line: &mut Line,
        pieces: &[Piece],
    ) -> Result<(Vec<Answer>, Option<DbErr>), DbErr> {
        let sql = pieces
            .iter()
            .map(|p| p.sql.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let first = !line.begun;
        let commits = pieces.iter().any(|p| p.sql == "COMMIT");
        let mut attempt = 1;
        loop {
            if line.conn.is_none() {
                let pool = self.db.primary().get_postgres_connection_pool();
                line.conn = Some(pool.acquire().await.map_err(query_err)?);
            }
            let Some(conn) = line.conn.as_mut() else {
                continue;
            };
            line.begun = true;
            let started = Instant::now();
            let (answers, failed) = split(conn, &sql, pieces).await;
            let failed = failed.map(query_err);
            for (i, piece) in pieces.iter().enumerate() {
                if let Some((stmt, _)) = &piece.statement
                    && i <= answers.len()
                {
                    self.db
                        .record(stmt, started, i == answers.len() && failed.is_some());
                }
            }
            let failed = match failed {
                // A guard stopped the message: the acting user is gone.
                Some(err)
                    if pieces.get(answers.len()).is_some_and(Piece::is_guard)
                        && sqlstate(&err).as_deref() == Some(DIVISION_BY_ZERO) =>
                {
                    let mut plan = self.plan();
                    plan.failed_at = Some(0);
                    plan.actor_gone = true;
                    Some(actor_gone())
                }
                failed => failed,
            };
            match failed {
                Some(err) if crate::acting::lost(&err) => {
                    // The connection is gone; never back into the pool.
                    if let Some(mut conn) = line.conn.take() {
                        conn.close_on_drop();
                    }
                    // Sent again only when the server cannot have kept any of it: a message
                    // without `COMMIT` (a dead connection's transaction is rolled back), or
                    // one the server said goodbye to before answering anything. A backend
                    // that is ended flushes what it has answered before its goodbye, so no
                    // answer ahead of it means not even `BEGIN` ran. Any other loss with
                    // `COMMIT` in the message is in doubt: the caller gets `Unavailable`.
                    let untouched = answers.is_empty()
                        && sqlstate(&err).is_some_and(|code| code.starts_with("57P"));
                    if first && (!commits || untouched) && attempt < crate::acting::BEGIN_ATTEMPTS {
                        attempt += 1;
                        line.begun = false;
                        continue;
                    }
                    line.finished = true;
                    return Err(err);
                }
                failed => return Ok((answers, failed)),
            }
        }
    }
}

/// Sends `sql` and splits its answers by piece.
async fn split(
    conn: &mut PoolConnection<Postgres>,
    sql: &str,
    pieces: &[Piece],
) -> (Vec<Answer>, Option<sqlx::Error>) {
    let mut stream = sqlx::raw_sql(AssertSqlSafe(sql.to_owned())).fetch_many(&mut **conn);
    let mut answers = Vec::with_capacity(pieces.len());
    let mut current = Answer::default();
    let mut seen = 0;
    while let Some(piece) = pieces.get(answers.len()) {
        match stream.try_next().await {
            Ok(Some(Either::Right(row))) => {
                if seen == piece.answer_at || piece.results == usize::MAX {
                    current.rows.push(row);
                }
            }
            Ok(Some(Either::Left(done))) => {
                if seen == piece.answer_at || piece.results == usize::MAX {
                    current.done.extend([done]);
                }
                seen += 1;
                if seen == piece.results {
                    answers.push(std::mem::take(&mut current));
                    seen = 0;
                }
            }
            Ok(None) => {
                // The last piece took the rest.
                answers.push(std::mem::take(&mut current));
                break;
            }
            Err(err) => return (answers, Some(err)),
        }
    }
    (answers, None)
}

/// What a failed guard answers.
const DIVISION_BY_ZERO: &str = "22012";

/// A [`DbErr`] no SeaORM call reads as anything but an error (an insert reads
/// `RecordNotFound` as "nothing inserted").
fn actor_gone() -> DbErr {
    DbErr::Custom(ACTOR_GONE.to_owned())
}

fn failed_before() -> DbErr {
    DbErr::Custom(
        "the transaction was rolled back: a statement in it failed, and no savepoint around \
         that statement was rolled back"
            .to_owned(),
    )
}

impl Drop for Flight {
    fn drop(&mut self) {
        let line = self.line.get_mut();
        let Some(mut conn) = line.conn.take() else {
            return;
        };
        if !line.begun || line.finished {
            return;
        }
        // Unfinished: roll back before the connection goes back to the pool. A drop cannot
        // wait, so a task does it; without a runtime to run it, the connection is closed.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await.is_err() {
                        conn.close_on_drop();
                    }
                });
            }
            Err(_) => conn.close_on_drop(),
        }
    }
}
