//! Issue 19: the online helpers (`migration::portable::online`) change a table while a writer
//! keeps inserting into it, fail fast when they cannot get their lock, and can be rerun.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use migration::portable::online::{self, LOCK_TIMEOUT, Online};
use migration::portable::{Index, Tbl};
use migration::tables::USERS;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
    TransactionTrait,
};
use sea_orm_migration::prelude::*;

use crate::harness::{TestDb, notice};

postgres_only!(
    online_changes_a_million_rows_under_a_writer,
    online_fails_fast_on_a_held_lock_and_reruns,
    online_drops_an_invalid_index_and_rebuilds_it,
);
dual!(
    online_helpers_are_idempotent,
    an_online_migration_fails_fast_and_reruns
);

const LOAD: Tbl = Tbl::new("public", "online_load");
const ROWS: i64 = 1_000_000;

/// One connection of its own: a writer that never waits for a pool slot, or a session that
/// holds a lock.
async fn own_connection(t: &TestDb) -> DatabaseConnection {
    let mut options = ConnectOptions::new(t.url.clone());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options).await.expect("connect")
}

async fn index_is_valid(t: &TestDb, name: &str) -> bool {
    let rows = t
        .query(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname = $1",
            vec![name.into()],
        )
        .await;
    assert_eq!(rows.len(), 1, "one index {name}");
    rows[0].try_get("", "indisvalid").expect("indisvalid")
}

async fn constraint_validated(t: &TestDb, name: &str) -> Option<bool> {
    t.query(
        "SELECT convalidated FROM pg_constraint WHERE conname = $1",
        vec![name.into()],
    )
    .await
    .first()
    .map(|row| row.try_get("", "convalidated").expect("convalidated"))
}

/// A million rows, a writer inserting one row at a time on its own connection the whole time,
/// and an index and a CHECK added by the helpers: no insert waits as long as the lock timeout.
async fn online_changes_a_million_rows_under_a_writer(t: &TestDb) {
    let load = Instant::now();
    t.exec(
        "CREATE TABLE public.online_load (id bigserial PRIMARY KEY, n bigint NOT NULL, note text)",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO public.online_load (n, note) \
         SELECT g, 'row ' || g FROM generate_series(1, $1::bigint) g",
        vec![ROWS.into()],
    )
    .await
    .unwrap();
    let loaded = load.elapsed();

    let writer_db = own_connection(t).await;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let (mut inserts, mut slowest) = (0_u64, Duration::ZERO);
            while !stop.load(Ordering::SeqCst) {
                let start = Instant::now();
                writer_db
                    .execute_raw(Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        "INSERT INTO public.online_load (n, note) VALUES ($1, 'writer')",
                        [(ROWS + inserts as i64 + 1).into()],
                    ))
                    .await
                    .expect("the writer's insert");
                slowest = slowest.max(start.elapsed());
                inserts += 1;
            }
            (inserts, slowest)
        })
    };
    // The writer is under way before the first change.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let online = Online::default();
    let manager = SchemaManager::new(t.db.primary());
    let start = Instant::now();
    online
        .create_index(&manager, LOAD, &Index::new("idx_online_load_n", "n"))
        .await
        .unwrap();
    let index_time = start.elapsed();
    let start = Instant::now();
    online
        .add_check(&manager, LOAD, "chk_online_load_n", "n > 0", "n > 0")
        .await
        .unwrap();
    let check_time = start.elapsed();

    stop.store(true, Ordering::SeqCst);
    let (inserts, slowest) = writer.await.unwrap();
    notice(&format!(
        "online: {ROWS} rows loaded in {loaded:?}; index built in {index_time:?}, CHECK added \
         and validated in {check_time:?}; the writer made {inserts} inserts meanwhile, the \
         slowest in {slowest:?} (lock timeout {:?})",
        online.lock_timeout()
    ));
    assert!(
        slowest < online.lock_timeout(),
        "an insert waited {slowest:?}, the lock timeout is {:?}",
        online.lock_timeout()
    );
    assert!(inserts > 10, "the writer kept writing: {inserts} inserts");
    assert!(index_is_valid(t, "idx_online_load_n").await);
    assert_eq!(
        constraint_validated(t, "chk_online_load_n").await,
        Some(true)
    );
    // The CHECK holds for the rows the writer added while it was being validated, too.
    assert!(
        t.exec("INSERT INTO public.online_load (n) VALUES (0)", vec![])
            .await
            .is_err()
    );
}

/// A table another session holds ACCESS EXCLUSIVE: each helper gives up after about the lock
/// timeout with an error that says so, and succeeds when rerun once the lock is gone.
async fn online_fails_fast_on_a_held_lock_and_reruns(t: &TestDb) {
    t.exec(
        "CREATE TABLE public.online_load (id bigserial PRIMARY KEY, n bigint NOT NULL)",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO public.online_load (n) SELECT g FROM generate_series(1, 1000) g",
        vec![],
    )
    .await
    .unwrap();
    let holder = own_connection(t).await;
    let lock = holder.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE public.online_load IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();

    let timeout = Duration::from_secs(1);
    let online = Online::default().with_lock_timeout(timeout);
    let manager = SchemaManager::new(t.db.primary());
    let index = Index::new("idx_online_load_n", "n");
    let start = Instant::now();
    let refused = online
        .create_index(&manager, LOAD, &index)
        .await
        .unwrap_err();
    let waited = start.elapsed();
    let message = refused.to_string();
    assert!(message.contains("lock timeout of 1000 ms"), "{message}");
    assert!(message.contains("run it again"), "{message}");
    assert!(
        waited >= timeout && waited < timeout * 3,
        "gave up after {waited:?}"
    );

    let start = Instant::now();
    let refused = online
        .add_check(&manager, LOAD, "chk_online_load_n", "n > 0", "n > 0")
        .await
        .unwrap_err();
    let waited = start.elapsed();
    assert!(refused.to_string().contains("lock timeout"), "{refused}");
    assert!(waited < timeout * 3, "gave up after {waited:?}");
    assert_eq!(constraint_validated(t, "chk_online_load_n").await, None);

    lock.rollback().await.unwrap();

    // The lock queue: a long transaction that only read the table holds ACCESS SHARE; the CHECK
    // step queues for ACCESS EXCLUSIVE behind it, and a writer's insert queues behind the step.
    // The step gives up at its lock timeout, and the writer goes on then, not when the long
    // transaction ends.
    let reader = holder.begin().await.unwrap();
    reader
        .execute_unprepared("SELECT count(*) FROM public.online_load")
        .await
        .unwrap();
    let writer_db = own_connection(t).await;
    let writer = tokio::spawn(async move {
        // Sent once the step is in the queue.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let start = Instant::now();
        writer_db
            .execute_unprepared("INSERT INTO public.online_load (n) VALUES (1)")
            .await
            .expect("the writer's insert");
        start.elapsed()
    });
    let refused = online
        .add_check(&manager, LOAD, "chk_online_load_n", "n > 0", "n > 0")
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("lock timeout"), "{refused}");
    let waited = writer.await.unwrap();
    notice(&format!(
        "online: a writer queued behind a step waiting for its lock waited {waited:?} \
         (lock timeout {timeout:?})"
    ));
    assert!(waited < timeout, "the writer waited {waited:?}");
    reader.rollback().await.unwrap();

    online.create_index(&manager, LOAD, &index).await.unwrap();
    online
        .add_check(&manager, LOAD, "chk_online_load_n", "n > 0", "n > 0")
        .await
        .unwrap();
    assert!(index_is_valid(t, "idx_online_load_n").await);
    assert_eq!(
        constraint_validated(t, "chk_online_load_n").await,
        Some(true)
    );
    holder.close().await.ok();
}

/// A UNIQUE index built concurrently over duplicates fails and leaves an INVALID index, which
/// `IF NOT EXISTS` alone would take for done: the rerun drops it and builds it again.
async fn online_drops_an_invalid_index_and_rebuilds_it(t: &TestDb) {
    t.exec(
        "CREATE TABLE public.online_load (id bigserial PRIMARY KEY, n bigint NOT NULL)",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO public.online_load (n) SELECT g % 500 FROM generate_series(1, 1000) g",
        vec![],
    )
    .await
    .unwrap();
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

/// Each helper twice on both backends (the SQLite path: `IF NOT EXISTS` and the rebuild), the
/// constraints in force afterwards, and the PostgreSQL path refused inside a transaction.
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
    assert_eq!(LOCK_TIMEOUT, Duration::from_secs(5));
    assert_eq!(
        online::online(NoOp).use_transaction(),
        Some(false),
        "online() migrations run outside a transaction"
    );
}

#[derive(DeriveMigrationName)]
struct NoOp;

#[async_trait::async_trait]
impl MigrationTrait for NoOp {
    async fn up(&self, _: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

/// A migration using the helpers, as a future one would: after the released ones.
struct LoadIndexAndCheck(Online);

impl MigrationName for LoadIndexAndCheck {
    fn name(&self) -> &str {
        "m20991231_000001_online_load_index_and_check"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for LoadIndexAndCheck {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.0
            .create_index(manager, LOAD, &Index::new("idx_online_load_n2", "n"))
            .await?;
        self.0
            .add_check(
                manager,
                LOAD,
                "chk_online_load_n2",
                "n < 1000000",
                "n < 1000000",
            )
            .await
    }
}

/// The released migrations and [`LoadIndexAndCheck`], wrapped with `online`.
struct WithOnlineMigration;

impl MigratorTrait for WithOnlineMigration {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut migrations = Migrator::migrations();
        migrations.push(online::online(LoadIndexAndCheck(
            Online::default().with_lock_timeout(Duration::from_secs(1)),
        )));
        migrations
    }
}

async fn recorded(t: &TestDb) -> i64 {
    t.count(
        "SELECT COUNT(*) FROM seaql_migrations WHERE version LIKE 'm20991231%'",
        vec![],
    )
    .await
}

/// Through the migrator, as a deploy runs it: on PostgreSQL, a held lock fails the migration
/// after about its lock timeout, unrecorded, and the rerun after the lock is released applies
/// it; on SQLite the same migration runs outside a transaction and applies at once.
async fn an_online_migration_fails_fast_and_reruns(t: &TestDb) {
    t.exec(
        "CREATE TABLE online_load (id bigint PRIMARY KEY, n bigint NOT NULL)",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO online_load (id, n) VALUES (1, 1), (2, 2)",
        vec![],
    )
    .await
    .unwrap();
    let db = t.db.primary();
    if t.is_pg() {
        let holder = own_connection(t).await;
        let lock = holder.begin().await.unwrap();
        lock.execute_unprepared("LOCK TABLE public.online_load IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        let start = Instant::now();
        let refused = WithOnlineMigration::up(db, None).await.unwrap_err();
        let waited = start.elapsed();
        assert!(
            refused.to_string().contains("lock timeout of 1000 ms"),
            "{refused}"
        );
        assert!(waited < Duration::from_secs(3), "gave up after {waited:?}");
        assert_eq!(recorded(t).await, 0, "a failed migration is not recorded");
        lock.rollback().await.unwrap();
        holder.close().await.ok();
    }
    WithOnlineMigration::up(db, None).await.unwrap();
    assert_eq!(recorded(t).await, 1);
    assert!(
        t.exec(
            "INSERT INTO online_load (id, n) VALUES (3, 1000000)",
            vec![]
        )
        .await
        .is_err(),
        "the CHECK is in force"
    );
    if t.is_pg() {
        assert!(index_is_valid(t, "idx_online_load_n2").await);
        assert_eq!(
            constraint_validated(t, "chk_online_load_n2").await,
            Some(true)
        );
    }
}
