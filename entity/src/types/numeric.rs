use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, QueryResult, TryGetError, TryGetable, Value};
use serde::{Deserialize, Serialize};

/// An exact `DECIMAL(P, S)` value.
///
/// PostgreSQL stores it as `NUMERIC(P, S)`. SQLite has no exact decimal, so the column is REAL
/// and a CHECK keeps it within P digits and S decimals (see the migration's `portable` module);
/// SeaORM reads it back through `f64`, which drops the scale (`1.10` becomes `1.1`). A double
/// holds 15 significant decimal digits exactly, so rounding back to S decimals restores the
/// exact value written: hence `P <= 15`, checked at compile time. Wider decimals would need a
/// TEXT column on SQLite. Reads are brought back to S decimals on PostgreSQL too: sqlx decodes
/// a `NUMERIC(P, S)` zero without its scale (`0`, not `0.00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct Numeric<const P: u32, const S: u32>(Decimal);

/// Why a decimal does not fit a `Numeric<P, S>` column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumericError {
    /// More decimals than the column's scale.
    #[error("at most {scale} decimal places")]
    TooManyDecimals { scale: u32 },
    /// More integer digits than precision minus scale.
    #[error("at most {} digits before the decimal point", precision - scale)]
    OutOfRange { precision: u32, scale: u32 },
    /// Not a decimal number at all.
    #[error("not a decimal number")]
    NotANumber,
}

impl<const P: u32, const S: u32> Numeric<P, S> {
    const SHAPE_IS_EXACT_ON_SQLITE: () = assert!(
        S <= P && P <= 15,
        "Numeric<P, S> needs S <= P <= 15 to stay exact through SQLite's REAL"
    );

    /// Checks that `value` fits `DECIMAL(P, S)` and gives it exactly S decimals.
    ///
    /// # Errors
    /// [`NumericError::TooManyDecimals`] when rounding would be needed (PostgreSQL would round
    /// silently; we refuse instead), [`NumericError::OutOfRange`] when it has too many digits.
    pub fn new(value: Decimal) -> Result<Self, NumericError> {
        let () = Self::SHAPE_IS_EXACT_ON_SQLITE;
        if value.normalize().scale() > S {
            return Err(NumericError::TooManyDecimals { scale: S });
        }
        let mut exact = value;
        exact.rescale(S);
        if exact.abs() >= Self::limit() {
            return Err(NumericError::OutOfRange {
                precision: P,
                scale: S,
            });
        }
        Ok(Self(exact))
    }

    /// The value, always with exactly S decimals.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// 10^(P-S): the first magnitude that no longer fits.
    fn limit() -> Decimal {
        Decimal::from(10_i64.pow(P - S))
    }

    /// What the database returned, brought back to the column's scale.
    fn from_stored(stored: Decimal) -> Self {
        let mut exact = stored.round_dp_with_strategy(S, RoundingStrategy::MidpointAwayFromZero);
        exact.rescale(S);
        Self(exact)
    }
}

impl<const P: u32, const S: u32> TryFrom<Decimal> for Numeric<P, S> {
    type Error = NumericError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl<const P: u32, const S: u32> From<Numeric<P, S>> for Decimal {
    fn from(value: Numeric<P, S>) -> Self {
        value.0
    }
}

impl<const P: u32, const S: u32> FromStr for Numeric<P, S> {
    type Err = NumericError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = Decimal::from_str_exact(s.trim()).map_err(|_| NumericError::NotANumber)?;
        Self::new(value)
    }
}

impl<const P: u32, const S: u32> fmt::Display for Numeric<P, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl<const P: u32, const S: u32> From<Numeric<P, S>> for Value {
    fn from(value: Numeric<P, S>) -> Self {
        // On SQLite sea-query binds a Decimal as its text, which the REAL column converts.
        Value::Decimal(Some(value.0))
    }
}

impl<const P: u32, const S: u32> TryGetable for Numeric<P, S> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        Decimal::try_get_by(res, idx).map(Self::from_stored)
    }
}

impl<const P: u32, const S: u32> ValueType for Numeric<P, S> {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        <Decimal as ValueType>::try_from(v).map(Self::from_stored)
    }
    fn type_name() -> String {
        format!("Numeric<{P}, {S}>")
    }
    fn array_type() -> ArrayType {
        ArrayType::Decimal
    }
    fn column_type() -> ColumnType {
        ColumnType::Decimal(Some((P, S)))
    }
}

impl<const P: u32, const S: u32> Nullable for Numeric<P, S> {
    fn null() -> Value {
        Value::Decimal(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Weight = Numeric<5, 2>;

    #[test]
    fn keeps_the_declared_scale() {
        let w: Weight = "72.5".parse().unwrap();
        assert_eq!(w.to_string(), "72.50");
        assert_eq!(
            Weight::from_stored(Decimal::from_str("1.1").unwrap()).to_string(),
            "1.10"
        );
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert_eq!(
            "72.505".parse::<Weight>(),
            Err(NumericError::TooManyDecimals { scale: 2 })
        );
        assert_eq!("72.500".parse::<Weight>().unwrap().to_string(), "72.50");
        assert_eq!(
            "1000".parse::<Weight>(),
            Err(NumericError::OutOfRange {
                precision: 5,
                scale: 2
            })
        );
        assert_eq!("999.99".parse::<Weight>().unwrap().to_string(), "999.99");
        assert_eq!("abc".parse::<Weight>(), Err(NumericError::NotANumber));
    }

    #[test]
    fn survives_the_f64_round_trip_at_full_precision() {
        // The largest and the most awkward values of a 15-digit column, through f64 and back.
        for text in ["99999999999.9999", "0.0001", "12345678901.2345", "-7.0005"] {
            let n: Numeric<15, 4> = text.parse().unwrap();
            let through_f64: f64 = text.parse().unwrap();
            let back = Numeric::<15, 4>::from_stored(
                <Decimal as TryFrom<f64>>::try_from(through_f64).unwrap(),
            );
            assert_eq!(back, n, "{text}");
        }
    }
}
