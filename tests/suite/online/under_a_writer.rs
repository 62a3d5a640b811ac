//! A million rows, an index and a CHECK added while a writer inserts the whole time.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use migration::portable::Index;
use migration::portable::online::Online;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::prelude::SchemaManager;
use tokio::task::JoinHandle;

use super::{LOAD, ROWS, constraint_validated, index_is_valid, own_connection};
use crate::harness::{TestDb, notice};

/// `online_load` with a million rows; how long loading them took.
async fn load_a_million_rows(t: &TestDb) -> Duration {
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
    load.elapsed()
}

/// A writer inserting into `online_load` one row at a time on its own connection until `stop`;
/// it returns how many inserts it made and the slowest one's time.
async fn start_a_writer(t: &TestDb, stop: Arc<AtomicBool>) -> JoinHandle<(u64, Duration)> {
    let writer_db = own_connection(t).await;
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
}

/// A million rows, a writer inserting one row at a time on its own connection the whole time,
/// and an index and a CHECK added by the helpers: no insert waits as long as the lock timeout.
async fn online_changes_a_million_rows_under_a_writer(t: &TestDb) {
    let loaded = load_a_million_rows(t).await;
    let stop = Arc::new(AtomicBool::new(false));
    let writer = start_a_writer(t, stop.clone()).await;
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

postgres_only!(online_changes_a_million_rows_under_a_writer);
