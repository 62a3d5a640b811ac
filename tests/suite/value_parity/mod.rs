//! Values one backend stored and the other refused (issue 17), through raw SQL: each is now
//! refused on both by a named rule, or its remaining difference is pinned here as documented in
//! `docs/PARITY.md`. Migration 19 (`migration::portable::guards`) holds the rules. By topic:
//! JSON and list columns (`json_and_lists`), numbers (`numbers`), dates and instants
//! (`dates_and_instants`), SQLite's guard triggers (`guards`), and the differences pinned on
//! one backend only (`pinned`). The helpers here are the connection, the error readers and
//! the raw-SQL rows they share.
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use uuid::Uuid;

use crate::harness::TestDb;

mod dates_and_instants;
mod guards;
mod json_and_lists;
mod numbers;
mod pinned;

/// A connection of the test's own to its database (one, so a transaction and its `SET LOCAL`
/// stay on it): these tests reach the database through SQL only.
async fn own_connection(t: &TestDb) -> DatabaseConnection {
    let mut options = ConnectOptions::new(t.url.clone());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options)
        .await
        .expect("connect to the test database")
}

/// The database's own message of an error (a SQLite guard's RAISE: the code alone).
fn message_of(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    match &**e {
        sea_orm::sqlx::Error::Database(db) => Some(db.message().to_owned()),
        _ => None,
    }
}

/// The constraint PostgreSQL names in a refusal.
fn constraint_of(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    match &**e {
        sea_orm::sqlx::Error::Database(db) => db.constraint().map(str::to_owned),
        _ => None,
    }
}

/// A verified user, by raw SQL (these tests use no service function, whose signatures change
/// independently of the schema). Returns its id.
async fn user_row(t: &TestDb, name: &str) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO users (id, username, email, password_hash, is_email_verified) \
         VALUES ($1, $2, $3, 'not-a-real-hash', $4)",
        vec![
            id.into(),
            name.into(),
            format!("{name}@example.com").into(),
            true.into(),
        ],
    )
    .await
    .unwrap_or_else(|e| panic!("fixture user {name}: {e}"));
    id
}

/// A health profile of `user`, by raw SQL. Returns its id.
async fn profile_row(t: &TestDb, user: Uuid) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO health_profiles (id, user_id, height_cm) VALUES ($1, $2, 180)",
        vec![id.into(), user.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("fixture profile: {e}"));
    id
}

/// A row of `ai_model_results` (a JSON column, `output`, and no required parent).
async fn model_result(t: &TestDb) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO ai_model_results (id, model_name, model_version, input_ref, output, latency_ms) \
         VALUES ($1, 'm', '1', 'x', '{}', 1)",
        vec![id.into()],
    )
    .await
    .expect("a model result");
    id
}

/// A recipe of a new user (a list column, `tags`).
async fn recipe(t: &TestDb, owner: &str) -> Uuid {
    let user = user_row(t, owner).await;
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes) \
         VALUES ($1, $2, 'Stew', 10, 20)",
        vec![id.into(), user.into()],
    )
    .await
    .expect("a recipe");
    id
}

/// An insert of `ai_model_results` with `output` bound as text (cast to jsonb on PostgreSQL,
/// which would otherwise refuse the parameter's type before reading it).
fn insert_output(t: &TestDb) -> &'static str {
    if t.is_pg() {
        "INSERT INTO ai_model_results (model_name, model_version, input_ref, output, latency_ms) \
         VALUES ('m', '1', 'x', CAST($1 AS jsonb), 1)"
    } else {
        "INSERT INTO ai_model_results (model_name, model_version, input_ref, output, latency_ms) \
         VALUES ('m', '1', 'x', $1, 1)"
    }
}
