//! The service's side of `catalog::limits`: input is refused with the reason the database's
//! rule gives, on the field the caller named ([`Limited`] for a text's length, [`InRange`] for
//! a number, [`InOrder`] for two dates).
use std::borrow::Cow;

use catalog::limits::{DateOrder, Length, Range};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::no_nul;
use crate::{Error, Result};

/// A limit that refuses input as an [`Error::Validation`].
pub trait Limited {
    /// Refuses `value` on `field` when the limit does not hold (text with NUL is refused
    /// first, as [`no_nul`] does).
    ///
    /// # Errors
    /// [`Error::Validation`] on `field`, with the limit's reason.
    fn check(&self, field: impl Into<Cow<'static, str>>, value: &str) -> Result<()>;

    /// [`Limited::check`] on a value that may be absent (absent passes).
    ///
    /// # Errors
    /// [`Error::Validation`] on `field`, with the limit's reason.
    fn check_some(&self, field: impl Into<Cow<'static, str>>, value: Option<&str>) -> Result<()> {
        value.map_or(Ok(()), |value| self.check(field, value))
    }
}

impl Limited for Length {
    fn check(&self, field: impl Into<Cow<'static, str>>, value: &str) -> Result<()> {
        let field = field.into();
        no_nul(field.clone(), value)?;
        match self.refusal(value) {
            Some(reason) => Err(Error::invalid(field, reason)),
            None => Ok(()),
        }
    }
}

/// A range that refuses a number outside it as an [`Error::Validation`].
pub trait InRange {
    /// Refuses `value` on `field` when it is outside the range.
    ///
    /// # Errors
    /// [`Error::Validation`] on `field`, with the range's reason.
    fn check(&self, field: impl Into<Cow<'static, str>>, value: impl Into<Decimal>) -> Result<()>;

    /// [`InRange::check`] on a value that may be absent (absent passes).
    ///
    /// # Errors
    /// [`Error::Validation`] on `field`, with the range's reason.
    fn check_some<V: Into<Decimal>>(
        &self,
        field: impl Into<Cow<'static, str>>,
        value: Option<V>,
    ) -> Result<()> {
        value.map_or(Ok(()), |value| self.check(field, value))
    }
}

impl InRange for Range {
    fn check(&self, field: impl Into<Cow<'static, str>>, value: impl Into<Decimal>) -> Result<()> {
        let value = value.into();
        if value < Decimal::from(self.min) || value > Decimal::from(self.max) {
            return Err(Error::invalid(field, self.reason));
        }
        Ok(())
    }
}

/// Two dates that must be in order, refused as an [`Error::Validation`] on the later one.
pub trait InOrder {
    /// Refuses a `later` date (if there is one) before `earlier`.
    ///
    /// # Errors
    /// [`Error::Validation`] on the later date's column, with the order's reason.
    fn check(&self, earlier: NaiveDate, later: impl Into<Option<NaiveDate>>) -> Result<()>;
}

impl InOrder for DateOrder {
    fn check(&self, earlier: NaiveDate, later: impl Into<Option<NaiveDate>>) -> Result<()> {
        match later.into() {
            Some(later) if later < earlier => Err(Error::invalid(self.later, self.reason)),
            _ => Ok(()),
        }
    }
}
