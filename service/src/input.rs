//! Small rules every input follows, whatever the field; the date and time rules are in
//! [`dates`], the limits the database shares with the service in [`limits`].
use std::borrow::Cow;

pub mod dates;
pub mod limits;

pub use limits::{InOrder, InRange, Limited};

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

/// In JSON: a field left out is [`Patch::Keep`] (the containing type marks its patches
/// `#[serde(default)]`), `null` is [`Patch::Clear`], a value is [`Patch::Set`].
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Patch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Self::Clear,
            Some(value) => Self::Set(value),
        })
    }
}

/// Reads a JSON body into an input type. A body that does not parse is an
/// [`Error::Validation`] naming the field, down to a list's element
/// (`ingredients[2].quantity`; `body` when the JSON itself is malformed), so an HTTP layer
/// answers it like any other invalid input. The reason never repeats the value sent (it may be
/// a password).
///
/// # Errors
/// [`Error::Validation`].
pub fn from_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut json);
    let value = parsed.map_err(|err| {
        let path = err.path().to_string();
        let text = err.inner().to_string();
        // A missing field is reported at its parent: name the field itself.
        let missing = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let malformed = !matches!(err.inner().classify(), serde_json::error::Category::Data);
        let field = match (path.as_str(), missing) {
            _ if malformed => "body".to_owned(),
            (".", Some(name)) => name.to_owned(),
            (".", None) => "body".to_owned(),
            (_, Some(name)) => format!("{path}.{name}"),
            (_, None) => path,
        };
        Error::invalid(field, reason(err.inner()))
    })?;
    json.end()
        .map_err(|err| Error::invalid("body", reason(&err)))?;
    Ok(value)
}

/// What was wrong, in serde's words, without the value: serde quotes an unexpected value
/// (`invalid type: string "hunter2", expected ...`), so only what was expected is kept.
fn reason(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let text = err.to_string();
    let text = text.split(" at line ").next().unwrap_or_default();
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => "is not valid JSON".to_owned(),
        Category::Data => match text.split_once(", expected ") {
            Some((_, expected)) => format!("expected {expected}"),
            None if text.starts_with("missing field") => "is required".to_owned(),
            None if text.starts_with("unknown") => text.to_owned(),
            None => "is not valid".to_owned(),
        },
    }
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

/// Reads a URL's query string (`tag=vegan&tag=quick&max_minutes=30`, without the `?`) into a
/// query type, as [`from_json`] reads a body: a parameter that does not parse is an
/// [`Error::Validation`] naming it (`max_minutes`; `query` when the string as a whole does
/// not fit), and the reason never repeats the value sent. A parameter given more than once
/// fills a list (`tag=a&tag=b`); an empty number (`max_minutes=`) is no value.
///
/// # Errors
/// [`Error::Validation`].
pub fn from_query<T: serde::de::DeserializeOwned>(query: &str) -> Result<T> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let form = serde_html_form::Deserializer::from_bytes(query.as_bytes());
    serde_path_to_error::deserialize(form).map_err(|err| {
        let path = err.path().to_string();
        let text = err.inner().to_string();
        let missing = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = match (path.as_str(), missing) {
            (".", Some(name)) => name.to_owned(),
            (".", None) => "query".to_owned(),
            (_, Some(name)) => format!("{path}.{name}"),
            (_, None) => path,
        };
        let reason = match text.split_once(", expected ") {
            Some((_, expected)) => format!("expected {expected}"),
            None if missing.is_some() => "is required".to_owned(),
            None if text.starts_with("unknown field") => text,
            // Messages that quote nothing (`invalid digit found in string`) say what was
            // wrong without the value; a quoted one might repeat it.
            None if text.contains(['"', '`', '\'']) => "is not valid".to_owned(),
            None => text,
        };
        Error::invalid(field, reason)
    })
}
