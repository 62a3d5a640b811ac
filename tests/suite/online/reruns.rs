//! Reruns: an INVALID index left by a failed build is rebuilt, each helper run twice changes
//! nothing the second time, and PostgreSQL's path is refused inside a transaction.
use migration::portable::Index;
use migration::portable::online::Online;
use migration::tables::USERS;
use sea_orm::TransactionTrait;
use sea_orm_migration::prelude::{ForeignKeyAction, SchemaManager};

use super::{LOAD, a_thousand_rows, constraint_validated, index_is_valid};
use crate::harness::TestDb;

/// A UNIQUE index built concurrently over duplicates fails and leaves an INVALID index, which
/// `IF NOT EXISTS` alone would take for done: the rerun drops it and builds it again.
async fn online_drops_an_invalid_index_and_rebuilds_it(t: &TestDb) {
    a_thousand_rows(t, "g % 500").await;
    let online = Online::default();
    let manager = SchemaManager::new(t.db.primary());
    let index = Index::new("uq_online_load_n", "n").unique();
    let duplicate = online.create_index(&manager, LOAD, &index).await;
    assert!(duplicate.is_err(), "duplicates refuse a UNIQUE index");
    assert!(!index_is_valid(t, "uq_online_load_n").await, "left INVALID");

    t.exec("DELETE FROM public.online_load WHERE id > 500", vec![])
        .await
        .unwrap();
    online.create_index(&manager, LOAD, &index).await.unwrap();
    assert!(
        index_is_valid(t, "uq_online_load_n").await,
        "rebuilt, valid"
    );
    let refused = t
        .exec("INSERT INTO public.online_load (n) VALUES (1)", vec![])
        .await;
    assert!(refused.is_err(), "the index is unique");
}

/// Each helper twice on both backends (the SQLite path: `IF NOT EXISTS` and the rebuild), and
/// the constraints in force afterwards.
async fn online_helpers_are_idempotent(t: &TestDb) {
    let create = if t.is_pg() {
        "CREATE TABLE public.online_load (id bigint PRIMARY KEY, n bigint NOT NULL, owner uuid)"
    } else {
        "CREATE TABLE online_load (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, owner BLOB)"
    };
    t.exec(create, vec![]).await.unwrap();
    t.exec(
        "INSERT INTO online_load (id, n) VALUES (1, 1), (2, 2)",
        vec![],
    )
    .await
    .unwrap();
    let online = Online::from_env().unwrap();
    let manager = SchemaManager::new(t.db.primary());
    let index = Index::new("idx_online_load_n", "n");
    for _ in 0..2 {
        online.create_index(&manager, LOAD, &index).await.unwrap();
        online
            .add_check(&manager, LOAD, "chk_online_load_n", "n > 0", "n > 0")
            .await
            .unwrap();
        online
            .add_foreign_key(
                &manager,
                LOAD,
                "fk_online_load_owner",
                (&["owner"], USERS, &["id"]),
                ForeignKeyAction::SetNull,
            )
            .await
            .unwrap();
    }
    let indexes = if t.is_pg() {
        "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'idx_online_load_n'"
    } else {
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'idx_online_load_n'"
    };
    assert_eq!(t.count(indexes, vec![]).await, 1);
    assert!(
        t.exec("INSERT INTO online_load (id, n) VALUES (3, 0)", vec![])
            .await
            .is_err(),
        "the CHECK is in force"
    );
    let stranger = uuid::Uuid::new_v4();
    assert!(
        t.exec(
            "INSERT INTO online_load (id, n, owner) VALUES (4, 4, $1)",
            vec![stranger.into()]
        )
        .await
        .is_err(),
        "the foreign key is in force"
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM online_load", vec![]).await,
        2,
        "the rows survive (SQLite rebuilds the table)"
    );
    if t.is_pg() {
        assert_eq!(
            constraint_validated(t, "fk_online_load_owner").await,
            Some(true)
        );
    }
}

/// PostgreSQL's concurrent index cannot run in a transaction: the helper says how to wrap the
/// migration instead.
async fn an_online_index_inside_a_transaction_is_refused(t: &TestDb) {
    t.exec(
        "CREATE TABLE public.online_load (id bigint PRIMARY KEY, n bigint NOT NULL)",
        vec![],
    )
    .await
    .unwrap();
    let online = Online::from_env().unwrap();
    let txn = t.db.primary().begin().await.unwrap();
    let refused = online
        .create_index(
            &SchemaManager::new(&txn),
            LOAD,
            &Index::new("idx_online_load_id", "id"),
        )
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("wrap it with"), "{refused}");
    txn.rollback().await.unwrap();
}

postgres_only!(
    online_drops_an_invalid_index_and_rebuilds_it,
    an_online_index_inside_a_transaction_is_refused,
);
dual!(online_helpers_are_idempotent);
