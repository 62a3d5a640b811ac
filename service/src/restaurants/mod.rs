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
mod meal;
mod menu;
mod nearby;
mod sql;

pub use meal::{MealChange, MealNutrition, NewMeal, create_meal, deactivate_meal, update_meal};
pub use menu::{
    LISTED_MEAL_DISHES, MAX_INGREDIENTS, MEAL_DISHES, MealIngredientInput, MenuItem,
    get_meal_verdict, list_menu_verdicts, replace_meal_ingredients,
};
pub use nearby::{
    DEFAULT_LIMIT, MAX_RADIUS_KM, NearbyQuery, NearbyRestaurant, candidates, search_nearby,
};
pub use sql::menu_statement;

use crate::Conn;
use catalog::Subject;
use catalog::tables::RESTAURANTS;
use entity::restaurants;
use entity::types::Numeric;
use sea_orm::JsonValue as Json;
use sea_orm::{ActiveModelTrait, ActiveValue, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::input::{InRange, Limited, Patch, no_nul};
use crate::{Error, Result, acting};
use catalog::limits::Length;
use catalog::limits::restaurants::{
    self as limits, ADDRESS, CITY, CUISINE_TYPE, NAME, PHONE, STATE, WEBSITE, ZIP_CODE,
};
use geo::LatLon;

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

/// Trimmed text within `limit`, without NUL. Text a caller gives is never blank, whatever its
/// column allows: an optional field is left out or cleared instead.
pub(super) fn required_text(field: &'static str, value: &str, limit: &Length) -> Result<String> {
    no_nul(field, value)?;
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid(field, catalog::limits::BLANK));
    }
    limit.check(field, value)?;
    Ok(value.to_owned())
}

pub(super) fn optional_text(
    field: &'static str,
    value: Option<&str>,
    limit: &Length,
) -> Result<Option<String>> {
    value.map(|v| required_text(field, v, limit)).transpose()
}

pub(super) fn patch_text(
    field: &'static str,
    value: Patch<String>,
    limit: &Length,
) -> Result<Patch<String>> {
    Ok(match value {
        Patch::Set(v) => Patch::Set(required_text(field, &v, limit)?),
        Patch::Clear => Patch::Clear,
        Patch::Keep => Patch::Keep,
    })
}

fn country(value: &str) -> Result<String> {
    let value = value.trim();
    match limits::COUNTRY.refusal(value) {
        Some(reason) => Err(Error::invalid("country", reason)),
        None => Ok(value.to_owned()),
    }
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
    limits::RATING.check("rating", rating.value())
}

fn check_price_range(price_range: i32) -> Result<()> {
    limits::PRICE_RANGE.check("price_range", price_range)
}

pub(super) fn patch<T>(value: Patch<T>) -> ActiveValue<Option<T>>
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
        name: Set(required_text("name", &new.name, &NAME)?),
        cuisine_type: Set(optional_text(
            "cuisine_type",
            new.cuisine_type.as_deref(),
            &CUISINE_TYPE,
        )?),
        address: Set(required_text("address", &new.address, &ADDRESS)?),
        city: Set(required_text("city", &new.city, &CITY)?),
        state: Set(required_text("state", &new.state, &STATE)?),
        zip_code: Set(required_text("zip_code", &new.zip_code, &ZIP_CODE)?),
        country: Set(country(new.country.as_deref().unwrap_or("US"))?),
        latitude: Set(new.location.map(|l| l.latitude)),
        longitude: Set(new.location.map(|l| l.longitude)),
        phone: Set(optional_text("phone", new.phone.as_deref(), &PHONE)?),
        website: Set(optional_text("website", new.website.as_deref(), &WEBSITE)?),
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
        row.name = Set(required_text("name", name, &NAME)?);
    }
    row.cuisine_type = patch(patch_text(
        "cuisine_type",
        change.cuisine_type,
        &CUISINE_TYPE,
    )?);
    if let Some(address) = &change.address {
        row.address = Set(required_text("address", address, &ADDRESS)?);
    }
    if let Some(city) = &change.city {
        row.city = Set(required_text("city", city, &CITY)?);
    }
    if let Some(state) = &change.state {
        row.state = Set(required_text("state", state, &STATE)?);
    }
    if let Some(zip) = &change.zip_code {
        row.zip_code = Set(required_text("zip_code", zip, &ZIP_CODE)?);
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
    row.phone = patch(patch_text("phone", change.phone, &PHONE)?);
    row.website = patch(patch_text("website", change.website, &WEBSITE)?);
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

pub(super) const NOT_FOUND: Error = Error::NotFound {
    what: Subject::Restaurant,
};
pub(super) const MEAL_NOT_FOUND: Error = Error::NotFound {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<String>) -> String {
        match result {
            Err(Error::Validation { field, reason }) => format!("{field}: {reason}"),
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn text_is_trimmed_then_held_to_its_limit() {
        assert_eq!(required_text("city", "  Oslo ", &CITY).unwrap(), "Oslo");
        let longest = "z".repeat(10);
        assert_eq!(
            required_text("zip_code", &format!(" {longest} "), &ZIP_CODE).unwrap(),
            longest
        );
        assert_eq!(
            reason(required_text("zip_code", &format!("{longest}9"), &ZIP_CODE)),
            "zip_code: must be at most 10 characters"
        );
        assert_eq!(
            reason(required_text("name", &"é".repeat(256), &NAME)),
            "name: must be at most 255 characters"
        );
        assert_eq!(
            reason(required_text("phone", " \t", &PHONE)),
            "phone: must not be blank"
        );
        assert_eq!(
            reason(required_text("city", "Os\0lo", &CITY)),
            "city: must not contain the NUL character"
        );
        assert_eq!(optional_text("website", None, &WEBSITE).unwrap(), None);
        assert!(matches!(
            patch_text("address", Patch::Set("x".repeat(10_001)), &ADDRESS),
            Err(Error::Validation { .. })
        ));
    }
}
