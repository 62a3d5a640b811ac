//! Sums and means of DECIMAL columns that come back exact on both backends.
//!
//! SQLite stores a DECIMAL as REAL, and `SUM` over REAL adds binary fractions: 0.1 + 0.2 is not
//! 0.3 there. Each value is a whole number of units of the column's last decimal place (the
//! CHECK guarantees it), so it is turned into that integer before summing: integers add exactly
//! on both backends. PostgreSQL's NUMERIC would sum exactly anyway; the same SQL runs on both.
use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::{Alias, ExprTrait, Func, SimpleExpr};

/// `CAST(SUM(CAST(ROUND(column * 10^scale) AS BIGINT)) AS BIGINT)`: the exact sum of a
/// `DECIMAL(p, scale)` column in units of `10^-scale`, NULL over no rows. Read it as `i64` and
/// turn it back with [`from_units`].
pub fn sum_units(column: impl Into<SimpleExpr>, scale: u32) -> SimpleExpr {
    let factor = 10_i64.pow(scale);
    let units = Func::cust(Alias::new("ROUND")).arg(column.into().mul(factor));
    let bigint = || Alias::new("BIGINT");
    Func::cast_as(Func::sum(Func::cast_as(units, bigint())), bigint()).into()
}

/// The decimal a sum of units stands for, with exactly `scale` decimals.
pub fn from_units(units: i64, scale: u32) -> Decimal {
    Decimal::new(units, scale)
}

/// The mean of `count` values summing to `units`, rounded half away from zero to `scale`
/// decimals (`None` over no rows).
pub fn mean(units: i64, count: i64, scale: u32) -> Option<Decimal> {
    if count == 0 {
        return None;
    }
    let mut mean = (from_units(units, scale) / Decimal::from(count))
        .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    mean.rescale(scale);
    Some(mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_round_half_away_from_zero_at_the_scale() {
        assert_eq!(mean(1, 2, 2).map(|d| d.to_string()), Some("0.01".into()));
        assert_eq!(mean(-1, 2, 2).map(|d| d.to_string()), Some("-0.01".into()));
        assert_eq!(mean(10, 4, 1).map(|d| d.to_string()), Some("0.3".into()));
        assert_eq!(mean(5, 0, 2), None);
        assert_eq!(from_units(7255, 2).to_string(), "72.55");
    }
}
