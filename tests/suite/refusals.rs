//! The registry of named rules (`catalog::constraints`) and the migrated schema agree exactly on
//! both backends, every rule is found the way its backend reports it, and every rule's refusal
//! becomes the error variant its kind calls for.
use std::collections::BTreeSet;

use catalog::constraints::{self, Kind};
use service::Error;

use crate::harness::TestDb;

/// A constraint (or refusing trigger) as the live catalog shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    table: String,
    kind: &'static str,
    /// The name, or on SQLite for a plain UNIQUE / PRIMARY KEY / FOREIGN KEY the columns as
    /// SQLite reports them (`a, b`), which the service resolves through the registry.
    name: String,
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::PrimaryKey => "primary key",
        Kind::Unique => "unique",
        Kind::ForeignKey => "foreign key",
        Kind::Check => "check",
        Kind::Trigger => "trigger",
    }
}

/// Triggers that keep columns current or write the audit, rather than refuse rows; and SQLite's
/// guard triggers, which raise the names of stand-in CHECKs (skipped like those CHECKs).
fn is_bookkeeping_trigger(name: &str) -> bool {
    name.starts_with("trg_")
        || name.starts_with("audit_")
        || name.starts_with(migration::portable::guards::TRIGGER_PREFIX)
}

async fn postgres_catalog(t: &TestDb) -> Vec<Found> {
    let schemas = "('public', 'auth', 'health', 'audit')";
    let mut found = Vec::new();
    let constraints = format!(
        "SELECT c.conname::text AS name, c.contype::text AS kind, t.relname::text AS tbl \
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname IN {schemas} AND t.relname <> 'seaql_migrations' \
         AND NOT t.relispartition"
    );
    for row in t.query(&constraints, vec![]).await {
        let kind = match row.try_get::<String>("", "kind").unwrap().as_str() {
            "p" => "primary key",
            "u" => "unique",
            "f" => "foreign key",
            "c" => "check",
            other => panic!("unexpected constraint type {other}"),
        };
        found.push(Found {
            table: row.try_get("", "tbl").unwrap(),
            kind,
            name: row.try_get("", "name").unwrap(),
        });
    }
    let unique_indexes = format!(
        "SELECT i.relname::text AS name, t.relname::text AS tbl FROM pg_index x \
         JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname IN {schemas} AND x.indisunique AND NOT t.relispartition \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
    );
    for row in t.query(&unique_indexes, vec![]).await {
        found.push(Found {
            table: row.try_get("", "tbl").unwrap(),
            kind: "unique",
            name: row.try_get("", "name").unwrap(),
        });
    }
    let triggers = format!(
        "SELECT g.tgname::text AS name, t.relname::text AS tbl FROM pg_trigger g \
         JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname IN {schemas} AND NOT g.tgisinternal AND NOT t.relispartition"
    );
    for row in t.query(&triggers, vec![]).await {
        let name: String = row.try_get("", "name").unwrap();
        if !is_bookkeeping_trigger(&name) {
            found.push(Found {
                table: row.try_get("", "tbl").unwrap(),
                kind: "trigger",
                name,
            });
        }
    }
    found
}

/// The named CHECKs in a SQLite table's `CREATE TABLE` text (its UNIQUE and FOREIGN KEY
/// constraints are found by the pragmas, as SQLite reports them).
fn sqlite_named_checks(table: &str, sql: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for piece in sql.split("CONSTRAINT \"").skip(1) {
        let (constraint, rest) = piece.split_once('"').unwrap();
        let kind = match rest.trim_start() {
            r if r.starts_with("CHECK") => "check",
            r if r.starts_with("UNIQUE") => continue, // listed by index_list
            r if r.starts_with("FOREIGN KEY") => continue, // by foreign_key_list
            other => panic!("{table}: unexpected constraint {constraint}: {other}"),
        };
        found.push(Found {
            table: table.to_owned(),
            kind,
            name: constraint.to_owned(),
        });
    }
    found
}

/// A SQLite table's primary key and unique indexes, each as SQLite names it in a refusal.
async fn sqlite_unique_indexes(t: &TestDb, table: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let indexes = t
        .query(&format!("PRAGMA index_list(\"{table}\")"), vec![])
        .await;
    for index in indexes {
        if index.try_get::<i64>("", "unique").unwrap() == 0 {
            continue;
        }
        let index_name: String = index.try_get("", "name").unwrap();
        let origin: String = index.try_get("", "origin").unwrap();
        let columns: Vec<String> = t
            .query(&format!("PRAGMA index_info(\"{index_name}\")"), vec![])
            .await
            .iter()
            .map(|c| c.try_get::<Option<String>>("", "name").unwrap())
            .collect::<Option<Vec<String>>>()
            .unwrap_or_default();
        // SQLite names an expression index in its refusal, and lists the columns of any
        // other unique index.
        let (kind, reported) = match (origin.as_str(), columns.is_empty()) {
            ("pk", _) => ("primary key", columns.join(", ")),
            (_, true) => ("unique", index_name),
            _ => ("unique", columns.join(", ")),
        };
        found.push(Found {
            table: table.to_owned(),
            kind,
            name: reported,
        });
    }
    found
}

/// A SQLite table's foreign keys, each as its columns.
async fn sqlite_foreign_keys(t: &TestDb, table: &str) -> Vec<Found> {
    let mut keys: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
    for fk in t
        .query(&format!("PRAGMA foreign_key_list(\"{table}\")"), vec![])
        .await
    {
        keys.entry(fk.try_get("", "id").unwrap())
            .or_default()
            .push(fk.try_get("", "from").unwrap());
    }
    keys.into_values()
        .map(|columns| Found {
            table: table.to_owned(),
            kind: "foreign key",
            name: columns.join(", "),
        })
        .collect()
}

/// SQLite's refusing triggers, each by the code it raises.
async fn sqlite_refusing_triggers(t: &TestDb) -> Vec<Found> {
    let mut found = Vec::new();
    for trigger in t
        .query(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'",
            vec![],
        )
        .await
    {
        let name: String = trigger.try_get("", "name").unwrap();
        if is_bookkeeping_trigger(&name) {
            continue;
        }
        // One trigger per event: `<code>_insert`, `<code>_update`.
        let code = name
            .rsplit_once('_')
            .map_or(name.as_str(), |(code, _)| code)
            .to_owned();
        found.push(Found {
            table: trigger.try_get("", "tbl_name").unwrap(),
            kind: "trigger",
            name: code,
        });
    }
    found
}

async fn sqlite_catalog(t: &TestDb) -> Vec<Found> {
    let mut found = Vec::new();
    let tables = t
        .query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT IN ('seaql_migrations', 'audit_context')",
            vec![],
        )
        .await;
    for table in tables {
        let name: String = table.try_get("", "name").unwrap();
        let sql: String = table.try_get("", "sql").unwrap();
        found.extend(sqlite_named_checks(&name, &sql));
        found.extend(sqlite_unique_indexes(t, &name).await);
        found.extend(sqlite_foreign_keys(t, &name).await);
    }
    found.extend(sqlite_refusing_triggers(t).await);
    found.sort();
    found.dedup();
    found
}

/// The rule a catalog entry stands for, the way the service would find it from a refusal.
fn resolve(t: &TestDb, entry: &Found) -> Option<&'static constraints::Rule> {
    if !t.is_pg() && matches!(entry.kind, "primary key" | "unique" | "foreign key") {
        let columns: Vec<&str> = entry.name.split(", ").collect();
        if entry.kind == "foreign key" {
            return constraints::of_table(&entry.table, Kind::ForeignKey)
                .find(|r| r.columns == columns.as_slice());
        }
        return constraints::by_columns(&entry.table, &columns)
            .or_else(|| constraints::by_name(&entry.name));
    }
    constraints::by_name(&entry.name)
}

async fn every_constraint_is_a_registered_rule_and_every_rule_exists(t: &TestDb) {
    let found = if t.is_pg() {
        postgres_catalog(t).await
    } else {
        sqlite_catalog(t).await
    };
    assert!(
        found.len() > constraints::all().count(),
        "the catalog query found too little"
    );
    let mut matched = BTreeSet::new();
    let mut unregistered = Vec::new();
    for entry in &found {
        if entry.kind == "check" && constraints::stand_in(&entry.name).is_some() {
            continue;
        }
        // A table the database derives from others (`recipe_facets`): only its trigger writes
        // it, so none of its constraints ever refuses a caller.
        if catalog::tables::is_derived_on_postgres(&entry.table) {
            continue;
        }
        match resolve(t, entry) {
            Some(rule) if rule.table.name == entry.table && kind_name(rule.kind) == entry.kind => {
                matched.insert(rule.name);
            }
            other => unregistered.push(format!("{entry:?} -> {:?}", other.map(|r| r.name))),
        }
    }
    assert!(
        unregistered.is_empty(),
        "{:?}: constraints the registry does not know (or knows as something else):\n{}",
        t.backend,
        unregistered.join("\n")
    );
    let missing: Vec<&str> = constraints::all()
        .map(|r| r.name)
        .filter(|name| !matched.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "{:?}: registered rules the schema does not have: {missing:?}",
        t.backend
    );
}

#[test]
fn each_kind_of_rule_refuses_with_its_variant() {
    for rule in constraints::all() {
        let error = Error::from(rule.refusal);
        let fits = match rule.kind {
            Kind::PrimaryKey | Kind::Unique => matches!(error, Error::Conflict { .. }),
            // A row's own user is the actor ("not found"); any other reference is an input's
            // field naming nothing.
            Kind::ForeignKey if rule.columns == ["user_id"] => {
                matches!(error, Error::NotFound { .. })
            }
            Kind::ForeignKey => {
                matches!(error, Error::Validation { ref field, .. } if field == rule.columns[0])
            }
            Kind::Check => {
                matches!(error, Error::Validation { ref field, .. } if !field.is_empty())
            }
            Kind::Trigger => matches!(error, Error::Forbidden(_)),
        };
        assert!(fits, "{}: {:?} becomes {error:?}", rule.name, rule.kind);
    }
}

dual!(every_constraint_is_a_registered_rule_and_every_rule_exists);
