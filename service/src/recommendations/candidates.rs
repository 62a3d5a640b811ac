//! The meals a recommendation chooses from: read with [`sql::candidates_statement`], ranked by
//! their score, and judged safe for the user's allergies, best first.
use std::collections::HashMap;

use entity::types::Numeric;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use serde::Serialize;
use uuid::Uuid;

use super::scoring::{ScoreParts, score};
use super::sql::{self, Best};
use crate::restaurants::LISTED_MEAL_DISHES;
use crate::restaurants::geo::{self, LatLon};
use crate::safety::{self, AllergenMatch, Verdict};
use crate::{Actor, Result};

/// A meal that passed the database's filters.
pub(super) struct Candidate {
    pub(super) meal_id: Uuid,
    pub(super) restaurant_id: Uuid,
    pub(super) meal_name: String,
    pub(super) restaurant_name: String,
    pub(super) price: Decimal,
    pub(super) energy_kcal: i32,
    pub(super) protein_g: Option<Decimal>,
    pub(super) carbs_g: Option<Decimal>,
    pub(super) fat_g: Option<Decimal>,
    pub(super) sodium_mg: Option<i32>,
    pub(super) rating: Option<Decimal>,
    pub(super) distance_km: f64,
}

/// One row of [`sql::candidates_statement`], as the database returns it.
#[derive(FromQueryResult)]
struct CandidateRow {
    id: Uuid,
    restaurant_id: Uuid,
    name: String,
    restaurant_name: String,
    price: Numeric<10, 2>,
    energy_kcal: i32,
    protein_g: Option<Numeric<5, 1>>,
    carbs_g: Option<Numeric<5, 1>>,
    fat_g: Option<Numeric<5, 1>>,
    sodium_mg: Option<i32>,
    rating: Option<Numeric<2, 1>>,
    latitude: Option<Numeric<10, 8>>,
    longitude: Option<Numeric<11, 8>>,
    /// How many rows the statement had before it left out those that cannot rank among the
    /// best ([`sql::best_candidates`]).
    candidates: i64,
}

/// What the database checks of a candidate meal in [`sql::candidates_statement`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Screening {
    /// Place, availability, energy and price: the first pass, cheap per meal. The allergens
    /// are judged afterwards, for the best-scoring few only.
    Fit,
    /// [`Screening::Fit`], a listed ingredient list and no ingredient carrying a SEVERE or
    /// LIFE_THREATENING allergen of the user: the second pass, taken only when too few of the
    /// best-scoring few were safe.
    FitAndSafe,
}

/// How long a dismissal holds: a meal the user dismissed from a recommendation made in the
/// last this many days is not recommended to them again.
pub const DISMISSED_FOR_DAYS: i64 = 30;

impl CandidateRow {
    /// The candidate at its distance from `center`; `None` for a restaurant without a place.
    fn at_distance_from(self, center: LatLon) -> Option<Candidate> {
        let point = crate::restaurants::Location {
            latitude: self.latitude?,
            longitude: self.longitude?,
        }
        .point();
        let amount = |v: Option<Numeric<5, 1>>| v.map(Numeric::value);
        Some(Candidate {
            meal_id: self.id,
            restaurant_id: self.restaurant_id,
            meal_name: self.name,
            restaurant_name: self.restaurant_name,
            price: self.price.value(),
            energy_kcal: self.energy_kcal,
            protein_g: amount(self.protein_g),
            carbs_g: amount(self.carbs_g),
            fat_g: amount(self.fat_g),
            sodium_mg: self.sodium_mg,
            rating: self.rating.map(Numeric::value),
            distance_km: geo::distance_km(center, point),
        })
    }
}

/// The candidates that can rank among the best [`Best::keep`] of `statement`
/// ([`sql::best_candidates`]), those within the radius that fit the macro targets, scored and
/// best first (ties to the nearer meal, then the lower id); and whether the statement left
/// any candidate out.
pub(super) async fn rank(
    txn: &impl ConnectionTrait,
    statement: Statement,
    best: &Best<'_>,
) -> Result<(Vec<(Candidate, ScoreParts)>, bool)> {
    let statement = sql::best_candidates(txn.get_database_backend(), statement, best);
    let rows = CandidateRow::find_by_statement(statement).all(txn).await?;
    let left_out = rows
        .first()
        .is_some_and(|row| usize::try_from(row.candidates).map_or(true, |n| n > rows.len()));
    let mut ranked = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(c) = row.at_distance_from(best.request.center) else {
            continue;
        };
        if c.distance_km > best.request.radius_km || !best.room.fits(&c) {
            continue;
        }
        let parts = score(&c, best.scoring);
        ranked.push((c, parts));
    }
    ranked.sort_by(|(a, pa), (b, pb)| {
        pb.total()
            .total_cmp(&pa.total())
            .then(a.distance_km.total_cmp(&b.distance_km))
            .then(a.meal_id.cmp(&b.meal_id))
    });
    Ok((ranked, left_out))
}

/// How many of the best-scoring candidates the first pass judges, per recommendation asked
/// for: a user would need most of the nearby menu to carry their severe allergens before
/// the second pass is needed.
pub const JUDGED_PER_RECOMMENDATION: usize = 4;

/// A ranked candidate found safe, with the MILD and MODERATE allergens it carries.
pub(super) type Chosen = (Candidate, ScoreParts, Vec<AllergenMatch>);

/// The first `limit` of `ranked` that are safe, judged in one statement; a meal without an
/// ingredient list, or that became unsafe since the candidates were read, is skipped.
pub(super) async fn first_safe(
    txn: &impl ConnectionTrait,
    actor: Actor,
    ranked: Vec<(Candidate, ScoreParts)>,
    limit: usize,
) -> Result<Vec<Chosen>> {
    let ids: Vec<Uuid> = ranked.iter().map(|(c, _)| c.meal_id).collect();
    let verdicts: HashMap<Uuid, Option<Verdict>> =
        safety::verdicts_if_known(txn, actor, &LISTED_MEAL_DISHES, &ids)
            .await?
            .into_iter()
            .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|(c, parts)| match verdicts.get(&c.meal_id) {
            Some(Some(Verdict::Safe { warnings })) => Some((c, parts, warnings.clone())),
            _ => None,
        })
        .take(limit)
        .collect())
}
