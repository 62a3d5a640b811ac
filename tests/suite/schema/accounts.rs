//! Users, their verification tokens and sessions, and the audit's rows.
use chrono::Utc;
use sea_orm::Value;
use uuid::Uuid;

use crate::harness::{TestDb, assert_accepted, assert_refused, insert_user, per_backend};

const INSERT_USER: &str =
    "INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $3, 'h')";

fn user_row(username: &str, email: &str) -> Vec<Value> {
    vec![Uuid::new_v4().into(), username.into(), email.into()]
}

async fn users_username_and_email_rules(t: &TestDb) {
    assert_accepted(
        t,
        "valid",
        INSERT_USER,
        user_row("bob_1", "bob@example.com"),
    )
    .await;
    for (username, email, why) in [
        ("bo", "bo@example.com", "chk_username_format".into()),
        (
            "abcdefghijklmnopqrstu",
            "long@example.com",
            per_backend("sqlstate:22001", "chk_username_varchar"),
        ),
        (
            "bob smith",
            "smith@example.com",
            "chk_username_format".into(),
        ),
        ("bob-2", "bob2@example.com", "chk_username_format".into()),
        ("carol", "carol.example.com", "chk_email_format".into()),
        ("carol", "carol@example.c", "chk_email_format".into()),
        ("carol", "carol@@example.com", "chk_email_format".into()),
        (
            "carol",
            "carol@example.com_deleted_1795312100.87",
            "chk_email_format".into(),
        ),
        (
            "carol",
            &format!("{}@example.com", "c".repeat(250)),
            per_backend("sqlstate:22001", "chk_email_varchar"),
        ),
    ] {
        assert_refused(t, why, INSERT_USER, user_row(username, email)).await;
    }
}

async fn users_are_unique_case_insensitively_among_live_users(t: &TestDb) {
    let first = Uuid::new_v4();
    assert_accepted(
        t,
        "first",
        INSERT_USER,
        vec![first.into(), "Alice".into(), "Alice@Example.com".into()],
    )
    .await;
    assert_refused(
        t,
        "uq_users_email_active",
        INSERT_USER,
        user_row("alice2", "alice@example.COM"),
    )
    .await;
    assert_refused(
        t,
        "uq_users_username_active",
        INSERT_USER,
        user_row("ALICE", "other@example.com"),
    )
    .await;
    // Once the first is soft-deleted, both can be taken again, unchanged.
    assert_accepted(
        t,
        "soft delete",
        "UPDATE users SET deleted_at = $1 WHERE id = $2",
        vec![entity::types::Timestamp::now().into(), first.into()],
    )
    .await;
    assert_accepted(
        t,
        "re-register",
        INSERT_USER,
        user_row("alice", "alice@example.com"),
    )
    .await;
}

async fn verification_token_rules(t: &TestDb) {
    let user = insert_user(t, "tokens", false).await;
    let insert = "INSERT INTO verification_tokens (user_id, token_hash, token_type, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)";
    let now = Utc::now();
    let row = |hash: String, kind: &str, expires_in_secs: i64| -> Vec<Value> {
        vec![
            user.into(),
            hash.into(),
            kind.into(),
            entity::types::Timestamp::new(now + chrono::TimeDelta::seconds(expires_in_secs))
                .unwrap()
                .into(),
            entity::types::Timestamp::new(now).unwrap().into(),
        ]
    };
    assert_accepted(
        t,
        "valid",
        insert,
        row("b".repeat(64), "password_reset", 60),
    )
    .await;
    assert_refused(
        t,
        "chk_token_expiry",
        insert,
        row("c".repeat(64), "email_verify", -1),
    )
    .await;
    assert_refused(
        t,
        "chk_token_type",
        insert,
        row("d".repeat(64), "magic_link", 60),
    )
    .await;
    assert_refused(
        t,
        "chk_verification_tokens_token_hash_format",
        insert,
        row("my-secret-token".into(), "email_verify", 60),
    )
    .await;
    assert_refused(
        t,
        "uq_verification_tokens_token_hash",
        insert,
        row("b".repeat(64), "email_verify", 60),
    )
    .await;
}

async fn session_and_audit_rules(t: &TestDb) {
    let user = insert_user(t, "sessions", false).await;
    let now = Utc::now();
    let at =
        |secs: i64| entity::types::Timestamp::new(now + chrono::TimeDelta::seconds(secs)).unwrap();
    let session = "INSERT INTO user_sessions (user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)";
    let row = |digit: &str, lifetime_secs: i64| -> Vec<Value> {
        vec![
            user.into(),
            digit.repeat(64).into(),
            at(lifetime_secs).into(),
            at(0).into(),
        ]
    };
    assert_accepted(t, "valid", session, row("f", 60)).await;
    assert_refused(t, "chk_session_expiry", session, row("0", 0)).await;
    assert_refused(t, "uq_user_sessions_token_hash", session, row("f", 60)).await;

    let change =
        "INSERT INTO data_changes (table_name, operation, record_id) VALUES ('users', $1, $2)";
    assert_accepted(t, "valid", change, vec!["DELETE".into(), user.into()]).await;
    assert_refused(
        t,
        "chk_data_changes_operation",
        change,
        vec!["TRUNCATE".into(), user.into()],
    )
    .await;

    let hash = "UPDATE users SET password_hash = $1 WHERE id = $2";
    assert_accepted(
        t,
        "255 characters",
        hash,
        vec!["h".repeat(255).into(), user.into()],
    )
    .await;
    assert_refused(
        t,
        per_backend("sqlstate:22001", "chk_password_hash_varchar"),
        hash,
        vec!["h".repeat(256).into(), user.into()],
    )
    .await;

    let foods = "INSERT INTO allergens (name, category, common_foods) VALUES ($1, 'Food', $2)";
    assert_refused(
        t,
        per_backend("sqlstate:42804", "chk_common_foods_text_list"),
        foods,
        vec!["Oats".into(), "not a list".into()],
    )
    .await;
    assert_refused(
        t,
        per_backend("sqlstate:42804", "chk_common_foods_text_list"),
        foods,
        vec!["Rye".into(), r#"{"a": 1}"#.into()],
    )
    .await;
}

dual!(
    users_username_and_email_rules,
    users_are_unique_case_insensitively_among_live_users,
    verification_token_rules,
    session_and_audit_rules,
);
