//! Every SQL fragment that differs between the backends, in one place: the stand-in types and
//! the CHECKs that make SQLite refuse what PostgreSQL's types refuse, "now" in the one stored
//! text form, and the JSON form of a UUID. The builders in this module ask here and never
//! spell backend SQL themselves.
use catalog::limits::{Capitals, EmailFormat, LanguageTag, Word};
use sea_orm_migration::sea_orm::{ActiveEnum, DbBackend, Value};

/// SQLite's "now" in the stored text form of a timestamp: RFC 3339 in UTC with the shortest
/// exact fraction (none, 3 or 6 digits), which is what sqlx writes for a `DateTime<Utc>` cut
/// to microseconds. One text per instant, so comparing texts compares instants. SQLite's
/// clock has millisecond precision: a `.000` fraction is dropped, as the application's would
/// be. (`'now'` is the same instant for every call within one statement.)
pub const SQLITE_NOW: &str = "(CASE WHEN strftime('%f', 'now') GLOB '*.000' \
     THEN strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') \
     ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END)";

/// `value IN ('a', 'b')`, for CHECKs that list a closed set (identical on both backends).
pub fn one_of(column: &str, values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
    format!("{column} IN ({})", quoted.join(", "))
}

/// `column IN ('a', 'b')` listing an entity enum's stored values in their declared order: the
/// enum is the one definition of the set, for the CHECK as for the service. A released
/// migration stays what it was through the pinned schema dumps: a value added to the enum
/// changes what it builds and fails `schema_is_pinned`, so a new migration widens the CHECK
/// on existing databases before the dumps are re-blessed.
pub fn one_of_enum<E: ActiveEnum<Value = String>>(column: &str) -> String {
    let values = E::values();
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    one_of(column, &values)
}

/// The CHECK that `column` is a [`Word`]: a regex on PostgreSQL; on SQLite, which has no
/// REGEXP, its length and a GLOB that no other character matches (the two forms matched on
/// 53,923 generated strings, `docs/DESIGN.md` D2). The letters' order in each bracket
/// expression is the one migration 2 was released with, which the pinned dumps hold.
pub fn word_format(backend: DbBackend, column: &str, word: &Word) -> String {
    let Word { min, max, also, .. } = word;
    match backend {
        DbBackend::Postgres => format!("{column} ~ '^[a-zA-Z0-9{also}]{{{min},{max}}}$'"),
        _ => format!(
            "length({column}) BETWEEN {min} AND {max} AND {column} NOT GLOB '*[^A-Za-z0-9{also}]*'"
        ),
    }
}

/// The CHECK that `column` is a code of [`Capitals`]: a regex on PostgreSQL; on SQLite, which
/// has no REGEXP, a GLOB of one `[A-Z]` per letter. The text is the one migration 15 was
/// released with, which the pinned dumps hold.
pub fn capitals_format(backend: DbBackend, column: &str, code: &Capitals) -> String {
    let len = code.len;
    match backend {
        DbBackend::Postgres => format!("{column} ~ '^[A-Z]{{{len}}}$'"),
        _ => format!("{column} GLOB '{}'", "[A-Z]".repeat(len)),
    }
}

/// The CHECK that `column` is a [`LanguageTag`]'s shape: a regex on PostgreSQL; on SQLite,
/// which has no REGEXP, GLOBs that say the same (only letters, digits and `-`; the language
/// part first; no empty subtag). The text is the one migration 8 was released with, which the
/// pinned dumps hold; neither form limits a subtag's length ([`LanguageTag::normalise`] does).
pub fn language_tag_format(backend: DbBackend, column: &str, tag: &LanguageTag) -> String {
    let (fewest, most) = tag.language;
    match backend {
        DbBackend::Postgres => {
            format!("{column} ~ '^[a-z]{{{fewest},{most}}}(-[A-Za-z0-9]+)*$'")
        }
        _ => {
            let languages: Vec<String> = (fewest..=most).map(|n| "[a-z]".repeat(n)).collect();
            let alone = languages.iter().map(|l| format!("{column} GLOB '{l}'"));
            let with_subtags = languages.iter().map(|l| format!("{column} GLOB '{l}-?*'"));
            let starts: Vec<String> = alone.chain(with_subtags).collect();
            format!(
                "{column} NOT GLOB '*[^A-Za-z0-9-]*' AND ({}) \
                 AND {column} NOT GLOB '*--*' AND {column} NOT GLOB '*-'",
                starts.join(" OR ")
            )
        }
    }
}

/// The CHECK that `column` is an address in the [`EmailFormat`]: its regex on PostgreSQL; on
/// SQLite, which has no REGEXP, one `@` with something before it, a GLOB on each side of it,
/// and the top-level domain found by trimming the trailing letters (the two forms matched on
/// 53,923 generated strings, `docs/DESIGN.md` D2). The text is the one migration 2 was
/// released with, which the pinned dumps hold. Its length is the column's `varchar`'s.
pub fn email_format(backend: DbBackend, column: &str, email: &EmailFormat) -> String {
    let EmailFormat {
        local_also,
        domain_also,
        tld_min,
        ..
    } = email;
    match backend {
        DbBackend::Postgres => format!(
            "{column} ~ '^[A-Za-z0-9{local_also}]+@[A-Za-z0-9{domain_also}]+\\.[A-Za-z]{{{tld_min},}}$'"
        ),
        _ => {
            const LETTERS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            let at = format!("instr({column}, '@')");
            let local = format!("substr({column}, 1, {at} - 1)");
            let domain = format!("substr({column}, {at} + 1)");
            let tld_stripped = format!("rtrim({column}, '{LETTERS}')");
            [
                format!("{at} > 1"),
                format!("instr({domain}, '@') = 0"),
                format!("{local} NOT GLOB '*[^A-Za-z0-9{local_also}]*'"),
                format!("{domain} NOT GLOB '*[^A-Za-z0-9{domain_also}]*'"),
                format!("substr({tld_stripped}, -1) = '.'"),
                format!("length({column}) - length({tld_stripped}) >= {tld_min}"),
                // Something before the dot: the dot and one character after the `@`.
                format!("length({tld_stripped}) - {at} >= 2"),
            ]
            .join(" AND ")
        }
    }
}

/// A SQL string literal (the same quoting on both backends).
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// What a stand-in column is on SQLite: the CHECK's name suffix and its condition. The names
/// are `chk_<column>_<suffix>`; `catalog::constraints::stand_in` reads them back.
pub enum StandIn {
    Uuid,
    Varchar(u32),
    Text,
    Integer,
    Boolean,
    Decimal { precision: u32, scale: u32 },
    Date,
    Timestamp,
    Json,
    TextList,
}

impl StandIn {
    pub fn suffix(&self) -> &'static str {
        match self {
            Self::Uuid => "uuid",
            Self::Varchar(_) => "varchar",
            Self::Text => "text",
            Self::Integer => "integer",
            Self::Boolean => "boolean",
            Self::Decimal { .. } => "decimal",
            Self::Date => "date",
            Self::Timestamp => "timestamp",
            Self::Json => "json",
            Self::TextList => "text_list",
        }
    }

    /// The SQLite condition (the caller adds `column IS NULL OR`).
    pub fn sqlite_condition(&self, c: &str) -> String {
        match self {
            Self::Uuid => format!("typeof({c}) = 'blob' AND length({c}) = 16"),
            // PostgreSQL text refuses NUL; SQLite stores it, and its length() and GLOB stop
            // at the first one, so look for the byte in the blob form.
            Self::Varchar(len) => format!(
                "typeof({c}) = 'text' AND length({c}) <= {len} AND {}",
                no_nul(c)
            ),
            Self::Text => format!("typeof({c}) = 'text' AND {}", no_nul(c)),
            Self::Integer => {
                format!("typeof({c}) = 'integer' AND {c} BETWEEN -2147483648 AND 2147483647")
            }
            Self::Boolean => format!("{c} IN (0, 1)"),
            Self::Decimal { precision, scale } => {
                let limit = 10_u64.pow(precision - scale);
                format!(
                    "typeof({c}) IN ('integer', 'real') AND {c} = round({c}, {scale}) AND abs({c}) < {limit}"
                )
            }
            // Without a modifier SQLite 3.40 echoes 1990-02-30 back unchanged. Year 0 does not
            // exist on PostgreSQL.
            Self::Date => format!(
                "typeof({c}) = 'text' AND date({c}, '+0 days') IS {c} AND substr({c}, 1, 4) <> '0000'"
            ),
            Self::Timestamp => sqlite_timestamp_condition(c),
            // jsonb and text[] refuse the NUL character (JSON's \u0000 escape) too.
            Self::Json => format!("json_valid({c}) AND instr({c}, '\\u0000') = 0"),
            Self::TextList => format!(
                "json_valid({c}) AND json_type({c}) = 'array' AND instr({c}, '\\u0000') = 0"
            ),
        }
    }
}

fn no_nul(c: &str) -> String {
    format!("instr(CAST({c} AS BLOB), X'00') = 0")
}

/// The canonical timestamp text and nothing else: `YYYY-MM-DDTHH:MM:SS` then either nothing,
/// `.fff` or `.ffffff` (never ending in `000`: that instant has a shorter text), then
/// `+00:00`. The date must survive a round trip through `date(..., '+0 days')` (the modifier
/// makes SQLite normalise, so 31 February comes back as 3 March and is refused), the hour must
/// be below 24, and year 0 is refused as PostgreSQL does.
fn sqlite_timestamp_condition(c: &str) -> String {
    const DATE_TIME: &str =
        "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]";
    const D: &str = "[0-9]";
    let d3 = D.repeat(3);
    let d6 = D.repeat(6);
    format!(
        "typeof({c}) = 'text' AND (\
         (length({c}) = 25 AND {c} GLOB '{DATE_TIME}+00:00') \
         OR (length({c}) = 29 AND {c} GLOB '{DATE_TIME}.{d3}+00:00' AND substr({c}, 21, 3) <> '000') \
         OR (length({c}) = 32 AND {c} GLOB '{DATE_TIME}.{d6}+00:00' AND substr({c}, 24, 3) <> '000')\
         ) AND date(substr({c}, 1, 10), '+0 days') IS substr({c}, 1, 10) \
         AND substr({c}, 12, 2) < '24' AND substr({c}, 1, 4) <> '0000'"
    )
}

/// PostgreSQL's `date` and `timestamptz` accept `infinity`, `-infinity` and years from 4713 BC
/// to 294276 AD. SQLite's text form holds years 1 to 9999 only, chrono cannot read infinity
/// (sqlx panics decoding it), so PostgreSQL keeps to the same years and refuses infinity.
pub fn postgres_finite_condition(column: &str, stand_in: &StandIn) -> String {
    match stand_in {
        StandIn::Date => format!("{column} BETWEEN '0001-01-01' AND '9999-12-31'"),
        _ => {
            format!("{column} >= '0001-01-01 00:00:00+00' AND {column} < '10000-01-01 00:00:00+00'")
        }
    }
}

/// SQLite expression turning a 16-byte UUID blob into its hyphenated text, as PostgreSQL
/// prints it (for JSON snapshots in triggers: JSON cannot hold a blob).
pub fn sqlite_uuid_text(expr: &str) -> String {
    let h = format!("hex({expr})");
    format!(
        "lower(substr({h}, 1, 8) || '-' || substr({h}, 9, 4) || '-' || substr({h}, 13, 4) || '-' || substr({h}, 17, 4) || '-' || substr({h}, 21))"
    )
}

/// The collation every text column gets on PostgreSQL. Text order and equality then follow
/// the bytes, as SQLite's BINARY does, whatever collation the server's database was created
/// with (RDS often uses `en_US.UTF-8`). It also makes PostgreSQL's `lower()` fold ASCII only on
/// these columns, as SQLite's does.
pub const POSTGRES_TEXT_COLLATION: &str = "COLLATE \"C\"";

/// A value for a `text_list` column in a migration's own inserts: an array on PostgreSQL,
/// JSON text on SQLite (sea-query cannot bind an array on SQLite).
pub fn text_list_value(backend: DbBackend, items: &[&str]) -> Value {
    match backend {
        DbBackend::Postgres => Value::Array(
            sea_orm_migration::sea_orm::sea_query::ArrayType::String,
            Some(Box::new(
                items
                    .iter()
                    .map(|s| Value::String(Some((*s).to_owned())))
                    .collect(),
            )),
        ),
        _ => {
            let quoted: Vec<String> = items
                .iter()
                .map(|s| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
                .collect();
            Value::String(Some(format!("[{}]", quoted.join(","))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_quoted() {
        assert_eq!(one_of("x", &["a", "o'b"]), "x IN ('a', 'o''b')");
        assert_eq!(
            one_of_enum::<entity::types::MealSlot>("meal_slot"),
            "meal_slot IN ('breakfast', 'lunch', 'dinner', 'snack')"
        );
    }
}
