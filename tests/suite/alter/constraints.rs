//! CHECKs, UNIQUEs and foreign keys added to and dropped from the filled tables: an added one
//! refuses what breaks it, a dropped one no longer does, and the rows and the tables' other
//! objects stay as they were.
use migration::portable::AlterTable;
use migration::tables::USERS;
use migration::{ForeignKeyAction, SchemaManager};
use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use uuid::Uuid;

use super::{
    CHILD, PARENT, Parents, apply_in_transaction, audit_rows, index_exists, parent_still_works,
    refused_with,
};
use crate::harness::{TestDb, assert_accepted, insert_user};

const SET_WEIGHT: &str = "UPDATE alter_parent SET weight = $1 WHERE id = $2";
const WEIGHT_CHECK: &str = "chk_alter_parent_weight";

/// The parents given a nullable `weight` (NULL in every row), for a CHECK on it.
async fn with_a_weight(t: &TestDb) -> Parents {
    let mut parents = Parents::insert(t).await;
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT).add_columns(|c| c.decimal_null("weight", 5, 2)),
    )
    .await;
    parents.added("weight", None);
    parents
}

async fn add_the_weight_check(t: &TestDb) {
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT).add_check(WEIGHT_CHECK, "weight BETWEEN 1 AND 500"),
    )
    .await;
}

async fn an_added_check_refuses_what_breaks_it(t: &TestDb) {
    let parents = with_a_weight(t).await;
    add_the_weight_check(t).await;
    parents.assert_kept(t).await;
    let values = vec![600.into(), parents.ada.into()];
    refused_with(t, SET_WEIGHT, values, WEIGHT_CHECK, WEIGHT_CHECK).await;
    parent_still_works(t).await;
}

/// Dropped straight on the connection (`apply` opens its own transaction), the CHECK no longer
/// refuses.
async fn a_dropped_check_refuses_no_more(t: &TestDb) {
    let parents = with_a_weight(t).await;
    add_the_weight_check(t).await;
    AlterTable::new(t.backend, PARENT)
        .drop_constraint(WEIGHT_CHECK)
        .apply(&SchemaManager::new(t.db.primary()))
        .await
        .unwrap();
    parents.assert_kept(t).await;
    let txn = t.db.begin().await.unwrap();
    txn.execute_raw(Statement::from_sql_and_values(
        t.backend,
        SET_WEIGHT,
        vec![600.into(), parents.ada.into()],
    ))
    .await
    .unwrap_or_else(|e| panic!("{:?}: the CHECK is gone: {e}", t.backend));
    txn.rollback().await.unwrap();
    parent_still_works(t).await;
}

async fn an_added_unique_refuses_a_second_row_with_the_value(t: &TestDb) {
    let parents = Parents::insert(t).await;
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT).add_unique("uq_alter_parent_code", &["code"]),
    )
    .await;
    parents.assert_kept(t).await;
    refused_with(
        t,
        "UPDATE alter_parent SET code = 'a1' WHERE id = $1",
        vec![parents.bob.into()],
        "uq_alter_parent_code",
        "UNIQUE constraint failed: alter_parent.code",
    )
    .await;
    parent_still_works(t).await;
}

/// A column with a foreign key of its own (ON DELETE SET NULL), then that foreign key dropped
/// by name, with its column.
async fn an_added_foreign_key_holds_and_drops_by_name(t: &TestDb) {
    let mut parents = Parents::insert(t).await;
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
    parents.added("owner_id", None);
    parents.assert_kept(t).await;
    let owner = "UPDATE alter_parent SET owner_id = $1 WHERE id = $2";
    let ada = parents.ada;
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
    let owned = "SELECT COUNT(*) FROM alter_parent WHERE owner_id IS NOT NULL";
    assert_eq!(t.count(owned, vec![]).await, 0, "the owner is set to NULL");
    // The update and the SET NULL moved ada's updated_at: the rows as they are now.
    parents.expected = parents.now(t).await;
    parent_still_works(t).await;
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .drop_constraint("fk_alter_parent_owner")
            .drop_column("owner_id"),
    )
    .await;
    parents.dropped("owner_id");
    parents.assert_kept(t).await;
    parent_still_works(t).await;
}

/// The child's foreign key, which NewTable created (nameless on SQLite), is dropped: its index
/// stays, an orphan is accepted, and its audit triggers still fire.
async fn the_childs_foreign_key_drops_and_its_audit_still_fires(t: &TestDb) {
    let parents = Parents::insert(t).await;
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
    parents.assert_kept(t).await;
}

dual!(
    an_added_check_refuses_what_breaks_it,
    a_dropped_check_refuses_no_more,
    an_added_unique_refuses_a_second_row_with_the_value,
    an_added_foreign_key_holds_and_drops_by_name,
    the_childs_foreign_key_drops_and_its_audit_still_fires,
);
