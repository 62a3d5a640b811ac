//! Password change (none of the last five; other sessions revoked) and reset (single use,
//! expiring, revoking everything).
use chrono::TimeDelta;
use entity::{user_sessions, users};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::Subject;
use service::accounts;

use super::{PASSWORD, ago, assert_invalid, assert_not_found, hex, session_of};
use crate::harness::{TestDb, verified_user};

/// A password change refused says why (the current password wrong, the new one too short or
/// one of the last five) and revokes nothing.
async fn a_refused_password_change_says_why_and_revokes_nothing(t: &TestDb) {
    let user = verified_user(t, "hank").await;
    let (_, other) = session_of(t, user).await;
    assert_invalid(
        accounts::update_password(&t.db, user, "wrong horse battery", "p1 horse battery", None)
            .await,
        "current_password",
        "not the current",
    );
    assert_invalid(
        accounts::update_password(&t.db, user, PASSWORD, "short", None).await,
        "new_password",
        "8 to 128",
    );
    assert_invalid(
        accounts::update_password(&t.db, user, PASSWORD, PASSWORD, None).await,
        "new_password",
        "last 5",
    );
    accounts::get_session_by_token(&t.db, &other)
        .await
        .expect("a refused change revokes nothing");
}

/// A password change keeps the session that made it and revokes the user's other sessions
/// and refresh tokens; the new password is the one that matches.
async fn a_password_change_keeps_the_calling_session_and_revokes_the_rest(t: &TestDb) {
    let user = verified_user(t, "hank").await;
    let (current, current_token) = session_of(t, user).await;
    let (_, other) = session_of(t, user).await;
    let refresh = accounts::issue_refresh_token(&t.db, user).await.unwrap();
    accounts::update_password(&t.db, user, PASSWORD, "p1 horse battery", Some(current))
        .await
        .unwrap();
    accounts::get_session_by_token(&t.db, &current_token)
        .await
        .expect("the session making the change stays");
    assert_not_found(
        accounts::get_session_by_token(&t.db, &other).await,
        Subject::Session,
    );
    assert_invalid(
        accounts::rotate_refresh_token(&t.db, refresh.token.expose()).await,
        "token",
        "revoked",
    );
    let stored = users::Entity::find_by_id(user)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(accounts::Password::matches(
        "p1 horse battery",
        &stored.password_hash
    ));
    assert!(!accounts::Password::matches(
        PASSWORD,
        &stored.password_hash
    ));
}

/// A new password is none of the last five; the sixth-last is allowed again.
async fn a_new_password_is_none_of_the_last_five(t: &TestDb) {
    let user = verified_user(t, "hank").await;
    // History, newest first: p5 p4 p3 p2 p1 | PASSWORD.
    let mut current = PASSWORD.to_owned();
    for n in 1..=5 {
        let new = format!("p{n} horse battery");
        accounts::update_password(&t.db, user, &current, &new, None)
            .await
            .unwrap();
        current = new;
    }
    for reused in ["p5 horse battery", "p1 horse battery"] {
        assert_invalid(
            accounts::update_password(&t.db, user, "p5 horse battery", reused, None).await,
            "new_password",
            "last 5",
        );
    }
    accounts::update_password(&t.db, user, "p5 horse battery", PASSWORD, None)
        .await
        .expect("the 6th-last password is allowed again");
}

/// A newer reset token supersedes an older one, and a token never shows in `Debug`.
async fn a_newer_reset_token_supersedes_the_older_one(t: &TestDb) {
    let user = verified_user(t, "rita").await;
    let superseded = accounts::issue_password_reset(&t.db, user).await.unwrap();
    let reset = accounts::issue_password_reset(&t.db, user).await.unwrap();
    assert!(!format!("{reset:?}").contains(reset.expose()));
    assert_invalid(
        accounts::reset_password(&t.db, superseded.expose(), "fresh horse battery").await,
        "token",
        "already been used",
    );
}

/// A reset refused for its new password (one of the last five, too short) does not use the
/// token up.
async fn a_refused_reset_does_not_use_the_token_up(t: &TestDb) {
    let user = verified_user(t, "rita").await;
    let reset = accounts::issue_password_reset(&t.db, user).await.unwrap();
    assert_invalid(
        accounts::reset_password(&t.db, reset.expose(), PASSWORD).await,
        "new_password",
        "last 5",
    );
    assert_invalid(
        accounts::reset_password(&t.db, reset.expose(), "tiny").await,
        "new_password",
        "8 to 128",
    );
    accounts::reset_password(&t.db, reset.expose(), "fresh horse battery")
        .await
        .expect("refused attempts did not use the token up");
}

/// A reset sets the new password and revokes every session and refresh token of the user;
/// its token is then used up.
async fn a_reset_sets_the_password_revokes_everything_and_is_used_up(t: &TestDb) {
    let user = verified_user(t, "rita").await;
    let (_, session) = session_of(t, user).await;
    let refresh = accounts::issue_refresh_token(&t.db, user).await.unwrap();
    let reset = accounts::issue_password_reset(&t.db, user).await.unwrap();
    let changed = accounts::reset_password(&t.db, reset.expose(), "fresh horse battery")
        .await
        .unwrap();
    let stored = users::Entity::find_by_id(changed.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(accounts::Password::matches(
        "fresh horse battery",
        &stored.password_hash
    ));
    assert_not_found(
        accounts::get_session_by_token(&t.db, &session).await,
        Subject::Session,
    );
    assert_invalid(
        accounts::rotate_refresh_token(&t.db, refresh.token.expose()).await,
        "token",
        "revoked",
    );
    assert_eq!(
        user_sessions::Entity::find()
            .filter(user_sessions::Column::RevokedAt.is_null())
            .count(&t.db)
            .await
            .unwrap(),
        0
    );
    assert_invalid(
        accounts::reset_password(&t.db, reset.expose(), "other horse battery").await,
        "token",
        "already been used",
    );
}

/// A reset token expires; an unknown token, or an email verification token, is no reset
/// token; and the refusal shows neither the token nor the password.
async fn a_reset_token_expires_and_nothing_else_resets(t: &TestDb) {
    let user = verified_user(t, "rita").await;
    let late = accounts::issue_password_reset(&t.db, user).await.unwrap();
    t.exec(
        "UPDATE verification_tokens SET created_at = $1, expires_at = $2 WHERE used_at IS NULL",
        vec![
            ago(TimeDelta::hours(3)).into(),
            ago(TimeDelta::hours(2)).into(),
        ],
    )
    .await
    .unwrap();
    assert_invalid(
        accounts::reset_password(&t.db, late.expose(), "other horse battery").await,
        "token",
        "expired",
    );
    assert_not_found(
        accounts::reset_password(&t.db, &hex(12), "other horse battery").await,
        Subject::VerificationToken,
    );
    let verify = accounts::issue_email_verification(&t.db, user)
        .await
        .unwrap();
    assert_not_found(
        accounts::reset_password(&t.db, verify.expose(), "other horse battery").await,
        Subject::VerificationToken,
    );
    let error = accounts::reset_password(&t.db, late.expose(), "other horse battery")
        .await
        .unwrap_err();
    let shown = format!("{error:?} {error}");
    assert!(
        !shown.contains(late.expose()) && !shown.contains("other horse"),
        "{shown}"
    );
}

dual!(
    a_refused_password_change_says_why_and_revokes_nothing,
    a_password_change_keeps_the_calling_session_and_revokes_the_rest,
    a_new_password_is_none_of_the_last_five,
    a_newer_reset_token_supersedes_the_older_one,
    a_refused_reset_does_not_use_the_token_up,
    a_reset_sets_the_password_revokes_everything_and_is_used_up,
    a_reset_token_expires_and_nothing_else_resets,
);
