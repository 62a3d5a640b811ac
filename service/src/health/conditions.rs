//! A user's medical conditions, from the reference list `health.medical_conditions_ref`: the
//! same shape and rules as allergies (one row per user and condition, on their health profile).
use crate::{Actor, Conn};
use catalog::Subject;
use chrono::NaiveDate;
use entity::types::{ConditionStatus, Timestamp};
use entity::{medical_conditions_ref, user_medical_conditions};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::profiles::profile_of;
use super::reference::{self, ByIdOrName, validate_diagnosed};
use crate::input::Limited;
use catalog::limits::foundation::HEALTH_NOTES;

use crate::acting::ActingTxn;
use crate::input::Patch;
use crate::{Error, Result, accounts, acting};

/// A medical condition named by id or by name (case-insensitive).
pub type ConditionRef = ByIdOrName;

/// A condition to record for a user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ConditionInput {
    pub status: ConditionStatus,
    pub notes: Option<String>,
    pub diagnosed_date: Option<NaiveDate>,
}

/// What to change of a recorded condition; fields left as they default keep their value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ConditionChange {
    pub status: Option<ConditionStatus>,
    pub notes: Patch<String>,
    pub diagnosed_date: Patch<NaiveDate>,
}

/// One of a user's conditions with the reference row it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MedicalCondition {
    pub condition: user_medical_conditions::Model,
    pub reference: medical_conditions_ref::Model,
}

async fn resolve<C: ConnectionTrait>(
    db: &C,
    condition: ConditionRef,
) -> Result<medical_conditions_ref::Model> {
    reference::resolve::<medical_conditions_ref::Entity, _>(
        db,
        &condition,
        medical_conditions_ref::Column::Name,
        Subject::MedicalCondition,
    )
    .await
}

fn condition_of(user_id: Uuid, condition_id: Uuid) -> Condition {
    Condition::all()
        .add(user_medical_conditions::Column::UserId.eq(user_id))
        .add(user_medical_conditions::Column::ConditionId.eq(condition_id))
}

/// The write transaction, acting as the user, with the condition resolved inside it.
async fn begin_change(
    db: &impl Conn,
    actor: Actor,
    condition: ConditionRef,
) -> Result<(ActingTxn, medical_conditions_ref::Model)> {
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    let condition = resolve(&txn, condition).await?;
    Ok((txn, condition))
}

/// Records a medical condition on the acting user's health profile.
///
/// # Errors
/// [`Error::Validation`] (`notes`, `diagnosed_date`), [`Error::NotFound`] (`user`,
/// `medical condition` or `health profile`), [`Error::Conflict`] (`medical condition`) when
/// the user already has it.
#[crate::traced("health::create_condition")]
pub async fn create_condition(
    db: &impl Conn,
    actor: Actor,
    condition: ConditionRef,
    input: ConditionInput,
) -> Result<user_medical_conditions::Model> {
    HEALTH_NOTES.check_some("notes", input.notes.as_deref())?;
    validate_diagnosed(input.diagnosed_date)?;
    let (txn, condition) = begin_change(db, actor, condition)
        .await
        .map_err(|e| e.referenced("condition", Subject::MedicalCondition))?;
    let profile = profile_of(&txn, actor.id()).await?;
    let now = Timestamp::now();
    let row = user_medical_conditions::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(actor.id()),
        health_profile_id: Set(profile.id),
        condition_id: Set(condition.id),
        status: Set(input.status),
        notes: Set(input.notes),
        diagnosed_date: Set(input.diagnosed_date),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Changes one of the acting user's conditions: only the fields the change sets or clears.
///
/// # Errors
/// [`Error::Validation`] (`notes`, `diagnosed_date`), [`Error::NotFound`] (`user`,
/// `medical condition`).
#[crate::traced("health::update_condition")]
pub async fn update_condition(
    db: &impl Conn,
    actor: Actor,
    condition: ConditionRef,
    change: ConditionChange,
) -> Result<user_medical_conditions::Model> {
    HEALTH_NOTES.check_some("notes", change.notes.as_set().map(String::as_str))?;
    validate_diagnosed(change.diagnosed_date.as_set().copied())?;
    let (txn, condition) = begin_change(db, actor, condition).await?;
    let mine = condition_of(actor.id(), condition.id);
    use user_medical_conditions::Column as C;
    let mut update = user_medical_conditions::Entity::update_many().filter(mine.clone());
    if let Some(status) = change.status {
        update = update.col_expr(C::Status, Expr::value(status));
    }
    if let Some(notes) = change.notes.into_change() {
        update = update.col_expr(C::Notes, Expr::value(notes));
    }
    if let Some(date) = change.diagnosed_date.into_change() {
        update = update.col_expr(C::DiagnosedDate, Expr::value(date));
    }
    // With nothing to change, the update still proves the row exists (and touches updated_at).
    let updated = update
        .col_expr(C::UserId, Expr::col(C::UserId))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::MedicalCondition,
        });
    }
    let row = user_medical_conditions::Entity::find()
        .filter(mine)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::MedicalCondition,
        })?;
    txn.commit().await?;
    Ok(row)
}

/// Removes one of the acting user's conditions.
///
/// # Errors
/// [`Error::NotFound`] (`user`, `medical condition`).
#[crate::traced("health::delete_condition")]
pub async fn delete_condition(db: &impl Conn, actor: Actor, condition: ConditionRef) -> Result<()> {
    let (txn, condition) = begin_change(db, actor, condition).await?;
    let deleted = user_medical_conditions::Entity::delete_many()
        .filter(condition_of(actor.id(), condition.id))
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::MedicalCondition,
        });
    }
    txn.commit().await?;
    Ok(())
}

/// The acting user's conditions with their reference rows, by name, in one query (a join).
///
/// # Errors
/// [`Error::Db`] only.
#[crate::traced("health::list_conditions")]
pub async fn list_conditions(db: &impl Conn, actor: Actor) -> Result<Vec<MedicalCondition>> {
    let txn = acting::read(db, Some(actor)).await?;
    let rows = user_medical_conditions::Entity::find()
        .filter(user_medical_conditions::Column::UserId.eq(actor))
        .filter(accounts::owner_is_live(
            user_medical_conditions::Column::UserId,
        ))
        .find_also_related(medical_conditions_ref::Entity)
        .order_by_asc(medical_conditions_ref::Column::Name)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows
        .into_iter()
        .filter_map(|(condition, reference)| {
            reference.map(|reference| MedicalCondition {
                condition,
                reference,
            })
        })
        .collect())
}
