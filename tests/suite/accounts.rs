//! Registration, email verification and soft deletion through the service.
use entity::{password_history, users, verification_tokens};
use sea_orm::{EntityTrait, PaginatorTrait};
use service::Error;
use service::Subject;
use service::accounts::{self, NewUser};

use crate::harness::TestDb;

fn new_user(username: &str, email: &str) -> NewUser {
    NewUser {
        username: username.to_owned(),
        email: email.to_owned(),
        password: "correct horse battery".to_owned(),
    }
}

async fn users_written(t: &TestDb) -> u64 {
    users::Entity::find().count(&t.db).await.unwrap()
}

async fn register_hashes_secrets_and_issues_a_token(t: &TestDb) {
    let registered = accounts::register(&t.db, new_user("dana", "Dana@Example.com"))
        .await
        .unwrap();
    assert!(!registered.user.is_email_verified);
    let user = &users::Entity::find_by_id(registered.user.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(user.password_hash.as_str().starts_with("$argon2id$"));
    assert!(accounts::Password::matches(
        "correct horse battery",
        &user.password_hash
    ));
    assert!(!accounts::Password::matches(
        "wrong horse battery",
        &user.password_hash
    ));

    let token = registered.verification_token.expose().to_owned();
    let stored = verification_tokens::Entity::find()
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token, "the token is stored hashed");
    assert_eq!(stored[0].token_hash.len(), 64);
    let history = password_history::Entity::find().all(&t.db).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].password_hash, user.password_hash);

    let shown = format!("{registered:?}");
    assert!(
        !shown.contains(&token) && !shown.contains(user.password_hash.as_str()),
        "{shown}"
    );
    // What a handler would send back: the account, with no hash in it.
    let json = serde_json::to_string(&registered.user).unwrap();
    assert!(
        !json.contains(user.password_hash.as_str()) && !json.contains("argon2"),
        "{json}"
    );
    assert!(json.contains("\"email\":\"Dana@Example.com\""), "{json}");
    assert!(!shown.contains("correct horse"));
}

async fn register_refuses_bad_input_and_writes_nothing(t: &TestDb) {
    for (input, field) in [
        (new_user("x", "x@example.com"), "username"),
        (new_user("good_name", "not-an-email"), "email"),
        (
            NewUser {
                username: "good_name".to_owned(),
                email: "good@example.com".to_owned(),
                password: "short".to_owned(),
            },
            "password",
        ),
    ] {
        match accounts::register(&t.db, input).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected a validation error on {field}, got {other:?}"),
        }
    }
    assert_eq!(users_written(t).await, 0);
}

async fn register_conflicts_are_decided_by_the_database(t: &TestDb) {
    accounts::register(&t.db, new_user("erin", "erin@example.com"))
        .await
        .unwrap();
    let email = accounts::register(&t.db, new_user("erin2", "ERIN@example.com")).await;
    assert!(
        matches!(
            email,
            Err(Error::Conflict {
                what: Subject::Email
            })
        ),
        "{email:?}"
    );
    let username = accounts::register(&t.db, new_user("Erin", "other@example.com")).await;
    assert!(
        matches!(
            username,
            Err(Error::Conflict {
                what: Subject::Username
            })
        ),
        "{username:?}"
    );
    assert_eq!(
        users_written(t).await,
        1,
        "a refused registration leaves nothing behind"
    );
    assert_eq!(
        password_history::Entity::find().count(&t.db).await.unwrap(),
        1
    );
}

async fn verification_tokens_are_single_use_and_expire(t: &TestDb) {
    let registered = accounts::register(&t.db, new_user("fay", "fay@example.com"))
        .await
        .unwrap();
    let token = registered.verification_token.expose().to_owned();

    let unknown = accounts::verify_email(&t.db, &"0".repeat(64)).await;
    assert!(
        matches!(
            unknown,
            Err(Error::NotFound {
                what: Subject::VerificationToken
            })
        ),
        "{unknown:?}"
    );

    let user = accounts::verify_email(&t.db, &token).await.unwrap();
    assert!(user.is_email_verified);
    let again = accounts::verify_email(&t.db, &token).await;
    assert!(
        matches!(again, Err(Error::Validation { ref field, .. }) if field == "token"),
        "{again:?}"
    );

    let fresh = accounts::issue_email_verification(&t.db, service::Actor::new(user.id))
        .await
        .unwrap();
    // Age the token: created two days ago, expired one day ago.
    let past = |days| {
        entity::types::Timestamp::new(chrono::Utc::now() - chrono::TimeDelta::days(days)).unwrap()
    };
    t.exec(
        "UPDATE verification_tokens SET created_at = $1, expires_at = $2 WHERE used_at IS NULL",
        vec![past(2).into(), past(1).into()],
    )
    .await
    .unwrap();
    let expired = accounts::verify_email(&t.db, fresh.expose()).await;
    assert!(
        matches!(expired, Err(Error::Validation { ref field, ref reason }) if field == "token" && reason.contains("expired")),
        "{expired:?}"
    );
}

async fn soft_delete_frees_username_and_email(t: &TestDb) {
    let first = accounts::register(&t.db, new_user("gus", "gus@example.com"))
        .await
        .unwrap()
        .user;
    accounts::delete_account(&t.db, service::Actor::new(first.id))
        .await
        .unwrap();
    let kept = users::Entity::find_by_id(first.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (kept.username.as_str(), kept.email.as_str()),
        ("gus", "gus@example.com"),
        "identity columns untouched"
    );
    assert!(kept.deleted_at.is_some() && !kept.is_active);
    assert!(
        accounts::find_by_email(&t.db, "GUS@example.com")
            .await
            .unwrap()
            .is_none()
    );

    let second = accounts::register(&t.db, new_user("gus", "gus@example.com"))
        .await
        .unwrap()
        .user;
    assert_ne!(second.id, first.id);
    assert_eq!(
        accounts::find_by_email(&t.db, "gus@example.com")
            .await
            .unwrap()
            .map(|u| u.id),
        Some(second.id)
    );
    let twice = accounts::delete_account(&t.db, service::Actor::new(first.id)).await;
    assert!(
        matches!(
            twice,
            Err(Error::NotFound {
                what: Subject::User
            })
        ),
        "{twice:?}"
    );
}

/// Eight registrations of one email at once: the unique index lets exactly one through and the
/// rest get `Conflict`, with no read-before-write to race past.
async fn concurrent_registrations_end_with_one_account(t: &TestDb) {
    let attempts = (0..8).map(|i| {
        let db = t.db.clone();
        tokio::spawn(async move {
            let username = format!("racer_{i}");
            accounts::register(&db, new_user(&username, "Race@example.com")).await
        })
    });
    let mut created = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        match attempt.await.unwrap() {
            Ok(_) => created += 1,
            Err(Error::Conflict {
                what: Subject::Email,
            }) => {}
            Err(other) => panic!("expected success or an email conflict, got {other:?}"),
        }
    }
    assert_eq!(created, 1);
    assert_eq!(users_written(t).await, 1);
    assert_eq!(
        verification_tokens::Entity::find()
            .count(&t.db)
            .await
            .unwrap(),
        1,
        "losers leave no token"
    );
}

/// Four redemptions of one token at once: the conditional UPDATE (`used_at IS NULL`) lets one
/// through; the others are told it was used.
async fn a_token_redeemed_concurrently_works_once(t: &TestDb) {
    let registered = accounts::register(&t.db, new_user("tess", "tess@example.com"))
        .await
        .unwrap();
    let token = registered.verification_token.expose().to_owned();
    let attempts: Vec<_> = (0..4)
        .map(|_| {
            let (db, token) = (t.db.clone(), token.clone());
            tokio::spawn(async move { accounts::verify_email(&db, &token).await })
        })
        .collect();
    let mut verified = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(user) => {
                assert!(user.is_email_verified);
                verified += 1;
            }
            Err(Error::Validation { ref field, .. }) if field == "token" => {}
            Err(other) => panic!("expected success or a used token, got {other:?}"),
        }
    }
    assert_eq!(verified, 1);
}

/// WAL on SQLite (MVCC on PostgreSQL): a reader is not blocked by an open write transaction and
/// does not see its uncommitted rows.
async fn readers_run_beside_a_writer(t: &TestDb) {
    let txn = service::acting::write(&t.db, None).await.unwrap();
    let pending = users::ActiveModel {
        id: sea_orm::Set(uuid::Uuid::new_v4()),
        username: sea_orm::Set("pending".into()),
        email: sea_orm::Set("pending@example.com".into()),
        password_hash: sea_orm::Set(entity::types::PasswordHash("h".into())),
        is_email_verified: sea_orm::Set(false),
        is_active: sea_orm::Set(true),
        role: sea_orm::Set(entity::types::Role::User),
        created_at: sea_orm::Set(entity::types::Timestamp::now()),
        updated_at: sea_orm::Set(entity::types::Timestamp::now()),
        deleted_at: sea_orm::Set(None),
    };
    sea_orm::ActiveModelTrait::insert(pending, &txn)
        .await
        .unwrap();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        users::Entity::find().count(t.db.reader()),
    )
    .await
    .expect("a read finishes while the write transaction is open")
    .unwrap();
    assert_eq!(read, 0, "the uncommitted row is invisible");
    txn.rollback().await.unwrap();
}

/// The service's reads (`acting::read`) run beside an open write transaction too, and end
/// without writing. On SQLite a read that wrote on its way out (as `commit` once did, clearing
/// the acting user) had to upgrade its read snapshot to the write lock; SQLite refuses that at
/// once with "database is locked" when another connection holds the lock, without waiting for
/// the busy timeout. The writer here stands in for a dropped transaction whose ROLLBACK sqlx
/// has queued but not yet run (`erasure::erase_leaves_no_row_of_the_user` failed so under load).
async fn service_reads_run_beside_a_writer(t: &TestDb) {
    let ada = crate::harness::user_with_a_row_everywhere(t, "ada").await;
    let writer = service::acting::write(&t.db, None).await.unwrap();
    let reads = async {
        let cards = service::payments::list_cards(&t.db, ada).await.unwrap();
        let allergies = service::health::list_allergies(&t.db, ada).await.unwrap();
        (cards.len(), allergies.len())
    };
    let read = tokio::time::timeout(std::time::Duration::from_secs(2), reads)
        .await
        .expect("the reads finish while the write transaction is open");
    assert_eq!(read, (1, 1));
    writer.rollback().await.unwrap();
}

dual!(
    a_token_redeemed_concurrently_works_once,
    concurrent_registrations_end_with_one_account,
    readers_run_beside_a_writer,
    register_hashes_secrets_and_issues_a_token,
    register_refuses_bad_input_and_writes_nothing,
    register_conflicts_are_decided_by_the_database,
    verification_tokens_are_single_use_and_expire,
    soft_delete_frees_username_and_email,
    service_reads_run_beside_a_writer,
);
