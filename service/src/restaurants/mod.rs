//! Restaurants and their meals (seed 002 §4.4): shared catalogue data, written by an operator
//! or an import job (no acting user), read by everyone; and the search for restaurants within
//! a radius of a point, nearest first.
//!
//! The search asks the spatial index for the restaurants inside the boxes that hold the circle
//! ([`geo::boxes_within`]: a GiST index on `point(longitude, latitude)` on PostgreSQL, the
//! `restaurants_rtree` R*Tree on SQLite), then computes each candidate's exact great-circle
//! distance in Rust ([`geo::distance_km`]), the same on both backends. One query, whatever the
//! catalogue's size.
//!
//! ```no_run
//! use service::restaurants::{self, NearbyQuery, geo::LatLon};
//!
//! # async fn find(db: &service::Db) -> service::Result<()> {
//! let here = LatLon::new(40.7484, -73.9857)?;
//! let query = NearbyQuery { cuisine: Some("thai".into()), ..NearbyQuery::new(here, 2.0) };
//! for found in restaurants::search_nearby(db, &query).await? {
//!     println!("{} at {:.2} km", found.restaurant.name, found.distance_km);
//! }
//! # Ok(())
//! # }
//! ```
pub mod geo;
mod menu;

pub use menu::{
    LISTED_MEAL_DISHES, MAX_INGREDIENTS, MEAL_DISHES, MealIngredientInput, MenuItem,
    get_meal_verdict, list_menu_verdicts, menu_statement, replace_meal_ingredients,
};

use crate::Conn;
use catalog::Subject;
use catalog::tables::{MEALS, RESTAURANTS, RESTAURANTS_RTREE};
use entity::types::Numeric;
use entity::{meals, restaurants};
use sea_orm::JsonValue as Json;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter,
    Select, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::input::{Patch, no_nul};
use crate::{Error, Result, acting};
use geo::{GeoBox, LatLon};

/// A restaurant's location, in exact degrees (DECIMAL(10, 8) and DECIMAL(11, 8)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Location {
    pub latitude: Numeric<10, 8>,
    pub longitude: Numeric<11, 8>,
}

impl Location {
    /// The point, for distances.
    pub fn point(&self) -> LatLon {
        LatLon {
            latitude: to_f64(self.latitude.value()),
            longitude: to_f64(self.longitude.value()),
        }
    }
}

fn to_f64(value: rust_decimal::Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().unwrap_or(f64::NAN)
}

/// The location stored on a restaurant row, if it has one.
pub fn location_of(restaurant: &restaurants::Model) -> Option<Location> {
    Some(Location {
        latitude: restaurant.latitude?,
        longitude: restaurant.longitude?,
    })
}

/// A new restaurant. `country` defaults to `US` (as the seed's column does).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct NewRestaurant {
    pub name: String,
    pub cuisine_type: Option<String>,
    pub address: String,
    pub city: String,
    pub state: String,
    pub zip_code: String,
    pub country: Option<String>,
    pub location: Option<Location>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// Opening hours: a JSON object, in whatever shape the application uses.
    pub hours: Option<Json>,
    pub rating: Option<Numeric<2, 1>>,
    pub price_range: Option<i32>,
}

/// What to change of a restaurant; `None` and [`Patch::Keep`] keep the stored value.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RestaurantChange {
    pub name: Option<String>,
    pub cuisine_type: Patch<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip_code: Option<String>,
    pub country: Option<String>,
    /// Moving a restaurant moves its entry in the spatial index (by trigger on SQLite).
    pub location: Patch<Location>,
    pub phone: Patch<String>,
    pub website: Patch<String>,
    pub hours: Patch<Json>,
    pub rating: Patch<Numeric<2, 1>>,
    pub price_range: Patch<i32>,
    pub is_active: Option<bool>,
}

/// Trimmed, non-blank text of at most `max` characters without NUL.
fn required_text(field: &'static str, value: &str, max: usize) -> Result<String> {
    no_nul(field, value)?;
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be blank"));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("must be at most {max} characters long"),
        ));
    }
    Ok(value.to_owned())
}

fn optional_text(field: &'static str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    value.map(|v| required_text(field, v, max)).transpose()
}

fn patch_text(field: &'static str, value: Patch<String>, max: usize) -> Result<Patch<String>> {
    Ok(match value {
        Patch::Set(v) => Patch::Set(required_text(field, &v, max)?),
        Patch::Clear => Patch::Clear,
        Patch::Keep => Patch::Keep,
    })
}

fn country(value: &str) -> Result<String> {
    let value = value.trim();
    if value.len() != 2 || !value.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid(
            "country",
            "must be an ISO 3166-1 alpha-2 code (two capital letters)",
        ));
    }
    Ok(value.to_owned())
}

fn check_location(location: &Location) -> Result<()> {
    LatLon::new(
        to_f64(location.latitude.value()),
        to_f64(location.longitude.value()),
    )
    .map(|_| ())
}

fn check_hours(hours: &Json) -> Result<()> {
    if !hours.is_object() {
        return Err(Error::invalid("hours", "must be a JSON object"));
    }
    if hours.to_string().contains("\\u0000") {
        return Err(Error::invalid(
            "hours",
            "must not contain the NUL character",
        ));
    }
    Ok(())
}

fn check_rating(rating: &Numeric<2, 1>) -> Result<()> {
    let value = rating.value();
    if value.is_sign_negative() || value > rust_decimal::Decimal::from(5) {
        return Err(Error::invalid("rating", "must be between 0 and 5"));
    }
    Ok(())
}

fn check_price_range(price_range: i32) -> Result<()> {
    if !(1..=4).contains(&price_range) {
        return Err(Error::invalid("price_range", "must be between 1 and 4"));
    }
    Ok(())
}

fn patch<T>(value: Patch<T>) -> ActiveValue<Option<T>>
where
    Option<T>: Into<sea_orm::Value>,
{
    match value.into_change() {
        Some(v) => Set(v),
        None => ActiveValue::NotSet,
    }
}

/// Adds a restaurant to the catalogue.
///
/// # Errors
/// [`Error::Validation`] naming the field (blank or too long text, a location off the globe,
/// a rating outside 0-5, a price range outside 1-4, hours that are not a JSON object).
#[crate::traced("restaurants::create_restaurant")]
pub async fn create_restaurant(db: &impl Conn, new: NewRestaurant) -> Result<restaurants::Model> {
    if let Some(location) = &new.location {
        check_location(location)?;
    }
    if let Some(hours) = &new.hours {
        check_hours(hours)?;
    }
    if let Some(rating) = &new.rating {
        check_rating(rating)?;
    }
    if let Some(price_range) = new.price_range {
        check_price_range(price_range)?;
    }
    let row = restaurants::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(required_text("name", &new.name, 255)?),
        cuisine_type: Set(optional_text(
            "cuisine_type",
            new.cuisine_type.as_deref(),
            50,
        )?),
        address: Set(required_text("address", &new.address, 10_000)?),
        city: Set(required_text("city", &new.city, 100)?),
        state: Set(required_text("state", &new.state, 50)?),
        zip_code: Set(required_text("zip_code", &new.zip_code, 10)?),
        country: Set(country(new.country.as_deref().unwrap_or("US"))?),
        latitude: Set(new.location.map(|l| l.latitude)),
        longitude: Set(new.location.map(|l| l.longitude)),
        phone: Set(optional_text("phone", new.phone.as_deref(), 20)?),
        website: Set(optional_text("website", new.website.as_deref(), 255)?),
        hours: Set(new.hours),
        rating: Set(new.rating),
        price_range: Set(new.price_range),
        is_active: Set(true),
        ..Default::default()
    };
    let txn = acting::write(db, None).await?;
    let model = row
        .insert(&txn)
        .await
        .map_err(Error::writing(RESTAURANTS))?;
    txn.commit().await?;
    Ok(model)
}

/// Changes a restaurant.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id; [`Error::Validation`] as [`create_restaurant`].
#[crate::traced("restaurants::update_restaurant")]
pub async fn update_restaurant(
    db: &impl Conn,
    id: Uuid,
    change: RestaurantChange,
) -> Result<restaurants::Model> {
    let mut row = restaurants::ActiveModel {
        id: ActiveValue::Unchanged(id),
        ..Default::default()
    };
    if let Some(name) = &change.name {
        row.name = Set(required_text("name", name, 255)?);
    }
    row.cuisine_type = patch(patch_text("cuisine_type", change.cuisine_type, 50)?);
    if let Some(address) = &change.address {
        row.address = Set(required_text("address", address, 10_000)?);
    }
    if let Some(city) = &change.city {
        row.city = Set(required_text("city", city, 100)?);
    }
    if let Some(state) = &change.state {
        row.state = Set(required_text("state", state, 50)?);
    }
    if let Some(zip) = &change.zip_code {
        row.zip_code = Set(required_text("zip_code", zip, 10)?);
    }
    if let Some(code) = &change.country {
        row.country = Set(country(code)?);
    }
    match change.location {
        Patch::Set(location) => {
            check_location(&location)?;
            row.latitude = Set(Some(location.latitude));
            row.longitude = Set(Some(location.longitude));
        }
        Patch::Clear => {
            row.latitude = Set(None);
            row.longitude = Set(None);
        }
        Patch::Keep => {}
    }
    row.phone = patch(patch_text("phone", change.phone, 20)?);
    row.website = patch(patch_text("website", change.website, 255)?);
    if let Some(hours) = change.hours.as_set() {
        check_hours(hours)?;
    }
    row.hours = patch(change.hours);
    if let Some(rating) = change.rating.as_set() {
        check_rating(rating)?;
    }
    row.rating = patch(change.rating);
    if let Some(price_range) = change.price_range.as_set() {
        check_price_range(*price_range)?;
    }
    row.price_range = patch(change.price_range);
    if let Some(active) = change.is_active {
        row.is_active = Set(active);
    }
    let txn = acting::write(db, None).await?;
    let model = if row.is_changed() {
        match row.update(&txn).await {
            Ok(model) => model,
            Err(sea_orm::DbErr::RecordNotUpdated) => return Err(NOT_FOUND),
            Err(e) => return Err(Error::writing(RESTAURANTS)(e)),
        }
    } else {
        restaurants::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(NOT_FOUND)?
    };
    txn.commit().await?;
    Ok(model)
}

const NOT_FOUND: Error = Error::NotFound {
    what: Subject::Restaurant,
};
const MEAL_NOT_FOUND: Error = Error::NotFound {
    what: Subject::Meal,
};

/// Takes a restaurant out of searches and recommendations (its rows stay: recommendations
/// and feedback keep naming it). [`update_restaurant`] with `is_active: Some(true)` brings it
/// back.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id.
#[crate::traced("restaurants::deactivate_restaurant")]
pub async fn deactivate_restaurant(db: &impl Conn, id: Uuid) -> Result<()> {
    let change = RestaurantChange {
        is_active: Some(false),
        ..Default::default()
    };
    update_restaurant(db, id, change).await.map(|_| ())
}

/// A new meal of a restaurant. Nutrition is per portion; `None` is unknown.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewMeal {
    pub name: String,
    pub description: Option<String>,
    pub category: Option<String>,
    pub price: Numeric<10, 2>,
    pub nutrition: MealNutrition,
    pub image_url: Option<String>,
}

/// A meal's nutrition per portion (`None`: unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct MealNutrition {
    pub energy_kcal: Option<i32>,
    pub protein_g: Option<Numeric<5, 1>>,
    pub carbs_g: Option<Numeric<5, 1>>,
    pub fat_g: Option<Numeric<5, 1>>,
    pub fiber_g: Option<Numeric<5, 1>>,
    pub sugar_g: Option<Numeric<5, 1>>,
    pub sodium_mg: Option<i32>,
}

impl MealNutrition {
    fn check(&self) -> Result<()> {
        if let Some(energy) = self.energy_kcal
            && !(0..=5000).contains(&energy)
        {
            return Err(Error::invalid("energy_kcal", "must be between 0 and 5000"));
        }
        for (field, value) in [
            ("protein_g", self.protein_g),
            ("carbs_g", self.carbs_g),
            ("fat_g", self.fat_g),
            ("fiber_g", self.fiber_g),
            ("sugar_g", self.sugar_g),
        ] {
            if value.is_some_and(|v| v.value().is_sign_negative()) {
                return Err(Error::invalid(field, "must not be negative"));
            }
        }
        if self.sodium_mg.is_some_and(|v| v < 0) {
            return Err(Error::invalid("sodium_mg", "must not be negative"));
        }
        Ok(())
    }
}

/// What to change of a meal; `None` and [`Patch::Keep`] keep the stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct MealChange {
    pub name: Option<String>,
    pub description: Patch<String>,
    pub category: Patch<String>,
    pub price: Option<Numeric<10, 2>>,
    /// Replaces the whole nutrition when given.
    pub nutrition: Option<MealNutrition>,
    pub image_url: Patch<String>,
    pub is_available: Option<bool>,
}

fn check_price(price: &Numeric<10, 2>) -> Result<()> {
    if price.value() <= rust_decimal::Decimal::ZERO {
        return Err(Error::invalid("price", "must be more than 0"));
    }
    Ok(())
}

/// Adds a meal to a restaurant's menu.
///
/// # Errors
/// [`Error::NotFound`] `restaurant` for an unknown restaurant; [`Error::Validation`] naming
/// the field.
#[crate::traced("restaurants::create_meal")]
pub async fn create_meal(
    db: &impl Conn,
    restaurant_id: Uuid,
    new: NewMeal,
) -> Result<meals::Model> {
    check_price(&new.price)?;
    new.nutrition.check()?;
    let n = new.nutrition;
    let row = meals::ActiveModel {
        id: Set(Uuid::new_v4()),
        restaurant_id: Set(restaurant_id),
        name: Set(required_text("name", &new.name, 255)?),
        description: Set(optional_text(
            "description",
            new.description.as_deref(),
            10_000,
        )?),
        category: Set(optional_text("category", new.category.as_deref(), 50)?),
        price: Set(new.price),
        energy_kcal: Set(n.energy_kcal),
        protein_g: Set(n.protein_g),
        carbs_g: Set(n.carbs_g),
        fat_g: Set(n.fat_g),
        fiber_g: Set(n.fiber_g),
        sugar_g: Set(n.sugar_g),
        sodium_mg: Set(n.sodium_mg),
        image_url: Set(optional_text("image_url", new.image_url.as_deref(), 500)?),
        is_available: Set(true),
        ..Default::default()
    };
    let txn = acting::write(db, None).await?;
    // The restaurant is the resource the call is about (the path), not an input's reference.
    let model = row
        .insert(&txn)
        .await
        .map_err(|e| match Error::writing(MEALS)(e) {
            Error::Validation { field, .. } if field == "restaurant_id" => NOT_FOUND,
            other => other,
        })?;
    txn.commit().await?;
    Ok(model)
}

/// Changes a meal.
///
/// # Errors
/// [`Error::NotFound`] `meal` for an unknown id; [`Error::Validation`] as [`create_meal`].
#[crate::traced("restaurants::update_meal")]
pub async fn update_meal(db: &impl Conn, id: Uuid, change: MealChange) -> Result<meals::Model> {
    let mut row = meals::ActiveModel {
        id: ActiveValue::Unchanged(id),
        ..Default::default()
    };
    if let Some(name) = &change.name {
        row.name = Set(required_text("name", name, 255)?);
    }
    row.description = patch(patch_text("description", change.description, 10_000)?);
    row.category = patch(patch_text("category", change.category, 50)?);
    if let Some(price) = change.price {
        check_price(&price)?;
        row.price = Set(price);
    }
    if let Some(n) = change.nutrition {
        n.check()?;
        row.energy_kcal = Set(n.energy_kcal);
        row.protein_g = Set(n.protein_g);
        row.carbs_g = Set(n.carbs_g);
        row.fat_g = Set(n.fat_g);
        row.fiber_g = Set(n.fiber_g);
        row.sugar_g = Set(n.sugar_g);
        row.sodium_mg = Set(n.sodium_mg);
    }
    row.image_url = patch(patch_text("image_url", change.image_url, 500)?);
    if let Some(available) = change.is_available {
        row.is_available = Set(available);
    }
    let txn = acting::write(db, None).await?;
    let model = if row.is_changed() {
        match row.update(&txn).await {
            Ok(model) => model,
            Err(sea_orm::DbErr::RecordNotUpdated) => return Err(MEAL_NOT_FOUND),
            Err(e) => return Err(Error::writing(MEALS)(e)),
        }
    } else {
        meals::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(MEAL_NOT_FOUND)?
    };
    txn.commit().await?;
    Ok(model)
}

/// Takes a meal off the menu (`is_available = false`): no longer in menus or
/// recommendations; its rows stay.
///
/// # Errors
/// [`Error::NotFound`] `meal` for an unknown id.
#[crate::traced("restaurants::deactivate_meal")]
pub async fn deactivate_meal(db: &impl Conn, id: Uuid) -> Result<()> {
    let change = MealChange {
        is_available: Some(false),
        ..Default::default()
    };
    update_meal(db, id, change).await.map(|_| ())
}

/// A radius search: active restaurants within `radius_km` of `center`, optionally of one
/// cuisine (compared case-insensitively, ASCII), within a price range and with at least a
/// rating; at most `limit`, nearest first.
///
/// It deserialises from one flat object, the same in a query string and in JSON:
/// `lat=40.75&lon=-73.99&radius_km=2` (`latitude` and `longitude` are read too), `limit`
/// defaulting to [`DEFAULT_LIMIT`]; see [`crate::input::from_query`].
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "NearbyParams")]
pub struct NearbyQuery {
    pub center: LatLon,
    pub radius_km: f64,
    pub cuisine: Option<String>,
    /// Inclusive, 1 to 4.
    pub min_price_range: Option<i32>,
    pub max_price_range: Option<i32>,
    pub min_rating: Option<Numeric<2, 1>>,
    pub limit: usize,
}

/// The most results a search returns ([`NearbyQuery::new`]'s limit).
pub const DEFAULT_LIMIT: usize = 50;

/// [`NearbyQuery`] as a client sends it: flat, the centre's coordinates as `lat` and `lon`
/// (a query string has no nesting, and a flattened `LatLon` would not read numbers from one).
#[derive(Deserialize)]
struct NearbyParams {
    #[serde(alias = "latitude")]
    lat: f64,
    #[serde(alias = "longitude")]
    lon: f64,
    radius_km: f64,
    cuisine: Option<String>,
    min_price_range: Option<i32>,
    max_price_range: Option<i32>,
    min_rating: Option<Numeric<2, 1>>,
    #[serde(default = "default_limit")]
    limit: usize,
}

fn default_limit() -> usize {
    DEFAULT_LIMIT
}

impl From<NearbyParams> for NearbyQuery {
    fn from(p: NearbyParams) -> Self {
        Self {
            // Checked by `search_nearby`, which names `latitude` or `longitude`.
            center: LatLon {
                latitude: p.lat,
                longitude: p.lon,
            },
            radius_km: p.radius_km,
            cuisine: p.cuisine,
            min_price_range: p.min_price_range,
            max_price_range: p.max_price_range,
            min_rating: p.min_rating,
            limit: p.limit,
        }
    }
}
/// The widest radius a search takes, in km: half the Earth's circumference.
pub const MAX_RADIUS_KM: f64 = 20_016.0;

impl NearbyQuery {
    /// Restaurants within `radius_km` of `center`, any cuisine, price and rating, at most
    /// [`DEFAULT_LIMIT`].
    pub fn new(center: LatLon, radius_km: f64) -> Self {
        Self {
            center,
            radius_km,
            cuisine: None,
            min_price_range: None,
            max_price_range: None,
            min_rating: None,
            limit: DEFAULT_LIMIT,
        }
    }

    fn check(&self) -> Result<()> {
        LatLon::new(self.center.latitude, self.center.longitude)?;
        if !self.radius_km.is_finite() || self.radius_km <= 0.0 || self.radius_km > MAX_RADIUS_KM {
            return Err(Error::invalid(
                "radius_km",
                "must be more than 0 and at most 20016 km",
            ));
        }
        for (field, value) in [
            ("min_price_range", self.min_price_range),
            ("max_price_range", self.max_price_range),
        ] {
            if value.is_some_and(|v| !(1..=4).contains(&v)) {
                return Err(Error::invalid(field, "must be between 1 and 4"));
            }
        }
        if let Some(cuisine) = &self.cuisine {
            no_nul("cuisine", cuisine)?;
        }
        if self.limit == 0 {
            return Err(Error::invalid("limit", "must be at least 1"));
        }
        Ok(())
    }
}

/// A restaurant found by [`search_nearby`], with its distance from the search's center.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearbyRestaurant {
    pub restaurant: restaurants::Model,
    pub distance_km: f64,
}

/// Active restaurants within a radius, nearest first (ties by id), with their distance. One
/// query, pruned by the spatial index.
///
/// # Errors
/// [`Error::Validation`] on `latitude`, `longitude`, `radius_km`, `min_price_range`,
/// `max_price_range`, `cuisine` or `limit`.
#[crate::traced("restaurants::search_nearby")]
pub async fn search_nearby(db: &impl Conn, query: &NearbyQuery) -> Result<Vec<NearbyRestaurant>> {
    query.check()?;
    let candidates = candidates(db.get_database_backend(), query).all(db).await?;
    let mut found: Vec<NearbyRestaurant> = candidates
        .into_iter()
        .filter_map(|restaurant| {
            let distance_km = geo::distance_km(query.center, location_of(&restaurant)?.point());
            (distance_km <= query.radius_km).then_some(NearbyRestaurant {
                restaurant,
                distance_km,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        a.distance_km
            .total_cmp(&b.distance_km)
            .then(a.restaurant.id.cmp(&b.restaurant.id))
    });
    found.truncate(query.limit);
    Ok(found)
}

/// The query [`search_nearby`] runs: the active restaurants matching the filters whose point is in
/// one of the boxes holding the circle (a superset of the answer; [`search_nearby`] keeps those
/// within the radius). Public so that its plan can be inspected.
pub fn candidates(backend: DbBackend, query: &NearbyQuery) -> Select<restaurants::Entity> {
    let mut select = restaurants::Entity::find()
        .filter(within(backend, query.center, query.radius_km))
        .filter(restaurants::Column::IsActive.eq(true));
    if let Some(cuisine) = &query.cuisine {
        select = select.filter(
            Expr::expr(sea_orm::sea_query::Func::lower(Expr::col((
                restaurants::Entity,
                restaurants::Column::CuisineType,
            ))))
            .eq(cuisine.trim().to_ascii_lowercase()),
        );
    }
    if let Some(min) = query.min_price_range {
        select = select.filter(restaurants::Column::PriceRange.gte(min));
    }
    if let Some(max) = query.max_price_range {
        select = select.filter(restaurants::Column::PriceRange.lte(max));
    }
    if let Some(rating) = query.min_rating {
        select = select.filter(restaurants::Column::Rating.gte(rating));
    }
    select
}

/// The condition "the restaurant's point is inside one of the boxes holding the circle", as
/// the spatial index of each backend serves it (`restaurants` must be in the query under its
/// own name). Candidates only: the exact distance decides.
pub(crate) fn within(backend: DbBackend, center: LatLon, radius_km: f64) -> Condition {
    let boxes = geo::boxes_within(center, radius_km);
    let mut any = Condition::any();
    for b in boxes {
        any = any.add(box_condition(backend, &b));
    }
    any
}

fn box_condition(backend: DbBackend, b: &GeoBox) -> SimpleExpr {
    if backend == DbBackend::Postgres {
        // The same expression as the GiST index `idx_restaurants_location`.
        Expr::cust_with_values(
            "point(\"restaurants\".\"longitude\"::float8, \"restaurants\".\"latitude\"::float8) \
             <@ box(point($1, $2), point($3, $4))",
            [
                b.min_longitude,
                b.min_latitude,
                b.max_longitude,
                b.max_latitude,
            ],
        )
    } else {
        // The R*Tree's boxes are rounded outwards to 32-bit floats: ask which overlap.
        let rtree = RESTAURANTS_RTREE.name;
        Expr::col((restaurants::Entity, restaurants::Column::Id)).in_subquery({
            let mut sub = sea_orm::sea_query::Query::select();
            sub.expr(Expr::cust("row_key"))
                .from(sea_orm::sea_query::Alias::new(rtree))
                .and_where(Expr::cust_with_values(
                    "max_lat >= ? AND min_lat <= ? AND max_lon >= ? AND min_lon <= ?",
                    [
                        b.min_latitude,
                        b.max_latitude,
                        b.min_longitude,
                        b.max_longitude,
                    ],
                ));
            sub
        })
    }
}
