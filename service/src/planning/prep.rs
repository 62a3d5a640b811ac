//! Prep sessions: a time set aside to cook some planned meals ahead, and what to cook in one.
use crate::{Actor, Conn};
use catalog::Subject;
use entity::types::{PrepStatus, Timestamp};
use entity::{meal_prep_session_meals, meal_prep_sessions, planned_meals, recipes};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Asterisk, Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel,
    JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, SelectModel,
    Selector, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{MEAL_NOT_FOUND, SERVINGS_SCALE, SESSION_NOT_FOUND, session_of};
use crate::aggregate::{from_units, sum_units};
use crate::idempotent::{Claim, Once};
use crate::input::Limited;
use crate::owned;
use crate::{Error, Result, accounts, acting};
use catalog::limits;

/// A prep session and the planned meals it prepares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrepSession {
    pub session: meal_prep_sessions::Model,
    pub planned_meal_ids: Vec<Uuid>,
}

/// What to cook in a prep session: each recipe once, with the servings of all its meals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrepTask {
    pub recipe_id: Uuid,
    pub recipe_name: String,
    pub total_servings: Decimal,
    pub meals: i64,
}

/// Whether a stored session is what [`schedule_prep_session`] would store now: when, the notes,
/// and the same planned meals in any order (its status is the session's own since).
fn same_session(
    stored: &meal_prep_sessions::Model,
    stored_meals: &[Uuid],
    scheduled_at: Timestamp,
    planned_meal_ids: &[Uuid],
    notes: Option<&str>,
) -> bool {
    let mut stored_meals = stored_meals.to_vec();
    let mut meals = planned_meal_ids.to_vec();
    stored_meals.sort_unstable();
    meals.sort_unstable();
    stored.scheduled_at == scheduled_at && stored.notes.as_deref() == notes && stored_meals == meals
}

/// A prep session to schedule ([`schedule_prep_session`]).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewPrepSession {
    pub scheduled_at: Timestamp,
    /// The acting user's planned meals it prepares, each once.
    pub planned_meal_ids: Vec<Uuid>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The session's id, chosen by the client so the call can be repeated safely.
    #[serde(default)]
    pub id: Option<Uuid>,
}

/// Schedules a prep session for some of the acting user's planned meals (from any of their
/// plans). A planned meal is prepared in one session only.
///
/// `id` is the session's id, chosen by the client so the call can be repeated safely (`None`:
/// the service makes one): repeated with the same id and the same content, it returns the
/// stored session and writes nothing.
///
/// # Errors
/// [`Error::Validation`] (`planned_meal_ids` empty or repeating a meal, `notes`);
/// [`Error::NotFound`] (`planned meal`) for a meal that is not the acting user's;
/// [`Error::Conflict`] (`planned meal in a prep session`) for a meal another session prepares,
/// (`prep session id`) when `id` holds another session, or another user's.
#[crate::traced("planning::schedule_prep_session")]
pub async fn schedule_prep_session(
    db: &impl Conn,
    actor: Actor,
    new: NewPrepSession,
) -> Result<PrepSession> {
    let NewPrepSession {
        scheduled_at,
        planned_meal_ids,
        notes,
        id,
    } = new;
    let (planned_meal_ids, notes) = (planned_meal_ids.as_slice(), notes.as_deref());
    limits::planning::NOTES.check_some("notes", notes)?;
    check_meal_ids(planned_meal_ids)?;
    let txn = acting::write(db, Some(actor)).await?;
    accounts::live_user(&txn, actor.id()).await?;
    all_mine(&txn, actor, planned_meal_ids).await?;
    let once = Once::<meal_prep_sessions::Entity>::new(
        id,
        (
            meal_prep_sessions::Column::Id,
            meal_prep_sessions::Column::UserId,
        ),
        Subject::PrepSessionId,
    );
    let now = Timestamp::now();
    let session = meal_prep_sessions::Model {
        id: once.id,
        user_id: actor.id(),
        scheduled_at,
        status: PrepStatus::Scheduled,
        completed_at: None,
        notes: notes.map(str::to_owned),
        created_at: now,
        updated_at: now,
    }
    .into_active_model()
    .reset_all();
    let session = match once.insert(&txn, actor, session, Error::from).await? {
        Claim::New(session) => session,
        Claim::Stored(stored) => {
            let stored_meals = meals_of(&txn, actor, stored.id).await?;
            let same = same_session(
                &stored,
                &stored_meals,
                scheduled_at,
                planned_meal_ids,
                notes,
            );
            let session = PrepSession {
                session: stored,
                planned_meal_ids: planned_meal_ids.to_vec(),
            };
            return once.repeat(txn, session, same).await;
        }
    };
    meal_prep_session_meals::Entity::insert_many(planned_meal_ids.iter().map(|meal| {
        meal_prep_session_meals::ActiveModel {
            prep_session_id: Set(session.id),
            planned_meal_id: Set(*meal),
            user_id: Set(actor.id()),
        }
    }))
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(PrepSession {
        session,
        planned_meal_ids: planned_meal_ids.to_vec(),
    })
}

/// A session's meals: at least one, none twice.
fn check_meal_ids(planned_meal_ids: &[Uuid]) -> Result<()> {
    if planned_meal_ids.is_empty() {
        return Err(Error::invalid(
            "planned_meal_ids",
            "a session prepares at least one planned meal",
        ));
    }
    for (i, id) in planned_meal_ids.iter().enumerate() {
        if planned_meal_ids[..i].contains(id) {
            return Err(Error::invalid(
                format!("planned_meal_ids[{i}]"),
                "is listed twice",
            ));
        }
    }
    Ok(())
}

/// Refuses unless every one of `planned_meal_ids` is the acting user's planned meal.
async fn all_mine<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    planned_meal_ids: &[Uuid],
) -> Result<()> {
    let mine = planned_meals::Entity::find()
        .filter(planned_meals::Column::Id.is_in(planned_meal_ids.iter().copied()))
        .filter(planned_meals::Column::UserId.eq(actor))
        .count(db)
        .await?;
    if mine != planned_meal_ids.len() as u64 {
        return Err(MEAL_NOT_FOUND);
    }
    Ok(())
}

/// The planned meals a stored session of the acting user prepares.
async fn meals_of<C: ConnectionTrait>(db: &C, actor: Actor, session_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(meal_prep_session_meals::Entity::find()
        .select_only()
        .column(meal_prep_session_meals::Column::PlannedMealId)
        .filter(meal_prep_session_meals::Column::PrepSessionId.eq(session_id))
        .filter(meal_prep_session_meals::Column::UserId.eq(actor))
        .into_tuple()
        .all(db)
        .await?)
}

/// Moves a prep session to `status`: `completed` records when, `cancelled` keeps its meals
/// linked (delete the session to prepare them in another).
///
/// # Errors
/// [`Error::Validation`] (`status`) to go back to `scheduled` from a finished session or to
/// leave `completed`/`cancelled`; [`Error::NotFound`] (`prep session`).
#[crate::traced("planning::set_prep_status")]
pub async fn set_prep_status(
    db: &impl Conn,
    actor: Actor,
    session_id: Uuid,
    status: PrepStatus,
) -> Result<meal_prep_sessions::Model> {
    let txn = acting::write(db, Some(actor)).await?;
    let stored = session_of(&txn, actor, session_id).await?;
    if matches!(stored.status, PrepStatus::Completed | PrepStatus::Cancelled)
        && stored.status != status
    {
        return Err(Error::invalid("status", "the session has already ended"));
    }
    let mut row = stored.into_active_model();
    row.status = Set(status);
    row.completed_at = Set((status == PrepStatus::Completed).then(Timestamp::now));
    let row = row.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// Deletes a prep session; its meals stay planned and can be prepared in another.
///
/// # Errors
/// [`Error::NotFound`] (`prep session`).
#[crate::traced("planning::delete_prep_session")]
pub async fn delete_prep_session(db: &impl Conn, actor: Actor, session_id: Uuid) -> Result<()> {
    owned::delete_own::<meal_prep_sessions::Entity>(
        db,
        actor,
        session_id,
        (
            meal_prep_sessions::Column::Id,
            meal_prep_sessions::Column::UserId,
        ),
        SESSION_NOT_FOUND,
    )
    .await
}

/// What to cook in a session: each recipe of its meals once, with their total servings, by
/// recipe name. One query after the session's.
///
/// # Errors
/// [`Error::NotFound`] (`prep session`).
#[crate::traced("planning::list_prep_tasks")]
pub async fn list_prep_tasks(
    db: &impl Conn,
    actor: Actor,
    session_id: Uuid,
) -> Result<Vec<PrepTask>> {
    let txn = acting::read(db, Some(actor)).await?;
    session_of(&txn, actor, session_id).await?;
    let rows = tasks_of(session_id, actor).all(&txn).await?;
    txn.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| PrepTask {
            recipe_id: row.recipe_id,
            recipe_name: row.recipe_name,
            total_servings: from_units(row.servings, SERVINGS_SCALE),
            meals: row.meals,
        })
        .collect())
}

/// A recipe of a session as [`tasks_of`] reads it: its servings in hundredths.
#[derive(FromQueryResult)]
struct TaskRow {
    recipe_id: Uuid,
    recipe_name: String,
    meals: i64,
    servings: i64,
}

/// The session's meals whose recipe the actor may see, per recipe (by name): how many meals,
/// and their servings summed exactly.
fn tasks_of(session_id: Uuid, actor: Actor) -> Selector<SelectModel<TaskRow>> {
    let servings = Expr::col((planned_meals::Entity, planned_meals::Column::Servings));
    meal_prep_session_meals::Entity::find()
        .select_only()
        .column_as(recipes::Column::Id, "recipe_id")
        .column_as(recipes::Column::Name, "recipe_name")
        .expr_as(Func::count(Expr::col(Asterisk)), "meals")
        .expr_as(sum_units(servings, SERVINGS_SCALE), "servings")
        .inner_join(planned_meals::Entity)
        .join(JoinType::InnerJoin, planned_meals::Relation::Recipes.def())
        .filter(meal_prep_session_meals::Column::PrepSessionId.eq(session_id))
        .filter(meal_prep_session_meals::Column::UserId.eq(actor))
        .filter(crate::recipes::visible_to(actor.id()))
        .group_by(recipes::Column::Id)
        .group_by(recipes::Column::Name)
        .order_by_asc(recipes::Column::Name)
        .order_by_asc(recipes::Column::Id)
        .into_model::<TaskRow>()
}
