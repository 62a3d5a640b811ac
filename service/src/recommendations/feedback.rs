//! What the user does with a recommendation: accept it (and log its meal), dismiss it, or give
//! feedback on it or on a meal.
use entity::types::{MealSlot, Numeric, RecommendationStatus, Timestamp};
use entity::{feedback, meals, recommendations, restaurants};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(doc)]
use super::{DISMISSED_FOR_DAYS, recommend};
use crate::input::{InRange, Limited};
use crate::{Actor, Conn, Error, Result, acting, nutrition, owned};
use catalog::Subject;
use catalog::limits;

/// The recommendation `id` of the acting user, a live one.
fn own_recommendation(actor: Actor, id: Uuid) -> sea_orm::Condition {
    owned::own(
        actor.id(),
        id,
        (recommendations::Column::Id, recommendations::Column::UserId),
    )
}

const RECOMMENDATION_NOT_FOUND: Error = Error::NotFound {
    what: Subject::Recommendation,
};

/// Logging an accepted meal: when it was eaten, in which slot, in which time zone (its local
/// date is the day it counts on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct LogAs {
    /// The log's id, chosen by the client so that repeating [`accept`] logs the meal once
    /// (see [`nutrition::log_meal`]); `None`: the service makes one.
    pub id: Option<Uuid>,
    pub logged_at: Timestamp,
    pub meal_slot: MealSlot,
    pub tz: nutrition::Tz,
}

/// Accepts a recommendation, and when `log` is given logs its meal as a free entry named
/// `<meal> at <restaurant>` with the meal's nutrition (an unknown amount counts as 0). The
/// status is changed first, in its own transaction; the log is `service::nutrition::log_meal`'s.
///
/// Accepting again only sets the status again; with the same `log.id` it returns the stored
/// log instead of logging the meal twice.
///
/// # Errors
/// [`Error::Validation`] (`logged_at`, as `log_meal` checks it) before anything changes;
/// [`Error::NotFound`] `recommendation` (unknown, or another user's); the errors of
/// `log_meal` ([`Error::Conflict`] `meal log id` when `log.id` holds another log).
#[crate::traced("recommendations::accept")]
pub async fn accept(
    db: &impl Conn,
    actor: Actor,
    recommendation: Uuid,
    log: Option<LogAs>,
) -> Result<Option<entity::meal_logs::Model>> {
    // The log's time is checked before the status changes, so a refused log changes nothing.
    if let Some(log) = &log {
        nutrition::logs::logged_on(log.logged_at, log.tz)?;
    }
    set_status(db, actor, recommendation, RecommendationStatus::Accepted).await?;
    let Some(log) = log else {
        return Ok(None);
    };
    let txn = acting::read_primary(db, Some(actor)).await?;
    let rec = owned::find_own::<recommendations::Entity, _>(
        &txn,
        actor,
        recommendation,
        (recommendations::Column::Id, recommendations::Column::UserId),
        RECOMMENDATION_NOT_FOUND,
    )
    .await?;
    let meal = meals::Entity::find_by_id(rec.meal_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Meal,
        })?;
    let restaurant = restaurants::Entity::find_by_id(rec.restaurant_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Restaurant,
        })?;
    txn.commit().await?;
    let d = |v: Option<Numeric<5, 1>>| v.map_or(Decimal::ZERO, Numeric::value);
    let nutrition = nutrition::Nutrition {
        energy_kcal: Decimal::from(meal.energy_kcal.unwrap_or(0)),
        protein_g: d(meal.protein_g),
        carbs_g: d(meal.carbs_g),
        fat_g: d(meal.fat_g),
        fiber_g: d(meal.fiber_g),
        sugar_g: d(meal.sugar_g),
        sodium_mg: Decimal::from(meal.sodium_mg.unwrap_or(0)),
    };
    let mut name = format!("{} at {}", meal.name, restaurant.name);
    if name.chars().count() > 200 {
        name = name.chars().take(200).collect();
    }
    let entry = nutrition::MealEntry::Free { name, nutrition };
    let logged = nutrition::log_meal(
        db,
        actor,
        log.tz,
        nutrition::NewMealLog {
            id: log.id,
            ..nutrition::NewMealLog::new(log.logged_at, log.meal_slot, entry)
        },
    )
    .await?;
    Ok(Some(logged))
}

/// Dismisses a recommendation: [`recommend`] leaves its meal out for this user while the
/// recommendation is less than [`DISMISSED_FOR_DAYS`] days old.
///
/// # Errors
/// [`Error::NotFound`] `recommendation` (unknown, or another user's).
#[crate::traced("recommendations::dismiss")]
pub async fn dismiss(db: &impl Conn, actor: Actor, recommendation: Uuid) -> Result<()> {
    set_status(db, actor, recommendation, RecommendationStatus::Dismissed).await
}

async fn set_status(
    db: &impl Conn,
    actor: Actor,
    recommendation: Uuid,
    status: RecommendationStatus,
) -> Result<()> {
    let txn = acting::write(db, Some(actor)).await?;
    let done = recommendations::Entity::update_many()
        .col_expr(
            recommendations::Column::Status,
            sea_orm::sea_query::Expr::value(status),
        )
        .filter(own_recommendation(actor, recommendation))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(RECOMMENDATION_NOT_FOUND);
    }
    txn.commit().await?;
    Ok(())
}

/// What feedback is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackOn {
    /// One of the user's recommendations (at most one feedback each); its meal is recorded too.
    Recommendation(Uuid),
    Meal(Uuid),
}

/// Records the user's rating (1 to 5) and optional comment (up to 2,000 characters).
///
/// # Errors
/// [`Error::Validation`] on `rating` or `comment`; [`Error::NotFound`] `recommendation`
/// (unknown or another user's) or `meal`; [`Error::Conflict`] for a second feedback on one
/// recommendation.
#[crate::traced("recommendations::create_feedback")]
pub async fn create_feedback(
    db: &impl Conn,
    actor: Actor,
    on: FeedbackOn,
    rating: i32,
    comment: Option<&str>,
) -> Result<feedback::Model> {
    limits::RATING.check("rating", rating)?;
    limits::restaurants::FEEDBACK_COMMENT.check_some("comment", comment)?;
    let txn = acting::write(db, Some(actor)).await?;
    let (recommendation_id, meal_id) = match on {
        FeedbackOn::Meal(meal) => (None, meal),
        FeedbackOn::Recommendation(id) => {
            let meal = recommendations::Entity::find()
                .filter(own_recommendation(actor, id))
                .select_only()
                .column(recommendations::Column::MealId)
                .into_tuple::<Uuid>()
                .one(&txn)
                .await?
                .ok_or(RECOMMENDATION_NOT_FOUND)?;
            (Some(id), meal)
        }
    };
    let row = feedback::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(actor.id()),
        recommendation_id: Set(recommendation_id),
        meal_id: Set(meal_id),
        rating: Set(rating),
        comment: Set(comment.map(str::to_owned)),
        ..Default::default()
    };
    let model = row.insert(&txn).await.map_err(|e| {
        match (crate::violation(&e), recommendation_id) {
            // SQLite does not name the key: with a recommendation its meal exists.
            (Some(crate::Violation::ForeignKey), None) => Error::missing("meal_id", Subject::Meal),
            _ => Error::from(e),
        }
    })?;
    txn.commit().await?;
    Ok(model)
}
