use sea_orm::sea_query::{ArrayType, ColumnType, Expr, ValueType, ValueTypeErr};
use sea_orm::{
    ActiveValue, ColIdx, ColumnTrait, DbBackend, DbErr, QueryResult, TryGetError, TryGetable, Value,
};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A list of strings: PostgreSQL `text[]` (GIN-indexed), SQLite JSON text (a `json_valid`
/// CHECK keeps it an array).
///
/// # Encoding
/// The two columns want different values: sea-query cannot bind an array on SQLite (it
/// panics), and PostgreSQL refuses a string for a `text[]` column. A list is built without
/// naming a backend ([`TextList::new`], `From<Vec<String>>`, `collect()`), and so is one read
/// from the database or deserialised; such a list converts to JSON text, which no backend
/// makes sea-query panic on (PostgreSQL refuses it with an error instead). The backend is
/// chosen when the list is bound:
///
/// - an entity whose model holds a `TextList` re-encodes it in
///   `ActiveModelBehavior::before_save` (see [`text_list_behavior!`](crate::text_list_behavior)),
///   so `ActiveModel::insert`, `update` and `save` need nothing more;
/// - `Entity::insert_many`, `Entity::insert(..).exec`, `update_many` and raw SQL skip that
///   hook: bind with [`TextList::bind`] or build the models with [`TextList::for_backend`].
///
/// Not nullable by design: an empty list stands for "none", and a typed NULL cannot be bound
/// to both `text[]` and TEXT.
#[derive(Clone, Debug, Default)]
pub struct TextList {
    items: Vec<String>,
    encoding: Encoding,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Encoding {
    /// Not bound to a backend yet: JSON text, safe to hand to either.
    #[default]
    JsonText,
    PostgresArray,
}

impl TextList {
    /// A list not yet bound to a backend.
    pub fn new<I, S>(items: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        items.into_iter().map(Into::into).collect()
    }

    /// The same list, encoded for `backend`.
    #[must_use]
    pub fn for_backend(mut self, backend: DbBackend) -> Self {
        self.encoding = match backend {
            DbBackend::Postgres => Encoding::PostgresArray,
            _ => Encoding::JsonText,
        };
        self
    }

    /// The list as a value to bind on `backend`: an array on PostgreSQL, JSON text elsewhere.
    pub fn bind(self, backend: DbBackend) -> Value {
        self.for_backend(backend).into()
    }

    /// Re-encodes the list held by an active model's field for `backend`, keeping its state
    /// (`Set` stays `Set`, `Unchanged` stays `Unchanged`, so an update writes no more columns
    /// than before). What [`text_list_behavior!`](crate::text_list_behavior) calls per field.
    pub fn encode_field(field: &mut ActiveValue<Self>, backend: DbBackend) {
        *field = match std::mem::replace(field, ActiveValue::NotSet) {
            ActiveValue::Set(list) => ActiveValue::Set(list.for_backend(backend)),
            ActiveValue::Unchanged(list) => ActiveValue::Unchanged(list.for_backend(backend)),
            ActiveValue::NotSet => ActiveValue::NotSet,
        };
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
        serde_json::from_str::<Vec<String>>(text).map(Self::from)
    }
}

/// Two lists are equal when they hold the same items, however they are encoded.
impl PartialEq for TextList {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Eq for TextList {}

impl From<Vec<String>> for TextList {
    fn from(items: Vec<String>) -> Self {
        Self {
            items,
            encoding: Encoding::JsonText,
        }
    }
}

impl<S: Into<String>> FromIterator<S> for TextList {
    fn from_iter<I: IntoIterator<Item = S>>(items: I) -> Self {
        Self::from(items.into_iter().map(Into::into).collect::<Vec<_>>())
    }
}

/// A JSON array of strings; the encoding is a binding detail and is not serialised.
impl Serialize for TextList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(deserializer).map(Self::from)
    }
}

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

/// A list read from the database is not bound to a backend (see the type's documentation),
/// so a row read from one backend can be written to the other.
impl TryGetable for TextList {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        // SQLite hands back the JSON text; PostgreSQL refuses to read text[] as a string.
        match String::try_get_by(res, idx) {
            Ok(text) => Self::from_json(&text).map_err(|e| {
                TryGetError::DbErr(DbErr::Type(format!(
                    "text list is not a JSON array of strings: {e}"
                )))
            }),
            Err(TryGetError::Null(col)) => Err(TryGetError::Null(col)),
            Err(_) => Vec::<String>::try_get_by(res, idx).map(Self::from),
        }
    }
}

/// Used by `ActiveModelTrait::set`: the list keeps the encoding of the value it came from.
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
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Self::from(items).for_backend(DbBackend::Postgres))
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

/// Implements `ActiveModelBehavior` for the `ActiveModel` in scope so that `before_save`
/// encodes the named `TextList` fields for the connection's backend (see [`TextList`]). One
/// line per entity that holds lists:
///
/// ```
/// mod recipes {
///     use entity::types::TextList;
///     use sea_orm::entity::prelude::*;
///
///     #[sea_orm::model]
///     #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
///     #[sea_orm(table_name = "recipes")]
///     pub struct Model {
///         #[sea_orm(primary_key, auto_increment = false)]
///         pub id: Uuid,
///         pub tags: TextList,
///         pub steps: TextList,
///     }
///
///     entity::text_list_behavior!(tags, steps);
/// }
/// ```
///
/// An entity that needs its own `before_save` calls [`TextList::encode_field`] from it instead.
#[macro_export]
macro_rules! text_list_behavior {
    ($($field:ident),+ $(,)?) => {
        #[$crate::types::__private::async_trait]
        impl $crate::types::__private::sea_orm::ActiveModelBehavior for ActiveModel {
            async fn before_save<C>(
                mut self,
                db: &C,
                _insert: bool,
            ) -> ::core::result::Result<Self, $crate::types::__private::sea_orm::DbErr>
            where
                C: $crate::types::__private::sea_orm::ConnectionTrait,
            {
                let backend = db.get_database_backend();
                $($crate::types::TextList::encode_field(&mut self.$field, backend);)+
                Ok(self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array_items(value: &Value) -> Option<Vec<String>> {
        match value {
            Value::Array(ArrayType::String, Some(values)) => values
                .iter()
                .map(|v| match v {
                    Value::String(Some(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    #[test]
    fn an_unbound_list_is_json_text() {
        let items = ["a", "b \"q\"", "back\\slash", "", "ünï 😀"];
        let value: Value = TextList::new(items).into();
        assert_eq!(
            value,
            Value::String(Some(
                r#"["a","b \"q\"","back\\slash","","ünï 😀"]"#.to_owned()
            ))
        );
        let back = <TextList as ValueType>::try_from(value).unwrap();
        assert_eq!(back.items(), items);
        assert_eq!(
            Value::from(TextList::default()),
            Value::String(Some("[]".to_owned()))
        );
    }

    #[test]
    fn binds_per_backend() {
        let list: TextList = ["a", "b"].into_iter().collect();
        assert_eq!(
            array_items(&list.clone().bind(DbBackend::Postgres)),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            list.clone().bind(DbBackend::Sqlite),
            Value::String(Some(r#"["a","b"]"#.to_owned()))
        );
        // Re-encoding is not sticky in one direction: a PostgreSQL list can go to SQLite.
        let pg = list.clone().for_backend(DbBackend::Postgres);
        assert_eq!(
            pg.clone().bind(DbBackend::Sqlite),
            Value::String(Some(r#"["a","b"]"#.to_owned()))
        );
        assert_eq!(pg, list, "equality ignores the encoding");
    }

    #[test]
    fn a_value_keeps_its_encoding() {
        let array = TextList::from(vec!["x".to_owned()]).bind(DbBackend::Postgres);
        let list = <TextList as ValueType>::try_from(array.clone()).unwrap();
        assert_eq!(Value::from(list), array);
        assert!(<TextList as ValueType>::try_from(Value::String(Some("{}".into()))).is_err());
        assert!(<TextList as ValueType>::try_from(Value::String(Some("[1]".into()))).is_err());
        assert!(<TextList as ValueType>::try_from(Value::String(None)).is_err());
    }

    #[test]
    fn encode_field_keeps_the_state() {
        let list = TextList::new(["a"]);
        let mut set = ActiveValue::Set(list.clone());
        TextList::encode_field(&mut set, DbBackend::Postgres);
        assert!(matches!(&set, ActiveValue::Set(l) if array_items(&l.clone().into()).is_some()));
        let mut unchanged = ActiveValue::Unchanged(list);
        TextList::encode_field(&mut unchanged, DbBackend::Postgres);
        assert!(
            matches!(&unchanged, ActiveValue::Unchanged(l) if array_items(&l.clone().into()).is_some())
        );
        let mut not_set = ActiveValue::<TextList>::NotSet;
        TextList::encode_field(&mut not_set, DbBackend::Sqlite);
        assert!(matches!(not_set, ActiveValue::NotSet));
    }

    #[test]
    fn serde_is_a_plain_array() {
        let list = TextList::new(["a", "", "\"\\"]).for_backend(DbBackend::Postgres);
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#"["a","","\"\\"]"#);
        let back: TextList = serde_json::from_str(&json).unwrap();
        assert_eq!(back, list);
        // Deserialised lists are unbound, like lists read from the database.
        assert_eq!(Value::from(back), Value::String(Some(json)));
    }
}
