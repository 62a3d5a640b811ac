//! The audit trail of health profiles: one row per change with the acting user (or none, for a
//! client outside the service), and an acting user that never leaks into a later write.
use chrono::Utc;
use entity::data_changes;
use entity::types::{AuditOperation, Gender};
use sea_orm::{EntityTrait, QueryOrder};
use service::health::{self, ProfileInput};
use uuid::Uuid;

use super::{profile, years_ago};
use crate::harness::{TestDb, verified_user};

async fn audit_trail_records_each_change_with_its_actor(t: &TestDb) {
    let user = verified_user(t, "lee").await;
    let today = Utc::now().date_naive();
    let profile_id = health::set_profile(
        &t.db,
        user,
        profile(Gender::Female, "60.00", 165, years_ago(35, today)),
    )
    .await
    .unwrap()
    .id;
    let tick = || tokio::time::sleep(std::time::Duration::from_millis(5));
    tick().await;
    let change = ProfileInput {
        height_cm: Some(166),
        ..ProfileInput::default()
    };
    // Each user acts on their own profile only: the actor is the profile's owner.
    health::set_profile(&t.db, user, change).await.unwrap();
    tick().await;
    // A client outside the service: no acting user.
    t.exec(
        "UPDATE health_profiles SET height_cm = 167 WHERE id = $1",
        vec![profile_id.into()],
    )
    .await
    .unwrap();
    tick().await;
    health::delete_profile(&t.db, user).await.unwrap();

    let trail = data_changes::Entity::find()
        .order_by_asc(data_changes::Column::ChangedAt)
        .all(&t.db)
        .await
        .unwrap();
    let summary: Vec<(AuditOperation, Option<Uuid>)> =
        trail.iter().map(|c| (c.operation, c.user_id)).collect();
    assert_eq!(
        summary,
        [
            (AuditOperation::Insert, Some(user.id())),
            (AuditOperation::Update, Some(user.id())),
            (AuditOperation::Update, None),
            (AuditOperation::Delete, Some(user.id())),
        ]
    );
    assert!(
        trail
            .iter()
            .all(|c| c.record_id == profile_id && c.table_name == "health_profiles")
    );
    let first = &trail[0];
    assert!(first.old_data.is_none());
    let snapshot = first.new_data.as_ref().unwrap();
    assert_eq!(snapshot["user_id"], serde_json::json!(user.to_string()));
    assert_eq!(snapshot["height_cm"], serde_json::json!(165));
    assert_eq!(
        trail[2].new_data.as_ref().unwrap()["height_cm"],
        serde_json::json!(167)
    );
    assert!(trail[3].new_data.is_none() && trail[3].old_data.is_some());
    // The snapshot holds the row as stored, updated_at included (set by its trigger).
    let second = trail[1].new_data.as_ref().unwrap();
    let first_stamp = snapshot["updated_at"].as_str().unwrap().to_owned();
    let second_stamp = second["updated_at"].as_str().unwrap().to_owned();
    let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    assert!(
        instant(&second_stamp) > instant(&first_stamp),
        "{first_stamp} then {second_stamp}"
    );
    // The SQLite actor slot is empty again once each transaction has committed.
    if !t.is_pg() {
        assert_eq!(
            t.count("SELECT COUNT(*) FROM audit_context", vec![]).await,
            0
        );
    }
}

/// One audit row per changed row and statement, whichever column changed, and none for the
/// `updated_at` trigger's own write.
async fn audit_records_one_row_per_update_of_any_column(t: &TestDb) {
    let user = crate::harness::insert_user(t, "counted", true).await;
    let profile = crate::harness::insert_profile(t, user.id()).await;
    let updates = [
        "UPDATE health_profiles SET created_at = $1 WHERE id = $2",
        "UPDATE health_profiles SET updated_at = $1 WHERE id = $2",
    ];
    let then = entity::types::Timestamp::new(Utc::now() - chrono::TimeDelta::days(1)).unwrap();
    for sql in updates {
        t.exec(sql, vec![then.into(), profile.into()])
            .await
            .unwrap();
    }
    t.exec(
        "UPDATE health_profiles SET height_cm = 170 WHERE id = $1",
        vec![profile.into()],
    )
    .await
    .unwrap();
    let audited = t
        .count(
            "SELECT COUNT(*) FROM data_changes WHERE record_id = $1 AND operation = 'UPDATE'",
            vec![profile.into()],
        )
        .await;
    assert_eq!(audited, 3);
}

/// A value a raw client leaves behind (SQLite: a committed `audit_context` row; PostgreSQL: a
/// session-level `app.current_user_id` on a pooled connection) is not attributed to the next
/// transaction that acts as no user, and a service transaction leaves nothing behind.
async fn the_acting_user_never_leaks_into_later_writes(t: &TestDb) {
    let user = verified_user(t, "leaky").await;
    let stranger = Uuid::new_v4();
    // One connection, so the raw client and the service share it.
    let pool = service::PoolConfig {
        max_connections: Some(1),
        ..service::PoolConfig::default()
    };
    let db = service::connect_with(&t.url, &pool).await.unwrap();
    let leave_behind = if t.is_pg() {
        "SELECT set_config('app.current_user_id', CAST($1 AS text), false)"
    } else {
        "INSERT OR REPLACE INTO audit_context (slot, user_id) VALUES (1, $1)"
    };
    sea_orm::ConnectionTrait::execute_raw(
        &db,
        sea_orm::Statement::from_sql_and_values(t.backend, leave_behind, [stranger.into()]),
    )
    .await
    .unwrap();
    health::set_profile(&db, user, ProfileInput::default())
        .await
        .unwrap();
    let actors: Vec<Option<Uuid>> = data_changes::Entity::find()
        .order_by_asc(data_changes::Column::ChangedAt)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.user_id)
        .collect();
    assert_eq!(
        actors,
        [Some(user.id())],
        "a write is attributed to its actor, not to what a raw client left behind"
    );

    // After a write acting as the user, a raw write is attributed to no one either.
    health::set_profile(&db, user, ProfileInput::default())
        .await
        .unwrap();
    if !t.is_pg() {
        assert_eq!(
            t.count("SELECT COUNT(*) FROM audit_context", vec![]).await,
            0,
            "commit clears the acting user"
        );
    }
    sea_orm::ConnectionTrait::execute_unprepared(&db, "UPDATE health_profiles SET height_cm = 170")
        .await
        .unwrap();
    let last = data_changes::Entity::find()
        .order_by_desc(data_changes::Column::ChangedAt)
        .all(&db)
        .await
        .unwrap();
    let raw_update = last
        .iter()
        .find(|c| {
            c.new_data
                .as_ref()
                .is_some_and(|d| d["height_cm"] == serde_json::json!(170))
        })
        .expect("the raw update is audited");
    if t.is_pg() {
        // The raw client's own session setting is still its to answer for.
        assert_eq!(raw_update.user_id, Some(stranger));
    } else {
        assert_eq!(raw_update.user_id, None);
    }
    db.close().await.unwrap();
}

dual!(
    audit_trail_records_each_change_with_its_actor,
    audit_records_one_row_per_update_of_any_column,
    the_acting_user_never_leaks_into_later_writes,
);
