//! `AlterTable` on tables holding rows: a parent with an index, an `updated_at` trigger and a
//! view (over `created_at` only: PostgreSQL refuses to change the type of a column a view
//! uses), and an audited child whose foreign key to it cascades on delete. Each alteration
//! runs inside a transaction, as a migration's does, and afterwards the rows, the child's
//! foreign key, the indexes, the trigger and the view must all still be there and working,
//! with no child row deleted and no audit row written by the alteration.
//!
//! By topic: columns added, changed and dropped (`columns`), CHECKs, UNIQUEs and foreign keys
//! added and dropped (`constraints`), alterations that fail or are refused (`failures`), and
//! the stand-in CHECKs that follow their column (`stand_ins`). The helpers here make the two
//! tables, fill them, and check that they still work.
use migration::portable::{
    AlterTable, Audit, Index, NewTable, Tbl, row_triggers, updated_at_trigger,
};
use migration::{ForeignKeyAction, SchemaManager};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait, Value};
use uuid::Uuid;

use crate::harness::{TestDb, assert_accepted};

mod columns;
mod constraints;
mod failures;
mod stand_ins;

const PARENT: Tbl = Tbl::new("public", "alter_parent");
const CHILD: Tbl = Tbl::new("public", "alter_child");
const VIEW: &str = "alter_parent_created";
/// An `updated_at` no trigger wrote: the same literal is a valid timestamp on both backends.
const LONG_AGO: &str = "'2001-02-03T04:05:06+00:00'";

type Rows = Vec<Vec<Option<String>>>;

async fn create_tables(t: &TestDb) {
    let manager = SchemaManager::new(t.db.primary());
    NewTable::new(t.backend, PARENT)
        .id()
        .varchar("name", 20)
        .varchar("code", 8)
        .integer_null("score")
        .text_null("note")
        .timestamps()
        .check("chk_alter_parent_score", "score >= 0")
        .index(Index::new("idx_alter_parent_name", "name"))
        .then(updated_at_trigger(t.backend, PARENT))
        .then(format!(
            "CREATE VIEW {VIEW} AS SELECT created_at FROM {}",
            PARENT.sql(t.backend)
        ))
        .create(&manager)
        .await
        .unwrap();
    let audit = Audit {
        key: "id",
        columns: &["id", "parent_id", "label"],
    };
    NewTable::new(t.backend, CHILD)
        .id()
        .uuid("parent_id")
        .varchar("label", 20)
        .foreign_key(
            "fk_alter_child_parent",
            &["parent_id"],
            PARENT,
            &["id"],
            ForeignKeyAction::Cascade,
        )
        .index(Index::new("idx_alter_child_parent", "parent_id"))
        .then_all(row_triggers(t.backend, CHILD, false, Some(audit)))
        .create(&manager)
        .await
        .unwrap();
}

/// Three parents (one note with a comma and parentheses, as a CREATE TABLE splitter might
/// trip on) with two children each. Returns the parents' ids.
async fn insert_rows(t: &TestDb) -> Vec<Uuid> {
    let mut parents = Vec::new();
    for (name, code, score, note) in [
        ("ada", "a1", Some(3), Some("first")),
        ("bob", "b2", None, None),
        ("cy", "c3", Some(0), Some("third, with (parens)")),
    ] {
        let id = Uuid::new_v4();
        t.exec(
            &format!(
                "INSERT INTO alter_parent (id, name, code, score, note, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, {LONG_AGO})"
            ),
            vec![
                id.into(),
                name.into(),
                code.into(),
                score.into(),
                note.map(str::to_owned).into(),
            ],
        )
        .await
        .unwrap();
        for label in ["left", "right"] {
            t.exec(
                "INSERT INTO alter_child (id, parent_id, label) VALUES ($1, $2, $3)",
                vec![Uuid::new_v4().into(), id.into(), label.into()],
            )
            .await
            .unwrap();
        }
        parents.push(id);
    }
    parents
}

/// The rows of `table` as text, ordered by their first column (blobs as hex on SQLite).
async fn rows<C: ConnectionTrait>(
    db: &C,
    backend: DbBackend,
    table: &str,
    columns: &[&str],
) -> Rows {
    let exprs: Vec<String> = columns
        .iter()
        .map(|c| match backend {
            DbBackend::Postgres => format!("CAST({c} AS TEXT)"),
            _ => format!("CASE typeof({c}) WHEN 'blob' THEN hex({c}) ELSE CAST({c} AS TEXT) END"),
        })
        .collect();
    let sql = format!("SELECT {} FROM {table} ORDER BY 1", exprs.join(", "));
    let found = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    found
        .iter()
        .map(|r| {
            (0..columns.len())
                .map(|i| r.try_get_by_index::<Option<String>>(i).unwrap())
                .collect()
        })
        .collect()
}

async fn child_rows(t: &TestDb) -> Rows {
    rows(
        &t.db,
        t.backend,
        "alter_child",
        &["id", "parent_id", "label"],
    )
    .await
}

/// The schema as the catalog describes it: every object's SQL on SQLite; the two tables'
/// columns, constraints, indexes and triggers and the view on PostgreSQL.
async fn fingerprint<C: ConnectionTrait>(db: &C, backend: DbBackend) -> Vec<String> {
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT 'column ' || c.relname || ' ' || a.attnum || ' ' || a.attname || ' ' \
                 || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END \
                 || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') \
                 || coalesce(' COLLATE ' || co.collname, '') \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             LEFT JOIN pg_collation co ON co.oid = a.attcollation \
             WHERE c.relname IN ('alter_parent', 'alter_child') AND a.attnum > 0 AND NOT a.attisdropped \
             UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) \
             FROM pg_constraint WHERE conrelid IN ('alter_parent'::regclass, 'alter_child'::regclass) \
             UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE tablename IN ('alter_parent', 'alter_child') \
             UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger \
             WHERE tgrelid IN ('alter_parent'::regclass, 'alter_child'::regclass) AND NOT tgisinternal \
             UNION ALL SELECT 'view ' || pg_get_viewdef('{VIEW}'::regclass) \
             ORDER BY 1"
        ),
        _ => "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY 1"
            .to_owned(),
    };
    let found = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    found
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

async fn sqlite_sql(t: &TestDb, name: &str) -> String {
    let found = t
        .query(
            "SELECT sql FROM sqlite_master WHERE name = $1",
            vec![name.into()],
        )
        .await;
    found[0].try_get_by_index(0).unwrap()
}

async fn index_exists(t: &TestDb, name: &str) -> bool {
    let sql = if t.is_pg() {
        "SELECT COUNT(*) FROM pg_indexes WHERE indexname = $1"
    } else {
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = $1"
    };
    t.count(sql, vec![name.into()]).await == 1
}

async fn audit_rows(t: &TestDb) -> i64 {
    t.count("SELECT COUNT(*) FROM data_changes", vec![]).await
}

/// Applies `alter` inside a transaction, as a migration runs, and checks that it deleted or
/// changed no child row, wrote no audit row and, on SQLite, left the child's definition and
/// every foreign key as they were.
async fn apply_in_transaction(t: &TestDb, alter: AlterTable) {
    let audit = audit_rows(t).await;
    let children = child_rows(t).await;
    let child_sql = if t.is_pg() {
        None
    } else {
        Some(sqlite_sql(t, "alter_child").await)
    };
    let txn = t.db.begin().await.unwrap();
    if let Err(e) = alter.apply(&SchemaManager::new(&txn)).await {
        panic!("{:?}: the alteration failed: {e}", t.backend);
    }
    txn.commit().await.unwrap();
    assert_eq!(
        audit_rows(t).await,
        audit,
        "the alteration wrote audit rows"
    );
    assert_eq!(
        child_rows(t).await,
        children,
        "child rows were deleted or changed"
    );
    if let Some(child_sql) = child_sql {
        assert_eq!(sqlite_sql(t, "alter_child").await, child_sql);
        let violations = t.query("PRAGMA foreign_key_check", vec![]).await;
        assert!(violations.is_empty(), "foreign_key_check found rows");
        let leftovers = t
            .count(
                "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%alter_old%'",
                vec![],
            )
            .await;
        assert_eq!(leftovers, 0);
    }
}

/// The parent's trigger, index and view, and the child's foreign key, all still work.
async fn parent_still_works(t: &TestDb) {
    for index in ["idx_alter_parent_name", "idx_alter_child_parent"] {
        assert!(index_exists(t, index).await, "{index} is gone");
    }
    let parents = t.count("SELECT COUNT(*) FROM alter_parent", vec![]).await;
    let in_view = t
        .count(&format!("SELECT COUNT(*) FROM {VIEW}"), vec![])
        .await;
    assert_eq!(in_view, parents, "the view sees every parent");

    let probe = Uuid::new_v4();
    assert_accepted(
        t,
        "a parent with the columns a NOT NULL column needs",
        &format!(
            "INSERT INTO alter_parent (id, name, code, updated_at) VALUES ($1, 'probe', 'PROBE', {LONG_AGO})"
        ),
        vec![probe.into()],
    )
    .await;
    let before = updated_at(t, probe).await;
    assert_accepted(
        t,
        "an update",
        "UPDATE alter_parent SET name = 'probe2' WHERE id = $1",
        vec![probe.into()],
    )
    .await;
    assert_ne!(
        updated_at(t, probe).await,
        before,
        "the updated_at trigger fired"
    );

    let child = Uuid::new_v4();
    assert_accepted(
        t,
        "a child of the probe",
        "INSERT INTO alter_child (id, parent_id, label) VALUES ($1, $2, 'probe')",
        vec![child.into(), probe.into()],
    )
    .await;
    refused_with(
        t,
        "INSERT INTO alter_child (id, parent_id, label) VALUES ($1, $2, 'orphan')",
        vec![Uuid::new_v4().into(), Uuid::new_v4().into()],
        "fk_alter_child_parent",
        "FOREIGN KEY constraint failed",
    )
    .await;
    assert_accepted(
        t,
        "deleting the probe",
        "DELETE FROM alter_parent WHERE id = $1",
        vec![probe.into()],
    )
    .await;
    let left = t
        .count(
            "SELECT COUNT(*) FROM alter_child WHERE id = $1",
            vec![child.into()],
        )
        .await;
    assert_eq!(left, 0, "deleting a parent cascades to its children");
}

async fn updated_at(t: &TestDb, id: Uuid) -> String {
    let found = t
        .query(
            "SELECT CAST(updated_at AS TEXT) FROM alter_parent WHERE id = $1",
            vec![id.into()],
        )
        .await;
    found[0].try_get_by_index(0).unwrap()
}

/// Asserts that the database refuses `sql` for the expected reason: the error message
/// contains `postgres` or `sqlite`, as the backend words it.
async fn refused_with(t: &TestDb, sql: &str, values: Vec<Value>, postgres: &str, sqlite: &str) {
    let expected = if t.is_pg() { postgres } else { sqlite };
    match t.exec(sql, values).await {
        Ok(_) => panic!("{:?}: expected a refusal ({expected}): {sql}", t.backend),
        Err(e) => assert!(
            e.to_string().contains(expected),
            "{:?}: refused for another reason than {expected}: {sql}: {e}",
            t.backend
        ),
    }
}

/// The parent's columns as `create_tables` makes them.
const PARENT_COLUMNS: [&str; 7] = [
    "id",
    "name",
    "code",
    "score",
    "note",
    "created_at",
    "updated_at",
];

/// The two tables, filled by `insert_rows`, and the parents' rows as the alterations so far
/// should have left them: each test applies its alteration to the expected rows too, and
/// compares.
struct Parents {
    ada: Uuid,
    bob: Uuid,
    columns: Vec<&'static str>,
    expected: Rows,
}

impl Parents {
    async fn insert(t: &TestDb) -> Self {
        create_tables(t).await;
        let ids = insert_rows(t).await;
        let columns = PARENT_COLUMNS.to_vec();
        let expected = parent_rows(t, &columns).await;
        Self {
            ada: ids[0],
            bob: ids[1],
            columns,
            expected,
        }
    }

    /// A column added with one value in every row.
    fn added(&mut self, column: &'static str, value: Option<&str>) {
        self.columns.push(column);
        for row in &mut self.expected {
            row.push(value.map(str::to_owned));
        }
    }

    fn dropped(&mut self, column: &str) {
        let at = self.at(column);
        self.columns.remove(at);
        for row in &mut self.expected {
            row.remove(at);
        }
    }

    /// Where `column` is in a row.
    fn at(&self, column: &str) -> usize {
        self.columns
            .iter()
            .position(|c| *c == column)
            .unwrap_or_else(|| panic!("no column {column}"))
    }

    /// The parents' rows now, in the expected columns.
    async fn now(&self, t: &TestDb) -> Rows {
        parent_rows(t, &self.columns).await
    }

    async fn assert_kept(&self, t: &TestDb) {
        assert_eq!(self.now(t).await, self.expected, "the parents' rows");
    }
}

async fn parent_rows(t: &TestDb, columns: &[&str]) -> Rows {
    rows(&t.db, t.backend, "alter_parent", columns).await
}
