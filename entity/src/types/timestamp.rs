use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, QueryResult, TryGetError, TryGetable, Value};
use serde::{Deserialize, Serialize};

/// A UTC instant at microsecond precision: `timestamptz` on PostgreSQL, RFC 3339 text ending in
/// `+00:00` on SQLite.
///
/// PostgreSQL keeps microseconds while SQLite would keep whatever it is given (chrono's clock
/// has nanoseconds), so the same write would read back as two different instants. Every
/// constructor truncates to microseconds, so both backends hold the same value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "DateTime<Utc>", into = "DateTime<Utc>")]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn now() -> Self {
        Self::from(Utc::now())
    }

    pub fn as_datetime(self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        // Truncation cannot fail for a one-microsecond step within chrono's range.
        let micros = TimeDelta::microseconds(1);
        Self(instant.duration_trunc(micros).unwrap_or(instant))
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

impl From<Timestamp> for Value {
    fn from(value: Timestamp) -> Self {
        Value::ChronoDateTimeUtc(Some(value.0))
    }
}

impl TryGetable for Timestamp {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        DateTime::<Utc>::try_get_by(res, idx).map(Self::from)
    }
}

impl ValueType for Timestamp {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        <DateTime<Utc> as ValueType>::try_from(v).map(Self::from)
    }
    fn type_name() -> String {
        "Timestamp".to_owned()
    }
    fn array_type() -> ArrayType {
        ArrayType::ChronoDateTimeUtc
    }
    fn column_type() -> ColumnType {
        ColumnType::TimestampWithTimeZone
    }
}

impl Nullable for Timestamp {
    fn null() -> Value {
        Value::ChronoDateTimeUtc(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_to_microseconds() {
        let t = DateTime::parse_from_rfc3339("2026-11-22T01:46:39.012269364+00:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            Timestamp::from(t).as_datetime().to_rfc3339(),
            "2026-11-22T01:46:39.012269+00:00"
        );
    }
}
