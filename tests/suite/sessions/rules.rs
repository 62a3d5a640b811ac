//! The rules of `users.role` and `refresh_tokens`, refused and accepted through raw SQL.
use chrono::TimeDelta;
use entity::types::{Role, Timestamp};
use entity::{refresh_tokens, users};
use sea_orm::{EntityTrait, PaginatorTrait};
use service::accounts;
use uuid::Uuid;

use super::{PASSWORD, ago, from_now, hex};
use crate::harness::{TestDb, assert_accepted, assert_refused, insert_user};
use crate::rule_cases::{self, Case, Row};

async fn users_role_is_checked_and_defaults_to_user(t: &TestDb) {
    let id = insert_user(t, "rolf", true).await;
    let role = t
        .query("SELECT role FROM users WHERE id = $1", vec![id.into()])
        .await[0]
        .try_get::<String>("", "role")
        .unwrap();
    assert_eq!(role, "user", "the default");
    assert_accepted(
        t,
        "admin is a role",
        "UPDATE users SET role = 'admin' WHERE id = $1",
        vec![id.into()],
    )
    .await;
    assert_refused(
        t,
        "chk_users_role",
        "UPDATE users SET role = 'root' WHERE id = $1",
        vec![id.into()],
    )
    .await;
    assert_refused(
        t,
        "chk_users_role",
        "UPDATE users SET role = 'User' WHERE id = $1",
        vec![id.into()],
    )
    .await;
    let admin = users::Entity::find_by_id(id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.role, Role::Admin);

    let registered = accounts::register(
        &t.db,
        accounts::NewUser {
            username: "rhea".to_owned(),
            email: "rhea@example.com".to_owned(),
            password: PASSWORD.to_owned(),
        },
    )
    .await
    .unwrap();
    assert_eq!(registered.user.role, Role::User);
}

/// Inserts a refresh token row with raw SQL; `extra` names more columns and their values.
async fn refresh_token_rules_refuse_bad_rows(t: &TestDb) {
    let user = insert_user(t, "tok", false).await.id();
    let family = Uuid::new_v4();
    let token = |id: Uuid, hash: String| {
        Row::new("refresh_tokens")
            .col("id", id)
            .col("user_id", user)
            .col("token_hash", hash)
            .col("family_id", family)
            .col("expires_at", from_now(TimeDelta::days(1)))
    };
    let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    rule_cases::insert(t, &token(a, hex(1))).await;
    rule_cases::insert(t, &token(b, hex(2))).await;
    let now = Timestamp::now();
    let cases = [
        Case::refused("chk_refresh_tokens_token_hash_format").set("token_hash", "A".repeat(64)),
        Case::refused("uq_refresh_tokens_token_hash").set("token_hash", hex(1)),
        Case::refused("refresh_tokens_pkey").set("id", a),
        Case::refused("fk_refresh_tokens_user").set("user_id", Uuid::new_v4()),
        Case::refused("chk_refresh_tokens_expiry").set("expires_at", ago(TimeDelta::days(1))),
        // A successor is recorded only after use, never the token itself, and names a token.
        Case::refused("chk_refresh_tokens_replaced_after_use").set("replaced_by", a),
        Case::refused("chk_refresh_tokens_replaced_after_use")
            .set("used_at", now)
            .set("replaced_by", c),
        Case::refused("fk_refresh_tokens_replaced_by")
            .set("used_at", now)
            .set("replaced_by", Uuid::new_v4()),
        Case::accepted("a used token and its successor")
            .set("used_at", now)
            .set("replaced_by", a),
    ];
    rule_cases::run(t, &[rule_cases::table(token(c, hex(6)), cases)]).await;

    let used = token(c, hex(6)).col("used_at", now).col("replaced_by", a);
    rule_cases::insert(t, &used).await;
    assert_refused(
        t,
        "uq_refresh_tokens_replaced_by",
        "UPDATE refresh_tokens SET used_at = $1, replaced_by = $2 WHERE id = $3",
        vec![now.into(), a.into(), b.into()],
    )
    .await;

    // Deleting the successor forgets the link; deleting the user takes every token.
    t.exec("DELETE FROM refresh_tokens WHERE id = $1", vec![a.into()])
        .await
        .unwrap();
    let link = refresh_tokens::Entity::find_by_id(c)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(link.replaced_by, None, "ON DELETE SET NULL");
    t.exec("DELETE FROM users WHERE id = $1", vec![user.into()])
        .await
        .unwrap();
    assert_eq!(
        refresh_tokens::Entity::find().count(&t.db).await.unwrap(),
        0
    );
}

dual!(
    users_role_is_checked_and_defaults_to_user,
    refresh_token_rules_refuse_bad_rows,
);
