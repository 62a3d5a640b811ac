//! Small rules every input follows, whatever the field; the date and time rules are in
//! [`dates`].
use std::borrow::Cow;

pub mod dates;

use crate::{Error, Result};

/// Refuses text holding the NUL character: PostgreSQL's text types cannot store it, and SQLite's
/// CHECKs refuse it too, so it is an input error on both backends rather than a database error
/// on one.
///
/// # Errors
/// [`Error::Validation`] on `field`.
pub fn no_nul(field: impl Into<Cow<'static, str>>, value: &str) -> Result<()> {
    if value.contains('\0') {
        return Err(Error::invalid(field, "must not contain the NUL character"));
    }
    Ok(())
}

/// A change to one field of a stored row: leave it as it is, clear it, or set it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Leave the stored value as it is (what a field left out of an update means).
    #[default]
    Keep,
    /// Set it to NULL.
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    /// The value to store, `None` for [`Patch::Keep`].
    pub fn into_change(self) -> Option<Option<T>> {
        match self {
            Self::Keep => None,
            Self::Clear => Some(None),
            Self::Set(value) => Some(Some(value)),
        }
    }

    /// The value being set, if any.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            _ => None,
        }
    }
}

/// Text for a `LIKE ... ESCAPE '\\'` pattern: `%`, `_` and the escape itself stand for
/// themselves.
pub(crate) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
