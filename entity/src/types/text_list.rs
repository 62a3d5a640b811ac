use sea_orm::sea_query::{ArrayType, ColumnType, Expr, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, ColumnTrait, DbBackend, QueryResult, TryGetError, TryGetable, Value};

/// A list of strings: PostgreSQL `text[]` (GIN-indexed), SQLite JSON text (a `json_valid`
/// CHECK keeps it an array).
///
/// sea-query cannot bind an array on SQLite (it panics), and a JSON string cannot go into a
/// `text[]` column on PostgreSQL, so the value remembers which encoding its backend needs.
/// Build one with [`TextList::new`], naming the backend you will write it to; a list read from
/// the database already knows (to copy rows from one backend to the other, rebuild the list
/// with `new`). Not nullable by design: an empty list stands for "none", and a typed NULL
/// cannot be bound to both `text[]` and TEXT.
#[derive(Clone, Debug)]
pub struct TextList {
    items: Vec<String>,
    encoding: Encoding,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    PostgresArray,
    JsonText,
}

impl TextList {
    /// A list to be written to a database of the given backend.
    pub fn new<I, S>(backend: DbBackend, items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let encoding = match backend {
            DbBackend::Postgres => Encoding::PostgresArray,
            _ => Encoding::JsonText,
        };
        Self {
            items: items.into_iter().map(Into::into).collect(),
            encoding,
        }
    }

    pub fn items(&self) -> &[String] {
        &self.items
    }

    pub fn into_items(self) -> Vec<String> {
        self.items
    }

    /// `column` holds `item`, as a filter that works on both backends.
    ///
    /// PostgreSQL uses `@>`, which the GIN index serves (the one-element array is built with
    /// `array_append` because sea-query reads `[...]` as a quoted name); SQLite scans the JSON
    /// with `json_each`. The item is always bound as a parameter.
    pub fn contains<C: ColumnTrait>(backend: DbBackend, column: C, item: &str) -> Expr {
        let column = Expr::col(column.as_column_ref());
        let item = Expr::val(item);
        match backend {
            DbBackend::Postgres => {
                Expr::cust_with_exprs("$1 @> array_append('{}'::text[], $2::text)", [column, item])
            }
            _ => Expr::cust_with_exprs(
                "EXISTS (SELECT 1 FROM json_each(?) WHERE value = ?)",
                [column, item],
            ),
        }
    }

    fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        Ok(Self {
            items: serde_json::from_str(text)?,
            encoding: Encoding::JsonText,
        })
    }
}

/// Two lists are equal when they hold the same items, whatever backend they came from.
impl PartialEq for TextList {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for TextList {}

impl From<TextList> for Value {
    fn from(list: TextList) -> Self {
        match list.encoding {
            Encoding::PostgresArray => Value::Array(
                ArrayType::String,
                Some(Box::new(
                    list.items
                        .into_iter()
                        .map(|s| Value::String(Some(s)))
                        .collect(),
                )),
            ),
            Encoding::JsonText => {
                Value::String(Some(serde_json::Value::from(list.items).to_string()))
            }
        }
    }
}

impl TryGetable for TextList {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        // SQLite hands back the JSON text; PostgreSQL refuses to read text[] as a string.
        match String::try_get_by(res, idx) {
            Ok(text) => Self::from_json(&text).map_err(|e| {
                TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                    "text list is not a JSON array of strings: {e}"
                )))
            }),
            Err(TryGetError::Null(col)) => Err(TryGetError::Null(col)),
            Err(_) => Vec::<String>::try_get_by(res, idx).map(|items| Self {
                items,
                encoding: Encoding::PostgresArray,
            }),
        }
    }
}

impl ValueType for TextList {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::Array(ArrayType::String, Some(values)) => {
                let items = values
                    .into_iter()
                    .map(|v| match v {
                        Value::String(Some(s)) => Ok(s),
                        _ => Err(ValueTypeErr),
                    })
                    .collect::<Result<_, _>>()?;
                Ok(Self {
                    items,
                    encoding: Encoding::PostgresArray,
                })
            }
            Value::String(Some(text)) => Self::from_json(&text).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }
    fn type_name() -> String {
        "TextList".to_owned()
    }
    fn array_type() -> ArrayType {
        ArrayType::String
    }
    fn column_type() -> ColumnType {
        ColumnType::Array(sea_orm::sea_query::RcOrArc::new(ColumnType::Text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_for_the_backend_it_was_built_for() {
        let pg: Value = TextList::new(DbBackend::Postgres, ["a", "b"]).into();
        assert!(matches!(pg, Value::Array(ArrayType::String, Some(ref v)) if v.len() == 2));
        let lite: Value = TextList::new(DbBackend::Sqlite, ["a", "b \"q\""]).into();
        assert_eq!(lite, Value::String(Some(r#"["a","b \"q\""]"#.to_owned())));
        let back = <TextList as ValueType>::try_from(lite).unwrap();
        assert_eq!(back.items(), ["a", "b \"q\""]);
    }
}
