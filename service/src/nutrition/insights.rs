//! Generated insights (`nutrition_insights`): a message for the user, the data behind it as
//! JSON, the model or rule that made it, and whether the user read or dismissed it. A generator
//! (a rule engine, a model) writes them acting as the user they are for.
use crate::{Actor, Conn};
use catalog::Subject;
use entity::nutrition_insights;
use entity::types::{InsightKind, Timestamp};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::input::Limited;
use crate::{Error, Result, accounts, acting};
use catalog::limits;

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::NutritionInsight,
};

/// An insight to record.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct NewInsight {
    pub kind: InsightKind,
    pub message: String,
    /// What supports it (totals, targets, dates), as JSON.
    pub data: Option<serde_json::Value>,
    /// The model or rule that made it (`rule:sodium_over_target`, a model's name).
    pub generated_by: String,
}

fn no_nul_in_json(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(no_nul_in_json),
        serde_json::Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains('\0') || no_nul_in_json(v)),
        _ => false,
    }
}

fn validate(new: &NewInsight) -> Result<()> {
    limits::nutrition::INSIGHT_MESSAGE.check("message", &new.message)?;
    limits::nutrition::GENERATED_BY.check("generated_by", &new.generated_by)?;
    if new.data.as_ref().is_some_and(no_nul_in_json) {
        return Err(Error::invalid("data", "must not contain the NUL character"));
    }
    Ok(())
}

/// Records an insight for `user`, acting as that user.
///
/// # Errors
/// [`Error::Validation`] (`message`, `generated_by`, `data`); [`Error::NotFound`] (`user`).
#[crate::traced("nutrition::record_insight")]
pub async fn record_insight(
    db: &impl Conn,
    actor: Actor,
    new: NewInsight,
) -> Result<nutrition_insights::Model> {
    validate(&new)?;
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let row = nutrition_insights::Model {
        id: Uuid::new_v4(),
        user_id: actor.id(),
        kind: new.kind,
        message: new.message,
        data: new.data,
        generated_by: new.generated_by,
        created_at: Timestamp::now(),
        read_at: None,
        dismissed_at: None,
    }
    .into_active_model()
    .reset_all()
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// The acting user's insights, newest first; dismissed ones only when asked for.
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("nutrition::list_insights")]
pub async fn list_insights(
    db: &impl Conn,
    actor: Actor,
    include_dismissed: bool,
) -> Result<Vec<nutrition_insights::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let mut query =
        nutrition_insights::Entity::find().filter(nutrition_insights::Column::UserId.eq(actor));
    if !include_dismissed {
        query = query.filter(nutrition_insights::Column::DismissedAt.is_null());
    }
    let rows = query
        .order_by_desc(nutrition_insights::Column::CreatedAt)
        .order_by_asc(nutrition_insights::Column::Id)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows)
}

/// The acting user's insight with this id; another user's is not found.
async fn mine(
    txn: &crate::ActingTxn,
    actor: Actor,
    insight_id: Uuid,
) -> Result<nutrition_insights::Model> {
    crate::owned::find_own::<nutrition_insights::Entity, _>(
        txn,
        actor,
        insight_id,
        (
            nutrition_insights::Column::Id,
            nutrition_insights::Column::UserId,
        ),
        NOT_FOUND,
    )
    .await
}

/// Sets `column` to now on one of the acting user's insights, unless it is set already.
async fn stamp(
    db: &impl Conn,
    actor: Actor,
    insight_id: Uuid,
    column: nutrition_insights::Column,
) -> Result<nutrition_insights::Model> {
    let txn = acting::write(db, Some(actor)).await?;
    mine(&txn, actor, insight_id).await?;
    nutrition_insights::Entity::update_many()
        .col_expr(column, Expr::value(Timestamp::now()))
        .filter(nutrition_insights::Column::Id.eq(insight_id))
        .filter(nutrition_insights::Column::UserId.eq(actor))
        .filter(column.is_null())
        .exec(&txn)
        .await?;
    let row = mine(&txn, actor, insight_id).await?;
    txn.commit().await?;
    Ok(row)
}

/// Marks one of the acting user's insights read (the first time only).
///
/// # Errors
/// [`Error::NotFound`] (`nutrition insight`) for an unknown id or another user's insight.
#[crate::traced("nutrition::mark_insight_read")]
pub async fn mark_insight_read(
    db: &impl Conn,
    actor: Actor,
    insight_id: Uuid,
) -> Result<nutrition_insights::Model> {
    stamp(db, actor, insight_id, nutrition_insights::Column::ReadAt).await
}

/// Dismisses one of the acting user's insights: it leaves the default listing.
///
/// # Errors
/// [`Error::NotFound`] (`nutrition insight`) for an unknown id or another user's insight.
#[crate::traced("nutrition::dismiss_insight")]
pub async fn dismiss_insight(
    db: &impl Conn,
    actor: Actor,
    insight_id: Uuid,
) -> Result<nutrition_insights::Model> {
    stamp(
        db,
        actor,
        insight_id,
        nutrition_insights::Column::DismissedAt,
    )
    .await
}
