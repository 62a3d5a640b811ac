//! Alterations that fail on the rows, and alterations refused before they start: either way
//! the schema, the rows and the tables' workings are as they were.
use migration::SchemaManager;
use migration::portable::AlterTable;
use sea_orm::{ConnectionTrait, DbErr, Statement, TransactionTrait};
use uuid::Uuid;

use super::{
    LONG_AGO, PARENT, Parents, VIEW, child_rows, create_tables, fingerprint, insert_rows,
    parent_still_works,
};
use crate::harness::TestDb;

/// A CHECK the rows break, in a migration's transaction that then rolls back: undone at once,
/// inside the transaction, and nothing is left after it.
async fn a_check_the_rows_break_is_undone_at_once(t: &TestDb) {
    let parents = Parents::insert(t).await;
    let schema = fingerprint(&t.db, t.backend).await;
    let children = child_rows(t).await;
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
    parents.assert_kept(t).await;
    assert_eq!(child_rows(t).await, children);
    parent_still_works(t).await;
}

/// New keys that would orphan the children: on SQLite this fails late, after the children's
/// definitions were edited back and the old table dropped. The transaction goes on and
/// commits its own work, and the connection's `legacy_alter_table` is put back.
async fn keys_that_would_orphan_the_children_fail_and_the_transaction_goes_on(t: &TestDb) {
    let parents = Parents::insert(t).await;
    let schema = fingerprint(&t.db, t.backend).await;
    let children = child_rows(t).await;
    let random = if t.is_pg() {
        "gen_random_uuid()"
    } else {
        "randomblob(16)"
    };
    let txn = t.db.begin().await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        t.backend,
        format!(
            "INSERT INTO alter_parent (id, name, code, updated_at) VALUES ($1, 'dee', 'd4', {LONG_AGO})"
        ),
        vec![Uuid::new_v4().into()],
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
    let now = parents.now(t).await;
    let before = &parents.expected;
    assert_eq!(now.len(), before.len() + 1, "the transaction's own row");
    assert!(
        before.iter().all(|p| now.contains(p)),
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

dual!(
    a_check_the_rows_break_is_undone_at_once,
    keys_that_would_orphan_the_children_fail_and_the_transaction_goes_on,
    refused_alterations_touch_nothing_and_say_why,
);
