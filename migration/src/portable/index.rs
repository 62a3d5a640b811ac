//! Indexes with named options: `Index::new("idx_x", "lower(email)").unique().filter("...")`.
//!
//! Written as SQL because a key may be an expression (`lower(email)`), which sea-query's SQLite
//! builder refuses; the statement is the same on both backends but for the options SQLite
//! lacks, each replaced here by its closest equivalent.
use sea_orm_migration::sea_orm::DbBackend;

use super::Tbl;

/// How PostgreSQL stores the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    BTree,
    /// Lists and JSON (`@>`). SQLite has no equivalent: no index there; its queries scan with
    /// `json_each`.
    Gin,
    /// Geometric nearness. SQLite has no equivalent: no index there (use an R*Tree table).
    Gist,
    /// Block ranges, for append-only time columns. SQLite gets a B-tree.
    Brin,
}

/// One index, described by name rather than by position.
#[derive(Clone, Debug)]
pub struct Index {
    name: String,
    keys: String,
    unique: bool,
    filter: Option<String>,
    include: Vec<String>,
    method: Method,
}

impl Index {
    /// An index named `name` over `keys` (columns or expressions, comma-separated).
    pub fn new(name: &str, keys: &str) -> Self {
        Self {
            name: name.to_owned(),
            keys: keys.to_owned(),
            unique: false,
            filter: None,
            include: Vec::new(),
            method: Method::BTree,
        }
    }

    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// A partial index: only rows where `condition` holds (the same SQL on both backends).
    pub fn filter(mut self, condition: &str) -> Self {
        self.filter = Some(condition.to_owned());
        self
    }

    /// Columns carried in the index for index-only scans. PostgreSQL: `INCLUDE`; SQLite:
    /// trailing keys, which serve the same reads.
    pub fn include(mut self, columns: &[&str]) -> Self {
        self.include = columns.iter().map(|c| (*c).to_owned()).collect();
        self
    }

    pub fn using(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The `CREATE INDEX` for `table` on `backend`, or `None` where the backend has no such
    /// index (GIN and GiST on SQLite).
    pub fn sql(&self, backend: DbBackend, table: Tbl) -> Option<String> {
        self.render(backend, table, "")
    }

    /// [`Index::sql`] for an index built while the table takes writes
    /// ([`super::online::Online::create_index`]): `CREATE INDEX CONCURRENTLY IF NOT EXISTS` on
    /// PostgreSQL, `CREATE INDEX IF NOT EXISTS` on SQLite. `IF NOT EXISTS` so that a migration
    /// that failed after this index was built can be rerun.
    pub(crate) fn online_sql(&self, backend: DbBackend, table: Tbl) -> Option<String> {
        let how = if backend == DbBackend::Postgres {
            "CONCURRENTLY IF NOT EXISTS "
        } else {
            "IF NOT EXISTS "
        };
        self.render(backend, table, how)
    }

    fn render(&self, backend: DbBackend, table: Tbl, how: &str) -> Option<String> {
        let is_pg = backend == DbBackend::Postgres;
        let unique = if self.unique { "UNIQUE " } else { "" };
        let method = match (self.method, is_pg) {
            (Method::BTree, _) | (Method::Brin, false) => "",
            (Method::Gin | Method::Gist, false) => return None,
            (Method::Gin, true) => " USING GIN",
            (Method::Gist, true) => " USING GIST",
            (Method::Brin, true) => " USING BRIN",
        };
        let mut keys = self.keys.clone();
        if !self.include.is_empty() {
            let include = self.include.join(", ");
            if is_pg {
                keys = format!("{keys}) INCLUDE ({include}");
            } else {
                keys = format!("{keys}, {include}");
            }
        }
        let filter = self
            .filter
            .as_ref()
            .map(|f| format!(" WHERE {f}"))
            .unwrap_or_default();
        Some(format!(
            "CREATE {unique}INDEX {how}{} ON {}{method} ({keys}){filter}",
            self.name,
            table.sql(backend)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Tbl = Tbl::new("public", "t");

    #[test]
    fn options_become_each_backends_sql() {
        let lookup = Index::new("idx_l", "a, b").include(&["c"]);
        assert_eq!(
            lookup.sql(DbBackend::Postgres, T).as_deref(),
            Some("CREATE INDEX idx_l ON \"public\".\"t\" (a, b) INCLUDE (c)")
        );
        assert_eq!(
            lookup.sql(DbBackend::Sqlite, T).as_deref(),
            Some("CREATE INDEX idx_l ON \"t\" (a, b, c)")
        );
        let live = Index::new("uq", "lower(e)").unique().filter("d IS NULL");
        assert_eq!(
            live.sql(DbBackend::Sqlite, T).as_deref(),
            Some("CREATE UNIQUE INDEX uq ON \"t\" (lower(e)) WHERE d IS NULL")
        );
        let gin = Index::new("idx_g", "tags").using(Method::Gin);
        assert_eq!(gin.sql(DbBackend::Sqlite, T), None);
        assert_eq!(
            gin.sql(DbBackend::Postgres, T).as_deref(),
            Some("CREATE INDEX idx_g ON \"public\".\"t\" USING GIN (tags)")
        );
        assert_eq!(
            live.online_sql(DbBackend::Postgres, T).as_deref(),
            Some(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS uq ON \"public\".\"t\" \
                 (lower(e)) WHERE d IS NULL"
            )
        );
        assert_eq!(
            live.online_sql(DbBackend::Sqlite, T).as_deref(),
            Some("CREATE UNIQUE INDEX IF NOT EXISTS uq ON \"t\" (lower(e)) WHERE d IS NULL")
        );
        let brin = Index::new("idx_b", "at").using(Method::Brin);
        assert_eq!(
            brin.sql(DbBackend::Sqlite, T).as_deref(),
            Some("CREATE INDEX idx_b ON \"t\" (at)")
        );
    }
}
