//! Write transactions that name the acting user for the audit triggers.
//!
//! PostgreSQL's trigger reads the transaction-local setting `app.current_user_id`. SQLite has no
//! session settings, so its triggers read the single row of `audit_context`, which is written at
//! the start of the transaction and deleted before it commits: SQLite admits one writer at a
//! time, so no other transaction can see it, and a rollback removes it too.
use sea_orm::SqliteTransactionMode;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionOptions, TransactionTrait, sea_query::Value,
};
use uuid::Uuid;

/// Begins a write transaction acting as `actor` (`None`: no user, e.g. a system job). On SQLite
/// it is `BEGIN IMMEDIATE`, which takes the write lock up front instead of failing to upgrade
/// a read lock later.
///
/// # Errors
/// [`DbErr`] from the database.
pub async fn begin(
    db: &DatabaseConnection,
    actor: Option<Uuid>,
) -> Result<DatabaseTransaction, DbErr> {
    let backend = db.get_database_backend();
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    match backend {
        DbBackend::Postgres => {
            let actor = actor.map(|id| id.to_string()).unwrap_or_default();
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "SELECT set_config('app.current_user_id', $1, true)",
                [Value::from(actor)],
            ))
            .await?;
        }
        _ => {
            if let Some(actor) = actor {
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "INSERT OR REPLACE INTO audit_context (slot, user_id) VALUES (1, ?)",
                    [Value::from(actor)],
                ))
                .await?;
            }
        }
    }
    Ok(txn)
}

/// Commits a transaction from [`begin`], clearing the acting user first on SQLite.
///
/// # Errors
/// [`DbErr`] from the database.
pub async fn commit(txn: DatabaseTransaction) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("DELETE FROM audit_context").await?;
    }
    txn.commit().await
}
