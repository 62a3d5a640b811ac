//! `users.role`, sessions, refresh tokens with rotation and reuse detection, password change
//! and reset, sign-in: the schema's rules through raw SQL (`rules`), and the service on top, by
//! topic (`session_lifetime`, `refresh_tokens`, `passwords`, `sign_in`). The helpers here make
//! and age sessions and check refusals for all of them.
use chrono::TimeDelta;
use entity::types::Timestamp;
use service::Error;
use service::Subject;
use service::accounts::{self, SessionInfo};
use uuid::Uuid;

use crate::harness::TestDb;

mod passwords;
mod refresh_tokens;
mod rules;
mod session_lifetime;
mod sign_in;

const PASSWORD: &str = "correct horse battery";

fn ago(delta: TimeDelta) -> Timestamp {
    Timestamp::new(chrono::Utc::now() - delta).unwrap()
}

fn from_now(delta: TimeDelta) -> Timestamp {
    Timestamp::new(chrono::Utc::now() + delta).unwrap()
}

fn hex(n: u128) -> String {
    format!("{n:064x}")
}

#[track_caller]
fn assert_invalid<T: std::fmt::Debug>(result: Result<T, Error>, field: &str, reason_has: &str) {
    match result {
        Err(Error::Validation {
            field: ref f,
            ref reason,
        }) if f == field && reason.contains(reason_has) => {}
        other => panic!("expected {field} refused ({reason_has}), got {other:?}"),
    }
}

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(result: Result<T, Error>, what: Subject) {
    match result {
        Err(Error::NotFound { what: w }) if w == what => {}
        other => panic!("expected {what} not found, got {other:?}"),
    }
}

/// A session of `user` with no user agent or address; its id and its token.
async fn session_of(t: &TestDb, user: service::Actor) -> (Uuid, String) {
    let s = accounts::create_session(&t.db, user, SessionInfo::default())
        .await
        .unwrap();
    (s.session.id, s.token.expose().to_owned())
}

/// Makes a session expired (created two days ago, expired yesterday).
async fn expire_session(t: &TestDb, session: Uuid) {
    t.exec(
        "UPDATE user_sessions SET created_at = $1, expires_at = $2 WHERE id = $3",
        vec![
            ago(TimeDelta::days(2)).into(),
            ago(TimeDelta::days(1)).into(),
            session.into(),
        ],
    )
    .await
    .unwrap();
}
