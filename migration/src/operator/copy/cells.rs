//! One value, read from either side: a SQLite stand-in converted to its PostgreSQL value, and
//! the canonical text both sides are compared by.
use super::*;

/// One value read from either side: what is inserted, and its canonical text.
pub(super) struct Cell {
    pub(super) value: Value,
    pub(super) canonical: Option<String>,
}

pub(super) fn null_of(kind: &Kind) -> Value {
    match kind {
        Kind::Uuid => Value::Uuid(None),
        Kind::Timestamptz => Value::ChronoDateTimeUtc(None),
        Kind::Date => Value::ChronoDate(None),
        Kind::Numeric(_) => Value::Decimal(None),
        Kind::SmallInt => Value::SmallInt(None),
        Kind::Int => Value::Int(None),
        Kind::BigInt => Value::BigInt(None),
        Kind::Bool => Value::Bool(None),
        Kind::Json => Value::Json(None),
        Kind::TextArray => Value::Array(ArrayType::String, None),
        Kind::Float => Value::Double(None),
        Kind::Bytes => Value::Bytes(None),
        Kind::Text | Kind::Other(_) => Value::String(None),
    }
}

/// JSON with object keys sorted at every level, whatever order either side kept them in.
pub(super) fn canonical_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}:{}",
                        serde_json::Value::from(k.as_str()),
                        canonical_json(v)
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        serde_json::Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(canonical_json)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }
        other => other.to_string(),
    }
}

pub(super) fn timestamp_text(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(super) fn decimal_text(d: &Decimal) -> String {
    d.normalize().to_string()
}

/// The SELECT expression reading a column's stand-in on SQLite.
pub(super) fn sqlite_select(column: &Column) -> String {
    let c = quote_ident(&column.name);
    match column.kind {
        // The shortest decimal text of the double (SQLite prints up to 15 significant digits,
        // exactly what the stand-in CHECK allows).
        Kind::Numeric(_) | Kind::Other(_) => format!("CAST({c} AS TEXT)"),
        Kind::Float => format!("CAST({c} AS REAL)"),
        _ => c,
    }
}

/// The SELECT expression reading a column on PostgreSQL, into what [`pg_cell`] decodes.
pub(super) fn pg_select(column: &Column) -> String {
    let c = quote_ident(&column.name);
    match column.kind {
        Kind::SmallInt | Kind::Int => format!("{c}::int8"),
        Kind::Float => format!("{c}::float8"),
        Kind::Json => format!("{c}::jsonb"),
        Kind::TextArray => format!("{c}::text[]"),
        Kind::Other(_) => format!("{c}::text"),
        _ => c,
    }
}

pub(super) fn bad(table: &Table, column: &Column, reason: impl fmt::Display) -> CopyError {
    CopyError::Value {
        table: table.qualified(),
        column: column.name.clone(),
        reason: reason.to_string(),
    }
}

/// Reads column `i` of a SQLite row and converts it to its PostgreSQL value.
pub(super) fn sqlite_cell(
    table: &Table,
    row: &QueryResult,
    i: usize,
    column: &Column,
) -> Result<Cell, CopyError> {
    let get_err = |e: DbErr| bad(table, column, e);
    macro_rules! get {
        ($t:ty) => {
            row.try_get_by_index::<Option<$t>>(i).map_err(get_err)?
        };
    }
    let cell = |value: Value, canonical: String| Cell {
        value,
        canonical: Some(canonical),
    };
    let null = Cell {
        value: null_of(&column.kind),
        canonical: None,
    };
    Ok(match &column.kind {
        Kind::Uuid => match get!(Vec<u8>) {
            None => null,
            Some(bytes) => {
                let id = uuid::Uuid::from_slice(&bytes).map_err(|e| bad(table, column, e))?;
                cell(Value::Uuid(Some(id)), id.to_string())
            }
        },
        Kind::Timestamptz => match get!(String) {
            None => null,
            Some(text) => {
                let t = DateTime::parse_from_rfc3339(&text)
                    .map_err(|e| bad(table, column, format!("{text:?}: {e}")))?
                    .with_timezone(&Utc);
                cell(Value::ChronoDateTimeUtc(Some(t)), timestamp_text(&t))
            }
        },
        Kind::Date => match get!(String) {
            None => null,
            Some(text) => {
                let d = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|e| bad(table, column, format!("{text:?}: {e}")))?;
                cell(Value::ChronoDate(Some(d)), d.to_string())
            }
        },
        Kind::Numeric(scale) => match get!(String) {
            None => null,
            Some(text) => {
                let parsed = if text.contains(['e', 'E']) {
                    Decimal::from_scientific(&text)
                } else {
                    text.parse::<Decimal>()
                };
                let mut d = parsed.map_err(|e| bad(table, column, format!("{text:?}: {e}")))?;
                if let Some(scale) = scale {
                    d = d.round_dp(*scale);
                }
                cell(Value::Decimal(Some(d)), decimal_text(&d))
            }
        },
        Kind::SmallInt | Kind::Int | Kind::BigInt => match get!(i64) {
            None => null,
            Some(n) => {
                let value = match column.kind {
                    Kind::SmallInt => {
                        Value::SmallInt(Some(i16::try_from(n).map_err(|e| bad(table, column, e))?))
                    }
                    Kind::Int => {
                        Value::Int(Some(i32::try_from(n).map_err(|e| bad(table, column, e))?))
                    }
                    _ => Value::BigInt(Some(n)),
                };
                cell(value, n.to_string())
            }
        },
        Kind::Bool => match get!(i64) {
            None => null,
            Some(n) => cell(Value::Bool(Some(n != 0)), (n != 0).to_string()),
        },
        Kind::Text => match get!(String) {
            None => null,
            Some(s) => cell(Value::String(Some(s.clone())), s),
        },
        Kind::Json => match get!(String) {
            None => null,
            Some(text) => {
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| bad(table, column, e))?;
                let canonical = canonical_json(&v);
                cell(Value::Json(Some(Box::new(v))), canonical)
            }
        },
        Kind::TextArray => match get!(String) {
            None => null,
            Some(text) => {
                let items: Vec<String> = serde_json::from_str(&text)
                    .map_err(|e| bad(table, column, format!("not a JSON list of texts: {e}")))?;
                let canonical = canonical_json(&serde_json::Value::from(items.clone()));
                let values = items.into_iter().map(|s| Value::String(Some(s))).collect();
                cell(
                    Value::Array(ArrayType::String, Some(Box::new(values))),
                    canonical,
                )
            }
        },
        Kind::Float => match get!(f64) {
            None => null,
            Some(f) => cell(Value::Double(Some(f)), f.to_string()),
        },
        Kind::Bytes => match get!(Vec<u8>) {
            None => null,
            Some(b) => {
                let canonical = hex::encode(&b);
                cell(Value::Bytes(Some(b)), canonical)
            }
        },
        Kind::Other(_) => match get!(String) {
            None => null,
            Some(s) => cell(Value::String(Some(s.clone())), s),
        },
    })
}

/// Reads column `i` of a PostgreSQL row as canonical text.
pub(super) fn pg_cell(
    table: &Table,
    row: &QueryResult,
    i: usize,
    column: &Column,
) -> Result<Option<String>, CopyError> {
    let get_err = |e: DbErr| bad(table, column, e);
    macro_rules! get {
        ($t:ty) => {
            row.try_get_by_index::<Option<$t>>(i).map_err(get_err)?
        };
    }
    Ok(match &column.kind {
        Kind::Uuid => get!(uuid::Uuid).map(|u| u.to_string()),
        Kind::Timestamptz => get!(DateTime<Utc>).map(|t| timestamp_text(&t)),
        Kind::Date => get!(NaiveDate).map(|d| d.to_string()),
        Kind::Numeric(_) => get!(Decimal).map(|d| decimal_text(&d)),
        Kind::SmallInt | Kind::Int | Kind::BigInt => get!(i64).map(|n| n.to_string()),
        Kind::Bool => get!(bool).map(|b| b.to_string()),
        Kind::Text | Kind::Other(_) => get!(String),
        Kind::Json => get!(serde_json::Value).map(|v| canonical_json(&v)),
        Kind::TextArray => get!(Vec<String>).map(|v| canonical_json(&serde_json::Value::from(v))),
        Kind::Float => get!(f64).map(|f| f.to_string()),
        Kind::Bytes => get!(Vec<u8>).map(hex::encode),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_are_sorted_at_every_level() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"b": 1, "a": {"d": [1, {"z": 0, "y": "x"}], "c": null}}"#)
                .unwrap();
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":null,"d":[1,{"y":"x","z":0}]},"b":1}"#
        );
    }
}
