//! What allergies and medical conditions share: a reference row named by id or by name, and
//! the notes and diagnosis date a user may add to their link to it.
use catalog::Subject;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;
use uuid::Uuid;

use crate::input::{dates, no_nul};
use crate::{Error, Result};

/// A reference row (an allergen, a medical condition) named by id or by name
/// (case-insensitive).
///
/// In JSON it is one string: a UUID names the row by id, anything else by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ByIdOrName {
    Id(Uuid),
    Name(String),
}

impl<'de> Deserialize<'de> for ByIdOrName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match Uuid::parse_str(&text) {
            Ok(id) => Self::Id(id),
            Err(_) => Self::Name(text),
        })
    }
}

impl From<&str> for ByIdOrName {
    fn from(name: &str) -> Self {
        Self::Name(name.to_owned())
    }
}

impl From<Uuid> for ByIdOrName {
    fn from(id: Uuid) -> Self {
        Self::Id(id)
    }
}

/// The reference row of `E`, by id or by `name_column`. An exact name wins; otherwise the name
/// is compared case-insensitively (`lower()`, which folds ASCII letters only, on both backends:
/// PostgreSQL text columns use the "C" collation). Reference tables are readable by everyone.
pub(crate) async fn resolve<E, C>(
    db: &C,
    by: &ByIdOrName,
    name_column: E::Column,
    what: Subject,
) -> Result<E::Model>
where
    E: EntityTrait,
    C: ConnectionTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let query = match by {
        ByIdOrName::Id(id) => E::find_by_id(*id),
        ByIdOrName::Name(name) => {
            // PostgreSQL refuses a NUL in text outright (an untyped error), SQLite would find
            // nothing: the same typed answer on both.
            no_nul(what.as_str(), name)?;
            let name = name.trim();
            let exact = name_column.eq(name);
            E::find()
                .filter(
                    Condition::any().add(exact.clone()).add(
                        Expr::expr(Func::lower(Expr::col(name_column)))
                            .eq(Func::lower(Expr::val(name))),
                    ),
                )
                .order_by_desc(exact)
        }
    };
    query.one(db).await?.ok_or(Error::NotFound { what })
}

/// The date of an allergy's or condition's diagnosis: in the user's past
/// ([`dates::check_past_date`]: not in the future, not before any user was born).
pub(crate) fn validate_diagnosed(date: Option<chrono::NaiveDate>) -> Result<()> {
    match date {
        Some(date) => dates::check_past_date("diagnosed_date", date, dates::today()),
        None => Ok(()),
    }
}
