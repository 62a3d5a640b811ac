//! Columns added, changed and dropped on the filled parent: the rows keep their values (the
//! new columns' NULL or default, the converted ones' new value), the new types refuse what
//! they should, and the tables still work.
use migration::SchemaManager;
use migration::portable::AlterTable;
use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};

use super::{PARENT, Parents, apply_in_transaction, parent_still_works, refused_with};
use crate::harness::TestDb;

/// Before any alteration the tables work, and `parent_still_works`'s probe (its insert, update
/// and delete) leaves the parents' rows as they were, so every test can compare them after it.
async fn the_filled_tables_work_and_the_probe_leaves_no_row(t: &TestDb) {
    let parents = Parents::insert(t).await;
    parent_still_works(t).await;
    parents.assert_kept(t).await;
}

/// A nullable decimal and a NOT NULL varchar with a default: NULL and the default in every
/// row, and each refuses a value its type does not hold.
async fn added_columns_hold_null_or_their_default_and_their_types(t: &TestDb) {
    let mut parents = Parents::insert(t).await;
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT).add_columns(|c| {
            c.decimal_null("weight", 5, 2)
                .varchar_default("status", 10, "active")
        }),
    )
    .await;
    parents.added("weight", None);
    parents.added("status", Some("active"));
    parents.assert_kept(t).await;
    refused_with(
        t,
        "UPDATE alter_parent SET weight = $1 WHERE id = $2",
        vec![1000.into(), parents.ada.into()],
        "numeric field overflow",
        "chk_weight_decimal",
    )
    .await;
    refused_with(
        t,
        "UPDATE alter_parent SET status = 'much too long' WHERE id = $1",
        vec![parents.ada.into()],
        "character varying(10)",
        "chk_status_varchar",
    )
    .await;
    parent_still_works(t).await;
}

/// A varchar widened, and a column made nullable with its values converted (`using`): the
/// rows hold the converted values, the new lengths and NULLs are what is accepted.
async fn changed_columns_are_widened_made_nullable_and_converted(t: &TestDb) {
    let mut parents = Parents::insert(t).await;
    let ada = parents.ada;
    apply_in_transaction(
        t,
        AlterTable::new(t.backend, PARENT)
            .change_columns(|c| c.varchar("name", 40).varchar_null("code", 8))
            .using("code", "upper(code)"),
    )
    .await;
    let code = parents.at("code");
    for row in &mut parents.expected {
        row[code] = row[code].as_ref().map(|code| code.to_uppercase());
    }
    parents.assert_kept(t).await;
    for (sql, values, postgres, sqlite) in [
        (
            "UPDATE alter_parent SET name = $1 WHERE id = $2",
            vec![Value::from("n".repeat(41)), ada.into()],
            "character varying(40)",
            "chk_name_varchar",
        ),
        (
            "UPDATE alter_parent SET code = 'ABCDEFGHI' WHERE id = $1",
            vec![ada.into()],
            "character varying(8)",
            "chk_code_varchar",
        ),
        (
            "UPDATE alter_parent SET name = NULL WHERE id = $1",
            vec![ada.into()],
            "null value in column \"name\"",
            "NOT NULL constraint failed: alter_parent.name",
        ),
    ] {
        refused_with(t, sql, values, postgres, sqlite).await;
    }
    parent_still_works(t).await;
    let txn = t.db.begin().await.unwrap();
    for (sql, values) in [
        (
            "UPDATE alter_parent SET name = $1 WHERE id = $2",
            vec![Value::from("n".repeat(40)), parents.bob.into()],
        ),
        (
            "UPDATE alter_parent SET code = NULL WHERE id = $1",
            vec![parents.bob.into()],
        ),
    ] {
        txn.execute_raw(Statement::from_sql_and_values(t.backend, sql, values))
            .await
            .unwrap_or_else(|e| panic!("{:?}: the changed column accepts: {sql}: {e}", t.backend));
    }
    txn.rollback().await.unwrap();
}

/// A column a CHECK uses cannot be dropped alone; dropped after its CHECK, with another
/// column, both leave the rows and are gone for good.
async fn a_column_drops_after_the_check_that_uses_it(t: &TestDb) {
    let mut parents = Parents::insert(t).await;
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
    parents.dropped("note");
    parents.dropped("score");
    parents.assert_kept(t).await;
    refused_with(
        t,
        "UPDATE alter_parent SET note = 'x' WHERE id = $1",
        vec![parents.ada.into()],
        "column \"note\" of relation \"alter_parent\" does not exist",
        "no such column: note",
    )
    .await;
    parent_still_works(t).await;
}

dual!(
    the_filled_tables_work_and_the_probe_leaves_no_row,
    added_columns_hold_null_or_their_default_and_their_types,
    changed_columns_are_widened_made_nullable_and_converted,
    a_column_drops_after_the_check_that_uses_it,
);
