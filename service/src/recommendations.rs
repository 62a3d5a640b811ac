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
use crate::{Actor, Conn};
use catalog::Subject;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use chrono::NaiveDate;
use entity::types::{ActivityLevel, MealSlot, Numeric, RecommendationStatus, Timestamp};
use entity::{feedback, meals, recommendations, restaurants};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QueryResult, QuerySelect, Set, Statement, Value,
};
use uuid::Uuid;

use crate::input::{InRange, Limited, dates};
use crate::restaurants::geo::{self, LatLon};
use crate::restaurants::{LISTED_MEAL_DISHES, MAX_RADIUS_KM, MEAL_DISHES};
use crate::safety::{self, AllergenMatch, Verdict};
use crate::{Error, OnField, Result, acting, nutrition};
use catalog::limits;

/// A user as [`get_recommendation_profile`] sees them on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserProfile {
    pub user_id: Uuid,
    pub username: String,
    pub email: String,
    /// The health profile, when the user has one.
    pub profile_id: Option<Uuid>,
    pub height_cm: Option<i32>,
    pub weight_kg: Option<Numeric<5, 2>>,
    pub activity_level: Option<ActivityLevel>,
    pub allergy_count: i64,
    /// Mifflin-St Jeor, from today's age (`health_profile_bmr`).
    pub bmr_calories: Option<i32>,
    /// BMR times the activity factor, rounded half away from zero.
    pub tdee_calories: Option<i32>,
    /// The day's totals (`daily_nutrition`; zeros without a log).
    pub consumed: Consumed,
    /// The active goal's daily targets, when a goal is active on the day.
    pub goal: Option<GoalTargets>,
}

/// What the user ate on the day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Consumed {
    pub energy_kcal: Decimal,
    pub protein_g: Decimal,
    pub carbs_g: Decimal,
    pub fat_g: Decimal,
    pub sodium_mg: Decimal,
}

/// The daily targets of the active nutrition goal (each may be unset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GoalTargets {
    pub goal_id: Uuid,
    pub calories: Option<Decimal>,
    pub protein_g: Option<Decimal>,
    pub carbs_g: Option<Decimal>,
    pub fat_g: Option<Decimal>,
    pub sodium_mg: Option<Decimal>,
}

impl UserProfile {
    /// The energy left under the active goal on the day (negative when over it); `None`
    /// without a goal or a calorie target.
    pub fn energy_left_kcal(&self) -> Option<Decimal> {
        Some(self.goal?.calories? - self.consumed.energy_kcal)
    }

    /// The day's energy budget: the goal's calories, else the TDEE.
    pub fn energy_budget_kcal(&self) -> Option<Decimal> {
        self.goal
            .and_then(|g| g.calories)
            .or(self.tdee_calories.map(Decimal::from))
    }
}

/// The multiplier of BMR for an activity level (the usual Harris-Benedict factors).
pub fn activity_factor(level: ActivityLevel) -> Decimal {
    match level {
        ActivityLevel::Sedentary => Decimal::new(12, 1),
        ActivityLevel::Light => Decimal::new(1375, 3),
        ActivityLevel::Moderate => Decimal::new(155, 2),
        ActivityLevel::Active => Decimal::new(1725, 3),
        ActivityLevel::VeryActive => Decimal::new(19, 1),
    }
}

/// TDEE: BMR times the activity factor, rounded half away from zero.
pub fn tdee_calories(bmr: i32, level: ActivityLevel) -> Option<i32> {
    (Decimal::from(bmr) * activity_factor(level))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i32()
}

/// The statement behind [`get_recommendation_profile`] (public so that a benchmark can run it by hand).
pub fn profile_statement(backend: DbBackend, user: Uuid, day: NaiveDate) -> Statement {
    let sql = "SELECT u.id AS user_id, u.username, u.email, \
                hp.id AS profile_id, hp.height_cm, hp.weight_kg, hp.activity_level, b.bmr_calories, \
                (SELECT COUNT(*) FROM user_allergies ua WHERE ua.user_id = u.id) AS allergy_count, \
                dn.energy_kcal AS c_energy, dn.protein_g AS c_protein, dn.carbs_g AS c_carbs, \
                dn.fat_g AS c_fat, dn.sodium_mg AS c_sodium, \
                g.id AS goal_id, g.target_calories, g.target_protein_g, g.target_carbs_g, \
                g.target_fat_g, g.target_sodium_mg \
         FROM users u \
         LEFT JOIN health_profiles hp ON hp.user_id = u.id \
         LEFT JOIN health_profile_bmr b ON b.user_id = u.id \
         LEFT JOIN daily_nutrition dn ON dn.user_id = u.id AND dn.date = $2 \
         LEFT JOIN nutrition_goals g ON g.user_id = u.id AND g.is_active \
              AND g.start_date <= $2 AND (g.end_date IS NULL OR g.end_date >= $2) \
         WHERE u.id = $1 AND u.deleted_at IS NULL";
    Statement::from_sql_and_values(backend, sql, [user.into(), day.into()])
}

fn decimal(row: &QueryResult, column: &str) -> Result<Option<Decimal>> {
    // DECIMAL(p, 2) columns: exact through `Numeric` on both backends.
    Ok(row
        .try_get::<Option<Numeric<15, 2>>>("", column)?
        .map(Numeric::value))
}

fn read_profile(row: &QueryResult) -> Result<UserProfile> {
    let activity_level: Option<ActivityLevel> = row.try_get("", "activity_level")?;
    let bmr_calories: Option<i32> = row.try_get("", "bmr_calories")?;
    let zero = |v: Option<Decimal>| v.unwrap_or(Decimal::ZERO);
    let goal = match row.try_get::<Option<Uuid>>("", "goal_id")? {
        Some(goal_id) => Some(GoalTargets {
            goal_id,
            calories: decimal(row, "target_calories")?,
            protein_g: decimal(row, "target_protein_g")?,
            carbs_g: decimal(row, "target_carbs_g")?,
            fat_g: decimal(row, "target_fat_g")?,
            sodium_mg: decimal(row, "target_sodium_mg")?,
        }),
        None => None,
    };
    Ok(UserProfile {
        user_id: row.try_get("", "user_id")?,
        username: row.try_get("", "username")?,
        email: row.try_get("", "email")?,
        profile_id: row.try_get("", "profile_id")?,
        height_cm: row.try_get("", "height_cm")?,
        weight_kg: row.try_get("", "weight_kg")?,
        activity_level,
        allergy_count: row.try_get("", "allergy_count")?,
        bmr_calories,
        tdee_calories: bmr_calories
            .zip(activity_level)
            .and_then(|(b, l)| tdee_calories(b, l)),
        consumed: Consumed {
            energy_kcal: zero(decimal(row, "c_energy")?),
            protein_g: zero(decimal(row, "c_protein")?),
            carbs_g: zero(decimal(row, "c_carbs")?),
            fat_g: zero(decimal(row, "c_fat")?),
            sodium_mg: zero(decimal(row, "c_sodium")?),
        },
        goal,
    })
}

async fn profile_in(db: &impl ConnectionTrait, user: Uuid, day: NaiveDate) -> Result<UserProfile> {
    let row = db
        .query_one_raw(profile_statement(db.get_database_backend(), user, day))
        .await?
        .ok_or(Error::NotFound {
            what: Subject::User,
        })?;
    read_profile(&row)
}

/// The user's profile on `day` (their local date) in one query: who they are, their health
/// profile, how many allergies, BMR and TDEE, what they ate that day and their active goal's
/// targets (seed 002 §7.1 `get_user_profile`, extended).
///
/// # Errors
/// [`Error::Validation`] (`day`) outside [`dates::EARLIEST_DATE`]`..=`[`dates::LATEST_DATE`];
/// [`Error::NotFound`] `user` for an unknown or deleted user (or, on PostgreSQL, another user
/// than the acting one); [`Error::Db`].
#[crate::traced("recommendations::get_recommendation_profile")]
pub async fn get_recommendation_profile(
    db: &impl Conn,
    actor: Actor,
    day: NaiveDate,
) -> Result<UserProfile> {
    dates::check_date("day", day)?;
    let txn = acting::read(db, Some(actor)).await?;
    let profile = profile_in(&txn, actor.id(), day).await?;
    txn.commit().await?;
    Ok(profile)
}

/// Where and what to recommend.
///
/// It deserialises from one flat object, the same in a query string and in JSON: `lat` and
/// `lon` (`latitude`, `longitude` are read too) are required; the rest default to what
/// [`RecommendationRequest::new`] sets, with `radius_km` [`DEFAULT_RADIUS_KM`] and `today`
/// the date in UTC (a caller that knows the user's time zone passes their local date).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "RequestParams")]
pub struct RecommendationRequest {
    pub center: LatLon,
    pub radius_km: f64,
    /// How many (1 to [`MAX_RECOMMENDATIONS`]).
    pub limit: usize,
    pub min_price: Option<Numeric<10, 2>>,
    pub max_price: Option<Numeric<10, 2>>,
    /// The user's local date: whose totals and goal count.
    pub today: NaiveDate,
    /// Store what is returned as `recommendations` rows (status `shown`), so that they can be
    /// accepted, dismissed and given feedback, and are remembered as shown. `false` (what
    /// [`RecommendationRequest::new`] sets) only reads, in a read-only transaction: the ids
    /// returned then name no stored row. A GET handler asks without; the screen that lets the
    /// user act on them asks with.
    pub record: bool,
}

/// The most recommendations one call makes.
pub const MAX_RECOMMENDATIONS: usize = 50;

/// The radius a deserialised [`RecommendationRequest`] that names none searches, in km.
pub const DEFAULT_RADIUS_KM: f64 = 5.0;

/// [`RecommendationRequest`] as a client sends it: flat, the centre as `lat` and `lon`.
#[derive(Deserialize)]
struct RequestParams {
    #[serde(alias = "latitude")]
    lat: f64,
    #[serde(alias = "longitude")]
    lon: f64,
    radius_km: Option<f64>,
    limit: Option<usize>,
    min_price: Option<Numeric<10, 2>>,
    max_price: Option<Numeric<10, 2>>,
    today: Option<NaiveDate>,
    #[serde(default)]
    record: bool,
}

impl From<RequestParams> for RecommendationRequest {
    fn from(p: RequestParams) -> Self {
        // The centre is checked by `recommend`, which names `latitude` or `longitude`.
        let center = LatLon {
            latitude: p.lat,
            longitude: p.lon,
        };
        let today = p.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let defaults = Self::new(center, p.radius_km.unwrap_or(DEFAULT_RADIUS_KM), today);
        Self {
            limit: p.limit.unwrap_or(defaults.limit),
            min_price: p.min_price,
            max_price: p.max_price,
            record: p.record,
            ..defaults
        }
    }
}

impl RecommendationRequest {
    /// The top 5 within `radius_km` of `center`, any price.
    pub fn new(center: LatLon, radius_km: f64, today: NaiveDate) -> Self {
        Self {
            center,
            radius_km,
            limit: 5,
            min_price: None,
            max_price: None,
            today,
            record: false,
        }
    }

    fn check(&self) -> Result<()> {
        dates::check_date("today", self.today)?;
        LatLon::new(self.center.latitude, self.center.longitude)?;
        if !self.radius_km.is_finite() || self.radius_km <= 0.0 || self.radius_km > MAX_RADIUS_KM {
            return Err(Error::invalid(
                "radius_km",
                "must be more than 0 and at most 20016 km",
            ));
        }
        if !(1..=MAX_RECOMMENDATIONS).contains(&self.limit) {
            return Err(Error::invalid("limit", "must be between 1 and 50"));
        }
        if let (Some(min), Some(max)) = (self.min_price, self.max_price)
            && min > max
        {
            return Err(Error::invalid("max_price", "must not be below min_price"));
        }
        Ok(())
    }
}

/// A recommendation made, with what it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recommended {
    pub recommendation: recommendations::Model,
    pub meal_name: String,
    pub restaurant_name: String,
    /// MILD and MODERATE allergens of the user in the meal (never a SEVERE one).
    pub warnings: Vec<AllergenMatch>,
}

/// A meal that passed the database's filters.
struct Candidate {
    meal_id: Uuid,
    restaurant_id: Uuid,
    meal_name: String,
    restaurant_name: String,
    price: Decimal,
    energy_kcal: i32,
    protein_g: Option<Decimal>,
    carbs_g: Option<Decimal>,
    fat_g: Option<Decimal>,
    sodium_mg: Option<i32>,
    rating: Option<Decimal>,
    distance_km: f64,
}

/// What the database checks of a candidate meal in [`candidates_statement`].
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

/// The statement of the candidates: available meals with a known energy, of active
/// restaurants inside the boxes around the center, within the price range and the energy
/// left, not dismissed by the user (`$1`) lately ([`DISMISSED_FOR_DAYS`]); with
/// [`Screening::FitAndSafe`] also with an ingredient list and no ingredient
/// carrying a SEVERE or LIFE_THREATENING allergen of the user.
pub fn candidates_statement(
    backend: DbBackend,
    user: Uuid,
    request: &RecommendationRequest,
    max_energy_kcal: Option<i64>,
    screening: Screening,
) -> Statement {
    let mut values: Vec<Value> = vec![user.into()];
    let next = |v: Value, values: &mut Vec<Value>| {
        values.push(v);
        format!("${}", values.len())
    };
    let mut boxes = Vec::new();
    for b in geo::boxes_within(request.center, request.radius_km) {
        let condition = if backend == DbBackend::Postgres {
            let (a, c, d, e) = (
                next(b.min_longitude.into(), &mut values),
                next(b.min_latitude.into(), &mut values),
                next(b.max_longitude.into(), &mut values),
                next(b.max_latitude.into(), &mut values),
            );
            // The expression of the GiST index `idx_restaurants_location`.
            format!(
                "point(restaurants.longitude::float8, restaurants.latitude::float8) \
                 <@ box(point({a}, {c}), point({d}, {e}))"
            )
        } else {
            let (a, c, d, e) = (
                next(b.min_latitude.into(), &mut values),
                next(b.max_latitude.into(), &mut values),
                next(b.min_longitude.into(), &mut values),
                next(b.max_longitude.into(), &mut values),
            );
            format!(
                "restaurants.id IN (SELECT row_key FROM restaurants_rtree \
                 WHERE max_lat >= {a} AND min_lat <= {c} AND max_lon >= {d} AND min_lon <= {e})"
            )
        };
        boxes.push(condition);
    }
    let mut filters = vec![format!("({})", boxes.join(" OR "))];
    if let Some(max) = max_energy_kcal {
        filters.push(format!(
            "meals.energy_kcal <= {}",
            next(max.into(), &mut values)
        ));
    }
    if let Some(min) = request.min_price {
        filters.push(format!("meals.price >= {}", next(min.into(), &mut values)));
    }
    if let Some(max) = request.max_price {
        filters.push(format!("meals.price <= {}", next(max.into(), &mut values)));
    }
    // Computed once (an uncorrelated subquery), from the user's recent recommendations only
    // (`idx_recommendations_user_latest`).
    let since = Timestamp::now()
        .checked_sub(chrono::TimeDelta::days(DISMISSED_FOR_DAYS))
        .unwrap_or(Timestamp::MIN);
    filters.push(format!(
        "meals.id NOT IN (SELECT r.meal_id FROM recommendations r WHERE r.user_id = $1 \
         AND r.created_at >= {} AND r.status = 'dismissed')",
        next(since.into(), &mut values)
    ));
    if screening == Screening::FitAndSafe {
        filters.push(
            "EXISTS (SELECT 1 FROM meal_ingredients li WHERE li.meal_id = meals.id)".to_owned(),
        );
        filters.push(safety::safe_condition(&MEAL_DISHES, "meals", "$1"));
    }
    let sql = format!(
        "SELECT meals.id, meals.restaurant_id, meals.name, meals.price, meals.energy_kcal, \
                meals.protein_g, meals.carbs_g, meals.fat_g, meals.sodium_mg, \
                restaurants.name AS restaurant_name, restaurants.latitude, restaurants.longitude, \
                restaurants.rating \
         FROM restaurants JOIN meals ON meals.restaurant_id = restaurants.id \
         WHERE restaurants.is_active AND meals.is_available AND meals.energy_kcal IS NOT NULL \
           AND {}",
        filters.join(" AND "),
    );
    Statement::from_sql_and_values(backend, sql, values)
}

fn read_candidate(row: &QueryResult, center: LatLon) -> Result<Option<Candidate>> {
    let lat: Option<Numeric<10, 8>> = row.try_get("", "latitude")?;
    let lon: Option<Numeric<11, 8>> = row.try_get("", "longitude")?;
    let (Some(latitude), Some(longitude)) = (lat, lon) else {
        return Ok(None);
    };
    let point = crate::restaurants::Location {
        latitude,
        longitude,
    }
    .point();
    let one = |c: &str| -> Result<Option<Decimal>> {
        Ok(row
            .try_get::<Option<Numeric<5, 1>>>("", c)?
            .map(Numeric::value))
    };
    Ok(Some(Candidate {
        meal_id: row.try_get("", "id")?,
        restaurant_id: row.try_get("", "restaurant_id")?,
        meal_name: row.try_get("", "name")?,
        restaurant_name: row.try_get("", "restaurant_name")?,
        price: row.try_get::<Numeric<10, 2>>("", "price")?.value(),
        energy_kcal: row.try_get("", "energy_kcal")?,
        protein_g: one("protein_g")?,
        carbs_g: one("carbs_g")?,
        fat_g: one("fat_g")?,
        sodium_mg: row.try_get("", "sodium_mg")?,
        rating: row
            .try_get::<Option<Numeric<2, 1>>>("", "rating")?
            .map(Numeric::value),
        distance_km: geo::distance_km(center, point),
    }))
}

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

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

fn score(c: &Candidate, scoring: &Scoring) -> ScoreParts {
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

/// Whether the meal stays within what is left of each macro target that is set (a missing
/// value in the meal counts as fitting).
fn fits_macros(c: &Candidate, profile: &UserProfile) -> bool {
    let Some(goal) = profile.goal else {
        return true;
    };
    let within =
        |target: Option<Decimal>, eaten: Decimal, meal: Option<Decimal>| match (target, meal) {
            (Some(t), Some(m)) => m <= t - eaten,
            _ => true,
        };
    within(goal.carbs_g, profile.consumed.carbs_g, c.carbs_g)
        && within(goal.fat_g, profile.consumed.fat_g, c.fat_g)
        && within(
            goal.sodium_mg,
            profile.consumed.sodium_mg,
            c.sodium_mg.map(Decimal::from),
        )
}

fn round2(v: f64) -> Decimal {
    Decimal::from_f64_retain(v)
        .unwrap_or_default()
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn reason_text(
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
struct Scoring {
    radius_km: f64,
    /// The energy a meal ideally has (a third of the day's budget, at most what is left).
    ideal_kcal: Option<f64>,
    protein_left_g: Option<f64>,
    max_price: Option<f64>,
}

/// The candidates within the radius that fit the macro targets, scored and best first (ties
/// to the nearer meal, then the lower id).
fn rank(
    rows: &[QueryResult],
    request: &RecommendationRequest,
    profile: &UserProfile,
    scoring: &Scoring,
) -> Result<Vec<(Candidate, ScoreParts)>> {
    let mut ranked = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(c) = read_candidate(row, request.center)? else {
            continue;
        };
        if c.distance_km > request.radius_km || !fits_macros(&c, profile) {
            continue;
        }
        let parts = score(&c, scoring);
        ranked.push((c, parts));
    }
    ranked.sort_by(|(a, pa), (b, pb)| {
        pb.total()
            .total_cmp(&pa.total())
            .then(a.distance_km.total_cmp(&b.distance_km))
            .then(a.meal_id.cmp(&b.meal_id))
    });
    Ok(ranked)
}

/// How many of the best-scoring candidates the first pass judges, per recommendation asked
/// for: a user would need most of the nearby menu to carry their severe allergens before
/// the second pass is needed.
pub const JUDGED_PER_RECOMMENDATION: usize = 4;

/// A ranked candidate found safe, with the MILD and MODERATE allergens it carries.
type Chosen = (Candidate, ScoreParts, Vec<AllergenMatch>);

/// The first `limit` of `ranked` that are safe, judged in one statement; a meal without an
/// ingredient list, or that became unsafe since the candidates were read, is skipped.
async fn first_safe(
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
    let backend = txn.get_database_backend();
    let profile = profile_in(&txn, actor.id(), request.today).await?;
    let energy_left = profile
        .energy_left_kcal()
        .or_else(|| Some(Decimal::from(profile.tdee_calories?) - profile.consumed.energy_kcal));
    let max_energy = energy_left.map(|left| left.floor().to_i64().unwrap_or(0).max(-1));
    let scoring = Scoring {
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
    };
    let fit = candidates_statement(backend, actor.id(), request, max_energy, Screening::Fit);
    let mut ranked = rank(&txn.query_all_raw(fit).await?, request, &profile, &scoring)?;
    let judged = request.limit * JUDGED_PER_RECOMMENDATION;
    let all_judged = ranked.len() <= judged;
    ranked.truncate(judged);
    let mut chosen = first_safe(&txn, actor, ranked, request.limit).await?;
    if chosen.len() < request.limit && !all_judged {
        let safe = candidates_statement(
            backend,
            actor.id(),
            request,
            max_energy,
            Screening::FitAndSafe,
        );
        let mut ranked = rank(&txn.query_all_raw(safe).await?, request, &profile, &scoring)?;
        ranked.truncate(request.limit);
        chosen = first_safe(&txn, actor, ranked, request.limit).await?;
    }
    if chosen.is_empty() {
        txn.commit().await?;
        return Ok(Vec::new());
    }
    let now = Timestamp::now();
    let mut made = Vec::with_capacity(chosen.len());
    for (c, parts, warnings) in chosen {
        let details = serde_json::json!({
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
        });
        let model = recommendations::Model {
            id: Uuid::new_v4(),
            user_id: actor.id(),
            meal_id: c.meal_id,
            restaurant_id: c.restaurant_id,
            score: Numeric::new(round2(parts.total()).min(Decimal::from(100))).on_field("score")?,
            distance_km: Numeric::new(
                Decimal::from_f64_retain(c.distance_km)
                    .unwrap_or_default()
                    .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero),
            )
            .on_field("distance_km")?,
            reason: reason_text(&c, &parts, energy_left, &warnings),
            reason_details: details,
            status: RecommendationStatus::Shown,
            created_at: now,
            updated_at: now,
        };
        made.push(Recommended {
            recommendation: model,
            meal_name: c.meal_name,
            restaurant_name: c.restaurant_name,
            warnings,
        });
    }
    if !request.record {
        txn.commit().await?;
        return Ok(made);
    }
    // `chosen` was not empty, so neither is `made`: one insert of every row.
    let rows = made
        .iter()
        .map(|r| r.recommendation.clone().into_active_model().reset_all());
    recommendations::Entity::insert_many(rows)
        .exec(&txn)
        .await
        .map_err(Error::writing(catalog::tables::RECOMMENDATIONS))?;
    txn.commit().await?;
    Ok(made)
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
    let rec = recommendations::Entity::find_by_id(recommendation)
        .filter(recommendations::Column::UserId.eq(actor))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound {
            what: Subject::Recommendation,
        })?;
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
        .filter(recommendations::Column::Id.eq(recommendation))
        .filter(recommendations::Column::UserId.eq(actor))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(Error::NotFound {
            what: Subject::Recommendation,
        });
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
            let meal = recommendations::Entity::find_by_id(id)
                .filter(recommendations::Column::UserId.eq(actor))
                .select_only()
                .column(recommendations::Column::MealId)
                .into_tuple::<Uuid>()
                .one(&txn)
                .await?
                .ok_or(Error::NotFound {
                    what: Subject::Recommendation,
                })?;
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
