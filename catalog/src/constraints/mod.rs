//! Every named rule the database enforces, and what its refusal means to a caller.
//!
//! The service turns a refused write into its error by the rule's name, never by matching the
//! message's wording: PostgreSQL reports the constraint (or the index, or the `CONSTRAINT`
//! given to `RAISE` by a trigger); SQLite names a CHECK, an expression index and a trigger's
//! code, and reports a plain UNIQUE or PRIMARY KEY by its columns, which [`by_columns`] maps
//! back to the rule. The suite checks that this list and the migrated schema agree exactly on
//! both backends, so a constraint added without a rule (or a rule left behind) fails a test.
//!
//! CHECKs that only stand in for a PostgreSQL type on SQLite (`chk_<column>_uuid`, ...) and the
//! PostgreSQL `chk_<column>_finite` checks are one per column: [`stand_in`] reads them by
//! their suffix instead of listing each.
pub use crate::Subject;
use crate::tables::Tbl;

mod foundation;
mod nutrition;
mod operations;
mod planning;
mod recipes;
mod restaurants;

/// What kind of rule a constraint is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    PrimaryKey,
    /// A UNIQUE constraint or a unique index.
    Unique,
    ForeignKey,
    Check,
    /// A trigger that refuses a row, raising the rule's name as its code.
    Trigger,
}

/// Why an action is refused although the input is well-formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Forbidden {
    #[error("the user's email address is not verified")]
    EmailNotVerified,
    /// The database refused the acting role (PostgreSQL 42501): a row-level security policy
    /// (another user's row, reference data the application may only read) or a missing
    /// privilege.
    #[error("the database does not permit this to the acting user")]
    NotPermitted,
    /// A call was given a transaction that acts as another user than the call's actor.
    #[error("the transaction acts as another user")]
    OtherActor,
}

/// What a caller is told when a rule refuses a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Something with the same key exists.
    Conflict {
        what: Subject,
    },
    /// The row's own user does not exist (or no longer): the acting user is gone.
    NotFound {
        what: Subject,
    },
    /// A field of the row names a `what` that does not exist: an input's reference, so a
    /// caller reports it on that field.
    Missing {
        field: &'static str,
        what: Subject,
    },
    /// A field's value is not allowed.
    Invalid {
        field: &'static str,
        reason: &'static str,
    },
    Forbidden(Forbidden),
}

/// One named rule of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub name: &'static str,
    pub table: Tbl,
    pub kind: Kind,
    /// The columns it covers, in the order SQLite lists them in a UNIQUE refusal.
    pub columns: &'static [&'static str],
    pub refusal: Refusal,
}

const fn rule(
    name: &'static str,
    table: Tbl,
    kind: Kind,
    columns: &'static [&'static str],
    refusal: Refusal,
) -> Rule {
    Rule {
        name,
        table,
        kind,
        columns,
        refusal,
    }
}

const fn pk(name: &'static str, table: Tbl, what: Subject) -> Rule {
    rule(
        name,
        table,
        Kind::PrimaryKey,
        &["id"],
        Refusal::Conflict { what },
    )
}

const fn unique(
    name: &'static str,
    table: Tbl,
    columns: &'static [&'static str],
    what: Subject,
) -> Rule {
    rule(
        name,
        table,
        Kind::Unique,
        columns,
        Refusal::Conflict { what },
    )
}

const fn fk(
    name: &'static str,
    table: Tbl,
    columns: &'static [&'static str],
    what: Subject,
) -> Rule {
    rule(
        name,
        table,
        Kind::ForeignKey,
        columns,
        // The user a row belongs to is the actor, not an input: that one is "not found".
        match (columns, what) {
            (_, Subject::User) | ([], _) => Refusal::NotFound { what },
            ([field, ..], _) => Refusal::Missing { field, what },
        },
    )
}

const fn check(name: &'static str, table: Tbl, field: &'static str, reason: &'static str) -> Rule {
    rule(
        name,
        table,
        Kind::Check,
        &[],
        Refusal::Invalid { field, reason },
    )
}

/// The CHECK a length limit writes, refused with the limit's reason.
const fn length(
    name: &'static str,
    table: Tbl,
    field: &'static str,
    limit: &crate::limits::Length,
) -> Rule {
    check(name, table, field, limit.check_reason())
}

/// The CHECK a range writes, refused with the range's reason.
const fn in_range(
    name: &'static str,
    table: Tbl,
    field: &'static str,
    range: &crate::limits::Range,
) -> Rule {
    check(name, table, field, range.reason)
}

/// The CHECK that two dates are in order, refused on the later one with the order's reason.
const fn in_order(name: &'static str, table: Tbl, order: &crate::limits::DateOrder) -> Rule {
    check(name, table, order.later, order.reason)
}

/// The trigger code both backends raise when a health profile would belong to a user whose
/// email is not verified.
pub const EMAIL_NOT_VERIFIED: &str = "ensure_email_verified";

/// Each domain's rules, in migration order. Every domain keeps its own list, so that work on
/// one domain never edits another's.
const DOMAINS: &[&[Rule]] = &[
    foundation::RULES,
    recipes::RULES,
    nutrition::RULES,
    planning::RULES,
    restaurants::RULES,
    operations::RULES,
];

/// Every named rule of the schema.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    DOMAINS.iter().flat_map(|rules| rules.iter())
}

/// The rule with this name.
pub fn by_name(name: &str) -> Option<&'static Rule> {
    all()
        .find(|r| r.name == name)
        .or_else(|| operations::partition_key_rule(name))
}

/// The primary key or unique rule of `table` over exactly these columns, in this order (how
/// SQLite reports a refused plain UNIQUE or PRIMARY KEY).
pub fn by_columns(table: &str, columns: &[&str]) -> Option<&'static Rule> {
    all().find(|r| {
        r.table.name == table
            && matches!(r.kind, Kind::PrimaryKey | Kind::Unique)
            && r.columns == columns
    })
}

/// The rules of one kind on a table.
pub fn of_table(table: &str, kind: Kind) -> impl Iterator<Item = &'static Rule> {
    all().filter(move |r| r.table.name == table && r.kind == kind)
}

/// The per-column CHECKs the table builder adds, by the suffix of their name
/// (`chk_<column>_<suffix>`), with what they refuse.
pub const STAND_IN_SUFFIXES: &[(&str, &str)] = &[
    ("uuid", "must be a UUID"),
    ("varchar", "is too long or not text"),
    ("text", "must be text without NUL characters"),
    ("integer", "must be a 32-bit integer"),
    ("bigint", "must be a 64-bit integer"),
    ("boolean", "must be true or false"),
    ("decimal", "has too many digits or decimals"),
    ("date", "must be a date (YYYY-MM-DD)"),
    ("timestamp", "must be a UTC timestamp"),
    (
        "finite",
        "must be a date or time within the years 1 to 9999",
    ),
    // PostgreSQL's CHECK on every numeric column (migration 19): NaN sorts above every number.
    ("not_nan", "must be a number, not NaN"),
    ("json", "must be valid JSON"),
    ("text_list", "must be a list of texts"),
];

/// A per-column CHECK added by the table builder: the column it guards and what it refuses.
pub fn stand_in(name: &str) -> Option<(&str, &'static str)> {
    let rest = name.strip_prefix("chk_")?;
    STAND_IN_SUFFIXES.iter().find_map(|(suffix, reason)| {
        let column = rest.strip_suffix(suffix)?.strip_suffix('_')?;
        (!column.is_empty()).then_some((column, *reason))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let rules: Vec<&Rule> = all().collect();
        for (i, a) in rules.iter().enumerate() {
            assert!(
                rules[i + 1..].iter().all(|b| b.name != a.name),
                "{} is listed twice",
                a.name
            );
        }
    }

    #[test]
    fn stand_ins_are_read_from_their_name() {
        assert_eq!(
            stand_in("chk_weight_kg_decimal"),
            Some(("weight_kg", "has too many digits or decimals"))
        );
        assert_eq!(
            stand_in("chk_common_foods_text_list").map(|s| s.0),
            Some("common_foods")
        );
        assert_eq!(
            stand_in("chk_max_amount_not_nan").map(|s| s.0),
            Some("max_amount")
        );
        assert_eq!(stand_in("chk_height_range"), None);
        assert_eq!(stand_in("chk__uuid"), None);
    }

    #[test]
    fn sqlite_column_lists_find_their_rule() {
        assert_eq!(
            by_columns("user_allergies", &["user_id", "allergen_id"]).map(|r| r.name),
            Some("uq_user_allergen")
        );
        assert_eq!(
            by_columns("users", &["id"]).map(|r| r.name),
            Some("users_pkey")
        );
    }
}
