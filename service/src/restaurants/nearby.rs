//! The search for restaurants within a radius of a point, nearest first (see the module's
//! documentation above).
use catalog::tables::RESTAURANTS_RTREE;
use entity::restaurants;
use entity::types::Numeric;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter, Select};
use serde::{Deserialize, Serialize};

use super::geo::{self, GeoBox, LatLon};
use super::location_of;
use crate::input::{InRange, no_nul};
use crate::{Conn, Error, Result};
use catalog::limits::restaurants::PRICE_RANGE;

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
            PRICE_RANGE.check_some(field, value)?;
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
