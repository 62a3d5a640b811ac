//! A lock the helpers cannot get: they give up at their lock timeout, a writer queued behind
//! them goes on then, and a rerun once the lock is gone succeeds.
use std::time::{Duration, Instant};

use migration::portable::Index;
use migration::portable::online::Online;
use sea_orm::{ConnectionTrait, TransactionTrait};
use sea_orm_migration::prelude::SchemaManager;

use super::{LOAD, a_thousand_rows, constraint_validated, index_is_valid, own_connection};
use crate::harness::{TestDb, notice};

/// The helpers with a lock timeout of one second.
fn online_of_one_second() -> Online {
    Online::default().with_lock_timeout(Duration::from_secs(1))
}

/// A table another session holds ACCESS EXCLUSIVE: each helper gives up after about the lock
/// timeout with an error that says so, and succeeds when rerun once the lock is gone.
async fn online_fails_fast_on_a_held_lock_and_reruns(t: &TestDb) {
    a_thousand_rows(t, "g").await;
    let holder = own_connection(t).await;
    let lock = holder.begin().await.unwrap();
    lock.execute_unprepared("LOCK TABLE public.online_load IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();

    let online = online_of_one_second();
    let timeout = online.lock_timeout();
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

/// The lock queue: a long transaction that only read the table holds ACCESS SHARE; the CHECK
/// step queues for ACCESS EXCLUSIVE behind it, and a writer's insert queues behind the step.
/// The step gives up at its lock timeout, and the writer goes on then, not when the long
/// transaction ends.
async fn a_writer_queued_behind_a_waiting_step_goes_on_at_its_lock_timeout(t: &TestDb) {
    a_thousand_rows(t, "g").await;
    let online = online_of_one_second();
    let timeout = online.lock_timeout();
    let manager = SchemaManager::new(t.db.primary());
    let holder = own_connection(t).await;
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
    holder.close().await.ok();
}

postgres_only!(
    online_fails_fast_on_a_held_lock_and_reruns,
    a_writer_queued_behind_a_waiting_step_goes_on_at_its_lock_timeout,
);
