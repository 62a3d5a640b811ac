//! The statements of recommendations that stay SQL text, each covered by a test that runs it
//! on both backends (`tests/suite/recommendations.rs`, `round_trips.rs`, `query_plans.rs`).
//!
//! Why not SeaORM: [`profile_statement`] reads one row joined from five tables and a view
//! (`health_profile_bmr`, `daily_nutrition`) that have no relation between them to join
//! through, its plan pinned by `query_plans`; [`candidates_statement`] names each backend's
//! spatial index by its own expression (PostgreSQL's GiST `point <@ box`, SQLite's
//! `restaurants_rtree` virtual table), which sea-query has no words for.
use chrono::NaiveDate;
use entity::types::Timestamp;
use sea_orm::{DbBackend, Statement, Value};
use uuid::Uuid;

use super::{DISMISSED_FOR_DAYS, RecommendationRequest, Screening};
use crate::restaurants::MEAL_DISHES;
use crate::restaurants::geo;
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
