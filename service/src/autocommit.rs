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
//! - **PostgreSQL**: one simple-query message, `SET TRANSACTION READ ONLY; SET LOCAL
//!   app.current_user_id = '<actor>'; <the statement>`. The server runs the statements of one
//!   message as one implicit transaction, so the setting and the read-only mode hold for the
//!   statement and end with it: one round trip, and nothing left on the connection (a pooling
//!   proxy can hand it to anyone next). A simple query carries no parameters, so the
//!   statement's values are written into its text by sea-query (which finds the placeholders
//!   with its PostgreSQL tokenizer and writes each value with its escaping), each cast to the
//!   type the driver would have bound it as. A value sea-query cannot write exactly (a string
//!   holding a NUL, a non-finite float, bytes) sends that statement the prepared way
//!   instead, in a read-only transaction naming the actor. Unprepared statements also mean no
//!   cached plan: every read is planned for its own values, so no plan made on an empty table
//!   outlives it (issue 20).
//! - **SQLite**: the statement on a connection of the read pool, which can only read; no
//!   `BEGIN`/`COMMIT` around it (each was a hop to the connection's thread).
use sea_orm::{ConnectionTrait, DbBackend, DbErr, ExecResult, QueryResult, Statement};

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

#[cfg(feature = "postgres")]
mod postgres {
    use std::sync::Arc;
    use std::time::Instant;

    use sea_orm::sea_query::{ArrayType, PostgresQueryBuilder, QueryBuilder, Value};
    use sea_orm::sqlx::{self, AssertSqlSafe};
    use sea_orm::{
        ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult,
        RuntimeErr, Statement, TransactionTrait,
    };

    use crate::{Actor, Db};

    /// What every message (and the fallback transaction) starts with.
    fn prologue(actor: Option<Actor>) -> String {
        // An `Actor` prints as a `Uuid`: hex digits and dashes, nothing to escape.
        let actor = actor.map(|id| id.to_string()).unwrap_or_default();
        format!("SET TRANSACTION READ ONLY; SET LOCAL app.current_user_id = '{actor}'")
    }

    pub(super) async fn query_all(
        db: &Db,
        actor: Option<Actor>,
        stmt: Statement,
    ) -> Result<Vec<QueryResult>, DbErr> {
        let Some(sql) = inline(&stmt) else {
            let txn = begin_prepared(db, actor).await?;
            let rows = txn.query_all_raw(stmt).await?;
            txn.commit().await?;
            return Ok(rows);
        };
        let message = format!("{}; {sql}", prologue(actor));
        let started = Instant::now();
        let rows = retry_lost(|| async {
            let pool = db.reader().get_postgres_connection_pool();
            sqlx::raw_sql(AssertSqlSafe(message.clone()))
                .fetch_all(pool)
                .await
                .map_err(query_err)
        })
        .await;
        // The metric callback sees the message as it was sent.
        let sent = Statement::from_string(DbBackend::Postgres, message);
        db.record(&sent, started, rows.is_err());
        Ok(rows?.into_iter().map(QueryResult::from).collect())
    }

    pub(super) async fn execute(
        db: &Db,
        actor: Option<Actor>,
        stmt: Statement,
    ) -> Result<ExecResult, DbErr> {
        let Some(sql) = inline(&stmt) else {
            let txn = begin_prepared(db, actor).await?;
            let done = txn.execute_raw(stmt).await?;
            txn.commit().await?;
            return Ok(done);
        };
        execute_unprepared(db, actor, &sql).await
    }

    pub(super) async fn execute_unprepared(
        db: &Db,
        actor: Option<Actor>,
        sql: &str,
    ) -> Result<ExecResult, DbErr> {
        let message = format!("{}; {sql}", prologue(actor));
        let started = Instant::now();
        let done = retry_lost(|| async {
            let pool = db.reader().get_postgres_connection_pool();
            sqlx::raw_sql(AssertSqlSafe(message.clone()))
                .execute(pool)
                .await
                .map_err(query_err)
        })
        .await;
        let sent = Statement::from_string(DbBackend::Postgres, message);
        db.record(&sent, started, done.is_err());
        Ok(done?.into())
    }

    /// The slow way, for a statement whose values cannot be written into its text: `BEGIN`,
    /// the prologue, the prepared statement, `COMMIT`.
    async fn begin_prepared(db: &Db, actor: Option<Actor>) -> Result<DatabaseTransaction, DbErr> {
        let txn = db.reader().begin().await?;
        let naming = crate::acting::set_actor_sql(actor);
        txn.execute_unprepared(&format!("SET TRANSACTION READ ONLY; {naming}"))
            .await?;
        Ok(txn)
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

    fn query_err(err: sqlx::Error) -> DbErr {
        match err {
            sqlx::Error::PoolTimedOut => DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout),
            sqlx::Error::PoolClosed => {
                DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed)
            }
            err => DbErr::Query(RuntimeErr::SqlxError(Arc::new(err))),
        }
    }

    /// `stmt`'s text with its values written in, or `None` when a value cannot be written
    /// exactly (see the module's docs).
    pub(super) fn inline(stmt: &Statement) -> Option<String> {
        let Some(values) = &stmt.values else {
            return Some(stmt.sql.clone());
        };
        let values = &values.0;
        let literals: Vec<String> = values.iter().map(literal).collect::<Option<_>>()?;
        // sea-query's tokenizer finds the placeholders (outside quotes and comments); each is
        // first replaced by a marker that cannot occur in the statement's text, then the marker
        // by the value.
        let markers: Vec<Value> = (0..values.len()).map(|i| marker(i).into()).collect();
        let mut sql =
            sea_orm::sea_query::inject_parameters(&stmt.sql, &markers, &PostgresQueryBuilder);
        for (i, literal) in literals.iter().enumerate() {
            let quoted = format!("'{}'", marker(i));
            sql = sql.replace(&quoted, literal);
        }
        Some(sql)
    }

    fn marker(i: usize) -> String {
        // A private-use character: never in the service's SQL, and not escaped by sea-query.
        format!("\u{E000}{i}\u{E000}")
    }

    /// A value as a literal of the type the driver binds it as: sea-query's text for the
    /// value, cast. `None` for a value that text would not carry exactly.
    fn literal(value: &Value) -> Option<String> {
        let pg_type = pg_type(value)?;
        if !writes_exactly(value) {
            return None;
        }
        Some(format!(
            "({}::{pg_type})",
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

        fn inlined(sql: &str, values: Vec<Value>) -> Option<String> {
            inline(&Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
        }

        #[test]
        fn values_are_cast_to_their_bound_types() {
            let id = uuid::Uuid::nil();
            assert_eq!(
                inlined(
                    "SELECT a FROM t WHERE id = $1 AND n > $2 AND s = ANY($3)",
                    vec![id.into(), 5i64.into(), vec!["x".to_owned()].into()]
                )
                .as_deref(),
                Some(
                    "SELECT a FROM t WHERE id = ('00000000-0000-0000-0000-000000000000'::uuid) \
                     AND n > (5::int8) AND s = ANY((ARRAY ['x']::text[]))"
                )
            );
        }

        #[test]
        fn quotes_and_placeholders_inside_values_stay_data() {
            let sql = inlined(
                "SELECT '$1' AS literal, $1 AS v, $2 AS w",
                vec!["it's $2 -- \\".into(), "$1".into()],
            );
            assert_eq!(
                sql.as_deref(),
                Some(
                    "SELECT '$1' AS literal, (E'it\\'s $2 -- \\\\'::text) AS v, ('$1'::text) AS w"
                )
            );
        }

        #[test]
        fn values_text_cannot_carry_are_left_to_the_prepared_path() {
            assert_eq!(inlined("SELECT $1", vec!["a\0b".into()]), None);
            assert_eq!(inlined("SELECT $1", vec![f64::NAN.into()]), None);
            assert_eq!(inlined("SELECT $1", vec![vec![0u8, 1].into()]), None);
        }
    }
}
