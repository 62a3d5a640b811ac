//! Ownership as a rule of the database (PostgreSQL: roles, grants, row-level security) and of
//! the service (both backends: another user's id behaves as not found), by topic: every table
//! holding users' rows under its policy (`users_rows`), accounts and health through the
//! service (`accounts_and_health`), the roles across migrations (`roles`), recipes
//! (`recipes`), restaurants and recommendations (`dining`), client-chosen ids (`client_ids`).
//!
//! The PostgreSQL tests connect as a LOGIN role made for the test and granted a group role,
//! never as the superuser or the tables' owner: a superuser bypasses every policy, and an owner
//! is held to them only by FORCE. The user-owned tables are found from the catalogue, so a
//! table added later without a policy fails here.
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionTrait, Value,
};
use uuid::Uuid;

mod accounts_and_health;
mod client_ids;
mod dining;
mod recipes;
mod roles;
mod users_rows;

/// A transaction on `db` acting as `actor` (or no one), as the service names it.
pub(crate) async fn acting(db: &DatabaseConnection, actor: Option<Uuid>) -> DatabaseTransaction {
    let txn = db.begin().await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT set_config('app.current_user_id', $1, true)",
        [actor.map(|a| a.to_string()).unwrap_or_default().into()],
    ))
    .await
    .unwrap();
    txn
}

async fn count(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await?
        .expect("a count");
    row.try_get_by_index::<i64>(0)
}

/// Runs `sql` with `values` in `txn` (PostgreSQL), for a write whose refusal or row count a
/// test asserts.
async fn execute(
    txn: &DatabaseTransaction,
    sql: &str,
    values: Vec<Value>,
) -> Result<sea_orm::ExecResult, DbErr> {
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        values,
    ))
    .await
}
