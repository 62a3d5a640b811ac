use std::fmt;

use chrono::{
    DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta, Timelike, Utc,
};
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};
use serde::{Deserialize, Serialize};

/// A UTC instant at microsecond precision between 0001-01-01T00:00:00Z and
/// 9999-12-31T23:59:59.999999Z: `timestamptz` on PostgreSQL, RFC 3339 text on SQLite.
///
/// # Why microseconds
/// PostgreSQL keeps microseconds while SQLite keeps whatever text it is given (chrono's clock
/// has nanoseconds), so the same write would read back as two different instants. Every way
/// into this type, reads from the database included, truncates to the microsecond (towards
/// the past, as PostgreSQL's binary protocol does), so both backends hold the same value.
///
/// # Why this range
/// SQLite holds the instant as text whose year has exactly four digits (its date functions and
/// the column's CHECK read `YYYY`), and PostgreSQL has no year 0 (chrono's year 0 is 1 BC), so
/// years 1 to 9999 are the ones both can store and give back unchanged. Leap seconds are
/// refused too: SQLite's text would read `:60`, which neither the CHECK nor PostgreSQL accepts.
///
/// # The text on SQLite
/// sqlx writes a `DateTime<Utc>` to SQLite as
/// `to_rfc3339_opts(SecondsFormat::AutoSi, false)`: `2026-11-22T01:46:39+00:00`,
/// `2026-11-22T01:46:39.500+00:00` or `2026-11-22T01:46:39.012269+00:00`, with 0, 3 or 6
/// fractional digits, the fewest that hold the instant exactly. At microsecond precision that
/// is one text per instant, and because every text has the same four-digit year and the same
/// `+00:00` offset, comparing texts compares instants (a shorter fraction ends at `+`, which
/// sorts before every digit, just as the missing digits would be zeros).
/// [`Timestamp::sqlite_text`] gives that text, for raw SQL and for checking what is stored.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateTime<Utc>", into = "DateTime<Utc>")]
pub struct Timestamp(DateTime<Utc>);

/// Why an instant cannot be a [`Timestamp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    /// Before 0001-01-01T00:00:00Z or after 9999-12-31T23:59:59.999999Z.
    #[error("{0} is outside 0001-01-01T00:00:00Z ..= 9999-12-31T23:59:59.999999Z")]
    OutOfRange(DateTime<Utc>),
    /// A leap second (`23:59:60`), which neither backend stores.
    #[error("{0} is a leap second")]
    LeapSecond(DateTime<Utc>),
}

/// `year-month-day hour:minute:second.micros` in UTC. Only used for constants, so a bad date
/// stops the build rather than a running program.
const fn utc(year: i32, month: u32, day: u32, h: u32, m: u32, s: u32, micros: u32) -> Timestamp {
    let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else {
        panic!("invalid date");
    };
    let Some(time) = NaiveTime::from_hms_micro_opt(h, m, s, micros) else {
        panic!("invalid time");
    };
    Timestamp(DateTime::from_naive_utc_and_offset(
        NaiveDateTime::new(date, time),
        Utc,
    ))
}

impl Timestamp {
    /// The earliest storable instant, 0001-01-01T00:00:00Z.
    pub const MIN: Self = utc(1, 1, 1, 0, 0, 0, 0);
    /// The latest storable instant, 9999-12-31T23:59:59.999999Z.
    pub const MAX: Self = utc(9999, 12, 31, 23, 59, 59, 999_999);

    /// `instant` truncated to the microsecond.
    ///
    /// # Errors
    /// [`TimestampError::OutOfRange`] when the truncated instant is outside
    /// [`Timestamp::MIN`]`..=`[`Timestamp::MAX`], [`TimestampError::LeapSecond`] for a leap
    /// second.
    pub fn new(instant: DateTime<Utc>) -> Result<Self, TimestampError> {
        let nanos = instant.nanosecond();
        // chrono marks a leap second by a nanosecond field of one second or more.
        if nanos >= 1_000_000_000 {
            return Err(TimestampError::LeapSecond(instant));
        }
        // Through the field rather than `duration_trunc`, which works on nanoseconds since 1970
        // in an i64 and so fails outside 1677..2262. `with_nanosecond` only refuses values of
        // two seconds or more, so this `else` is not reached.
        let Some(truncated) = instant.with_nanosecond(nanos - nanos % 1_000) else {
            return Err(TimestampError::LeapSecond(instant));
        };
        if truncated < Self::MIN.0 || truncated > Self::MAX.0 {
            return Err(TimestampError::OutOfRange(instant));
        }
        Ok(Self(truncated))
    }

    /// The current instant, truncated to the microsecond.
    ///
    /// A system clock set outside years 1 to 9999 is clamped to the nearest end, so that this
    /// stays infallible and its value stays storable.
    pub fn now() -> Self {
        // Once clamped the instant is in range and the clock never reports a leap second, so
        // `new` cannot fail; the fallback only spares a panic path.
        Self::new(Utc::now().clamp(Self::MIN.0, Self::MAX.0)).unwrap_or(Self::MAX)
    }

    pub fn as_datetime(self) -> DateTime<Utc> {
        self.0
    }

    /// `self + delta`, or `None` when that leaves the storable range. Sub-microsecond parts of
    /// `delta` are truncated away with the result.
    pub fn checked_add(self, delta: TimeDelta) -> Option<Self> {
        self.0
            .checked_add_signed(delta)
            .and_then(|t| Self::new(t).ok())
    }

    /// `self - delta`, or `None` when that leaves the storable range.
    pub fn checked_sub(self, delta: TimeDelta) -> Option<Self> {
        self.0
            .checked_sub_signed(delta)
            .and_then(|t| Self::new(t).ok())
    }

    /// The text that holds this instant in a SQLite column: what sqlx writes for it, and the
    /// one form the schema accepts (see the type's documentation). For raw SQL on SQLite and
    /// for checking what was stored.
    pub fn sqlite_text(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::AutoSi, false)
    }
}

/// Shows the RFC 3339 text, which says more at a glance than chrono's field dump.
impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.sqlite_text())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sqlite_text())
    }
}

impl TryFrom<DateTime<Utc>> for Timestamp {
    type Error = TimestampError;
    fn try_from(instant: DateTime<Utc>) -> Result<Self, Self::Error> {
        Self::new(instant)
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
        let instant = DateTime::<Utc>::try_get_by(res, idx)?;
        // PostgreSQL holds years up to 294276 and before 1 AD; SQLite may hold text written
        // by hand with nanoseconds. Refuse the first, truncate the second.
        Self::new(instant).map_err(|e| TryGetError::DbErr(DbErr::Type(e.to_string())))
    }
}

impl ValueType for Timestamp {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        <DateTime<Utc> as ValueType>::try_from(v)
            .and_then(|instant| Self::new(instant).map_err(|_| ValueTypeErr))
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

/// A timestamp is never an auto-increment key, but it can be part of a composite primary key
/// (the `(id, time)` keys of tables partitioned by month), which SeaORM requires to implement
/// this.
impl sea_orm::TryFromU64 for Timestamp {
    fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
        Err(sea_orm::DbErr::ConvertFromU64("Timestamp"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn text(input: &str) -> String {
        Timestamp::new(at(input)).unwrap().sqlite_text()
    }

    #[test]
    fn truncates_to_microseconds() {
        assert_eq!(
            text("2026-11-22T01:46:39.012269364+00:00"),
            "2026-11-22T01:46:39.012269+00:00"
        );
    }

    #[test]
    fn truncates_outside_the_nanosecond_i64_range_too() {
        // 1677..2262 is where chrono's `duration_trunc` works; these are beyond it.
        assert_eq!(
            text("1500-06-01T12:00:00.123456789+00:00"),
            "1500-06-01T12:00:00.123456+00:00"
        );
        assert_eq!(
            text("8000-01-01T00:00:00.000000999+00:00"),
            "8000-01-01T00:00:00+00:00"
        );
        // Before 1970 the instant still moves towards the past, as PostgreSQL does.
        assert_eq!(
            text("1000-01-01T00:00:00.999999999+00:00"),
            "1000-01-01T00:00:00.999999+00:00"
        );
    }

    #[test]
    fn accepts_exactly_years_1_to_9999() {
        assert_eq!(
            text("0001-01-01T00:00:00+00:00"),
            "0001-01-01T00:00:00+00:00"
        );
        assert_eq!(
            Timestamp::new(at("0001-01-01T00:00:00Z")),
            Ok(Timestamp::MIN)
        );
        assert_eq!(
            Timestamp::new(at("9999-12-31T23:59:59.999999999Z")),
            Ok(Timestamp::MAX)
        );
        assert_eq!(
            Timestamp::MAX.sqlite_text(),
            "9999-12-31T23:59:59.999999+00:00"
        );
        let before = Timestamp::MIN.0 - TimeDelta::nanoseconds(1);
        assert_eq!(
            Timestamp::new(before),
            Err(TimestampError::OutOfRange(before))
        );
        let after = Timestamp::MAX.0 + TimeDelta::microseconds(1);
        assert_eq!(
            Timestamp::new(after),
            Err(TimestampError::OutOfRange(after))
        );
        assert!(Timestamp::new(DateTime::<Utc>::MIN_UTC).is_err());
        assert!(Timestamp::new(DateTime::<Utc>::MAX_UTC).is_err());
    }

    #[test]
    fn refuses_a_leap_second() {
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .unwrap()
            .and_utc();
        assert_eq!(Timestamp::new(leap), Err(TimestampError::LeapSecond(leap)));
    }

    #[test]
    fn sqlite_text_has_zero_three_or_six_fractional_digits() {
        assert_eq!(text("2026-11-22T01:46:39Z"), "2026-11-22T01:46:39+00:00");
        assert_eq!(
            text("2026-11-22T01:46:39.5Z"),
            "2026-11-22T01:46:39.500+00:00"
        );
        assert_eq!(
            text("2026-11-22T01:46:39.0123Z"),
            "2026-11-22T01:46:39.012300+00:00"
        );
        assert_eq!(
            text("2026-11-22T01:46:39.000001Z"),
            "2026-11-22T01:46:39.000001+00:00"
        );
    }

    #[test]
    fn sqlite_text_is_what_sqlx_writes() {
        let t = Timestamp::new(at("0042-02-03T04:05:06.789Z")).unwrap();
        assert_eq!(
            t.sqlite_text(),
            t.as_datetime()
                .to_rfc3339_opts(SecondsFormat::AutoSi, false)
        );
    }

    #[test]
    fn text_order_is_instant_order() {
        let texts = [
            "0001-01-01T00:00:00Z",
            "0999-12-31T23:59:59.999999Z",
            "2026-11-22T01:46:39Z",
            "2026-11-22T01:46:39.000001Z",
            "2026-11-22T01:46:39.001Z",
            "2026-11-22T01:46:39.0011Z",
            "2026-11-22T01:46:39.5Z",
            "2026-11-22T01:46:40Z",
            "9999-12-31T23:59:59.999999Z",
        ];
        let stamps: Vec<Timestamp> = texts
            .iter()
            .map(|s| Timestamp::new(at(s)).unwrap())
            .collect();
        for pair in stamps.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(pair[0].sqlite_text() < pair[1].sqlite_text(), "{pair:?}");
        }
    }

    #[test]
    fn arithmetic_stays_in_range() {
        let t = Timestamp::new(at("2026-11-22T01:46:39Z")).unwrap();
        assert_eq!(
            t.checked_add(TimeDelta::hours(24))
                .map(Timestamp::sqlite_text),
            Some("2026-11-23T01:46:39+00:00".to_owned())
        );
        assert_eq!(
            t.checked_sub(TimeDelta::nanoseconds(1))
                .map(Timestamp::sqlite_text),
            Some("2026-11-22T01:46:38.999999+00:00".to_owned())
        );
        assert_eq!(Timestamp::MAX.checked_add(TimeDelta::microseconds(1)), None);
        assert_eq!(Timestamp::MIN.checked_sub(TimeDelta::microseconds(1)), None);
        assert_eq!(Timestamp::MAX.checked_add(TimeDelta::MAX), None);
    }

    #[test]
    fn now_is_in_range_and_microseconds() {
        let now = Timestamp::now();
        assert_eq!(now.as_datetime().nanosecond() % 1_000, 0);
        assert!(Timestamp::MIN < now && now < Timestamp::MAX);
    }

    #[test]
    fn serde_round_trips_and_checks() {
        let t = Timestamp::new(at("0001-01-01T00:00:00.000001Z")).unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        // Deserialising truncates like every other way in, and refuses what `new` refuses.
        let precise: Timestamp =
            serde_json::from_str("\"2026-11-22T01:46:39.012269364Z\"").unwrap();
        assert_eq!(precise.sqlite_text(), "2026-11-22T01:46:39.012269+00:00");
        for year in [0, 10_000] {
            let outside = NaiveDate::from_ymd_opt(year, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap()
                .and_utc();
            let json = serde_json::to_string(&outside).unwrap();
            // chrono reads its own text back; the range check is what refuses it.
            assert_eq!(
                serde_json::from_str::<DateTime<Utc>>(&json).unwrap(),
                outside
            );
            assert!(serde_json::from_str::<Timestamp>(&json).is_err(), "{json}");
        }
    }

    #[test]
    fn database_values_go_through_the_same_rules() {
        let precise = at("2026-11-22T01:46:39.012269364Z");
        let read = <Timestamp as ValueType>::try_from(Value::ChronoDateTimeUtc(Some(precise)));
        assert_eq!(
            read.unwrap().sqlite_text(),
            "2026-11-22T01:46:39.012269+00:00"
        );
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap()
            .and_utc();
        assert!(<Timestamp as ValueType>::try_from(Value::ChronoDateTimeUtc(Some(far))).is_err());
    }
}
