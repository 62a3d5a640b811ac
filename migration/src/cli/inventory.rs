//! What the application's part of a database holds, so `fresh` and `reset` can say what they
//! dropped: listed before the run, and (for `reset`) compared with what is left after it.
//!
//! PostgreSQL: tables and views in `public`, `auth`, `health` and `audit`, and those schemas.
//! SQLite: tables, views and triggers from `sqlite_master`. `seaql_migrations` (the migrator's
//! own bookkeeping) and SQLite's internal `sqlite_*` tables are left out.
use migration::tables::APP_SCHEMAS;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Each kind ("table", "view", "trigger", "schema") with its names, oldest first.
    kinds: Vec<(&'static str, Vec<String>)>,
}

impl Inventory {
    /// Lists what `db` holds now.
    ///
    /// # Errors
    /// The database's, when the catalog cannot be read.
    pub async fn take<C: ConnectionTrait>(db: &C) -> Result<Self, DbErr> {
        let backend = db.get_database_backend();
        let mut inventory = Self::default();
        let sql = match backend {
            DbBackend::Postgres => postgres_sql(),
            _ => SQLITE_SQL.to_owned(),
        };
        for row in db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            let kind: String = row.try_get("", "kind")?;
            let name: String = row.try_get("", "name")?;
            inventory.add(&kind, name);
        }
        Ok(inventory)
    }

    fn add(&mut self, kind: &str, name: String) {
        let kind = match kind {
            "table" => "table",
            "view" => "view",
            "trigger" => "trigger",
            _ => "schema",
        };
        match self.kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, names)) => names.push(name),
            None => self.kinds.push((kind, vec![name])),
        }
    }

    /// What is in `self` and no longer in `after`.
    pub fn gone_from(&self, after: &Self) -> Self {
        let kinds = self
            .kinds
            .iter()
            .map(|(kind, names)| {
                let left = after.names(kind);
                let gone = names.iter().filter(|n| !left.contains(n)).cloned();
                (*kind, gone.collect::<Vec<_>>())
            })
            .filter(|(_, names)| !names.is_empty())
            .collect();
        Self { kinds }
    }

    fn names(&self, kind: &str) -> &[String] {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(&[], |(_, names)| names.as_slice())
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.iter().all(|(_, names)| names.is_empty())
    }

    /// `10 tables (users, ...), 1 view (health_profile_bmr), 3 schemas (auth, health, audit)`,
    /// or `nothing`.
    pub fn describe(&self) -> String {
        if self.is_empty() {
            return "nothing".to_owned();
        }
        let mut parts = Vec::new();
        for kind in ["table", "view", "trigger", "schema"] {
            let names = self.names(kind);
            if !names.is_empty() {
                parts.push(format!(
                    "{} ({})",
                    super::count(names.len(), kind),
                    names.join(", ")
                ));
            }
        }
        parts.join(", ")
    }
}

/// Oldest first (rowid), which is the order the migrations created them in.
const SQLITE_SQL: &str = "SELECT type AS kind, name FROM sqlite_master \
     WHERE type IN ('table', 'view', 'trigger') \
     AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'seaql_migrations' \
     ORDER BY rowid";

/// Oldest first (by oid). Objects outside `public` are named with their schema.
fn postgres_sql() -> String {
    let schemas = APP_SCHEMAS
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT kind, name FROM ( \
           SELECT c.oid, CASE WHEN c.relkind IN ('r', 'p') THEN 'table' ELSE 'view' END AS kind, \
                  CASE WHEN n.nspname = 'public' THEN c.relname::text \
                       ELSE n.nspname || '.' || c.relname END AS name \
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
           WHERE n.nspname IN ('public', {schemas}) AND c.relkind IN ('r', 'p', 'v', 'm') \
             AND NOT (n.nspname = 'public' AND c.relname = 'seaql_migrations') \
           UNION ALL \
           SELECT oid, 'schema', nspname::text FROM pg_namespace WHERE nspname IN ({schemas}) \
         ) AS objects ORDER BY oid"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(items: &[(&str, &str)]) -> Inventory {
        let mut inventory = Inventory::default();
        for (kind, name) in items {
            inventory.add(kind, (*name).to_owned());
        }
        inventory
    }

    #[test]
    fn describes_each_kind_with_its_names() {
        let before = inventory(&[
            ("schema", "auth"),
            ("table", "users"),
            ("table", "auth.user_sessions"),
            ("view", "health_profile_bmr"),
        ]);
        assert_eq!(
            before.describe(),
            "2 tables (users, auth.user_sessions), 1 view (health_profile_bmr), \
             1 schema (auth)"
        );
        assert_eq!(Inventory::default().describe(), "nothing");
    }

    #[test]
    fn gone_from_keeps_only_what_disappeared() {
        let before = inventory(&[("table", "users"), ("table", "notes"), ("trigger", "t1")]);
        let after = inventory(&[("table", "notes")]);
        assert_eq!(
            before.gone_from(&after).describe(),
            "1 table (users), 1 trigger (t1)"
        );
        assert!(before.gone_from(&before).is_empty());
    }
}
