//! Reads made outside any transaction, one statement at a time: what [`crate::acting::read`]
//! gives a call made on a [`Db`].
//!
//! A service read used to open a transaction: `BEGIN`, the read-only mode and the acting user,
//! the query, `COMMIT`: four round trips where the query alone takes one, and a round trip to
//! RDS costs 0.3-1 ms. Nothing needs that transaction. PostgreSQL reads at READ COMMITTED, so
//! each statement of a read transaction took its own snapshot anyway, and the acting user only
//! has to be named in the same transaction as the statement the row-level security policies
//! filter. So each statement goes alone:
//!
//! - **PostgreSQL**: one simple-query message, `SET TRANSACTION READ ONLY; SET LOCAL jit =
//!   off; SET LOCAL app.current_user_id = '<actor>'; EXECUTE es_<hash>(<values>)`. The server
//!   runs the statements of one message as one implicit transaction, so the settings and the
//!   read-only mode hold for the statement and end with it: one round trip, and nothing of the call left
//!   on the connection. The statement itself is an SQL-level prepared statement, made on a
//!   connection the first time it runs there (`PREPARE es_<hash> (<types>) AS <the statement>`
//!   in the same message, after the server answers that it does not know the name: one more
//!   round trip, once per connection and statement): the server keeps its plan as it keeps a
//!   driver's, and replans it when `ANALYZE` changes what it knows of a table. (Sending each
//!   statement's text to be planned anew costs more than a round trip for the joins of a
//!   progress or verdicts read: 1-2 ms of planning under row-level security.) A simple query
//!   carries no parameters, so the values are written by sea-query (its escaping), each cast
//!   to the type the driver would have bound it as. A value sea-query cannot write exactly (a
//!   string holding a NUL, a non-finite float, bytes) sends that statement the prepared way of
//!   a transaction instead: `BEGIN`, the mode and the actor, the statement, `COMMIT`.
//! - **SQLite**: the statement on a connection of the read pool, which can only read; no
//!   `BEGIN`/`COMMIT` around it (each was a hop to the connection's thread).
#[cfg(feature = "postgres")]
use sea_orm::DbBackend;
use sea_orm::{ConnectionTrait, DbErr, ExecResult, QueryResult, Statement};

use crate::{Actor, Db};

/// Runs `stmt`, a read, acting as `actor`, and returns its rows.
pub(crate) async fn query_all(
    db: &Db,
    actor: Option<Actor>,
    stmt: Statement,
) -> Result<Vec<QueryResult>, DbErr> {
    match db.get_database_backend() {
        #[cfg(feature = "postgres")]
        DbBackend::Postgres => postgres::query_all(db, actor, stmt).await,
        _ => {
            let _ = actor;
            db.reader().query_all_raw(stmt).await
        }
    }
}

/// Runs `stmt` acting as `actor` (on PostgreSQL in a read-only transaction: a write fails).
pub(crate) async fn execute(
    db: &Db,
    actor: Option<Actor>,
    stmt: Statement,
) -> Result<ExecResult, DbErr> {
    match db.get_database_backend() {
        #[cfg(feature = "postgres")]
        DbBackend::Postgres => postgres::execute(db, actor, stmt).await,
        _ => {
            let _ = actor;
            db.reader().execute_raw(stmt).await
        }
    }
}

/// Runs `sql` (no values) acting as `actor`.
pub(crate) async fn execute_unprepared(
    db: &Db,
    actor: Option<Actor>,
    sql: &str,
) -> Result<ExecResult, DbErr> {
    match db.get_database_backend() {
        #[cfg(feature = "postgres")]
        DbBackend::Postgres => postgres::execute_unprepared(db, actor, sql).await,
        _ => {
            let _ = actor;
            db.reader().execute_unprepared(sql).await
        }
    }
}

/// What a statement starts with to be run with its generic plan from the first call on
/// PostgreSQL (`plan_cache_mode = force_generic_plan`, for that read's transaction only): a
/// statement built to cost what its matches cost whatever its values (the recipe search), and
/// whose planning costs more than running it (4 ms against 3 ms for a search at scale). Left
/// to choose, PostgreSQL kept planning it on every call when its custom plans were priced
/// below the generic one. A comment, so SQLite and a plan's `EXPLAIN` read past it.
pub(crate) const GENERIC_PLAN: &str = "/* generic plan */ ";

#[cfg(feature = "postgres")]
pub(crate) use postgres::query_err;
/// For the floor bench, which sends the service's read messages by hand.
#[cfg(feature = "postgres")]
#[doc(hidden)]
pub use postgres::{Call, inline, prologue};

#[cfg(feature = "postgres")]
mod postgres {
    use std::sync::Arc;
    use std::time::Instant;

    use sea_orm::sea_query::{ArrayType, PostgresQueryBuilder, QueryBuilder, Value};
    use sea_orm::sqlx::{self, AssertSqlSafe};
    use sea_orm::{
        ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
        QueryResult, RuntimeErr, Statement, TransactionTrait,
    };

    use crate::{Actor, Db};

    /// What a read's transaction starts with, besides naming the actor. `jit = off`:
    /// PostgreSQL compiles a plan whose estimated cost passes `jit_above_cost` (100,000 by
    /// default) before running it, 100-130 ms on this project's statements, on every
    /// execution with such a plan. No read here runs long enough to gain from it, and a plan
    /// can pass the threshold through a branch it never runs (the recipe search's fallback,
    /// priced for thousands of rows, while the walk in rank order fills the page).
    const READ_SETTINGS: &str = "SET TRANSACTION READ ONLY; SET LOCAL jit = off";

    /// What every read message starts with.
    pub fn prologue(actor: Option<Actor>) -> String {
        // An `Actor` prints as a `Uuid`: hex digits and dashes, nothing to escape.
        let actor = actor.map(|id| id.to_string()).unwrap_or_default();
        format!("{READ_SETTINGS}; SET LOCAL app.current_user_id = '{actor}'")
    }

    pub(super) async fn query_all(
        db: &Db,
        actor: Option<Actor>,
        stmt: Statement,
    ) -> Result<Vec<QueryResult>, DbErr> {
        let Some(call) = Call::of(&stmt) else {
            return read_in_transaction(db, actor, stmt).await;
        };
        let prologue = prologue(actor);
        let started = Instant::now();
        let (prologue, call) = (&prologue, &call);
        let rows = routed(db, |pool| async move {
            let pool = pool.get_postgres_connection_pool();
            let mut conn = pool.acquire().await.map_err(query_err)?;
            let execute = format!("{prologue}; {}", call.execute);
            let sent = sqlx::raw_sql(AssertSqlSafe(execute))
                .fetch_all(&mut *conn)
                .await;
            if !sent
                .as_ref()
                .is_err_and(|e| has_sqlstate(e, UNKNOWN_STATEMENT))
            {
                return sent.map_err(query_err).map(Some);
            }
            let both = format!("{prologue}; {}; {}", call.prepare, call.execute);
            match sqlx::raw_sql(AssertSqlSafe(both))
                .fetch_all(&mut *conn)
                .await
            {
                // Known after all: a proxy gave this message another server connection than
                // the first. Leave it to the prepared way below.
                Err(e) if has_sqlstate(&e, DUPLICATE_STATEMENT) => Ok(None),
                sent => sent.map_err(query_err).map(Some),
            }
        })
        .await;
        db.record(&stmt, started, rows.is_err());
        match rows? {
            Some(rows) => Ok(rows.into_iter().map(QueryResult::from).collect()),
            None => read_in_transaction(db, actor, stmt).await,
        }
    }

    pub(super) async fn execute(
        db: &Db,
        actor: Option<Actor>,
        stmt: Statement,
    ) -> Result<ExecResult, DbErr> {
        // Not a read's way (a read-only transaction refuses writes); here for completeness, on
        // the primary.
        let txn = begin_prepared(db.reader(), actor).await?;
        let done = txn.execute_raw(stmt).await?;
        txn.commit().await?;
        Ok(done)
    }

    pub(super) async fn execute_unprepared(
        db: &Db,
        actor: Option<Actor>,
        sql: &str,
    ) -> Result<ExecResult, DbErr> {
        let message = format!("{}; {sql}", prologue(actor));
        let started = Instant::now();
        let message = &message;
        let done = routed(db, |pool| async move {
            sqlx::raw_sql(AssertSqlSafe(message.clone()))
                .execute(pool.get_postgres_connection_pool())
                .await
                .map_err(query_err)
        })
        .await;
        let sent = Statement::from_string(DbBackend::Postgres, message);
        db.record(&sent, started, done.is_err());
        Ok(done?.into())
    }

    /// The slow way, for a statement whose values cannot be written into its text (or a
    /// prepared name a proxy's connections disagree on): `BEGIN`, the mode and the actor, the
    /// statement through the driver, `COMMIT`.
    async fn read_in_transaction(
        db: &Db,
        actor: Option<Actor>,
        stmt: Statement,
    ) -> Result<Vec<QueryResult>, DbErr> {
        let stmt = &stmt;
        routed(db, |pool| async move {
            let txn = begin_prepared(&pool, actor).await?;
            let rows = txn.query_all_raw(stmt.clone()).await?;
            txn.commit().await?;
            Ok(rows)
        })
        .await
    }

    async fn begin_prepared(
        pool: &DatabaseConnection,
        actor: Option<Actor>,
    ) -> Result<DatabaseTransaction, DbErr> {
        let txn = pool.begin().await?;
        let naming = crate::acting::set_actor_sql(actor);
        txn.execute_unprepared(&format!("{READ_SETTINGS}; {naming}"))
            .await?;
        Ok(txn)
    }

    /// Runs a read on a replica when one may answer (see [`crate::replicas`]), and on the
    /// primary when none may, or when the replica fails as unavailable: a read applies
    /// nothing, so it can always be sent again, and no call fails because a replica went
    /// away.
    async fn routed<T, F, Fut>(db: &Db, attempt: F) -> Result<T, DbErr>
    where
        F: Fn(DatabaseConnection) -> Fut,
        Fut: std::future::Future<Output = Result<T, DbErr>>,
    {
        if let Some(replica) = db.replica() {
            match attempt(replica.pool().clone()).await {
                Err(err) if replica.failed(&err) => {}
                done => return done,
            }
        }
        retry_lost(|| attempt(db.reader().clone())).await
    }

    /// Tries a read again on another connection when the first turns out to have been closed
    /// by the server (or a proxy) while it sat in the pool: a read applies nothing, so it can
    /// always be sent twice.
    async fn retry_lost<T, F, Fut>(mut attempt: F) -> Result<T, DbErr>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, DbErr>>,
    {
        let mut tries = 1;
        loop {
            match attempt().await {
                Err(err) if tries < crate::acting::BEGIN_ATTEMPTS && crate::acting::lost(&err) => {
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    /// A driver error as SeaORM reports it, so that [`crate::Error`] classifies it the same.
    pub(crate) fn query_err(err: sqlx::Error) -> DbErr {
        match err {
            sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout),
            sqlx::Error::PoolClosed => {
                DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed)
            }
            err => DbErr::Query(RuntimeErr::SqlxError(Arc::new(err))),
        }
    }

    /// PostgreSQL's SQLSTATE for an `EXECUTE` of a name the connection has not prepared.
    const UNKNOWN_STATEMENT: &str = "26000";
    /// ... and for a `PREPARE` of a name it has.
    const DUPLICATE_STATEMENT: &str = "42P05";

    fn has_sqlstate(err: &sqlx::Error, code: &str) -> bool {
        err.as_database_error()
            .and_then(|e| e.code())
            .is_some_and(|c| c == code)
    }

    /// A statement as an SQL-level prepared statement: its `PREPARE` and its `EXECUTE` with
    /// the values written in.
    #[derive(Debug, PartialEq, Eq)]
    pub struct Call {
        pub prepare: String,
        pub execute: String,
    }

    impl Call {
        /// `None` when a value cannot be written exactly (see the module's docs).
        pub fn of(stmt: &Statement) -> Option<Self> {
            let types = types(stmt)?;
            // The name stands for the text and the parameter types: 128 bits of two SipHash
            // keys, so that two statements never share one.
            let name = {
                use std::hash::{Hash, Hasher};
                let half = |salt: u8| {
                    let mut hasher = std::collections::hash_map::DefaultHasher::new();
                    (salt, &stmt.sql, &types).hash(&mut hasher);
                    hasher.finish()
                };
                format!("es_{:016x}{:016x}", half(1), half(2))
            };
            let values = stmt.values.as_ref().map_or(&[][..], |v| &v.0[..]);
            let literals: Vec<String> = values.iter().map(literal).collect::<Option<_>>()?;
            let mode = if stmt.sql.starts_with(super::GENERIC_PLAN) {
                "SET LOCAL plan_cache_mode = force_generic_plan; "
            } else {
                ""
            };
            let (prepare, execute) = if values.is_empty() {
                (
                    format!("PREPARE {name} AS {}", stmt.sql),
                    format!("{mode}EXECUTE {name}"),
                )
            } else {
                (
                    format!("PREPARE {name} ({}) AS {}", types.join(", "), stmt.sql),
                    format!("{mode}EXECUTE {name}({})", literals.join(", ")),
                )
            };
            Some(Self { prepare, execute })
        }
    }

    /// `stmt`'s text with each `$N` replaced by its value, written as a literal of the type
    /// the driver binds it as (a write's way: [`crate::flight`]). `None` when a value cannot
    /// be written exactly, or the text holds what this scan does not follow (a dollar-quoted
    /// string, an unterminated quote or comment, a placeholder without its value): that
    /// statement is then sent bound.
    ///
    /// Quoted strings, quoted identifiers and comments are copied as they are, so a `$1`
    /// inside them stays text.
    pub fn inline(stmt: &Statement) -> Option<String> {
        let values = stmt.values.as_ref().map_or(&[][..], |v| &v.0[..]);
        let literals: Vec<String> = values.iter().map(literal).collect::<Option<_>>()?;
        let sql = stmt.sql.as_str();
        let bytes = sql.as_bytes();
        let mut out =
            String::with_capacity(sql.len() + literals.iter().map(String::len).sum::<usize>());
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            let next = bytes.get(i + 1).copied();
            let end = match bytes[i] {
                b'\'' => {
                    // `E'...'` takes backslash escapes; a standard string does not.
                    let escapes = i > 0
                        && matches!(bytes[i - 1], b'E' | b'e')
                        && (i < 2 || !is_word(bytes[i - 2]));
                    quoted_end(bytes, i, b'\'', escapes)?
                }
                b'"' => quoted_end(bytes, i, b'"', false)?,
                b'-' if next == Some(b'-') => bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |n| i + n),
                b'/' if next == Some(b'*') => {
                    let body = &sql[i + 2..];
                    let close = body.find("*/")?;
                    // Nested comments are not followed.
                    if body[..close].contains("/*") {
                        return None;
                    }
                    i + 2 + close + 2
                }
                b'$' if i > 0 && is_word(bytes[i - 1]) => i + 1,
                b'$' => {
                    let digits = bytes[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    if digits == 0 {
                        // A dollar-quoted string.
                        return None;
                    }
                    let n: usize = sql[i + 1..i + 1 + digits].parse().ok()?;
                    let value = literals.get(n.checked_sub(1)?)?;
                    out.push_str(&sql[copied..i]);
                    out.push_str(value);
                    i += 1 + digits;
                    copied = i;
                    continue;
                }
                _ => i + 1,
            };
            i = end;
        }
        out.push_str(&sql[copied..]);
        Some(out)
    }

    /// Whether `b` can be part of a word (an identifier, a keyword, a number).
    fn is_word(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
    }

    /// The index after the quote that closes the one at `start` (a doubled quote is one
    /// character of the text; with `escapes`, so is a backslash and what follows it).
    fn quoted_end(bytes: &[u8], start: usize, quote: u8, escapes: bool) -> Option<usize> {
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if escapes => i += 2,
                b if b == quote && bytes.get(i + 1) == Some(&quote) => i += 2,
                b if b == quote => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    fn types(stmt: &Statement) -> Option<Vec<&'static str>> {
        let values = stmt.values.as_ref().map_or(&[][..], |v| &v.0[..]);
        values.iter().map(pg_type).collect()
    }

    /// A value as a literal of the type the driver binds it as: sea-query's text for the
    /// value, cast. `None` for a value that text would not carry exactly.
    fn literal(value: &Value) -> Option<String> {
        let pg_type = pg_type(value)?;
        if !writes_exactly(value) {
            return None;
        }
        Some(format!(
            "{}::{pg_type}",
            PostgresQueryBuilder.value_to_string(value)
        ))
    }

    fn writes_exactly(value: &Value) -> bool {
        match value {
            // PostgreSQL's text cannot hold NUL: bound, the value fails with the server's own
            // error, which the prepared path keeps.
            Value::String(Some(s)) => !s.contains('\0'),
            Value::Char(Some(c)) => *c != '\0',
            Value::Float(Some(f)) => f.is_finite(),
            Value::Double(Some(f)) => f.is_finite(),
            Value::Array(_, Some(items)) => items.iter().all(writes_exactly),
            _ => true,
        }
    }

    /// The type sqlx binds the value as (`None`: not written inline).
    fn pg_type(value: &Value) -> Option<&'static str> {
        Some(match value {
            Value::Array(element, _) => array_type(element)?,
            Value::Bool(_) => "bool",
            Value::TinyInt(_) | Value::SmallInt(_) | Value::TinyUnsigned(_) => "int2",
            Value::Int(_) | Value::SmallUnsigned(_) => "int4",
            Value::BigInt(_) | Value::Unsigned(_) | Value::BigUnsigned(_) => "int8",
            Value::Float(_) => "float4",
            Value::Double(_) => "float8",
            Value::String(_) | Value::Char(_) => "text",
            Value::Json(_) => "jsonb",
            Value::ChronoDate(_) => "date",
            Value::ChronoTime(_) => "time",
            Value::ChronoDateTime(_) => "timestamp",
            Value::ChronoDateTimeUtc(_)
            | Value::ChronoDateTimeLocal(_)
            | Value::ChronoDateTimeWithTimeZone(_) => "timestamptz",
            Value::Decimal(_) => "numeric",
            Value::Uuid(_) => "uuid",
            _ => return None,
        })
    }

    fn array_type(element: &ArrayType) -> Option<&'static str> {
        Some(match element {
            ArrayType::Bool => "bool[]",
            ArrayType::TinyInt | ArrayType::SmallInt | ArrayType::TinyUnsigned => "int2[]",
            ArrayType::Int | ArrayType::SmallUnsigned => "int4[]",
            ArrayType::BigInt | ArrayType::Unsigned | ArrayType::BigUnsigned => "int8[]",
            ArrayType::Float => "float4[]",
            ArrayType::Double => "float8[]",
            ArrayType::String | ArrayType::Char => "text[]",
            ArrayType::Json => "jsonb[]",
            ArrayType::ChronoDate => "date[]",
            ArrayType::Decimal => "numeric[]",
            ArrayType::Uuid => "uuid[]",
            ArrayType::ChronoDateTimeUtc
            | ArrayType::ChronoDateTimeLocal
            | ArrayType::ChronoDateTimeWithTimeZone => "timestamptz[]",
            _ => return None,
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use sea_orm::DbBackend;

        fn call(sql: &str, values: Vec<Value>) -> Option<Call> {
            Call::of(&Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
        }

        #[test]
        fn values_are_cast_to_their_bound_types() {
            let id = uuid::Uuid::nil();
            let sql = "SELECT a FROM t WHERE id = $1 AND n > $2 AND s = ANY($3)";
            let made = call(
                sql,
                vec![id.into(), 5i64.into(), vec!["x".to_owned()].into()],
            )
            .unwrap();
            let name = made
                .execute
                .split('(')
                .next()
                .unwrap()
                .trim_start_matches("EXECUTE ");
            assert_eq!(
                made.prepare,
                format!("PREPARE {name} (uuid, int8, text[]) AS {sql}")
            );
            assert_eq!(
                made.execute,
                format!(
                    "EXECUTE {name}('00000000-0000-0000-0000-000000000000'::uuid, 5::int8, \
                     ARRAY ['x']::text[])"
                )
            );
        }

        #[test]
        fn quotes_inside_values_stay_data() {
            let made = call("SELECT $1, $2", vec!["it's $2 -- \\".into(), "$1".into()]).unwrap();
            assert!(
                made.execute
                    .ends_with("(E'it\\'s $2 -- \\\\'::text, '$1'::text)"),
                "{}",
                made.execute
            );
        }

        #[test]
        fn one_name_per_text_and_types() {
            let a = call("SELECT $1", vec![1i32.into()]).unwrap();
            let b = call("SELECT $1", vec![2i32.into()]).unwrap();
            let c = call("SELECT $1", vec![2i64.into()]).unwrap();
            let d = call("SELECT $1 ", vec![1i32.into()]).unwrap();
            assert_eq!(a.prepare, b.prepare);
            assert_ne!(a.prepare, c.prepare);
            assert_ne!(a.prepare.split(' ').nth(1), d.prepare.split(' ').nth(1));
        }

        fn inlined(sql: &str, values: Vec<Value>) -> Option<String> {
            inline(&Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
        }

        #[test]
        fn placeholders_become_cast_literals() {
            let id = uuid::Uuid::nil();
            assert_eq!(
                inlined(
                    "UPDATE t SET n = $2, s = $3 WHERE id = $1 AND $2 > 0",
                    vec![id.into(), 5i64.into(), "it's".into()]
                )
                .unwrap(),
                "UPDATE t SET n = 5::int8, s = E'it\\'s'::text WHERE \
                 id = '00000000-0000-0000-0000-000000000000'::uuid AND 5::int8 > 0"
            );
            assert_eq!(
                inlined("SELECT $10, $1", (1..=10).map(|i: i32| i.into()).collect()).unwrap(),
                "SELECT 10::int4, 1::int4"
            );
        }

        #[test]
        fn text_in_quotes_and_comments_stays_as_it_is() {
            let sql = "SELECT '$1', E'\\'$1', \"$1\", a$1 -- $1\n/* $1 */ FROM t WHERE x = $1";
            assert_eq!(
                inlined(sql, vec![7i32.into()]).unwrap(),
                "SELECT '$1', E'\\'$1', \"$1\", a$1 -- $1\n/* $1 */ FROM t WHERE x = 7::int4"
            );
            assert_eq!(
                inlined("SELECT 'it''s $1' || $1", vec![1i32.into()]).unwrap(),
                "SELECT 'it''s $1' || 1::int4"
            );
        }

        #[test]
        fn what_the_scan_does_not_follow_is_sent_bound() {
            assert_eq!(inlined("SELECT $$ $1 $$, $1", vec![1i32.into()]), None);
            assert_eq!(inlined("SELECT $2", vec![1i32.into()]), None);
            assert_eq!(inlined("SELECT $0", vec![1i32.into()]), None);
            assert_eq!(inlined("SELECT 'open, $1", vec![1i32.into()]), None);
            assert_eq!(inlined("SELECT /* /* */ */ $1", vec![1i32.into()]), None);
            assert_eq!(inlined("SELECT $1", vec!["a\0b".into()]), None);
        }

        #[test]
        fn values_text_cannot_carry_are_left_to_the_prepared_path() {
            assert_eq!(call("SELECT $1", vec!["a\0b".into()]), None);
            assert_eq!(call("SELECT $1", vec![f64::NAN.into()]), None);
            assert_eq!(call("SELECT $1", vec![vec![0u8, 1].into()]), None);
        }
    }
}
