//! `AlterTable` on tables holding rows: a parent with an index, an `updated_at` trigger and a
//! view (over `created_at` only: PostgreSQL refuses to change the type of a column a view
//! uses), and an audited child whose foreign key to it cascades on delete. Each alteration
//! runs inside a transaction, as a migration's does, and afterwards the rows, the child's
//! foreign key, the indexes, the trigger and the view must all still be there and working,
//! with no child row deleted and no audit row written by the alteration.
use migration::portable::{
    AlterTable, Audit, Index, NewTable, Tbl, row_triggers, updated_at_trigger,
};
use migration::tables::USERS;
use migration::{ForeignKeyAction, SchemaManager};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, TransactionTrait, Value};
use uuid::Uuid;

use crate::harness::{TestDb, assert_accepted, insert_user};

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

/// Appends a column of one value to every row.
fn with_column(mut rows: Rows, value: Option<&str>) -> Rows {
    for row in &mut rows {
        row.push(value.map(str::to_owned));
    }
    rows
}

fn without_column(mut rows: Rows, at: usize) -> Rows {
    for row in &mut rows {
        row.remove(at);
    }
    rows
}

async fn parent_rows(t: &TestDb, columns: &[&str]) -> Rows {
    rows(&t.db, t.backend, "alter_parent", columns).await
}

async fn columns_constraints_and_keys_change_with_rows_kept(t: &TestDb) {
    create_tables(t).await;
    let ids = insert_rows(t).await;
    let (ada, bob) = (ids[0], ids[1]);
    let mut columns = vec![
        "id",
        "name",
        "code",
        "score",
        "note",
        "created_at",
        "updated_at",
    ];
    let mut expected = parent_rows(t, &columns).await;
    parent_still_works(t).await;
    // The probe's own insert, update and delete are not in the snapshot.
    let mut expected_now = parent_rows(t, &columns).await;
    assert_eq!(expected_now, expected);

    // A nullable decimal and a NOT NULL varchar with a default.
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT).add_columns(|c| {
            c.decimal_null("weight", 5, 2)
                .varchar_default("status", 10, "active")
        }),
    )
    .await;
    columns.extend(["weight", "status"]);
    expected = with_column(with_column(expected, None), Some("active"));
    assert_eq!(parent_rows(t, &columns).await, expected);
    let update = "UPDATE alter_parent SET weight = $1 WHERE id = $2";
    refused_with(
        t,
        update,
        vec![1000.into(), ada.into()],
        "numeric field overflow",
        "chk_weight_decimal",
    )
    .await;
    refused_with(
        t,
        "UPDATE alter_parent SET status = 'much too long' WHERE id = $1",
        vec![ada.into()],
        "character varying(10)",
        "chk_status_varchar",
    )
    .await;
    parent_still_works(t).await;

    // A CHECK.
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .add_check("chk_alter_parent_weight", "weight BETWEEN 1 AND 500"),
    )
    .await;
    assert_eq!(parent_rows(t, &columns).await, expected);
    let weight = "chk_alter_parent_weight";
    refused_with(t, update, vec![600.into(), ada.into()], weight, weight).await;
    parent_still_works(t).await;

    // Widen a varchar; make a column nullable, converting its values.
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .change_columns(|c| c.varchar("name", 40).varchar_null("code", 8))
            .using("code", "upper(code)"),
    )
    .await;
    for row in &mut expected {
        row[2] = row[2].as_ref().map(|code| code.to_uppercase());
    }
    assert_eq!(parent_rows(t, &columns).await, expected);
    refused_with(
        t,
        "UPDATE alter_parent SET name = $1 WHERE id = $2",
        vec!["n".repeat(41).into(), ada.into()],
        "character varying(40)",
        "chk_name_varchar",
    )
    .await;
    refused_with(
        t,
        "UPDATE alter_parent SET code = 'ABCDEFGHI' WHERE id = $1",
        vec![ada.into()],
        "character varying(8)",
        "chk_code_varchar",
    )
    .await;
    refused_with(
        t,
        "UPDATE alter_parent SET name = NULL WHERE id = $1",
        vec![ada.into()],
        "null value in column \"name\"",
        "NOT NULL constraint failed: alter_parent.name",
    )
    .await;
    parent_still_works(t).await;
    let txn = t.db.begin().await.unwrap();
    for (sql, values) in [
        (
            "UPDATE alter_parent SET name = $1 WHERE id = $2",
            vec![Value::from("n".repeat(40)), bob.into()],
        ),
        (
            "UPDATE alter_parent SET code = NULL WHERE id = $1",
            vec![bob.into()],
        ),
    ] {
        txn.execute_raw(Statement::from_sql_and_values(t.backend, sql, values))
            .await
            .unwrap_or_else(|e| panic!("{:?}: the changed column accepts: {sql}: {e}", t.backend));
    }
    txn.rollback().await.unwrap();

    // Drop a column; drop another after the CHECK that uses it.
    let refused = AlterTable::new(t.backend, PARENT)
        .drop_column("score")
        .apply(&SchemaManager::new(t.db.primary()))
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("chk_alter_parent_score"),
        "{:?}: {refused}",
        t.backend
    );
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .drop_column("note")
            .drop_constraint("chk_alter_parent_score")
            .drop_column("score"),
    )
    .await;
    columns.retain(|c| !["note", "score"].contains(c));
    expected = without_column(without_column(expected, 4), 3);
    assert_eq!(parent_rows(t, &columns).await, expected);
    refused_with(
        t,
        "UPDATE alter_parent SET note = 'x' WHERE id = $1",
        vec![ada.into()],
        "column \"note\" of relation \"alter_parent\" does not exist",
        "no such column: note",
    )
    .await;
    parent_still_works(t).await;

    // Drop a constraint, straight on the connection: apply opens its own transaction.
    AlterTable::new(t.backend, PARENT)
        .drop_constraint("chk_alter_parent_weight")
        .apply(&SchemaManager::new(t.db.primary()))
        .await
        .unwrap();
    assert_eq!(parent_rows(t, &columns).await, expected);
    let txn = t.db.begin().await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        t.backend,
        update,
        vec![600.into(), ada.into()],
    ))
    .await
    .unwrap_or_else(|e| panic!("{:?}: the CHECK is gone: {e}", t.backend));
    txn.rollback().await.unwrap();
    parent_still_works(t).await;

    // A UNIQUE.
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT).add_unique("uq_alter_parent_code", &["code"]),
    )
    .await;
    assert_eq!(parent_rows(t, &columns).await, expected);
    refused_with(
        t,
        "UPDATE alter_parent SET code = 'A1' WHERE id = $1",
        vec![bob.into()],
        "uq_alter_parent_code",
        "UNIQUE constraint failed: alter_parent.code",
    )
    .await;
    parent_still_works(t).await;

    // A column with a foreign key of its own, then that foreign key dropped by name.
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .add_columns(|c| c.uuid_null("owner_id"))
            .add_foreign_key(
                "fk_alter_parent_owner",
                &["owner_id"],
                USERS,
                &["id"],
                ForeignKeyAction::SetNull,
            ),
    )
    .await;
    columns.push("owner_id");
    expected = with_column(expected, None);
    assert_eq!(parent_rows(t, &columns).await, expected);
    let owner = "UPDATE alter_parent SET owner_id = $1 WHERE id = $2";
    refused_with(
        t,
        owner,
        vec![Uuid::new_v4().into(), ada.into()],
        "fk_alter_parent_owner",
        "FOREIGN KEY constraint failed",
    )
    .await;
    let user = insert_user(t, "alter_owner", true).await;
    assert_accepted(t, "a user", owner, vec![user.into(), ada.into()]).await;
    assert_accepted(
        t,
        "deleting the user sets the parent's owner to NULL",
        "DELETE FROM users WHERE id = $1",
        vec![user.into()],
    )
    .await;
    expected = parent_rows(t, &columns).await;
    parent_still_works(t).await;
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .drop_constraint("fk_alter_parent_owner")
            .drop_column("owner_id"),
    )
    .await;
    columns.pop();
    expected = without_column(expected, columns.len());
    assert_eq!(parent_rows(t, &columns).await, expected);
    parent_still_works(t).await;

    // Finally the child: its foreign key, which NewTable created (nameless on SQLite), is
    // dropped, and its audit triggers still fire afterwards.
    let audit = audit_rows(t).await;
    let txn = t.db.begin().await.unwrap();
    AlterTable::new(t.backend, CHILD)
        .drop_foreign_key("fk_alter_child_parent", &["parent_id"])
        .apply(&SchemaManager::new(&txn))
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(audit_rows(t).await, audit);
    assert!(index_exists(t, "idx_alter_child_parent").await);
    assert_accepted(
        t,
        "no foreign key any more",
        "INSERT INTO alter_child (id, parent_id, label) VALUES ($1, $2, 'orphan')",
        vec![Uuid::new_v4().into(), Uuid::new_v4().into()],
    )
    .await;
    assert_eq!(
        audit_rows(t).await,
        audit + 1,
        "the child's audit trigger fired"
    );
    expected_now = parent_rows(t, &columns).await;
    assert_eq!(expected_now, expected);
}

async fn a_failed_alteration_leaves_the_table_as_it_was(t: &TestDb) {
    create_tables(t).await;
    insert_rows(t).await;
    let columns = [
        "id",
        "name",
        "code",
        "score",
        "note",
        "created_at",
        "updated_at",
    ];
    let schema = fingerprint(&t.db, t.backend).await;
    let parents = parent_rows(t, &columns).await;
    let children = child_rows(t).await;

    // A CHECK the rows break, in a migration's transaction that then rolls back.
    let txn = t.db.begin().await.unwrap();
    let failed = AlterTable::new(t.backend, PARENT)
        .add_columns(|c| c.integer_null("extra"))
        .add_check("chk_alter_parent_long_name", "length(name) > 100")
        .apply(&SchemaManager::new(&txn))
        .await;
    match failed {
        Err(e) => assert!(e.to_string().contains("chk_alter_parent_long_name"), "{e}"),
        Ok(()) => panic!("{:?}: the rows break the CHECK", t.backend),
    }
    assert_eq!(fingerprint(&txn, t.backend).await, schema, "undone at once");
    txn.rollback().await.unwrap();
    assert_eq!(fingerprint(&t.db, t.backend).await, schema);
    assert_eq!(parent_rows(t, &columns).await, parents);
    assert_eq!(child_rows(t).await, children);

    // New keys that would orphan the children: on SQLite this fails late, after the children's
    // definitions were edited back and the old table dropped. The transaction goes on and
    // commits its own work.
    let random = if t.is_pg() {
        "gen_random_uuid()"
    } else {
        "randomblob(16)"
    };
    let txn = t.db.begin().await.unwrap();
    let extra = Uuid::new_v4();
    txn.execute_raw(Statement::from_sql_and_values(
        t.backend,
        format!(
            "INSERT INTO alter_parent (id, name, code, updated_at) VALUES ($1, 'dee', 'd4', {LONG_AGO})"
        ),
        vec![extra.into()],
    ))
    .await
    .unwrap();
    let failed = AlterTable::new(t.backend, PARENT)
        .change_columns(|c| c.uuid("id"))
        .using("id", random)
        .apply(&SchemaManager::new(&txn))
        .await
        .unwrap_err();
    // PostgreSQL re-checks the children's foreign key as it changes the key's type; SQLite's
    // rebuild finds them in its foreign_key_check.
    let why = if t.is_pg() {
        "fk_alter_child_parent"
    } else {
        "foreign_key_check failed"
    };
    assert!(failed.to_string().contains(why), "{failed}");
    assert_eq!(fingerprint(&txn, t.backend).await, schema);
    txn.commit().await.unwrap();
    assert_eq!(fingerprint(&t.db, t.backend).await, schema);
    let now = parent_rows(t, &columns).await;
    assert_eq!(now.len(), parents.len() + 1, "the transaction's own row");
    assert!(
        parents.iter().all(|p| now.contains(p)),
        "every row as it was"
    );
    assert_eq!(child_rows(t).await, children);
    if !t.is_pg() {
        assert!(t.query("PRAGMA foreign_key_check", vec![]).await.is_empty());
        let flags = t
            .query("PRAGMA legacy_alter_table", vec![])
            .await
            .into_iter()
            .map(|r| r.try_get_by_index::<i64>(0).unwrap())
            .collect::<Vec<_>>();
        assert_eq!(flags, [0], "the connection's flag is put back");
    }
    parent_still_works(t).await;
}

async fn refused_alterations_touch_nothing_and_say_why(t: &TestDb) {
    create_tables(t).await;
    insert_rows(t).await;
    let schema = fingerprint(&t.db, t.backend).await;
    let refusal = async |alter: AlterTable| -> String {
        match alter.apply(&SchemaManager::new(t.db.primary())).await {
            Err(DbErr::Migration(message)) => message,
            other => panic!("{:?}: expected a refusal, got {other:?}", t.backend),
        }
    };
    let alter = || AlterTable::new(t.backend, PARENT);

    let message = refusal(alter().add_columns(|c| c.integer("rank"))).await;
    assert!(
        message.contains("rank is added NOT NULL without a default"),
        "{message}"
    );
    let message = refusal(alter().drop_column("created_at")).await;
    assert!(message.contains(VIEW), "{:?}: {message}", t.backend);
    let message = refusal(alter().drop_column("id")).await;
    assert!(
        message.contains("alter_child"),
        "{:?}: {message}",
        t.backend
    );
    let message = refusal(alter().change_columns(|c| c.text("x")).using("y", "1")).await;
    assert!(message.contains("follows no change_columns"), "{message}");
    // A refusal late in the chain undoes what came before it.
    let message = refusal(
        alter()
            .add_columns(|c| c.text_null("first"))
            .drop_column("score"),
    )
    .await;
    assert!(message.contains("chk_alter_parent_score"), "{message}");
    assert_eq!(fingerprint(&t.db, t.backend).await, schema);
}

/// The CHECK names on the parent: from the catalog on PostgreSQL, from the table's SQL on
/// SQLite (which has no catalog of them).
async fn has_check(t: &TestDb, name: &str) -> bool {
    if t.is_pg() {
        let sql = "SELECT COUNT(*) FROM pg_constraint WHERE conrelid = 'alter_parent'::regclass AND conname = $1";
        t.count(sql, vec![name.into()]).await == 1
    } else {
        sqlite_sql(t, "alter_parent")
            .await
            .contains(&format!("CONSTRAINT \"{name}\" CHECK"))
    }
}

async fn stand_in_checks_come_and_go_with_their_column(t: &TestDb) {
    create_tables(t).await;
    insert_rows(t).await;
    let (seen_at, nick) = if t.is_pg() {
        ("chk_seen_at_finite", None)
    } else {
        ("chk_seen_at_timestamp", Some("chk_nick_varchar"))
    };
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .add_columns(|c| c.timestamp_null("seen_at").varchar_null("nick", 10)),
    )
    .await;
    assert!(has_check(t, seen_at).await);
    assert_eq!(has_check(t, "chk_nick_varchar").await, nick.is_some());
    // Literals, not parameters: PostgreSQL would refuse a text parameter for its type.
    let literal = if t.is_pg() {
        "'infinity'"
    } else {
        "'yesterday'"
    };
    refused_with(
        t,
        &format!("UPDATE alter_parent SET seen_at = {literal}"),
        vec![],
        "chk_seen_at_finite",
        "chk_seen_at_timestamp",
    )
    .await;

    // A changed column's old stand-in goes, its new one comes.
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .change_columns(|c| c.date_null("seen_at").text_null("nick")),
    )
    .await;
    if t.is_pg() {
        assert!(
            has_check(t, "chk_seen_at_finite").await,
            "a date is checked finite too"
        );
    } else {
        assert!(!has_check(t, "chk_seen_at_timestamp").await);
        assert!(has_check(t, "chk_seen_at_date").await);
        assert!(!has_check(t, "chk_nick_varchar").await);
        assert!(has_check(t, "chk_nick_text").await);
    }
    assert_accepted(
        t,
        "nick is text now",
        "UPDATE alter_parent SET nick = $1",
        vec!["n".repeat(30).into()],
    )
    .await;

    // Dropped with the column, on PostgreSQL by PostgreSQL itself.
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .drop_column("seen_at")
            .drop_column("nick"),
    )
    .await;
    for check in [
        "chk_seen_at_finite",
        "chk_seen_at_date",
        "chk_nick_text",
        "chk_nick_varchar",
    ] {
        assert!(!has_check(t, check).await, "{check} is gone");
    }
    assert!(
        has_check(t, "chk_alter_parent_score").await,
        "other CHECKs stay"
    );
    parent_still_works(t).await;
}

dual!(
    stand_in_checks_come_and_go_with_their_column,
    columns_constraints_and_keys_change_with_rows_kept,
    a_failed_alteration_leaves_the_table_as_it_was,
    refused_alterations_touch_nothing_and_say_why,
);
