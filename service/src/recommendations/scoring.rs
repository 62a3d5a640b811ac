//! How a candidate meal is scored ([`ScoreParts`]), whether it fits the macro targets, and
//! the reason a recommendation gives.
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::UserProfile;
use super::candidates::Candidate;
use crate::safety::AllergenMatch;

/// The parts of a score, each on its own scale; their sum is the score (0 to 100).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ScoreParts {
    /// 0-30: nearer is better (30 at the center, 0 at the radius).
    pub distance: f64,
    /// 0-30: how close the meal's energy is to a third of the day's budget, capped at what is
    /// left (15 when no budget is known).
    pub energy: f64,
    /// 0-20: the share of the protein left that the meal covers (10 without a protein target).
    pub protein: f64,
    /// 0-10: the restaurant's rating out of 5 (5 when unrated).
    pub rating: f64,
    /// 0-10: cheaper within the price range is better (5 without a maximum price).
    pub price: f64,
}

impl ScoreParts {
    pub fn total(&self) -> f64 {
        self.distance + self.energy + self.protein + self.rating + self.price
    }
}

pub(super) fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

pub(super) fn score(c: &Candidate, scoring: &Scoring) -> ScoreParts {
    let clamp = |v: f64, max: f64| v.clamp(0.0, max);
    ScoreParts {
        distance: clamp(30.0 * (1.0 - c.distance_km / scoring.radius_km), 30.0),
        energy: match scoring.ideal_kcal {
            Some(ideal) if ideal > 0.0 => clamp(
                30.0 * (1.0 - (f64::from(c.energy_kcal) - ideal).abs() / ideal),
                30.0,
            ),
            Some(_) => 0.0,
            None => 15.0,
        },
        protein: match (scoring.protein_left_g, c.protein_g) {
            (Some(left), Some(p)) if left > 0.0 => clamp(20.0 * f(p) / left, 20.0),
            (Some(_), _) => 0.0,
            (None, _) => 10.0,
        },
        rating: c.rating.map_or(5.0, |r| clamp(2.0 * f(r), 10.0)),
        price: match scoring.max_price {
            Some(max) if max > 0.0 => clamp(10.0 * (max - f(c.price)) / max, 10.0),
            _ => 5.0,
        },
    }
}

/// What is left today of each macro target that is set (negative when over it): a meal fits
/// when each of its values is at most that (a missing value in the meal counts as fitting).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct MacroRoom {
    pub(super) carbs_g: Option<Decimal>,
    pub(super) fat_g: Option<Decimal>,
    pub(super) sodium_mg: Option<Decimal>,
}

impl MacroRoom {
    pub(super) fn of(profile: &UserProfile) -> Self {
        let Some(goal) = profile.goal else {
            return Self::default();
        };
        let eaten = profile.consumed;
        Self {
            carbs_g: goal.carbs_g.map(|t| t - eaten.carbs_g),
            fat_g: goal.fat_g.map(|t| t - eaten.fat_g),
            sodium_mg: goal.sodium_mg.map(|t| t - eaten.sodium_mg),
        }
    }

    /// Each room that is set, by the meal column it bounds.
    pub(super) fn by_column(&self) -> impl Iterator<Item = (&'static str, Decimal)> {
        [
            ("carbs_g", self.carbs_g),
            ("fat_g", self.fat_g),
            ("sodium_mg", self.sodium_mg),
        ]
        .into_iter()
        .filter_map(|(column, room)| Some((column, room?)))
    }

    pub(super) fn fits(&self, c: &Candidate) -> bool {
        let within = |room: Option<Decimal>, meal: Option<Decimal>| match (room, meal) {
            (Some(room), Some(m)) => m <= room,
            _ => true,
        };
        within(self.carbs_g, c.carbs_g)
            && within(self.fat_g, c.fat_g)
            && within(self.sodium_mg, c.sodium_mg.map(Decimal::from))
    }
}

pub(super) fn round2(v: f64) -> Decimal {
    Decimal::from_f64_retain(v)
        .unwrap_or_default()
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

pub(super) fn reason_text(
    c: &Candidate,
    parts: &ScoreParts,
    energy_left: Option<Decimal>,
    warnings: &[AllergenMatch],
) -> String {
    let mut text = format!(
        "{} at {}, {:.2} km away: {} kcal",
        c.meal_name, c.restaurant_name, c.distance_km, c.energy_kcal
    );
    if let Some(left) = energy_left {
        text.push_str(&format!(" of the {} kcal left today", left.round()));
    }
    text.push_str(&format!(
        "; no ingredient you are severely allergic to; {}. Score {:.2} = distance {:.2} + energy {:.2} + protein {:.2} + rating {:.2} + price {:.2}.",
        c.price,
        parts.total(),
        parts.distance,
        parts.energy,
        parts.protein,
        parts.rating,
        parts.price
    ));
    for w in warnings {
        text.push_str(&format!(
            " Contains {} ({}: your {:?} allergy).",
            w.ingredient_name, w.allergen_name, w.severity
        ));
    }
    text
}

/// How the candidates are scored: what the request and the profile fix for every meal.
pub(super) struct Scoring {
    pub(super) radius_km: f64,
    /// The energy a meal ideally has (a third of the day's budget, at most what is left).
    pub(super) ideal_kcal: Option<f64>,
    pub(super) protein_left_g: Option<f64>,
    pub(super) max_price: Option<f64>,
}
