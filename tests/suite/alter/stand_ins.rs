//! The stand-in CHECKs a column's type brings (on SQLite a timestamp's and a varchar's, on
//! PostgreSQL a timestamp's finiteness) come with the column, change with its type, and go
//! with it; the table's own CHECKs stay.
use migration::portable::AlterTable;

use super::{
    PARENT, apply_in_transaction, create_tables, insert_rows, parent_still_works, refused_with,
    sqlite_sql,
};
use crate::harness::{TestDb, assert_accepted};

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

dual!(stand_in_checks_come_and_go_with_their_column);
