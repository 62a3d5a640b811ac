//! Erasing a user (a data-deletion request) leaves no row of theirs in any table, on both
//! backends. The tables are found from each backend's catalogue, not from a list: every column
//! that references `users` by a foreign key, and every `user_id` column. A table added later is
//! covered at once, and fails here until `fill` puts a row of the user in it.
use service::Error;
use service::Subject;
use service::accounts;
use service::health;
use service::payments;
use uuid::Uuid;

use crate::harness::{TestDb, user_with_a_row_everywhere, verified_user};

/// Tables that name a user but hold no row outside a transaction: they cannot be filled, and
/// must be empty anyway.
const TRANSIENT: [&str; 1] = [
    // SQLite: the acting user of the running write transaction.
    "audit_context",
];

/// `(table, column)`: every column that holds a user's id, from the live catalogue.
async fn user_columns(t: &TestDb) -> Vec<(String, String)> {
    let mut found = vec![("users".to_owned(), "id".to_owned())];
    let pairs: Vec<(String, String)> = if t.is_pg() {
        let sql = "SELECT format('%I.%I', n.nspname, c.relname) AS tbl, a.attname::text AS col \
             FROM pg_constraint con \
             JOIN pg_class c ON c.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (con.conkey) \
             WHERE con.contype = 'f' AND con.confrelid = 'public.users'::regclass \
               AND NOT c.relispartition \
             UNION \
             SELECT format('%I.%I', col.table_schema, col.table_name), col.column_name::text \
             FROM information_schema.columns col \
             JOIN information_schema.tables tab \
               ON tab.table_schema = col.table_schema AND tab.table_name = col.table_name \
             WHERE col.column_name = 'user_id' AND tab.table_type = 'BASE TABLE' \
               AND col.table_schema IN ('public', 'auth', 'health', 'audit') \
               AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = \
                 (quote_ident(col.table_schema) || '.' || quote_ident(col.table_name))::regclass)";
        t.query(sql, vec![])
            .await
            .iter()
            .map(|r| (r.try_get("", "tbl").unwrap(), r.try_get("", "col").unwrap()))
            .collect()
    } else {
        let sql = "SELECT m.name AS tbl, f.\"from\" AS col \
             FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND f.\"table\" = 'users' \
             UNION \
             SELECT m.name, i.name FROM sqlite_master m, pragma_table_info(m.name) i \
             WHERE m.type = 'table' AND i.name = 'user_id'";
        t.query(sql, vec![])
            .await
            .iter()
            .map(|r| (r.try_get("", "tbl").unwrap(), r.try_get("", "col").unwrap()))
            .collect()
    };
    found.extend(pairs);
    found.sort();
    found.dedup();
    found
}

fn bare_name(table: &str) -> &str {
    table.rsplit('.').next().unwrap_or(table).trim_matches('"')
}

async fn rows_of(t: &TestDb, table: &str, column: &str, user: Uuid) -> i64 {
    t.count(
        &format!("SELECT COUNT(*) FROM {table} WHERE \"{column}\" = $1"),
        vec![user.into()],
    )
    .await
}

/// Snapshots in the audit trail that mention the user's id anywhere.
async fn snapshots_naming(t: &TestDb, user: Uuid) -> i64 {
    let text = if t.is_pg() {
        "COALESCE(old_data::text, '') || COALESCE(new_data::text, '')"
    } else {
        "COALESCE(old_data, '') || COALESCE(new_data, '')"
    };
    t.count(
        &format!("SELECT COUNT(*) FROM data_changes WHERE {text} LIKE $1"),
        vec![format!("%{user}%").into()],
    )
    .await
}

/// Ada and Bob, each with a row in every table that holds a user's rows.
async fn ada_and_bob(t: &TestDb) -> (service::Actor, service::Actor) {
    let ada = user_with_a_row_everywhere(t, "ada").await;
    let bob = user_with_a_row_everywhere(t, "bob").await;
    (ada, bob)
}

/// Every table that names a user holds a row of the user before the erasure, and none after;
/// another user's rows and audit trail stay.
async fn erase_leaves_no_row_of_the_user(t: &TestDb) {
    let (ada, bob) = ada_and_bob(t).await;
    let columns = user_columns(t).await;
    assert!(
        columns
            .iter()
            .any(|(table, _)| bare_name(table) == "user_payment_methods"),
        "the catalogue walk finds the tables: {columns:?}"
    );

    let mut unfilled = Vec::new();
    let mut bobs = Vec::new();
    for (table, column) in &columns {
        let transient = TRANSIENT.contains(&bare_name(table));
        if !transient && rows_of(t, table, column, ada.id()).await == 0 {
            unfilled.push(format!("{table}.{column}"));
        }
        bobs.push(rows_of(t, table, column, bob.id()).await);
    }
    assert!(
        unfilled.is_empty(),
        "{:?}: tables that name users but hold no row of the user before the erasure (add them \
         to `fill` in tests/suite/erasure.rs): {unfilled:?}",
        t.backend
    );
    assert!(
        snapshots_naming(t, ada.id()).await > 0,
        "the audit trail has ada's data"
    );

    let erased = accounts::erase(&t.db, ada).await.unwrap();
    assert!(erased.audit_rows_removed >= 2, "{erased:?}");

    let mut left = Vec::new();
    for ((table, column), bob_before) in columns.iter().zip(bobs) {
        let n = rows_of(t, table, column, ada.id()).await;
        if n > 0 {
            left.push(format!("{table}.{column}: {n}"));
        }
        assert_eq!(
            rows_of(t, table, column, bob.id()).await,
            bob_before,
            "{table}.{column}: another user's rows stay"
        );
    }
    assert!(
        left.is_empty(),
        "{:?}: rows of the erased user left: {left:?}",
        t.backend
    );
    assert_eq!(
        snapshots_naming(t, ada.id()).await,
        0,
        "no snapshot names ada"
    );
    assert!(
        snapshots_naming(t, bob.id()).await > 0,
        "bob's audit trail stays"
    );
}

/// The erasure leaves one record of itself, with nothing but the id and the time; it happens
/// once only, and another user can still be served.
async fn an_erasure_is_recorded_once_with_only_the_id_and_time(t: &TestDb) {
    let (ada, bob) = ada_and_bob(t).await;
    let erased = accounts::erase(&t.db, ada).await.unwrap();
    let records = t
        .query(
            "SELECT id, table_name, operation, user_id, old_data, new_data FROM data_changes \
             WHERE record_id = $1",
            vec![ada.into()],
        )
        .await;
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(
        record.try_get::<Uuid>("", "id").unwrap(),
        erased.erasure_record_id
    );
    assert_eq!(record.try_get::<String>("", "table_name").unwrap(), "users");
    assert_eq!(record.try_get::<String>("", "operation").unwrap(), "DELETE");
    assert_eq!(record.try_get::<Option<Uuid>>("", "user_id").unwrap(), None);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM data_changes WHERE record_id = $1 \
             AND old_data IS NULL AND new_data IS NULL",
            vec![ada.into()],
        )
        .await,
        1
    );

    assert!(matches!(
        accounts::erase(&t.db, ada).await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
    assert_eq!(payments::list_cards(&t.db, bob).await.unwrap().len(), 1);
    assert_eq!(health::list_allergies(&t.db, bob).await.unwrap().len(), 1);
}

async fn a_soft_deleted_user_can_be_erased(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    accounts::delete_account(&t.db, ada).await.unwrap();
    accounts::erase(&t.db, ada).await.unwrap();
    assert_eq!(
        t.count("SELECT COUNT(*) FROM users WHERE id = $1", vec![ada.into()])
            .await,
        0
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM password_history", vec![])
            .await,
        0
    );
    assert!(matches!(
        accounts::erase(&t.db, service::Actor::new(Uuid::new_v4())).await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
}

dual!(
    erase_leaves_no_row_of_the_user,
    an_erasure_is_recorded_once_with_only_the_id_and_time,
    a_soft_deleted_user_can_be_erased,
);
