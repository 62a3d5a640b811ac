//! The entities and the migrated tables describe the same thing, on both backends.
//!
//! For every entity of the `entity` crate (listed in [`all_entities`]: one line per entity),
//! the live table has exactly the entity's columns, with its nullability and a type that fits
//! its SeaORM `ColumnType` (a strict mapping per backend, below). For every string enum (listed
//! in [`all_enums`]), the CHECK on each column that stores it lists exactly its values; and no
//! value-list CHECK is left without an enum that matches it. Each test collects every mismatch
//! before failing, naming table, column and difference.
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::{ColumnType, StringLen};
use sea_orm::{ActiveEnum, ColumnTrait, EntityTrait, IdenStatic, Iterable};

use crate::harness::TestDb;

/// Where the PostgreSQL tables live; an entity names no schema (see `entity`'s docs).
const PG_SCHEMAS: &str = "('public', 'auth', 'health', 'audit')";

/// Tables that have no entity on purpose.
const WITHOUT_ENTITY: [&str; 1] = [
    // SQLite only: the acting user of the current write transaction, read by audit triggers.
    "audit_context",
];

/// An entity as SeaORM sees it.
struct EntityShape {
    module: &'static str,
    schema: Option<String>,
    table: String,
    /// Name, type, nullable.
    columns: Vec<(String, ColumnType, bool)>,
}

fn shape<E: EntityTrait>(module: &'static str) -> EntityShape {
    let entity = E::default();
    EntityShape {
        module,
        schema: entity.schema_name().map(str::to_owned),
        table: entity.table_name().to_owned(),
        columns: E::Column::iter()
            .map(|column| {
                let def = column.def();
                (
                    column.as_str().to_owned(),
                    def.get_column_type().clone(),
                    def.is_null(),
                )
            })
            .collect(),
    }
}

/// `entities![users, ...]`: the shapes of `entity::users::Entity`, ...
macro_rules! entities {
    ($($module:ident),* $(,)?) => {
        vec![$(shape::<entity::$module::Entity>(stringify!($module))),*]
    };
}

/// Every entity of the `entity` crate. A table without a line here fails
/// `every_table_has_an_entity`.
fn all_entities() -> Vec<EntityShape> {
    entities![
        users,
        verification_tokens,
        user_sessions,
        password_history,
        refresh_tokens,
        allergens,
        dietary_restrictions_ref,
        health_profiles,
        user_allergies,
        user_dietary_restrictions,
        data_changes,
        user_payment_methods,
        user_profiles,
        user_preferences,
        medical_conditions_ref,
        user_medical_conditions,
        fitness_goals,
        nutrition_goals,
        nutrient_targets,
        meal_logs,
        daily_nutrition,
        nutrition_insights,
        health_metrics,
        restaurants,
        meals,
        recommendations,
        feedback,
        meal_ingredients,
        ingredients,
        ingredient_allergens,
        recipes,
        recipe_ingredients,
        recipe_steps,
        recipe_nutrition,
        recipe_ratings,
        recipe_tags,
        meal_plans,
        planned_meals,
        meal_prep_sessions,
        meal_prep_session_meals,
        shopping_lists,
        shopping_items,
        inventory_items,
        ingredient_prices,
        access_logs,
        api_requests,
        user_activities,
        performance_metrics,
        ai_model_results,
    ]
}

/// A string enum, its values, and the `(table, column)`s that store it.
struct EnumUse {
    name: &'static str,
    values: BTreeSet<String>,
    column_type: ColumnType,
    columns: &'static [(&'static str, &'static str)],
}

fn enum_use<E: ActiveEnum<Value = String>>(
    name: &'static str,
    columns: &'static [(&'static str, &'static str)],
) -> EnumUse {
    EnumUse {
        name,
        values: E::iter().map(|v| v.to_value()).collect(),
        column_type: E::db_type().get_column_type().clone(),
        columns,
    }
}

/// `enums![Gender => [("health_profiles", "gender")], ...]`.
macro_rules! enums {
    ($($ty:ident => [$(($table:literal, $column:literal)),+ $(,)?]),* $(,)?) => {
        vec![$(enum_use::<entity::types::$ty>(stringify!($ty), &[$(($table, $column)),+])),*]
    };
}

/// Every string enum of `entity::types` and where it is stored.
fn all_enums() -> Vec<EnumUse> {
    enums![
        Gender => [("health_profiles", "gender")],
        ActivityLevel => [("health_profiles", "activity_level")],
        Severity => [("user_allergies", "severity")],
        AllergenCategory => [("allergens", "category")],
        TokenType => [("verification_tokens", "token_type")],
        AuditOperation => [("data_changes", "operation")],
        Role => [("users", "role")],
        CardBrand => [("user_payment_methods", "brand")],
        Units => [("user_preferences", "units")],
        ConditionStatus => [("user_medical_conditions", "status")],
        FitnessGoalType => [("fitness_goals", "goal_type")],
        GoalStatus => [("fitness_goals", "status")],
        Unit => [
            ("recipe_ingredients", "unit"),
            ("shopping_items", "unit"),
            ("inventory_items", "unit"),
            ("ingredient_prices", "unit"),
            ("meal_ingredients", "unit"),
        ],
        Difficulty => [("recipes", "difficulty_level")],
        IngredientCategory => [("ingredients", "category")],
        TagCategory => [("recipe_tags", "category")],
        NutritionGoalType => [("nutrition_goals", "goal_type")],
        Nutrient => [("nutrient_targets", "nutrient")],
        NutrientUnit => [("nutrient_targets", "unit")],
        MealSlot => [("meal_logs", "meal_slot"), ("planned_meals", "meal_slot")],
        InsightKind => [("nutrition_insights", "kind")],
        HealthMetric => [("health_metrics", "metric")],
        MetricUnit => [("health_metrics", "unit")],
        PrepStatus => [("meal_prep_sessions", "status")],
        StorageLocation => [("inventory_items", "location")],
        RecommendationStatus => [("recommendations", "status")],
        HttpMethod => [("access_logs", "method"), ("api_requests", "method")],
    ]
}

/// A column as the live catalog has it.
struct DbColumn {
    name: String,
    /// PostgreSQL: `format_type`-style (`character varying(20)`, `text[]`); SQLite: the
    /// declared type, upper-cased.
    db_type: String,
    nullable: bool,
}

/// The table's columns in the live database, or why they cannot be had.
async fn db_columns(
    t: &TestDb,
    schema: Option<&str>,
    table: &str,
) -> Result<Vec<DbColumn>, String> {
    if !t.is_pg() {
        let rows = t
            .query(
                // table_xinfo, not table_info: the latter hides generated columns.
                "SELECT name, type, \"notnull\" FROM pragma_table_xinfo($1) WHERE hidden <> 1",
                vec![table.into()],
            )
            .await;
        if rows.is_empty() {
            return Err(format!("table {table} does not exist"));
        }
        return rows
            .iter()
            .map(|row| {
                Ok(DbColumn {
                    name: row.try_get("", "name").map_err(|e| e.to_string())?,
                    db_type: row
                        .try_get::<String>("", "type")
                        .map_err(|e| e.to_string())?
                        .to_ascii_uppercase(),
                    nullable: row
                        .try_get::<i64>("", "notnull")
                        .map_err(|e| e.to_string())?
                        == 0,
                })
            })
            .collect();
    }

    let rows = t
        .query(
            &format!(
                "SELECT table_schema::text AS schema, column_name::text AS name, \
                        is_nullable::text AS nullable, data_type::text AS data_type, \
                        character_maximum_length::int4 AS length, \
                        numeric_precision::int4 AS precision, numeric_scale::int4 AS scale, \
                        udt_name::text AS udt \
                 FROM information_schema.columns \
                 WHERE table_name = $1 AND table_schema IN {PG_SCHEMAS}"
            ),
            vec![table.into()],
        )
        .await;
    let mut by_schema: BTreeMap<String, Vec<DbColumn>> = BTreeMap::new();
    for row in &rows {
        let get = |c: &str| row.try_get::<String>("", c).map_err(|e| e.to_string());
        let get_int = |c: &str| row.try_get::<Option<i32>>("", c).map_err(|e| e.to_string());
        by_schema.entry(get("schema")?).or_default().push(DbColumn {
            name: get("name")?,
            db_type: pg_type(
                &get("data_type")?,
                get_int("length")?,
                get_int("precision")?,
                get_int("scale")?,
                &get("udt")?,
            ),
            nullable: get("nullable")? == "YES",
        });
    }
    if let Some(wanted) = schema {
        return by_schema
            .remove(wanted)
            .ok_or_else(|| format!("table {wanted}.{table} does not exist"));
    }
    match by_schema.len() {
        0 => Err(format!(
            "table {table} exists in none of the schemas {PG_SCHEMAS}"
        )),
        1 => Ok(by_schema.into_values().next().unwrap_or_default()),
        _ => Err(format!(
            "table {table} exists in several schemas ({}): an unqualified entity is ambiguous",
            by_schema.keys().cloned().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// An `information_schema.columns` type in `format_type` spelling.
fn pg_type(
    data_type: &str,
    length: Option<i32>,
    precision: Option<i32>,
    scale: Option<i32>,
    udt: &str,
) -> String {
    match (data_type, length, precision, scale) {
        ("character varying" | "character", Some(n), _, _) => format!("{data_type}({n})"),
        ("numeric", _, Some(p), Some(s)) => format!("numeric({p},{s})"),
        // `_text` is the array type of `text`.
        ("ARRAY", ..) => format!("{}[]", udt.trim_start_matches('_')),
        ("USER-DEFINED", ..) => udt.to_owned(),
        _ => data_type.to_owned(),
    }
}

/// Whether `db` (PostgreSQL spelling) is what the migrations must create for `ty`. `None`: no
/// mapping yet; add one when an entity first uses the type.
fn pg_fits(ty: &ColumnType, db: &str) -> Option<bool> {
    Some(match ty {
        ColumnType::Uuid => db == "uuid",
        ColumnType::String(StringLen::N(n)) => db == format!("character varying({n})"),
        // An entity `String` without a stated length: any unbounded-or-bounded text column.
        ColumnType::String(_) => db == "text" || db.starts_with("character varying"),
        ColumnType::Text => db == "text",
        ColumnType::Integer => db == "integer",
        ColumnType::BigInteger => db == "bigint",
        ColumnType::Boolean => db == "boolean",
        ColumnType::Decimal(Some((p, s))) => db == format!("numeric({p},{s})"),
        ColumnType::Decimal(None) => db == "numeric",
        ColumnType::Date => db == "date",
        ColumnType::TimestampWithTimeZone => db == "timestamp with time zone",
        ColumnType::Json => db == "json" || db == "jsonb",
        ColumnType::JsonBinary => db == "jsonb",
        ColumnType::Array(inner) => match db.strip_suffix("[]") {
            Some(element) => pg_fits(inner, element)?,
            None => false,
        },
        _ => return None,
    })
}

/// The same for SQLite's declared types (upper-cased), as `migration::portable` writes them: a
/// UUID is a BLOB, a decimal REAL, dates, timestamps, JSON and lists TEXT.
fn sqlite_fits(ty: &ColumnType, db: &str) -> Option<bool> {
    Some(match ty {
        ColumnType::Uuid => db == "BLOB",
        ColumnType::String(StringLen::N(n)) => db == format!("VARCHAR({n})"),
        ColumnType::String(_) => db == "TEXT" || db.starts_with("VARCHAR"),
        ColumnType::Text => db == "TEXT",
        ColumnType::Integer | ColumnType::BigInteger => db == "INTEGER",
        ColumnType::Boolean => db == "BOOLEAN" || db == "INTEGER",
        ColumnType::Decimal(_) => db == "REAL",
        ColumnType::Date | ColumnType::TimestampWithTimeZone => db == "TEXT",
        ColumnType::Json | ColumnType::JsonBinary => db == "TEXT",
        ColumnType::Array(inner) if matches!(**inner, ColumnType::Text) => db == "TEXT",
        _ => return None,
    })
}

fn describe_set(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        "none".to_owned()
    } else {
        set.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

fn fail_on(problems: Vec<String>, t: &TestDb, what: &str) {
    assert!(
        problems.is_empty(),
        "{:?}: {what}:\n  {}",
        t.backend,
        problems.join("\n  ")
    );
}

async fn entities_match_their_tables(t: &TestDb) {
    let mut problems = Vec::new();
    for entity in all_entities() {
        let table = &entity.table;
        let columns = match db_columns(t, entity.schema.as_deref(), table).await {
            Ok(columns) => columns,
            Err(why) => {
                problems.push(format!("entity {}: {why}", entity.module));
                continue;
            }
        };
        let in_db: BTreeMap<&str, &DbColumn> =
            columns.iter().map(|c| (c.name.as_str(), c)).collect();
        let in_entity: BTreeSet<&str> = entity.columns.iter().map(|c| c.0.as_str()).collect();
        for missing in in_entity.iter().filter(|c| !in_db.contains_key(*c)) {
            problems.push(format!(
                "{table}.{missing}: in entity {} but not in the table",
                entity.module
            ));
        }
        for extra in in_db.keys().filter(|c| !in_entity.contains(*c)) {
            problems.push(format!(
                "{table}.{extra}: in the table but not in entity {}",
                entity.module
            ));
        }
        for (name, ty, nullable) in &entity.columns {
            let Some(db) = in_db.get(name.as_str()) else {
                continue;
            };
            if db.nullable != *nullable {
                let says = |n: bool| if n { "nullable" } else { "NOT NULL" };
                problems.push(format!(
                    "{table}.{name}: entity says {}, table says {}",
                    says(*nullable),
                    says(db.nullable)
                ));
            }
            let fits = if t.is_pg() {
                pg_fits(ty, &db.db_type)
            } else {
                sqlite_fits(ty, &db.db_type)
            };
            match fits {
                Some(true) => {}
                Some(false) => problems.push(format!(
                    "{table}.{name}: entity type {ty:?} does not fit column type {}",
                    db.db_type
                )),
                None => problems.push(format!(
                    "{table}.{name}: no {:?} mapping for entity type {ty:?} (column type {}); \
                     add one to tests/suite/drift.rs",
                    t.backend, db.db_type
                )),
            }
        }
    }
    fail_on(problems, t, "entities and tables disagree");
}

async fn every_table_has_an_entity(t: &TestDb) {
    let sql = if t.is_pg() {
        format!(
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema IN {PG_SCHEMAS} AND table_type = 'BASE TABLE' \
             AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = \
               (quote_ident(table_schema) || '.' || quote_ident(table_name))::regclass)"
        )
    } else {
        // Plain tables only: an R*Tree (a virtual table and its shadow tables) is an index.
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'".to_owned()
    };
    let covered: BTreeSet<String> = all_entities().into_iter().map(|e| e.table).collect();
    let mut problems = Vec::new();
    for row in t.query(&sql, vec![]).await {
        let table: String = row.try_get("", "name").unwrap();
        let ignored = table == "seaql_migrations"
            || table.starts_with("sqlite_")
            || WITHOUT_ENTITY.contains(&table.as_str())
            // Kept by the database from other tables; read only inside the search statement.
            || catalog::tables::is_derived_on_postgres(&table);
        if !ignored && !covered.contains(&table) {
            problems.push(format!(
                "table {table} has no entity in all_entities() (tests/suite/drift.rs)"
            ));
        }
    }
    fail_on(problems, t, "tables without an entity");
}

/// A CHECK whose whole condition is `column IN ('a', ...)` (or `column = 'a'`).
struct ValueList {
    column: String,
    check: String,
    values: Vec<String>,
}

/// The value-list CHECKs of `table`, as the live catalog has them.
async fn value_list_checks(t: &TestDb, table: &str) -> Vec<ValueList> {
    if t.is_pg() {
        // Single-column CHECKs only: a value list constrains one column.
        let rows = t
            .query(
                &format!(
                    "SELECT con.conname::text AS name, a.attname::text AS column, \
                            pg_get_constraintdef(con.oid) AS def \
                     FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid \
                     JOIN pg_namespace n ON n.oid = c.relnamespace \
                     JOIN pg_attribute a ON a.attrelid = c.oid AND ARRAY[a.attnum] = con.conkey \
                     WHERE con.contype = 'c' AND c.relname = $1 AND n.nspname IN {PG_SCHEMAS}"
                ),
                vec![table.into()],
            )
            .await;
        return rows
            .iter()
            .filter_map(|row| {
                let column: String = row.try_get("", "column").unwrap();
                let def: String = row.try_get("", "def").unwrap();
                let (named, values) = pg_value_list(&def)?;
                (named == column).then(|| ValueList {
                    column,
                    check: row.try_get("", "name").unwrap(),
                    values,
                })
            })
            .collect();
    }
    let rows = t
        .query(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1",
            vec![table.into()],
        )
        .await;
    let Some(row) = rows.first() else {
        return vec![];
    };
    let sql: String = row.try_get("", "sql").unwrap();
    // One table element per line, as the schema dump lays it out.
    migration::operator::dump::layout_sqlite_sql(&migration::operator::dump::collapse_whitespace(
        &sql,
    ))
    .iter()
    .filter_map(|line| sqlite_value_list(line.trim().trim_end_matches(',')))
    .collect()
}

/// `CONSTRAINT "name" CHECK (column IN ('a', 'b'))` or `... CHECK (column = 'a')`, the column
/// quoted or not.
fn sqlite_value_list(element: &str) -> Option<ValueList> {
    let rest = element.strip_prefix("CONSTRAINT ")?;
    let (name, rest) = rest.split_once(' ')?;
    let condition = rest.strip_prefix("CHECK (")?.strip_suffix(')')?;
    let (left, list) = match condition.split_once(" IN (") {
        Some((left, list)) => (left, list.strip_suffix(')')?),
        None => condition.split_once(" = ")?,
    };
    let column = left.trim().trim_matches('"');
    if column.is_empty() || !column.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    Some(ValueList {
        column: column.to_owned(),
        check: name.trim_matches('"').to_owned(),
        values: literals(list)?,
    })
}

/// The column and values of a CHECK that PostgreSQL deparsed from `column IN ('a', ...)`:
/// `CHECK (((column)::text = ANY ((ARRAY['a'::character varying, ...])::text[])))`, or
/// `CHECK (((column)::text = 'a'::text))` for a single value.
fn pg_value_list(def: &str) -> Option<(String, Vec<String>)> {
    let condition = def.strip_prefix("CHECK ")?;
    let (left, list, tail) = match condition.split_once(" = ANY ") {
        Some((left, right)) => {
            let items = right.split_once("ARRAY[")?.1;
            // The `]` that closes the array: the first one outside a literal.
            let mut quoted = false;
            let end = items.char_indices().find_map(|(i, c)| {
                quoted ^= c == '\'';
                (c == ']' && !quoted).then_some(i)
            })?;
            (left, &items[..end], &items[end + 1..])
        }
        None => {
            let (left, right) = condition.split_once(" = ")?;
            let list = right.trim_end_matches(')');
            (left, list, &right[list.len()..])
        }
    };
    // `((column)::text`: opening parentheses, the column, then only closing ones and a cast.
    let left = left.trim_start_matches('(');
    let end = left
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(left.len());
    let (column, rest) = left.split_at(end);
    // After the column and after the list, nothing that could change the condition's meaning.
    if column.is_empty() || !closers_and_casts(rest) || !closers_and_casts(tail) {
        return None;
    }
    Some((column.to_owned(), literals(list)?))
}

/// Text made only of closing parentheses and casts (`)::text[])`).
fn closers_and_casts(text: &str) -> bool {
    text.chars()
        .all(|c| ")[]: _".contains(c) || c.is_ascii_alphabetic())
}

/// `'a', 'b''s'::text, ...`: a comma-separated list of SQL string literals, each optionally
/// cast; `None` if anything else is in it.
fn literals(list: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut chars = list.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                c => value.push(c),
            }
        }
        values.push(value);
        // An optional cast up to the next comma.
        let mut cast = String::new();
        loop {
            match chars.next() {
                None => return is_cast(&cast).then_some(values),
                Some(',') => break,
                Some(c) => cast.push(c),
            }
        }
        if !is_cast(&cast) {
            return None;
        }
    }
}

/// Nothing, or `::type` with a plain type name (`::character varying`, `::text[]`).
fn is_cast(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || text.strip_prefix("::").is_some_and(|ty| {
            !ty.is_empty()
                && ty
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || " _[]".contains(c))
        })
}

async fn enums_match_their_checks(t: &TestDb) {
    let entities = all_entities();
    let mut problems = Vec::new();
    for e in all_enums() {
        for (table, column) in e.columns {
            // The entity must store this enum there: same column type as the enum declares.
            match entities
                .iter()
                .find(|x| x.table == *table)
                .and_then(|x| x.columns.iter().find(|c| c.0 == *column))
            {
                None => problems.push(format!(
                    "{table}.{column}: enum {} is mapped to a column no entity has",
                    e.name
                )),
                Some((_, ty, _)) if *ty != e.column_type => problems.push(format!(
                    "{table}.{column}: entity type {ty:?} is not enum {}'s {:?}",
                    e.name, e.column_type
                )),
                Some(_) => {}
            }

            let checks: Vec<ValueList> = value_list_checks(t, table)
                .await
                .into_iter()
                .filter(|c| c.column == *column)
                .collect();
            let [ValueList { check, values, .. }] = checks.as_slice() else {
                problems.push(format!(
                    "{table}.{column}: expected one CHECK listing enum {}'s values, found {}: {:?}",
                    e.name,
                    checks.len(),
                    checks.iter().map(|c| &c.check).collect::<Vec<_>>()
                ));
                continue;
            };
            let in_check: BTreeSet<String> = values.iter().cloned().collect();
            if values.len() != in_check.len() {
                problems.push(format!(
                    "{table}.{column}: CHECK {check} lists a value twice: {values:?}"
                ));
            }
            let extra: BTreeSet<String> = in_check.difference(&e.values).cloned().collect();
            let missing: BTreeSet<String> = e.values.difference(&in_check).cloned().collect();
            if !extra.is_empty() || !missing.is_empty() {
                problems.push(format!(
                    "{table}.{column}: CHECK {check} and enum {} differ: only in the CHECK: {}; \
                     only in the enum: {}",
                    e.name,
                    describe_set(&extra),
                    describe_set(&missing)
                ));
            }
        }
    }
    fail_on(problems, t, "string enums and their CHECKs disagree");
}

/// The other direction: a CHECK that lists values on an entity's column is a closed set, which
/// the entity should model as an enum registered in `all_enums`.
async fn every_value_list_check_has_an_enum(t: &TestDb) {
    let mapped: BTreeSet<(&str, &str)> = all_enums()
        .iter()
        .flat_map(|e| e.columns.iter().copied())
        .collect();
    let mut problems = Vec::new();
    for entity in all_entities() {
        for list in value_list_checks(t, &entity.table).await {
            if !mapped.contains(&(entity.table.as_str(), list.column.as_str())) {
                problems.push(format!(
                    "{}.{}: CHECK {} lists {:?} but no enum in all_enums() \
                     (tests/suite/drift.rs) is stored there",
                    entity.table, list.column, list.check, list.values
                ));
            }
        }
    }
    fail_on(problems, t, "value lists without an enum");
}

dual!(
    entities_match_their_tables,
    every_table_has_an_entity,
    enums_match_their_checks,
    every_value_list_check_has_an_enum,
);

#[test]
fn value_list_parsers() {
    let sqlite =
        |element: &str| sqlite_value_list(element).map(|l| (l.check, l.column, l.values.join("|")));
    let found = |check: &str, column: &str, values: &str| {
        Some((check.to_owned(), column.to_owned(), values.to_owned()))
    };
    assert_eq!(
        sqlite("CONSTRAINT \"chk_g\" CHECK (gender IN ('male', 'it''s'))"),
        found("chk_g", "gender", "male|it's")
    );
    assert_eq!(
        sqlite("CONSTRAINT \"c\" CHECK (\"g\" IN ('a'))"),
        found("c", "g", "a")
    );
    assert_eq!(
        sqlite("CONSTRAINT \"c\" CHECK (g = 'x')"),
        found("c", "g", "x")
    );
    // A non-literal item, an expression, or more than the list: not a value list.
    assert_eq!(sqlite("CONSTRAINT \"c\" CHECK (g IN (0, 1))"), None);
    assert_eq!(sqlite("CONSTRAINT \"c\" CHECK (lower(g) IN ('a'))"), None);
    assert_eq!(
        sqlite("CONSTRAINT \"c\" CHECK (g IS NULL OR (typeof(g) = 'text'))"),
        None
    );
    assert_eq!(sqlite("\"g\" varchar(20) NOT NULL"), None);

    let pg = |def: &str| pg_value_list(def).map(|(c, v)| (c, v.join("|")));
    let pg_found = |column: &str, values: &str| Some((column.to_owned(), values.to_owned()));
    assert_eq!(
        pg(
            "CHECK (((gender)::text = ANY ((ARRAY['male'::character varying, \
            'female'::character varying])::text[])))"
        ),
        pg_found("gender", "male|female")
    );
    assert_eq!(
        pg("CHECK ((category = ANY (ARRAY['a'::text, 'b'::text])))"),
        pg_found("category", "a|b")
    );
    assert_eq!(
        pg("CHECK ((c = ANY (ARRAY['a]'::text, 'b'::text])))"),
        pg_found("c", "a]|b")
    );
    // PostgreSQL's rendering of a one-value list; an equality inside a larger condition.
    assert_eq!(
        pg("CHECK (((ip)::text = '::1'::text))"),
        pg_found("ip", "::1")
    );
    assert_eq!(pg("CHECK ((((a)::text = 'x'::text) AND (b > 1)))"), None);
    assert_eq!(pg("CHECK ((expires_at > created_at))"), None);
    assert_eq!(pg("CHECK ((lower((a)::text) = 'x'::text))"), None);

    assert_eq!(
        literals("'a' , 'b'::text"),
        Some(vec!["a".into(), "b".into()])
    );
    assert_eq!(literals("'a', b"), None);
    assert_eq!(literals("'a' || 'b'"), None);
    assert_eq!(literals("'a'::text) AND (b > 1"), None);
}
