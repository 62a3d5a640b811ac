//! Refresh tokens: rotation within a family, a reuse revoking the family (also when one token
//! is presented twice at once), expiry, and signing one device out.
use chrono::TimeDelta;
use entity::refresh_tokens;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use service::Error;
use service::Subject;
use service::accounts;
use uuid::Uuid;

use super::{ago, assert_invalid, assert_not_found, hex};
use crate::harness::{TestDb, verified_user};

/// Makes a refresh token expired (created 40 days ago, expired 10 days ago).
async fn expire_refresh_token(t: &TestDb, token: Uuid) {
    t.exec(
        "UPDATE refresh_tokens SET created_at = $1, expires_at = $2 WHERE id = $3",
        vec![
            ago(TimeDelta::days(40)).into(),
            ago(TimeDelta::days(10)).into(),
            token.into(),
        ],
    )
    .await
    .unwrap();
}

/// How many tokens of a family are not revoked.
async fn unrevoked(t: &TestDb, family: Uuid) -> u64 {
    refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .count(&t.db)
        .await
        .unwrap()
}

/// A refresh token is stored hashed and rotates into a successor of the same family (the same
/// sign-in); the one it replaced records when and by what.
async fn a_refresh_token_rotates_within_its_family(t: &TestDb) {
    let user = verified_user(t, "rory").await;
    let first = accounts::issue_refresh_token(&t.db, user).await.unwrap();
    let stored = refresh_tokens::Entity::find_by_id(first.row.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.token_hash, first.token.expose());
    let second = accounts::rotate_refresh_token(&t.db, first.token.expose())
        .await
        .unwrap();
    assert_eq!(second.row.family_id, first.row.family_id, "same sign-in");
    assert_ne!(second.token.expose(), first.token.expose());
    let retired = refresh_tokens::Entity::find_by_id(first.row.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(retired.used_at.is_some());
    assert_eq!(retired.replaced_by, Some(second.row.id));
}

/// A used token presented again means someone else holds a copy: the whole family is
/// revoked, its live token too; another sign-in's family is not.
async fn a_used_refresh_token_presented_again_revokes_its_family(t: &TestDb) {
    let user = verified_user(t, "rory").await;
    let first = accounts::issue_refresh_token(&t.db, user).await.unwrap();
    let family = first.row.family_id;
    let other = accounts::issue_refresh_token(&t.db, user).await.unwrap();
    assert_ne!(other.row.family_id, family);
    let second = accounts::rotate_refresh_token(&t.db, first.token.expose())
        .await
        .unwrap();
    let third = accounts::rotate_refresh_token(&t.db, second.token.expose())
        .await
        .unwrap();
    assert_invalid(
        accounts::rotate_refresh_token(&t.db, first.token.expose()).await,
        "token",
        "already been used",
    );
    assert_eq!(unrevoked(t, family).await, 0, "the whole family is revoked");
    assert_eq!(
        unrevoked(t, other.row.family_id).await,
        1,
        "another sign-in"
    );
    assert_invalid(
        accounts::rotate_refresh_token(&t.db, third.token.expose()).await,
        "token",
        "revoked",
    );
}

/// A refresh token expires, and an unknown one is not found.
async fn a_refresh_token_expires_and_an_unknown_one_is_not_found(t: &TestDb) {
    let user = verified_user(t, "rory").await;
    let token = accounts::issue_refresh_token(&t.db, user).await.unwrap();
    expire_refresh_token(t, token.row.id).await;
    assert_invalid(
        accounts::rotate_refresh_token(&t.db, token.token.expose()).await,
        "token",
        "expired",
    );
    assert_not_found(
        accounts::rotate_refresh_token(&t.db, &hex(11)).await,
        Subject::RefreshToken,
    );
}

/// Signing one device out revokes its family: its token no longer rotates.
async fn signing_one_device_out_revokes_its_family(t: &TestDb) {
    let user = verified_user(t, "rory").await;
    let device = accounts::issue_refresh_token(&t.db, user).await.unwrap();
    accounts::revoke_refresh_family(&t.db, user, device.row.family_id)
        .await
        .unwrap();
    assert_invalid(
        accounts::rotate_refresh_token(&t.db, device.token.expose()).await,
        "token",
        "revoked",
    );
    let shown = format!("{device:?}");
    assert!(!shown.contains(device.token.expose()), "{shown}");
}

/// Two requests present one live token at once: one gets a successor, the other is refused
/// as a reuse, and the family (the winner's successor included) ends revoked.
async fn one_token_presented_twice_at_once_succeeds_once(t: &TestDb) {
    let user = verified_user(t, "twin").await;
    for round in 0..3 {
        let issued = accounts::issue_refresh_token(&t.db, user).await.unwrap();
        let token = issued.token.expose().to_owned();
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let attempts: Vec<_> = (0..2)
            .map(|_| {
                let (db, token, barrier) = (t.db.clone(), token.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    accounts::rotate_refresh_token(&db, &token).await
                })
            })
            .collect();
        let mut successes = 0;
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(_) => successes += 1,
                Err(Error::Validation { ref field, .. }) if field == "token" => {}
                Err(other) => panic!("round {round}: expected success or reuse, got {other:?}"),
            }
        }
        assert_eq!(successes, 1, "round {round}");
        let family = refresh_tokens::Entity::find()
            .filter(refresh_tokens::Column::FamilyId.eq(issued.row.family_id))
            .all(&t.db)
            .await
            .unwrap();
        assert_eq!(
            family.len(),
            2,
            "round {round}: the token and one successor"
        );
        assert!(
            family.iter().all(|r| r.revoked_at.is_some()),
            "round {round}: the family ends revoked"
        );
    }
}

dual!(
    a_refresh_token_rotates_within_its_family,
    a_used_refresh_token_presented_again_revokes_its_family,
    a_refresh_token_expires_and_an_unknown_one_is_not_found,
    signing_one_device_out_revokes_its_family,
    one_token_presented_twice_at_once_succeeds_once,
);
