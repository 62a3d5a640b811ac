//! Great-circle distances and the latitude/longitude boxes that hold every point within a
//! radius, for the spatial index to prune with (`docs/DESIGN.md` D31).
//!
//! The distance is computed here, in Rust, on both backends (SQLite's bundled library has no
//! trigonometric functions): the index narrows the restaurants to those inside a box, and the
//! exact distance decides. So a distance is bit-for-bit the same on SQLite and PostgreSQL.
use catalog::limits::restaurants::COORDINATES;
use serde::{Deserialize, Serialize};
use std::f64::consts::{FRAC_1_SQRT_2, FRAC_PI_2, PI};

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

/// The difference between two longitudes the short way round, in degrees (0 to 180).
pub fn longitude_difference(a: f64, b: f64) -> f64 {
    let d = (a - b).abs() % 360.0;
    d.min(360.0 - d)
}

/// Bounds on [`distance_km`] from a center to any point of [`boxes_within`] it, written in the
/// latitude and longitude differences alone (in degrees, the longitude's the short way round):
/// products, sums and maxima, which a statement computes without the trigonometric functions
/// SQLite's bundled library lacks. The recommendations' statement uses them to leave out the
/// meals that cannot score among the best.
///
/// From the haversine formula, `d = 2R·asin(√h)`, `h = sin²(Δφ/2) + cos φ₁·cos φ₂·sin²(Δλ/2)`:
/// - **below**: `d ≥ R·Δφ` (no path changes latitude faster), and `d ≥ 2R·√h` (`asin x ≥ x`)
///   with `cos φ ≥ cos φ_far` (the latitude of the boxes farthest from the equator) and
///   `sin x ≥ x·(1 - X²/6)` for `x ≤ X`, so `d ≥ √(a² + b²) ≥ max(a, b, (a + b)/√2)`;
/// - **above**: `sin x ≤ x` and `cos φ ≤ cos φ_near` (the nearest to the equator) give
///   `√h ≤ ½·√(Δφ² + (cos φ_near·Δλ)²)`; `asin y ≤ y·asin(Y)/Y` for `y ≤ Y ≤ 1`; and
///   `√(a² + b²) ≤ 1.0824·max(a, b, (a + b)/√2)` (the regular octagon around the circle).
///
/// Each factor is widened by a relative 1e-9 against rounding. Near a 2 km radius the two
/// bounds are within 8.3% of each other.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DistanceBounds {
    /// Below: km per degree of latitude difference, `R·π/180`.
    pub lat_km: f64,
    /// Below: the same, shrunk for `sin`'s curve over the largest latitude difference (in the
    /// `(a + b)/√2` term).
    pub lat_km_shrunk: f64,
    /// Below: km per degree of longitude difference.
    pub lon_km: f64,
    /// Above: km per degree of the octagon's norm of the latitude difference and the
    /// longitude's share of it; `None` when no bound short of half the Earth's circumference
    /// holds (a radius near that).
    pub above_km: Option<f64>,
    /// Above: a degree of longitude as a share of one of latitude (`cos φ_near`).
    pub above_lon_share: f64,
}

/// `1/√2` rounded down and up, for the octagon's `(a + b)/√2` below and above.
const HALF_SQRT_2_DOWN: f64 = FRAC_1_SQRT_2 * (1.0 - 1e-12);
const HALF_SQRT_2_UP: f64 = FRAC_1_SQRT_2 * (1.0 + 1e-12);
/// `√(4 - 2√2)`, the octagon's widest ratio to the circle, rounded up.
const OCTAGON_ABOVE: f64 = 1.082_393;

impl DistanceBounds {
    /// The bounds for the points of `boxes_within(center, radius_km)`.
    pub fn around(center: LatLon, radius_km: f64) -> Self {
        let km_per_degree = EARTH_RADIUS_KM * PI / 180.0;
        let (down, up) = (1.0 - 1e-9, 1.0 + 1e-9);
        let boxes = boxes_within(center, radius_km);
        let south = boxes.iter().map(|b| b.min_latitude).fold(90.0, f64::min);
        let north = boxes.iter().map(|b| b.max_latitude).fold(-90.0, f64::max);
        let (south, north) = (south.max(-90.0), north.min(90.0));
        let far = south.abs().max(north.abs());
        let near = if south <= 0.0 && north >= 0.0 {
            0.0
        } else {
            south.abs().min(north.abs())
        };
        let max_dlat = (center.latitude - south)
            .abs()
            .max((north - center.latitude).abs())
            .to_radians();
        let max_dlon = boxes
            .iter()
            .map(|b| {
                if b.max_longitude - b.min_longitude >= 360.0 {
                    180.0
                } else {
                    longitude_difference(b.min_longitude, center.longitude)
                        .max(longitude_difference(b.max_longitude, center.longitude))
                }
            })
            .fold(0.0, f64::max)
            .to_radians();
        let shrink = |x: f64| (1.0 - x * x / 24.0).max(0.0);
        let near_cos = near.to_radians().cos().max(0.0);
        let widest = 0.5 * (max_dlat.powi(2) + (near_cos * max_dlon).powi(2)).sqrt();
        Self {
            lat_km: km_per_degree * down,
            lat_km_shrunk: km_per_degree * shrink(max_dlat) * down,
            lon_km: km_per_degree * far.to_radians().cos().max(0.0) * shrink(max_dlon) * down,
            above_km: (widest < 1.0).then(|| {
                let asin_ratio = if widest > 0.0 {
                    widest.asin() / widest
                } else {
                    1.0
                };
                km_per_degree * asin_ratio * OCTAGON_ABOVE * up
            }),
            above_lon_share: near_cos * up,
        }
    }

    /// At most the distance of a point `dlat` and `dlon` degrees from the center.
    pub fn below_km(&self, dlat: f64, dlon: f64) -> f64 {
        (self.lat_km * dlat)
            .max(self.lon_km * dlon)
            .max((self.lat_km_shrunk * dlat + self.lon_km * dlon) * HALF_SQRT_2_DOWN)
    }

    /// At least the distance of a point `dlat` and `dlon` degrees from the center.
    pub fn above_km(&self, dlat: f64, dlon: f64) -> f64 {
        let Some(km) = self.above_km else {
            return PI * EARTH_RADIUS_KM;
        };
        let (a, b) = (dlat, self.above_lon_share * dlon);
        km * a.max(b).max((a + b) * HALF_SQRT_2_UP)
    }

    /// The factors a statement multiplies `1/√2` by, below and above: as [`Self::below_km`]
    /// and [`Self::above_km`] use them.
    pub const HALF_SQRT_2: (f64, f64) = (HALF_SQRT_2_DOWN, HALF_SQRT_2_UP);
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

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
    fn distance_bounds_hold_around_every_center() {
        // Seeded, so that a failure replays.
        let mut rng = StdRng::seed_from_u64(2026);
        let mut next = move || rng.gen_range(0.0..1.0);
        let centers = [
            (0.0, 0.0),
            (40.75, -73.98),
            (-33.9, 151.2),
            (0.0, 179.99),
            (89.9, 10.0),
        ];
        for (lat, lon) in centers {
            for radius in [0.5, 2.0, 20.0, 500.0, 5_000.0, 20_000.0] {
                let center = p(lat, lon);
                let bounds = DistanceBounds::around(center, radius);
                for b in boxes_within(center, radius) {
                    for _ in 0..2_000 {
                        let point = LatLon {
                            latitude: b.min_latitude.max(-90.0)
                                + next() * (b.max_latitude.min(90.0) - b.min_latitude.max(-90.0)),
                            longitude: b.min_longitude
                                + next() * (b.max_longitude - b.min_longitude),
                        };
                        let d = distance_km(center, point);
                        let dlat = (point.latitude - lat).abs();
                        let dlon = longitude_difference(point.longitude, lon);
                        let (below, above) =
                            (bounds.below_km(dlat, dlon), bounds.above_km(dlat, dlon));
                        assert!(
                            below <= d && d <= above,
                            "{center:?} {radius} {point:?}: {below} {d} {above}"
                        );
                        if radius <= 20.0 && lat.abs() < 60.0 {
                            assert!(
                                above <= below * 1.1,
                                "{center:?} {radius} {point:?}: {below} {above}"
                            );
                        }
                    }
                }
            }
        }
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
