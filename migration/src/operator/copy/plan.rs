//! What the copy walks: the target's tables, parents first, with each column's type read from
//! its catalog, and the reference rows a freshly migrated database holds.
use super::*;

/// A column's PostgreSQL type, as far as the conversion cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Uuid,
    Timestamptz,
    Date,
    Numeric(Option<u32>),
    SmallInt,
    Int,
    BigInt,
    Bool,
    Text,
    Json,
    TextArray,
    Float,
    Bytes,
    /// Anything else, by its `format_type` (`point`, `interval`, ...): text both ways.
    Other(String),
}

impl Kind {
    pub(super) fn from_catalog(typname: &str, format: &str, scale: Option<i32>) -> Self {
        match typname {
            "uuid" => Self::Uuid,
            "timestamptz" => Self::Timestamptz,
            "date" => Self::Date,
            "numeric" => Self::Numeric(scale.and_then(|s| u32::try_from(s).ok())),
            "int2" => Self::SmallInt,
            "int4" => Self::Int,
            "int8" => Self::BigInt,
            "bool" => Self::Bool,
            "text" | "varchar" | "bpchar" | "name" | "citext" => Self::Text,
            "json" | "jsonb" => Self::Json,
            "_text" | "_varchar" => Self::TextArray,
            "float4" | "float8" => Self::Float,
            "bytea" => Self::Bytes,
            _ => Self::Other(format.to_owned()),
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Column {
    pub(super) name: String,
    pub(super) kind: Kind,
}

/// A table to copy: its PostgreSQL schema and name (the SQLite table has the name alone).
#[derive(Clone, Debug)]
pub(super) struct Table {
    pub(super) schema: String,
    pub(super) name: String,
    pub(super) columns: Vec<Column>,
    /// SQLite: a `WITHOUT ROWID` table, read in one page (the others page by rowid).
    pub(super) without_rowid: bool,
}

impl Table {
    pub(super) fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    pub(super) fn pg(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

pub(super) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The plan: the target's tables, parents before children, and SQLite-only tables.
pub(super) struct Plan {
    pub(super) tables: Vec<Table>,
    pub(super) sqlite_only: Vec<String>,
}

pub(super) const MIGRATIONS_TABLE: &str = "seaql_migrations";
/// SQLite tables that are SQLite's own (`sqlite_sequence`, `sqlite_stat1`).
pub(super) fn is_sqlite_internal(name: &str) -> bool {
    name.starts_with("sqlite_") || name == MIGRATIONS_TABLE
}

pub(super) async fn migration_versions(db: &DatabaseConnection) -> Result<Vec<String>, CopyError> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT version FROM {MIGRATIONS_TABLE} ORDER BY version"),
        ))
        .await
        .map_err(db_err("reading the applied migrations"))?;
    rows.iter()
        .map(|r| r.try_get::<String>("", "version"))
        .collect::<Result<_, _>>()
        .map_err(db_err("reading the applied migrations"))
}

pub(super) async fn plan(
    source: &DatabaseConnection,
    target: &DatabaseConnection,
) -> Result<Plan, CopyError> {
    let pg = DbBackend::Postgres;
    let tables = target
        .query_all_raw(Statement::from_string(
            pg,
            "SELECT c.oid::bigint AS oid, n.nspname::text AS schema, c.relname::text AS name \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition \
               AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' \
               AND c.relname <> 'seaql_migrations' \
             ORDER BY n.nspname, c.relname",
        ))
        .await
        .map_err(db_err("listing the target's tables"))?;
    let columns = target
        .query_all_raw(Statement::from_string(
            pg,
            "SELECT a.attrelid::bigint AS oid, a.attname::text AS name, t.typname::text AS typname, \
                    format_type(a.atttypid, a.atttypmod) AS format, \
                    CASE WHEN a.atttypid = 'numeric'::regtype AND a.atttypmod > 0 \
                         THEN ((a.atttypmod - 4) & 65535) END AS scale \
             FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
             WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' \
             ORDER BY a.attrelid, a.attnum",
        ))
        .await
        .map_err(db_err("listing the target's columns"))?;
    let edges = target
        .query_all_raw(Statement::from_string(
            pg,
            "SELECT DISTINCT conrelid::bigint AS child, confrelid::bigint AS parent \
             FROM pg_constraint WHERE contype = 'f' AND conparentid = 0",
        ))
        .await
        .map_err(db_err("listing the target's foreign keys"))?;

    let read = |r: &QueryResult, c: &str| r.try_get::<String>("", c);
    let mut by_oid: BTreeMap<i64, Table> = BTreeMap::new();
    for row in &tables {
        let oid: i64 = row.try_get("", "oid").map_err(db_err("reading tables"))?;
        let schema = read(row, "schema").map_err(db_err("reading tables"))?;
        let name = read(row, "name").map_err(db_err("reading tables"))?;
        // Filled from the copied rows at the end instead (`copy`).
        if catalog::tables::is_derived_on_postgres(&name) {
            continue;
        }
        by_oid.insert(
            oid,
            Table {
                schema,
                name,
                columns: Vec::new(),
                without_rowid: false,
            },
        );
    }
    for row in &columns {
        let oid: i64 = row.try_get("", "oid").map_err(db_err("reading columns"))?;
        if let Some(table) = by_oid.get_mut(&oid) {
            let scale: Option<i32> = row
                .try_get("", "scale")
                .map_err(db_err("reading columns"))?;
            table.columns.push(Column {
                name: read(row, "name").map_err(db_err("reading columns"))?,
                kind: Kind::from_catalog(
                    &read(row, "typname").map_err(db_err("reading columns"))?,
                    &read(row, "format").map_err(db_err("reading columns"))?,
                    scale,
                ),
            });
        }
    }
    let mut parents: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for row in &edges {
        let child: i64 = row
            .try_get("", "child")
            .map_err(db_err("reading foreign keys"))?;
        let parent: i64 = row
            .try_get("", "parent")
            .map_err(db_err("reading foreign keys"))?;
        if child != parent && by_oid.contains_key(&child) && by_oid.contains_key(&parent) {
            parents.entry(child).or_default().insert(parent);
        }
    }
    // Parents first; ties by name, so the order is stable.
    let mut ordered = Vec::new();
    let mut done: BTreeSet<i64> = BTreeSet::new();
    while done.len() < by_oid.len() {
        let ready: Vec<i64> = by_oid
            .keys()
            .copied()
            .filter(|oid| !done.contains(oid))
            .filter(|oid| {
                parents
                    .get(oid)
                    .is_none_or(|ps| ps.iter().all(|p| done.contains(p)))
            })
            .collect();
        if ready.is_empty() {
            // A cycle of foreign keys: replica mode does not check them, so any order does.
            let rest: Vec<i64> = by_oid
                .keys()
                .copied()
                .filter(|o| !done.contains(o))
                .collect();
            ordered.extend(rest.iter().copied());
            done.extend(rest);
            break;
        }
        let mut ready_tables: Vec<(String, i64)> = ready
            .iter()
            .map(|oid| (by_oid[oid].qualified(), *oid))
            .collect();
        ready_tables.sort();
        for (_, oid) in ready_tables {
            ordered.push(oid);
            done.insert(oid);
        }
    }
    let mut plan_tables: Vec<Table> = ordered
        .iter()
        .filter_map(|oid| by_oid.get(oid).cloned())
        .collect();

    // The SQLite side: every PostgreSQL table and column must be there.
    let sqlite_tables: BTreeSet<String> = source
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table'",
        ))
        .await
        .map_err(db_err("listing the source's tables"))?
        .iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()
        .map_err(db_err("listing the source's tables"))?;
    for table in &mut plan_tables {
        if !sqlite_tables.contains(&table.name) {
            return Err(CopyError::Refused(format!(
                "the source has no table {} (are both databases migrated by the same code?)",
                table.name
            )));
        }
        let present: BTreeSet<String> = source
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!(
                    "SELECT name FROM pragma_table_xinfo('{}') WHERE hidden = 0",
                    table.name.replace('\'', "''")
                ),
            ))
            .await
            .map_err(db_err("listing the source's columns"))?
            .iter()
            .map(|r| r.try_get::<String>("", "name"))
            .collect::<Result<_, _>>()
            .map_err(db_err("listing the source's columns"))?;
        table.without_rowid = source
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!(
                    "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = '{}'",
                    table.name.replace('\'', "''")
                ),
            ))
            .await
            .map_err(db_err("reading the source's table list"))?
            .map(|r| r.try_get::<i64>("", "wr"))
            .transpose()
            .map_err(db_err("reading the source's table list"))?
            == Some(1);
        if let Some(missing) = table.columns.iter().find(|c| !present.contains(&c.name)) {
            return Err(CopyError::Refused(format!(
                "the source's table {} has no column {}",
                table.name, missing.name
            )));
        }
    }
    let known: BTreeSet<&str> = plan_tables.iter().map(|t| t.name.as_str()).collect();
    let sqlite_only = sqlite_tables
        .iter()
        .filter(|n| !is_sqlite_internal(n) && !known.contains(n.as_str()))
        .cloned()
        .collect();
    Ok(Plan {
        tables: plan_tables,
        sqlite_only,
    })
}

/// The rows a freshly migrated database holds, per table: the reference data.
pub(super) async fn reference_counts(plan: &Plan) -> Result<HashMap<String, u64>, CopyError> {
    // One connection: each connection to `:memory:` is a database of its own.
    let mut memory = sea_orm::ConnectOptions::new("sqlite::memory:");
    memory
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .sqlx_logging(false);
    let fresh = Database::connect(memory)
        .await
        .map_err(db_err("opening an in-memory database"))?;
    Migrator::up(&fresh, None).await.map_err(db_err(
        "migrating an in-memory database to learn the reference rows",
    ))?;
    // A table no migration of this build makes (added by hand on both sides) has none.
    let made: BTreeSet<String> = fresh
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table'",
        ))
        .await
        .map_err(db_err("listing the reference tables"))?
        .iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()
        .map_err(db_err("listing the reference tables"))?;
    let mut counts = HashMap::new();
    for table in plan.tables.iter().filter(|t| made.contains(&t.name)) {
        let n = count(
            &fresh,
            format!("SELECT COUNT(*) FROM {}", quote_ident(&table.name)),
        )
        .await?;
        counts.insert(table.name.clone(), n);
    }
    let _ = fresh.close().await;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_read_from_the_catalog() {
        assert_eq!(
            Kind::from_catalog("numeric", "numeric(5,2)", Some(2)),
            Kind::Numeric(Some(2))
        );
        assert_eq!(Kind::from_catalog("_text", "text[]", None), Kind::TextArray);
        assert_eq!(
            Kind::from_catalog("point", "point", None),
            Kind::Other("point".to_owned())
        );
    }
}
