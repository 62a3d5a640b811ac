//! Great-circle distances and the latitude/longitude boxes that hold every point within a
//! radius, for the spatial index to prune with (`docs/DESIGN.md` D31).
//!
//! The distance is computed here, in Rust, on both backends (SQLite's bundled library has no
//! trigonometric functions): the index narrows the restaurants to those inside a box, and the
//! exact distance decides. So a distance is bit-for-bit the same on SQLite and PostgreSQL.
use catalog::limits::restaurants::COORDINATES;
use serde::{Deserialize, Serialize};
use std::f64::consts::{FRAC_PI_2, PI};

use crate::{Error, Result};

/// The mean Earth radius (IUGG), in km. Distances are on a sphere of this radius.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// How far each box is widened, in degrees (about 0.1 m): a point on a box's edge is not lost
/// to rounding in the index. The exact distance then decides.
const MARGIN_DEGREES: f64 = 1e-6;

/// A point on the Earth, in degrees.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
pub struct LatLon {
    pub latitude: f64,
    pub longitude: f64,
}

impl LatLon {
    /// A point within [`COORDINATES`]' ranges (the restaurants' CHECK).
    ///
    /// # Errors
    /// [`Error::Validation`] on `latitude` or `longitude`.
    pub fn new(latitude: f64, longitude: f64) -> Result<Self> {
        for (field, range, value) in [
            ("latitude", COORDINATES.latitude, latitude),
            ("longitude", COORDINATES.longitude, longitude),
        ] {
            if !range.contains_real(value) {
                return Err(Error::invalid(field, range.reason));
            }
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }
}

/// The great-circle distance between two points, in km (haversine formula; accurate to well
/// under a metre at every distance on the sphere, antipodes included).
pub fn distance_km(a: LatLon, b: LatLon) -> f64 {
    let (phi1, phi2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (b.longitude - a.longitude).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// A latitude/longitude box, in degrees, `min_longitude <= max_longitude` (one that would
/// cross the antimeridian is given as two).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GeoBox {
    pub min_latitude: f64,
    pub max_latitude: f64,
    pub min_longitude: f64,
    pub max_longitude: f64,
}

impl GeoBox {
    /// Whether the point is inside (edges included).
    pub fn contains(&self, p: LatLon) -> bool {
        (self.min_latitude..=self.max_latitude).contains(&p.latitude)
            && (self.min_longitude..=self.max_longitude).contains(&p.longitude)
    }
}

/// One or two boxes holding every point within `radius_km` of `center`: one box, or two where
/// it crosses the antimeridian; all longitudes when a pole is within the radius (the circle
/// then spans every meridian). The longitude half-width is `asin(sin d / cos lat)`, the
/// largest longitude difference a point at angular distance `d` can have (the circle's
/// tangent meridians), not `d / cos lat`, which is too narrow near the poles.
pub fn boxes_within(center: LatLon, radius_km: f64) -> Vec<GeoBox> {
    let d = radius_km.max(0.0) / EARTH_RADIUS_KM;
    let whole = |min_latitude: f64, max_latitude: f64| GeoBox {
        min_latitude: (min_latitude - MARGIN_DEGREES).max(-90.0),
        max_latitude: (max_latitude + MARGIN_DEGREES).min(90.0),
        min_longitude: -180.0,
        max_longitude: 180.0,
    };
    if d >= PI {
        return vec![whole(-90.0, 90.0)];
    }
    let lat = center.latitude.to_radians();
    let (min_lat, max_lat) = (lat - d, lat + d);
    if max_lat >= FRAC_PI_2 || min_lat <= -FRAC_PI_2 {
        return vec![whole(min_lat.to_degrees(), max_lat.to_degrees())];
    }
    let ratio = d.sin() / lat.cos();
    if ratio >= 1.0 {
        return vec![whole(min_lat.to_degrees(), max_lat.to_degrees())];
    }
    let half_width = ratio.asin().to_degrees() + MARGIN_DEGREES;
    if half_width >= 180.0 {
        return vec![whole(min_lat.to_degrees(), max_lat.to_degrees())];
    }
    let band = |min_longitude: f64, max_longitude: f64| GeoBox {
        min_latitude: min_lat.to_degrees() - MARGIN_DEGREES,
        max_latitude: max_lat.to_degrees() + MARGIN_DEGREES,
        min_longitude,
        max_longitude,
    };
    let (west, east) = (center.longitude - half_width, center.longitude + half_width);
    if west < -180.0 {
        vec![band(west + 360.0, 180.0), band(-180.0, east)]
    } else if east > 180.0 {
        vec![band(west, 180.0), band(-180.0, east - 360.0)]
    } else {
        vec![band(west, east)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(latitude: f64, longitude: f64) -> LatLon {
        LatLon::new(latitude, longitude).unwrap()
    }

    #[test]
    fn known_distances() {
        // A degree of a great circle is R * pi / 180.
        let degree = EARTH_RADIUS_KM * PI / 180.0;
        assert!((distance_km(p(0.0, 0.0), p(0.0, 1.0)) - degree).abs() < 1e-6);
        assert!((distance_km(p(0.0, 179.5), p(0.0, -179.5)) - degree).abs() < 1e-6);
        assert!((distance_km(p(89.0, 0.0), p(89.0, 180.0)) - 2.0 * degree).abs() < 1e-6);
        let antipode = distance_km(p(10.0, 20.0), p(-10.0, -160.0));
        assert!((antipode - PI * EARTH_RADIUS_KM).abs() < 1e-3, "{antipode}");
    }

    #[test]
    fn boxes_split_at_the_antimeridian_and_widen_at_the_poles() {
        let split = boxes_within(p(0.0, 179.9), 50.0);
        assert_eq!(split.len(), 2);
        assert!(split.iter().any(|b| b.contains(p(0.0, -179.9))));
        let polar = boxes_within(p(89.9, 10.0), 50.0);
        assert_eq!(polar.len(), 1);
        assert_eq!(
            (polar[0].min_longitude, polar[0].max_longitude),
            (-180.0, 180.0)
        );
        assert!(polar[0].contains(p(89.9, -170.0)));
        assert_eq!(boxes_within(p(0.0, 0.0), 30_000.0)[0].min_latitude, -90.0);
        assert!(LatLon::new(91.0, 0.0).is_err());
        assert!(LatLon::new(0.0, f64::NAN).is_err());
    }
}
