//! The statements of recommendations that stay SQL text, each covered by a test that runs it
//! on both backends (`tests/suite/recommendations/`, `best_candidates.rs`, `round_trips.rs`,
//! `query_plans.rs`).
//!
//! Why not SeaORM: [`profile_statement`] reads one row joined from five tables and a view
//! (`health_profile_bmr`, `daily_nutrition`) that have no relation between them to join
//! through, its plan pinned by `query_plans`; [`candidates_statement`] names each backend's
//! spatial index by its own expression (PostgreSQL's GiST `point <@ box`, SQLite's
//! `restaurants_rtree` virtual table), which sea-query has no words for; [`best_candidates`]
//! ranks them in common table expressions with each backend's `max`/`GREATEST`.
use chrono::NaiveDate;
use entity::types::Timestamp;
use sea_orm::{DbBackend, Statement, Value};
use uuid::Uuid;

use super::scoring::{MacroRoom, Scoring};
use super::{DISMISSED_FOR_DAYS, RecommendationRequest, Screening};
use crate::restaurants::MEAL_DISHES;
use crate::restaurants::geo::{self, DistanceBounds};
use crate::safety;

/// The statement behind [`super::get_recommendation_profile`] (public so that a benchmark can run it by hand).
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

/// Binds `v` as the next parameter of `values`; its placeholder.
fn bind(v: Value, values: &mut Vec<Value>) -> String {
    values.push(v);
    format!("${}", values.len())
}

/// The condition that a restaurant is inside `b`, in the words of the backend's spatial index.
fn inside_box(backend: DbBackend, b: &geo::GeoBox, values: &mut Vec<Value>) -> String {
    if backend == DbBackend::Postgres {
        let (a, c, d, e) = (
            bind(b.min_longitude.into(), values),
            bind(b.min_latitude.into(), values),
            bind(b.max_longitude.into(), values),
            bind(b.max_latitude.into(), values),
        );
        // The expression of the GiST index `idx_restaurants_location`.
        format!(
            "point(restaurants.longitude::float8, restaurants.latitude::float8) \
             <@ box(point({a}, {c}), point({d}, {e}))"
        )
    } else {
        let (a, c, d, e) = (
            bind(b.min_latitude.into(), values),
            bind(b.max_latitude.into(), values),
            bind(b.min_longitude.into(), values),
            bind(b.max_longitude.into(), values),
        );
        format!(
            "restaurants.id IN (SELECT row_key FROM restaurants_rtree \
             WHERE max_lat >= {a} AND min_lat <= {c} AND max_lon >= {d} AND min_lon <= {e})"
        )
    }
}

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
    let boxes: Vec<String> = geo::boxes_within(request.center, request.radius_km)
        .into_iter()
        .map(|b| inside_box(backend, &b, &mut values))
        .collect();
    let mut filters = vec![format!("({})", boxes.join(" OR "))];
    if let Some(max) = max_energy_kcal {
        filters.push(format!(
            "meals.energy_kcal <= {}",
            bind(max.into(), &mut values)
        ));
    }
    if let Some(min) = request.min_price {
        filters.push(format!("meals.price >= {}", bind(min.into(), &mut values)));
    }
    if let Some(max) = request.max_price {
        filters.push(format!("meals.price <= {}", bind(max.into(), &mut values)));
    }
    // Computed once (an uncorrelated subquery), from the user's recent recommendations only
    // (`idx_recommendations_user_latest`).
    let since = Timestamp::now()
        .checked_sub(chrono::TimeDelta::days(DISMISSED_FOR_DAYS))
        .unwrap_or(Timestamp::MIN);
    filters.push(format!(
        "meals.id NOT IN (SELECT r.meal_id FROM recommendations r WHERE r.user_id = $1 \
         AND r.created_at >= {} AND r.status = 'dismissed')",
        bind(since.into(), &mut values)
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

/// What [`best_candidates`] needs to tell which candidates can rank among the best `keep`.
pub(super) struct Best<'a> {
    pub(super) keep: usize,
    pub(super) request: &'a RecommendationRequest,
    pub(super) scoring: &'a Scoring,
    pub(super) room: MacroRoom,
}

/// How far apart a score as the statement computes it may be from the same score computed in
/// Rust (floating-point rounding in another order): far more than enough.
const SCORE_ROUNDING: f64 = 1e-6;

/// `candidates` ([`candidates_statement`]) less the rows that cannot rank among the best
/// `best.keep` by [`super::scoring::score`], each row with `candidates`, how many rows there
/// were before: fewer rows returned than that means some were left out.
///
/// The statement cannot compute the distance (no trigonometric functions in SQLite's bundled
/// library), so it bounds it ([`DistanceBounds`]), and computes the other parts of the score as
/// `score` does: each row then has a lowest and a highest score it can have. Among the rows
/// sure to pass the service's own checks (inside the radius, within the macro targets), the
/// `keep`-th best lowest score is a score at least `keep` candidates reach; a row whose
/// highest score is below it cannot be among the best `keep`, and is left out. With fewer such
/// rows, none is. So the service ranks the same best rows, exactly, from far fewer.
pub(super) fn best_candidates(backend: DbBackend, candidates: Statement, best: &Best) -> Statement {
    let Best {
        keep,
        request,
        scoring,
        room,
    } = best;
    let mut values: Vec<Value> = candidates.values.map(|v| v.0).unwrap_or_default();
    let mut real = |x: f64| bind(x.into(), &mut values);
    // The one difference between the backends here: PostgreSQL's `max` is an aggregate only.
    let (greatest, least) = match backend {
        DbBackend::Postgres => ("GREATEST", "LEAST"),
        _ => ("max", "min"),
    };
    let clamp = |x: String, top: u32| format!("{greatest}(0, {least}({top}, {x}))");
    // The parts of `score` but the distance, term by term.
    let energy = match scoring.ideal_kcal {
        Some(ideal) if ideal > 0.0 => {
            let ideal = real(ideal);
            clamp(
                format!("30 * (1 - abs(c.energy_kcal - {ideal}) / {ideal})"),
                30,
            )
        }
        Some(_) => "0".to_owned(),
        None => "15".to_owned(),
    };
    let protein = match scoring.protein_left_g {
        Some(left) if left > 0.0 => format!(
            "CASE WHEN c.protein_g IS NULL THEN 0 ELSE {} END",
            clamp(format!("20 * c.protein_g / {}", real(left)), 20)
        ),
        Some(_) => "0".to_owned(),
        None => "10".to_owned(),
    };
    let rating = format!(
        "CASE WHEN c.rating IS NULL THEN 5 ELSE {} END",
        clamp("2 * c.rating".to_owned(), 10)
    );
    let price = match scoring.max_price {
        Some(max) if max > 0.0 => {
            let max = real(max);
            clamp(format!("10 * ({max} - c.price) / {max}"), 10)
        }
        _ => "5".to_owned(),
    };
    // The distance's bounds, from the differences in degrees (`d.dlat`, `d.dlon`).
    let bounds = DistanceBounds::around(request.center, request.radius_km);
    let (half_down, half_up) = DistanceBounds::HALF_SQRT_2;
    let (lat_km, lat_km_shrunk, lon_km) = (
        real(bounds.lat_km),
        real(bounds.lat_km_shrunk),
        real(bounds.lon_km),
    );
    let half_down = real(half_down);
    let below = format!(
        "{greatest}({lat_km} * d.dlat, {lon_km} * d.dlon, \
         ({lat_km_shrunk} * d.dlat + {lon_km} * d.dlon) * {half_down})"
    );
    let above = match bounds.above_km {
        Some(km) => {
            let (km, share, half_up) = (real(km), real(bounds.above_lon_share), real(half_up));
            format!(
                "{km} * {greatest}(d.dlat, {share} * d.dlon, (d.dlat + {share} * d.dlon) * {half_up})"
            )
        }
        None => real(std::f64::consts::PI * geo::EARTH_RADIUS_KM),
    };
    let (latitude, longitude) = (
        real(request.center.latitude),
        real(request.center.longitude),
    );
    let radius = real(request.radius_km);
    // Sure to fit: each room less a margin for the REAL arithmetic of SQLite.
    let fits: Vec<String> = room
        .by_column()
        .map(|(column, left)| {
            let left = real(super::scoring::f(left) - 0.001);
            format!("(d.{column} IS NULL OR d.{column} <= {left})")
        })
        .collect();
    let sure = std::iter::once(format!("({above}) <= {radius}"))
        .chain(fits)
        .collect::<Vec<_>>()
        .join(" AND ");
    let rounding = real(SCORE_ROUNDING);
    // `d` and `b` are `MATERIALIZED`: neither backend shares a common subexpression, so an
    // inlined `d` would convert each row's decimals to floats once for every use of `dlat`,
    // `dlon` and `rest` in `b` (PostgreSQL: 5.6 ms against 4.6 ms for the bench's 800 rows).
    let offset = bind(
        keep.saturating_sub(1).try_into().unwrap_or(i64::MAX).into(),
        &mut values,
    );
    let sql = format!(
        "WITH c AS ({candidates}), \
         d AS MATERIALIZED (SELECT c.*, abs(c.latitude - {latitude}) AS dlat, \
                 {least}(abs(c.longitude - {longitude}), 360 - abs(c.longitude - {longitude})) AS dlon, \
                 {energy} + {protein} + {rating} + {price} AS rest FROM c), \
         b AS MATERIALIZED (SELECT d.*, \
                 d.rest + {greatest}(0, 30 - 30 * ({above}) / {radius}) AS lowest, \
                 d.rest + {greatest}(0, 30 - 30 * ({below}) / {radius}) AS highest, \
                 {sure} AS sure \
               FROM d WHERE ({below}) <= {radius}) \
         SELECT b.*, (SELECT count(*) FROM b) AS candidates FROM b \
         WHERE b.highest + {rounding} >= coalesce( \
           (SELECT lowest FROM b WHERE sure ORDER BY lowest DESC LIMIT 1 OFFSET {offset}), -1)",
        candidates = candidates.sql,
    );
    Statement::from_sql_and_values(backend, sql, values)
}
