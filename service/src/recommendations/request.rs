//! What a caller asks [`super::recommend`] for, and its checks.
use chrono::NaiveDate;
use entity::types::Numeric;
use serde::Deserialize;

use crate::input::dates;
use crate::restaurants::MAX_RADIUS_KM;
use crate::restaurants::geo::LatLon;
use crate::{Error, Result};

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

    pub(super) fn check(&self) -> Result<()> {
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
