//! A session from creation to its end: its token given once and stored hashed, lookups that
//! touch it, what it records of its client, expiry, revocation, and another user's sessions.
use chrono::TimeDelta;
use entity::user_sessions;
use sea_orm::EntityTrait;
use service::Error;
use service::Subject;
use service::accounts::{self, SessionInfo};
use uuid::Uuid;

use super::{assert_invalid, assert_not_found, expire_session, from_now, hex, session_of};
use crate::harness::{TestDb, verified_user};

/// A new session gives its token once (64 hex characters, never in its `Debug`), stores only
/// its hash, has not been seen yet and lives for `SESSION_TTL`.
async fn a_new_session_gives_its_token_once_and_stores_its_hash(t: &TestDb) {
    let user = verified_user(t, "sam").await;
    let created = accounts::create_session(&t.db, user, SessionInfo::default())
        .await
        .unwrap();
    let token = created.token.expose().to_owned();
    assert_eq!(token.len(), 64);
    let stored = user_sessions::Entity::find_by_id(created.session.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.token_hash, token, "stored hashed");
    assert_eq!(created.session.last_seen_at, None);
    assert!(created.session.expires_at > from_now(accounts::SESSION_TTL - TimeDelta::hours(1)));
    let shown = format!("{created:?}");
    assert!(!shown.contains(&token), "{shown}");
}

/// A session is found by its token, each lookup touching `last_seen_at`, and listed for its
/// user.
async fn a_session_is_found_by_its_token_touched_and_listed(t: &TestDb) {
    let user = verified_user(t, "sam").await;
    let (id, token) = session_of(t, user).await;
    let found = accounts::get_session_by_token(&t.db, &token).await.unwrap();
    assert_eq!(found.id, id);
    let first_seen = found.last_seen_at.expect("touched");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let again = accounts::get_session_by_token(&t.db, &token).await.unwrap();
    assert!(again.last_seen_at.unwrap() > first_seen, "touched again");
    let listed = accounts::list_sessions(&t.db, user).await.unwrap();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), vec![id]);
}

/// What a session records of its client is normalised (the address trimmed and lowercased,
/// the user agent cut to `USER_AGENT_MAX_CHARS`) or refused naming the field.
async fn a_sessions_client_info_is_normalised_or_refused(t: &TestDb) {
    let user = verified_user(t, "sam").await;
    let info = |user_agent: Option<String>, ip_address: Option<&str>| SessionInfo {
        user_agent,
        ip_address: ip_address.map(str::to_owned),
    };
    let created = accounts::create_session(
        &t.db,
        user,
        info(Some("Mozilla/5.0".to_owned()), Some(" 2001:DB8::1 ")),
    )
    .await
    .unwrap();
    assert_eq!(created.session.ip_address.as_deref(), Some("2001:db8::1"));
    assert_invalid(
        accounts::create_session(&t.db, user, info(None, Some("999.1.1.1"))).await,
        "ip_address",
        "IP",
    );
    assert_invalid(
        accounts::create_session(&t.db, user, info(Some("bad\0agent".to_owned()), None)).await,
        "user_agent",
        "NUL",
    );
    let long = accounts::create_session(&t.db, user, info(Some("é".repeat(2000)), None))
        .await
        .unwrap();
    assert_eq!(
        long.session.user_agent.unwrap().chars().count(),
        accounts::USER_AGENT_MAX_CHARS
    );
}

/// An unknown user has no session to open, and an unknown token no session to find.
async fn an_unknown_user_or_token_has_no_session(t: &TestDb) {
    assert_not_found(
        accounts::create_session(
            &t.db,
            service::Actor::new(Uuid::new_v4()),
            SessionInfo::default(),
        )
        .await,
        Subject::User,
    );
    assert_not_found(
        accounts::get_session_by_token(&t.db, &hex(9)).await,
        Subject::Session,
    );
}

/// A session expired, revoked (twice is no error) or ended is not found by its token nor
/// listed; ending an unknown token is not found.
async fn an_expired_revoked_or_ended_session_is_gone(t: &TestDb) {
    let user = verified_user(t, "vic").await;
    let expired = session_of(t, user).await;
    let revoked = session_of(t, user).await;
    let ended = session_of(t, user).await;
    let live = session_of(t, user).await;
    expire_session(t, expired.0).await;
    accounts::revoke_session(&t.db, user, revoked.0)
        .await
        .unwrap();
    accounts::revoke_session(&t.db, user, revoked.0)
        .await
        .expect("revoking twice is no error");
    accounts::end_session(&t.db, &ended.1).await.unwrap();
    for (gone, token) in [
        ("expired", &expired.1),
        ("revoked", &revoked.1),
        ("ended", &ended.1),
    ] {
        match accounts::get_session_by_token(&t.db, token).await {
            Err(Error::NotFound {
                what: Subject::Session,
            }) => {}
            other => panic!("expected the {gone} session not found, got {other:?}"),
        }
    }
    assert_not_found(
        accounts::end_session(&t.db, &hex(7)).await,
        Subject::Session,
    );
    let listed: Vec<Uuid> = accounts::list_sessions(&t.db, user)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        listed,
        [live.0],
        "expired and revoked sessions are not listed"
    );
}

/// Revoking all of a user's sessions can keep the one making the call, and counts what it
/// revoked (expired ones included).
async fn revoking_all_sessions_can_keep_the_current_one(t: &TestDb) {
    let user = verified_user(t, "vic").await;
    let expired = session_of(t, user).await;
    let current = session_of(t, user).await;
    let other = session_of(t, user).await;
    expire_session(t, expired.0).await;
    let revoked_count = accounts::revoke_all_sessions(&t.db, user, Some(current.0))
        .await
        .unwrap();
    assert_eq!(revoked_count, 2, "the expired one and the other live one");
    accounts::get_session_by_token(&t.db, &current.1)
        .await
        .expect("the kept session lives");
    assert_not_found(
        accounts::get_session_by_token(&t.db, &other.1).await,
        Subject::Session,
    );
    accounts::revoke_all_sessions(&t.db, user, None)
        .await
        .unwrap();
    assert!(
        accounts::list_sessions(&t.db, user)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn another_users_sessions_and_tokens_are_not_found(t: &TestDb) {
    let ann = verified_user(t, "ann").await;
    let bob = verified_user(t, "bob").await;
    let bobs = accounts::create_session(&t.db, bob, SessionInfo::default())
        .await
        .unwrap();
    let bobs_refresh = accounts::issue_refresh_token(&t.db, bob).await.unwrap();

    assert_not_found(
        accounts::revoke_session(&t.db, ann, bobs.session.id).await,
        Subject::Session,
    );
    assert_not_found(
        accounts::revoke_refresh_family(&t.db, ann, bobs_refresh.row.family_id).await,
        Subject::RefreshToken,
    );
    assert_eq!(
        accounts::revoke_all_sessions(&t.db, ann, None)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        accounts::revoke_all_refresh_tokens(&t.db, ann)
            .await
            .unwrap(),
        0
    );
    assert!(
        accounts::list_sessions(&t.db, ann)
            .await
            .unwrap()
            .is_empty()
    );
    // Bob's session and token are untouched by all of the above.
    accounts::get_session_by_token(&t.db, bobs.token.expose())
        .await
        .unwrap();
    accounts::rotate_refresh_token(&t.db, bobs_refresh.token.expose())
        .await
        .unwrap();
    // Deleting Bob's account hides his session, as it hides all his rows.
    accounts::delete_account(&t.db, bob).await.unwrap();
    assert_not_found(
        accounts::get_session_by_token(&t.db, bobs.token.expose()).await,
        Subject::Session,
    );
}

dual!(
    a_new_session_gives_its_token_once_and_stores_its_hash,
    a_session_is_found_by_its_token_touched_and_listed,
    a_sessions_client_info_is_normalised_or_refused,
    an_unknown_user_or_token_has_no_session,
    an_expired_revoked_or_ended_session_is_gone,
    revoking_all_sessions_can_keep_the_current_one,
    another_users_sessions_and_tokens_are_not_found,
);
