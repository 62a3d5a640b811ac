//! What Eatsential is for: a meal from a nearby restaurant that is safe for the user's
//! allergies and fits what is left of their day; the user's profile in one query (seed 002
//! §7.1 `get_user_profile`); and feedback.
//!
//! [`recommend`] runs a bounded number of statements whatever the catalogue's size: the
//! profile; the meals that fit (restaurants pruned by the spatial index, meals over the energy
//! left or outside the price range excluded by the database), scored in Rust; the allergy
//! verdicts of the best few only (their warnings go into the reason), with a second pass in
//! the database when too few of those are safe; and one insert of the `recommendations` rows.
//!
//! ```no_run
//! use service::recommendations::{self, RecommendationRequest};
//! use service::restaurants::geo::LatLon;
//!
//! # async fn lunch(db: &service::Db, user: service::Actor) -> service::Result<()> {
//! let today = chrono::Utc::now().date_naive(); // the user's local date
//! let here = LatLon::new(40.7484, -73.9857)?;
//! let request = RecommendationRequest { record: true, ..RecommendationRequest::new(here, 2.0, today) };
//! for r in recommendations::recommend(db, user, &request).await? {
//!     println!("{}: {}", r.recommendation.score, r.recommendation.reason);
//! }
//! # Ok(())
//! # }
//! ```
mod candidates;
mod feedback;
mod profile;
mod request;
mod scoring;
mod sql;

use catalog::limits::restaurants::SCORE;
use entity::recommendations;
use entity::types::{Numeric, RecommendationStatus, Timestamp};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use uuid::Uuid;

pub use candidates::{DISMISSED_FOR_DAYS, JUDGED_PER_RECOMMENDATION, Screening};
pub use feedback::{FeedbackOn, LogAs, accept, create_feedback, dismiss};
pub use profile::{
    Consumed, GoalTargets, UserProfile, activity_factor, get_recommendation_profile, tdee_calories,
};
pub use request::{DEFAULT_RADIUS_KM, MAX_RECOMMENDATIONS, RecommendationRequest};
pub use scoring::ScoreParts;
pub use sql::{candidates_statement, profile_statement};

#[cfg(doc)]
use crate::input::dates;
use crate::safety::AllergenMatch;
use crate::{Actor, Conn, Error, OnField, Result, acting};
use candidates::{Candidate, Chosen, first_safe, rank};
use scoring::{MacroRoom, Scoring, f, reason_text, round2};
use sql::Best;

/// A recommendation made, with what it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recommended {
    pub recommendation: recommendations::Model,
    pub meal_name: String,
    pub restaurant_name: String,
    /// MILD and MODERATE allergens of the user in the meal (never a SEVERE one).
    pub warnings: Vec<AllergenMatch>,
}

/// The top `request.limit` meals for `user` at a point, returned best first, and stored as
/// `recommendations` rows (status `shown`) only when `request.record` asks for it.
///
/// A meal is a candidate when it is available at an active restaurant within the radius,
/// within the price range, its energy is known and at most the energy left today (the active
/// goal's calories minus what was eaten, else the TDEE minus it; no bound when neither is
/// known), it stays within what is left of each carbohydrate, fat and sodium target that is set,
/// the user has not dismissed it in the last [`DISMISSED_FOR_DAYS`] days, its ingredients are
/// listed, and none carries an allergen the user has at SEVERE or LIFE_THREATENING (MILD and
/// MODERATE ones are named in the reason). The score's parts are
/// [`ScoreParts`]; ties go to the nearer meal, then the lower id.
///
/// The statements do not grow with the catalogue. Four, usually: the profile; the candidates
/// that fit ([`Screening::Fit`]: the spatial index and the meal index, no per-meal subquery),
/// scored in Rust; the verdicts of the best [`JUDGED_PER_RECOMMENDATION`] × `limit`; the
/// insert. When fewer than `limit` of those are safe, two more: the candidates that are also
/// safe ([`Screening::FitAndSafe`]), and the verdicts of the best of them. Either way the
/// result is the best `limit` safe candidates. Without `record`, no insert (and on SQLite no
/// statement naming the acting user: the transaction is read-only, on the read pool).
///
/// # Errors
/// [`Error::Validation`] on `today` (outside [`dates::EARLIEST_DATE`]`..=`
/// [`dates::LATEST_DATE`]), `latitude`, `longitude`, `radius_km`, `limit`, `max_price`;
/// [`Error::NotFound`] `user`; [`Error::Db`].
#[crate::traced("recommendations::recommend")]
pub async fn recommend(
    db: &impl Conn,
    actor: Actor,
    request: &RecommendationRequest,
) -> Result<Vec<Recommended>> {
    request.check()?;
    let txn = if request.record {
        acting::write(db, Some(actor)).await?
    } else {
        acting::read(db, Some(actor)).await?
    };
    let profile = profile::profile_in(&txn, actor.id(), request.today).await?;
    let energy_left = profile
        .energy_left_kcal()
        .or_else(|| Some(Decimal::from(profile.tdee_calories?) - profile.consumed.energy_kcal));
    let chosen = choose(&txn, actor, request, &profile, energy_left).await?;
    if chosen.is_empty() {
        txn.commit().await?;
        return Ok(Vec::new());
    }
    let now = Timestamp::now();
    let made = chosen
        .into_iter()
        .map(|chosen| recommended(actor, chosen, energy_left, now))
        .collect::<Result<Vec<_>>>()?;
    if request.record {
        // `chosen` was not empty, so neither is `made`: one insert of every row.
        let rows = made
            .iter()
            .map(|r| r.recommendation.clone().into_active_model().reset_all());
        recommendations::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .map_err(Error::writing(catalog::tables::RECOMMENDATIONS))?;
    }
    txn.commit().await?;
    Ok(made)
}

/// What the request and the profile fix for scoring every candidate.
fn scoring_for(
    request: &RecommendationRequest,
    profile: &UserProfile,
    energy_left: Option<Decimal>,
) -> Scoring {
    Scoring {
        radius_km: request.radius_km,
        ideal_kcal: profile.energy_budget_kcal().map(|budget| {
            let third = f(budget) / 3.0;
            energy_left.map_or(third, |left| third.min(f(left)))
        }),
        protein_left_g: profile
            .goal
            .and_then(|g| g.protein_g)
            .map(|t| f(t - profile.consumed.protein_g)),
        max_price: request.max_price.map(|p| f(p.value())),
    }
}

/// The best `request.limit` safe candidates: the first pass over the meals that fit, the
/// second (only the safe ones) when too few of the best-scoring were safe.
async fn choose(
    txn: &impl ConnectionTrait,
    actor: Actor,
    request: &RecommendationRequest,
    profile: &UserProfile,
    energy_left: Option<Decimal>,
) -> Result<Vec<Chosen>> {
    let backend = txn.get_database_backend();
    let scoring = scoring_for(request, profile, energy_left);
    let max_energy = energy_left.map(|left| left.floor().to_i64().unwrap_or(0).max(-1));
    let statement =
        |screening| candidates_statement(backend, actor.id(), request, max_energy, screening);
    let best = |keep| Best {
        keep,
        request,
        scoring: &scoring,
        room: MacroRoom::of(profile),
    };
    let judged = request.limit * JUDGED_PER_RECOMMENDATION;
    let (mut ranked, left_out) = rank(txn, statement(Screening::Fit), &best(judged)).await?;
    let all_judged = !left_out && ranked.len() <= judged;
    ranked.truncate(judged);
    let chosen = first_safe(txn, actor, ranked, request.limit).await?;
    if chosen.len() >= request.limit || all_judged {
        return Ok(chosen);
    }
    let (mut ranked, _) = rank(txn, statement(Screening::FitAndSafe), &best(request.limit)).await?;
    ranked.truncate(request.limit);
    first_safe(txn, actor, ranked, request.limit).await
}

/// The `recommendations` row (status `shown`) of a chosen candidate, with what it names.
fn recommended(
    actor: Actor,
    (c, parts, warnings): Chosen,
    energy_left: Option<Decimal>,
    now: Timestamp,
) -> Result<Recommended> {
    let model = recommendations::Model {
        id: Uuid::new_v4(),
        user_id: actor.id(),
        meal_id: c.meal_id,
        restaurant_id: c.restaurant_id,
        // At most the score's range allows (`chk_recommendations_score`).
        score: Numeric::new(round2(parts.total()).min(Decimal::from(SCORE.max)))
            .on_field("score")?,
        distance_km: Numeric::new(
            Decimal::from_f64_retain(c.distance_km)
                .unwrap_or_default()
                .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero),
        )
        .on_field("distance_km")?,
        reason: reason_text(&c, &parts, energy_left, &warnings),
        reason_details: reason_details(&c, &parts, energy_left, &warnings),
        status: RecommendationStatus::Shown,
        created_at: now,
        updated_at: now,
    };
    Ok(Recommended {
        recommendation: model,
        meal_name: c.meal_name,
        restaurant_name: c.restaurant_name,
        warnings,
    })
}

/// `reason_details`: the score's parts and the figures behind them, as JSON.
fn reason_details(
    c: &Candidate,
    parts: &ScoreParts,
    energy_left: Option<Decimal>,
    warnings: &[AllergenMatch],
) -> serde_json::Value {
    serde_json::json!({
        "distance_km": c.distance_km,
        "energy_kcal": c.energy_kcal,
        "energy_left_kcal": energy_left.map(|d| d.to_string()),
        "price": c.price.to_string(),
        "parts": {
            "distance": parts.distance,
            "energy": parts.energy,
            "protein": parts.protein,
            "rating": parts.rating,
            "price": parts.price,
        },
        "warnings": warnings.iter().map(|w| serde_json::json!({
            "ingredient": w.ingredient_name,
            "allergen": w.allergen_name,
            "severity": w.severity,
        })).collect::<Vec<_>>(),
    })
}

/// The user's latest recommendations, newest first (at most `limit`, up to 100).
///
/// # Errors
/// [`Error::Db`].
#[crate::traced("recommendations::list_recommendations")]
pub async fn list_recommendations(
    db: &impl Conn,
    actor: Actor,
    limit: u64,
) -> Result<Vec<recommendations::Model>> {
    let txn = acting::read(db, Some(actor)).await?;
    let rows = recommendations::Entity::find()
        .filter(recommendations::Column::UserId.eq(actor))
        .order_by_desc(recommendations::Column::CreatedAt)
        .order_by_desc(recommendations::Column::Id)
        .limit(limit.min(100))
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(rows)
}
