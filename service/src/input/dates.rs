//! The rules every date and time input follows, in one place.
//!
//! A date a caller gives must be one both backends store and give back unchanged
//! ([`EARLIEST_DATE`]`..=`[`LATEST_DATE`]), checked here so that an out-of-range date is the same
//! [`Error::Validation`] on SQLite and on PostgreSQL rather than a CHECK refusal on one and an
//! untyped "date out of range" on the other. An instant is a [`Timestamp`], whose type already
//! holds it to the same years; [`check_instant`] turns a caller's `DateTime<Utc>` into one.
//!
//! Where the domain says more, the rule is tighter:
//! - a date of birth is not in the future and gives an age of [`MIN_AGE_YEARS`] to
//!   [`MAX_AGE_YEARS`] ([`check_birth_date`]);
//! - a diagnosis is not in the future and not before the oldest user could have been born
//!   ([`check_past_date`]);
//! - what was eaten, measured or seen (a meal, a measurement, a price) is not more than
//!   [`MAX_AHEAD`] after now ([`check_not_ahead`]), which leaves room for clocks that disagree;
//! - a date derived from an input (a meal's local date, the months maintenance makes ahead) is
//!   storable too ([`local_date`], [`check_date`] on the result).
use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use entity::types::{Timestamp, TimestampError};

use crate::{Error, Result};

/// `year-month-day` as a constant, so that a wrong date stops the build.
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid date"),
    }
}

/// The earliest date both backends store: SQLite's text holds four-digit years and
/// PostgreSQL has no year 0, so the columns' CHECKs (`chk_<column>_date`,
/// `chk_<column>_finite`) start at 1 AD. The first day of [`Timestamp::MIN`].
pub const EARLIEST_DATE: NaiveDate = ymd(1, 1, 1);

/// The latest date both backends store (four-digit years), the last day of [`Timestamp::MAX`].
pub const LATEST_DATE: NaiveDate = ymd(9999, 12, 31);

/// The oldest a user can be, in whole years: a date of birth giving more is a mistake, and it
/// would make the BMR formula's age term swamp the rest.
pub const MAX_AGE_YEARS: i32 = 130;

/// The youngest a user can be (the database's `chk_age_minimum` says the same).
pub const MIN_AGE_YEARS: i32 = 13;

/// How far after now a meal, a measurement or a price may be recorded: a day, for a device
/// clock that runs ahead or a time zone mistaken for UTC, never more.
pub const MAX_AHEAD: TimeDelta = TimeDelta::hours(24);

/// Today in UTC, the day the date rules count from.
pub fn today() -> NaiveDate {
    Timestamp::now().as_datetime().date_naive()
}

/// Whole years from `birth` to `today` (a 29 February birthday counts from 1 March in
/// non-leap years, as PostgreSQL's `age()` does).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    use chrono::Datelike;
    let had_birthday = (today.month(), today.day()) >= (birth.month(), birth.day());
    today.year() - birth.year() - i32::from(!had_birthday)
}

fn out_of_range() -> String {
    format!("must be between {EARLIEST_DATE} and {LATEST_DATE}")
}

/// A date both backends store.
///
/// # Errors
/// [`Error::Validation`] on `field`: "must be between 0001-01-01 and 9999-12-31".
pub fn check_date(field: impl Into<Cow<'static, str>>, date: NaiveDate) -> Result<()> {
    if !(EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        return Err(Error::invalid(field, out_of_range()));
    }
    Ok(())
}

/// [`check_date`] on a date that may be absent.
///
/// # Errors
/// As [`check_date`].
pub fn check_optional_date(
    field: impl Into<Cow<'static, str>>,
    date: Option<NaiveDate>,
) -> Result<()> {
    match date {
        Some(date) => check_date(field, date),
        None => Ok(()),
    }
}

/// A date of birth: storable, not after `today`, and an age on `today` of [`MIN_AGE_YEARS`]
/// to [`MAX_AGE_YEARS`] whole years.
///
/// # Errors
/// [`Error::Validation`] on `field`, saying which of these it breaks.
pub fn check_birth_date(
    field: impl Into<Cow<'static, str>>,
    born: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let field = field.into();
    check_date(field.clone(), born)?;
    if born > today {
        return Err(Error::invalid(field, "must not be in the future"));
    }
    let age = age_on(born, today);
    if age > MAX_AGE_YEARS {
        return Err(Error::invalid(
            field,
            format!("gives an age over {MAX_AGE_YEARS} years"),
        ));
    }
    if age < MIN_AGE_YEARS {
        // The wording of the database's own refusal (`chk_age_minimum`).
        return Err(Error::invalid(
            field,
            format!("the user must be at least {MIN_AGE_YEARS} years old"),
        ));
    }
    Ok(())
}

/// A date in the user's past (a diagnosis): not after `today`, and not more than
/// [`MAX_AGE_YEARS`] years before it, when no user was born yet.
///
/// # Errors
/// [`Error::Validation`] on `field`, saying which of these it breaks.
pub fn check_past_date(
    field: impl Into<Cow<'static, str>>,
    date: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let field = field.into();
    check_date(field.clone(), date)?;
    if date > today {
        return Err(Error::invalid(field, "must not be in the future"));
    }
    if age_on(date, today) > MAX_AGE_YEARS {
        return Err(Error::invalid(
            field,
            format!("must not be more than {MAX_AGE_YEARS} years ago"),
        ));
    }
    Ok(())
}

/// A recorded moment (a meal eaten, a measurement taken, a price seen): not more than
/// [`MAX_AHEAD`] after `now`.
///
/// # Errors
/// [`Error::Validation`] on `field`: "must not be more than 24 hours ahead of now".
pub fn check_not_ahead(
    field: impl Into<Cow<'static, str>>,
    at: Timestamp,
    now: Timestamp,
) -> Result<()> {
    // Past the storable range nothing is later than `at` could be: no limit to check.
    if let Some(latest) = now.checked_add(MAX_AHEAD)
        && at > latest
    {
        return Err(Error::invalid(
            field,
            format!(
                "must not be more than {} hours ahead of now",
                MAX_AHEAD.num_hours()
            ),
        ));
    }
    Ok(())
}

/// The local date of `at` in `tz`, which must be storable too: an instant near either end of
/// the range can fall on year 0 or year 10000 in a zone away from UTC.
///
/// # Errors
/// [`Error::Validation`] on `field`.
pub fn local_date(field: impl Into<Cow<'static, str>>, at: Timestamp, tz: Tz) -> Result<NaiveDate> {
    let date = at.as_datetime().with_timezone(&tz).date_naive();
    if !(EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        return Err(Error::invalid(
            field,
            format!("its local date {}", out_of_range()),
        ));
    }
    Ok(date)
}

/// A caller's instant as a [`Timestamp`] (truncated to the microsecond).
///
/// # Errors
/// [`Error::Validation`] on `field` for an instant outside years 1 to 9999 or a leap second.
pub fn check_instant(
    field: impl Into<Cow<'static, str>>,
    instant: DateTime<Utc>,
) -> Result<Timestamp> {
    Timestamp::new(instant).map_err(|e| {
        let reason = match e {
            TimestampError::OutOfRange(_) => format!(
                "must be between {}T00:00:00Z and {}T23:59:59.999999Z",
                EARLIEST_DATE, LATEST_DATE
            ),
            TimestampError::LeapSecond(_) => "must not be a leap second".to_owned(),
        };
        Error::invalid(field, reason)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(result: Result<impl std::fmt::Debug>) -> String {
        match result {
            Err(Error::Validation { reason, .. }) => reason.into_owned(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn the_range_is_the_timestamps_days() {
        assert_eq!(EARLIEST_DATE, Timestamp::MIN.as_datetime().date_naive());
        assert_eq!(LATEST_DATE, Timestamp::MAX.as_datetime().date_naive());
        assert!(check_date("d", EARLIEST_DATE).is_ok());
        assert!(check_date("d", LATEST_DATE).is_ok());
        for outside in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            ymd(0, 12, 31),
            ymd(10_000, 1, 1),
        ] {
            assert_eq!(
                reason(check_date("d", outside)),
                "must be between 0001-01-01 and 9999-12-31"
            );
        }
    }

    #[test]
    fn a_birth_date_gives_a_human_age() {
        let today = ymd(2026, 12, 7);
        assert!(check_birth_date("b", ymd(1990, 6, 15), today).is_ok());
        // 130 until the day before turning 131, and 13 from the 13th birthday, are accepted.
        assert!(check_birth_date("b", ymd(1895, 12, 8), today).is_ok());
        assert!(check_birth_date("b", ymd(2013, 12, 7), today).is_ok());
        assert_eq!(
            reason(check_birth_date("b", ymd(1895, 12, 7), today)),
            "gives an age over 130 years"
        );
        assert_eq!(
            reason(check_birth_date("b", ymd(2013, 12, 8), today)),
            "the user must be at least 13 years old"
        );
        assert_eq!(
            reason(check_birth_date("b", ymd(2026, 12, 8), today)),
            "must not be in the future"
        );
        assert_eq!(
            reason(check_birth_date("b", NaiveDate::MIN, today)),
            "must be between 0001-01-01 and 9999-12-31"
        );
    }

    #[test]
    fn a_past_date_is_within_a_lifetime() {
        let today = ymd(2026, 12, 7);
        assert!(check_past_date("p", today, today).is_ok());
        assert_eq!(
            reason(check_past_date("p", ymd(2026, 12, 8), today)),
            "must not be in the future"
        );
        assert_eq!(
            reason(check_past_date("p", ymd(1, 1, 1), today)),
            "must not be more than 130 years ago"
        );
    }

    #[test]
    fn a_moment_may_be_a_day_ahead_at_most() {
        let now = Timestamp::now();
        let day = |hours| now.checked_add(TimeDelta::hours(hours)).unwrap();
        assert!(check_not_ahead("at", day(24), now).is_ok());
        assert_eq!(
            reason(check_not_ahead("at", day(25), now)),
            "must not be more than 24 hours ahead of now"
        );
        assert!(check_not_ahead("at", Timestamp::MAX, Timestamp::MAX).is_ok());
    }

    #[test]
    fn a_local_date_stays_in_range() {
        // Fixed offsets: a city's zone in year 1 is its local mean time, not today's offset.
        let east: Tz = "Etc/GMT-14".parse().unwrap();
        let west: Tz = "Etc/GMT+12".parse().unwrap();
        assert!(local_date("at", Timestamp::MAX, west).is_ok());
        assert!(local_date("at", Timestamp::MAX, east).is_err());
        assert!(local_date("at", Timestamp::MIN, east).is_ok());
        assert!(local_date("at", Timestamp::MIN, west).is_err());
    }

    #[test]
    fn an_instant_outside_the_years_names_its_field() {
        match check_instant("when", DateTime::<Utc>::MAX_UTC) {
            Err(Error::Validation { field, reason }) => {
                assert_eq!(field, "when");
                assert!(
                    reason.starts_with("must be between 0001-01-01T"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(check_instant("when", Utc::now()).is_ok());
    }
}
