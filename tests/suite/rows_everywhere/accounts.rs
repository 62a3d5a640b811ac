//! A session and a refresh token.
use chrono::Utc;
use entity::types::Timestamp;

use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: service::Actor) {
    let later = Timestamp::new(Utc::now() + chrono::TimeDelta::hours(1)).unwrap();
    t.exec(
        "INSERT INTO user_sessions (user_id, token_hash, expires_at) VALUES ($1, $2, $3)",
        vec![
            user.into(),
            format!("{0}{0}", user.id().simple()).into(),
            later.into(),
        ],
    )
    .await
    .unwrap();
    service::accounts::issue_refresh_token(&t.db, user)
        .await
        .unwrap(); // refresh_tokens
}
