//! Writing and reading log rows (`user_activities`, `api_requests`). A write never fails for
//! want of a partition: a month not made yet goes to the DEFAULT partition (D35).
use crate::{Actor, Conn};
use catalog::Subject;
use entity::types::{HttpMethod, Timestamp};
use entity::{api_requests, user_activities};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, JsonValue, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::acting;
use crate::idempotent::{Claim, Once};
use crate::input::{InRange, no_nul};
use crate::{Error, Result};
use catalog::limits::operations::STATUS_CODE;
use catalog::tables::{API_REQUESTS, USER_ACTIVITIES};

/// What a user did, on what.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct NewActivity {
    /// The activity's id, chosen by the client so the call can be repeated safely (see
    /// [`record_activity`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    /// Lower-case letters, digits, `_` and `.`, starting with a letter: `recipe.viewed`.
    pub activity_type: String,
    /// The kind and id of what it was done to (`("recipe", id)`).
    #[serde(default)]
    pub entity: Option<(String, Uuid)>,
    pub session_id: Option<Uuid>,
    pub metadata: Option<JsonValue>,
}

fn check_len(field: &'static str, value: &str, max: usize) -> Result<()> {
    no_nul(field, value)?;
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(())
}

/// Whether a stored activity is what [`record_activity`] would store now: what was done, on
/// what, in which session, with which metadata (not when: a repeat comes later).
fn same_activity(stored: &user_activities::Model, candidate: &user_activities::Model) -> bool {
    user_activities::Model {
        id: stored.id,
        created_at: stored.created_at,
        ..candidate.clone()
    } == *stored
}

/// Records an activity of `user_id`, now, acting as that user. Repeated with the same `id` and
/// the same content, it returns the stored activity and writes nothing.
///
/// The table is partitioned by month on PostgreSQL and keyed by `(id, created_at)`, so no
/// database rule holds an id once; the row under a client's id is looked up first, under a
/// lock on that id. Row-level security hides another user's activities there, so under the
/// application's role an id is held once per user (everywhere else another user's id is a
/// [`Error::Conflict`], as for every other create call).
///
/// # Errors
/// [`Error::Validation`] naming `activity_type` or `entity_type`; [`Error::NotFound`] for an
/// unknown user; [`Error::Conflict`] (`activity id`) when `id` holds another activity (or
/// another user's, where it can be seen); [`Error::Db`] otherwise.
#[crate::traced("operations::record_activity")]
pub async fn record_activity(
    db: &impl Conn,
    actor: Actor,
    activity: NewActivity,
) -> Result<user_activities::Model> {
    let kind = activity.activity_type;
    check_len("activity_type", &kind, 50)?;
    let shaped = kind.starts_with(|c: char| c.is_ascii_lowercase())
        && kind
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
    if !shaped {
        return Err(Error::invalid(
            "activity_type",
            "must be lower-case letters, digits, '_' or '.', starting with a letter",
        ));
    }
    if let Some((entity_type, _)) = &activity.entity {
        check_len("entity_type", entity_type, 50)?;
    }
    let once = Once::<user_activities::Entity>::new(
        activity.id,
        (user_activities::Column::Id, user_activities::Column::UserId),
        Subject::ActivityId,
    );
    let txn = acting::write(db, Some(actor)).await?;
    let candidate = user_activities::Model {
        id: once.id,
        created_at: Timestamp::now(),
        user_id: actor.id(),
        activity_type: kind.to_owned(),
        entity_type: activity.entity.as_ref().map(|(t, _)| t.clone()),
        entity_id: activity.entity.as_ref().map(|(_, id)| *id),
        session_id: activity.session_id,
        metadata: activity.metadata,
    };
    let active = candidate.clone().into_active_model().reset_all();
    let refused = Error::writing(USER_ACTIVITIES);
    let row = match once.insert_unkeyed(&txn, actor, active, refused).await? {
        Claim::New(row) => row,
        Claim::Stored(stored) => {
            let same = same_activity(&stored, &candidate);
            return once.repeat(txn, stored, same).await;
        }
    };
    txn.commit().await?;
    Ok(row)
}

/// The user's newest activities, newest first, at most `limit` (one query).
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("operations::list_activities")]
pub async fn list_activities(
    db: &impl Conn,
    actor: Actor,
    limit: u64,
) -> Result<Vec<user_activities::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let rows = user_activities::Entity::find()
        .filter(user_activities::Column::UserId.eq(actor))
        .order_by_desc(user_activities::Column::CreatedAt)
        .order_by_desc(user_activities::Column::Id)
        .limit(limit)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows)
}

/// One API call, as the application's request middleware sees it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewApiRequest {
    /// The signed-in user, if any.
    pub user_id: Option<Uuid>,
    pub method: HttpMethod,
    pub endpoint: String,
    pub status_code: i32,
    pub duration_ms: i32,
    pub request_bytes: Option<i32>,
    pub response_bytes: Option<i32>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub error_message: Option<String>,
}

/// Records an API call, now, acting as its user (or as no one).
///
/// # Errors
/// [`Error::Validation`] naming the field (`endpoint`, `status_code`, `duration_ms`,
/// `request_bytes`, `response_bytes`, `ip_address`, `user_agent`, `error_message`);
/// [`Error::NotFound`] for an unknown user; [`Error::Db`] otherwise.
#[crate::traced("operations::record_api_request")]
pub async fn record_api_request(
    db: &impl Conn,
    request: NewApiRequest,
) -> Result<api_requests::Model> {
    check_len("endpoint", &request.endpoint, 255)?;
    if request.endpoint.trim().is_empty() {
        return Err(Error::invalid("endpoint", "must not be blank"));
    }
    STATUS_CODE.check("status_code", request.status_code)?;
    for (field, value) in [
        ("duration_ms", Some(request.duration_ms)),
        ("request_bytes", request.request_bytes),
        ("response_bytes", request.response_bytes),
    ] {
        if value.is_some_and(|v| v < 0) {
            return Err(Error::invalid(field, "must not be negative"));
        }
    }
    if let Some(ip) = &request.ip_address {
        check_len("ip_address", ip, 45)?;
    }
    for (field, value) in [
        ("user_agent", &request.user_agent),
        ("error_message", &request.error_message),
    ] {
        if let Some(text) = value {
            no_nul(field, text)?;
        }
    }
    let txn = acting::write(db, request.user_id.map(Actor::new)).await?;
    let row = api_requests::ActiveModel {
        id: Set(Uuid::new_v4()),
        created_at: Set(Timestamp::now()),
        user_id: Set(request.user_id),
        method: Set(request.method),
        endpoint: Set(request.endpoint.to_owned()),
        status_code: Set(request.status_code),
        duration_ms: Set(request.duration_ms),
        request_bytes: Set(request.request_bytes),
        response_bytes: Set(request.response_bytes),
        ip_address: Set(request.ip_address),
        user_agent: Set(request.user_agent),
        error_message: Set(request.error_message),
    }
    .insert(&txn)
    .await
    .map_err(Error::writing(API_REQUESTS))?;
    txn.commit().await?;
    Ok(row)
}
