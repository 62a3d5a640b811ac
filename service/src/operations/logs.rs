//! Writing and reading log rows (`user_activities`, `api_requests`). A write never fails for
//! want of a partition: a month not made yet goes to the DEFAULT partition (D35).
use entity::types::{HttpMethod, Timestamp};
use entity::{api_requests, user_activities};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, JsonValue, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use uuid::Uuid;

use crate::input::no_nul;
use crate::{Db, acting};
use crate::{Error, Result};
use catalog::tables::{API_REQUESTS, USER_ACTIVITIES};

/// What a user did, on what.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewActivity<'a> {
    /// Lower-case letters, digits, `_` and `.`, starting with a letter: `recipe.viewed`.
    pub activity_type: &'a str,
    /// The kind and id of what it was done to (`("recipe", id)`).
    pub entity: Option<(&'a str, Uuid)>,
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

/// Records an activity of `user_id`, now, acting as that user.
///
/// # Errors
/// [`Error::Validation`] naming `activity_type` or `entity_type`; [`Error::NotFound`] for an
/// unknown user; [`Error::Db`] otherwise.
pub async fn record_activity(
    db: &Db,
    user_id: Uuid,
    activity: NewActivity<'_>,
) -> Result<user_activities::Model> {
    let kind = activity.activity_type;
    check_len("activity_type", kind, 50)?;
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
    if let Some((entity_type, _)) = activity.entity {
        check_len("entity_type", entity_type, 50)?;
    }
    let txn = acting::write(db, Some(user_id)).await?;
    let row = user_activities::ActiveModel {
        id: Set(Uuid::new_v4()),
        created_at: Set(Timestamp::now()),
        user_id: Set(user_id),
        activity_type: Set(kind.to_owned()),
        entity_type: Set(activity.entity.map(|(t, _)| t.to_owned())),
        entity_id: Set(activity.entity.map(|(_, id)| id)),
        session_id: Set(activity.session_id),
        metadata: Set(activity.metadata),
    }
    .insert(&txn)
    .await
    .map_err(Error::writing(USER_ACTIVITIES))?;
    txn.commit().await?;
    Ok(row)
}

/// The user's newest activities, newest first, at most `limit` (one query).
///
/// # Errors
/// [`Error::Db`] only.
pub async fn list_activities(
    db: &Db,
    user_id: Uuid,
    limit: u64,
) -> Result<Vec<user_activities::Model>> {
    let txn = acting::read(db, Some(user_id)).await?;
    let rows = user_activities::Entity::find()
        .filter(user_activities::Column::UserId.eq(user_id))
        .order_by_desc(user_activities::Column::CreatedAt)
        .order_by_desc(user_activities::Column::Id)
        .limit(limit)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows)
}

/// One API call, as the application's request middleware sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApiRequest<'a> {
    /// The signed-in user, if any.
    pub user_id: Option<Uuid>,
    pub method: HttpMethod,
    pub endpoint: &'a str,
    pub status_code: i32,
    pub duration_ms: i32,
    pub request_bytes: Option<i32>,
    pub response_bytes: Option<i32>,
    pub ip_address: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub error_message: Option<&'a str>,
}

/// Records an API call, now, acting as its user (or as no one).
///
/// # Errors
/// [`Error::Validation`] naming the field (`endpoint`, `status_code`, `duration_ms`,
/// `request_bytes`, `response_bytes`, `ip_address`, `user_agent`, `error_message`);
/// [`Error::NotFound`] for an unknown user; [`Error::Db`] otherwise.
pub async fn record_api_request(
    db: &Db,
    request: NewApiRequest<'_>,
) -> Result<api_requests::Model> {
    check_len("endpoint", request.endpoint, 255)?;
    if request.endpoint.trim().is_empty() {
        return Err(Error::invalid("endpoint", "must not be blank"));
    }
    if !(100..=599).contains(&request.status_code) {
        return Err(Error::invalid(
            "status_code",
            "must be an HTTP status code (100 to 599)",
        ));
    }
    for (field, value) in [
        ("duration_ms", Some(request.duration_ms)),
        ("request_bytes", request.request_bytes),
        ("response_bytes", request.response_bytes),
    ] {
        if value.is_some_and(|v| v < 0) {
            return Err(Error::invalid(field, "must not be negative"));
        }
    }
    if let Some(ip) = request.ip_address {
        check_len("ip_address", ip, 45)?;
    }
    for (field, value) in [
        ("user_agent", request.user_agent),
        ("error_message", request.error_message),
    ] {
        if let Some(text) = value {
            no_nul(field, text)?;
        }
    }
    let txn = acting::write(db, request.user_id).await?;
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
        ip_address: Set(request.ip_address.map(str::to_owned)),
        user_agent: Set(request.user_agent.map(str::to_owned)),
        error_message: Set(request.error_message.map(str::to_owned)),
    }
    .insert(&txn)
    .await
    .map_err(Error::writing(API_REQUESTS))?;
    txn.commit().await?;
    Ok(row)
}
