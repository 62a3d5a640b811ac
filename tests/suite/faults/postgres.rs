//! PostgreSQL: a connection killed mid-transaction, at commit and over and over under
//! retries, a statement timeout, and a server that does not answer.
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use service::nutrition::{self, Tz};
use service::{Db, Error, PoolConfig, Unavailable};
use uuid::Uuid;

use super::{log, meal, stored_logs};
use crate::harness::{TestDb, notice, verified_user};

/// The backend of the test database waiting as `wait` says, once it shows up.
async fn backend_pid(admin: &DatabaseConnection, database: &str, wait: &str) -> i32 {
    for _ in 0..200 {
        let row = admin
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                format!(
                    "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND {wait}"
                ),
                [database.into()],
            ))
            .await
            .unwrap();
        if let Some(row) = row {
            return row.try_get_by_index(0).unwrap();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no backend of {database} waited as {wait}");
}

async fn terminate(admin: &DatabaseConnection, pid: i32) {
    admin
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_terminate_backend($1)",
            [pid.into()],
        ))
        .await
        .unwrap();
}

fn is_lost_connection(err: &Error) -> bool {
    matches!(
        err,
        Error::Unavailable {
            cause: Unavailable::ShuttingDown | Unavailable::ConnectionLost,
            ..
        }
    )
}

async fn database_name(t: &TestDb) -> String {
    let rows = t.query("SELECT current_database()", vec![]).await;
    rows[0].try_get_by_index(0).unwrap()
}

/// Holds the lock on the user's row of today's daily totals, so that `log_meal` waits inside
/// its transaction (at the upsert of the totals) until the holder lets go.
async fn hold_todays_totals(t: &TestDb, user: Uuid) -> (Db, sea_orm::DatabaseTransaction) {
    let other = service::connect_with(&t.url, &PoolConfig::default())
        .await
        .unwrap();
    let holder = other.primary().begin().await.unwrap();
    holder
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT 1 FROM daily_nutrition WHERE user_id = $1 FOR UPDATE",
            [user.into()],
        ))
        .await
        .unwrap();
    (other, holder)
}

/// Logs a meal for `user` while terminating the server process that serves the call once it
/// shows in `pg_stat_activity` as `state` says; the call must fail as a lost connection.
async fn killed_while_logging(t: &TestDb, user: Uuid, state: &str) {
    let call = {
        let db = t.db.clone();
        tokio::spawn(async move { log(&db, user, 1).await })
    };
    let name = database_name(t).await;
    let admin = sea_orm::Database::connect(std::env::var("TEST_POSTGRES_URL").unwrap())
        .await
        .unwrap();
    let pid = backend_pid(&admin, &name, state).await;
    terminate(&admin, pid).await;
    let outcome = call.await.unwrap();
    assert!(
        outcome.as_ref().is_err_and(is_lost_connection),
        "expected a lost connection, got {outcome:?}"
    );
    admin.close().await.unwrap();
}

mod killed_mid_transaction {
    use super::*;

    /// `pg_terminate_backend` of the service's connection while its transaction waits: the
    /// call is `Unavailable` (the server's 57P01 or the lost socket), nothing was stored, and
    /// the pool replaces the connection so the next call succeeds.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(t) = TestDb::postgres("killed_mid_transaction").await else {
            return;
        };
        let ada = verified_user(&t, "ada").await;
        let first = log(&t.db, ada.id(), 0).await.unwrap();
        let (other, holder) = hold_todays_totals(&t, ada.id()).await;
        killed_while_logging(&t, ada.id(), "wait_event_type = 'Lock'").await;
        holder.rollback().await.unwrap();
        other.close().await.unwrap();

        let after = log(&t.db, ada.id(), 2).await.expect("the pool reconnects");
        assert_eq!(stored_logs(&t.url).await, BTreeSet::from([first, after]));
    }
}

mod killed_at_commit {
    use super::*;

    /// A deferred constraint trigger (made for this test) sleeps at COMMIT; the service's
    /// connection is terminated while its COMMIT runs. The call is `Unavailable`, the row is
    /// not stored (the commit never finished), and the next call succeeds.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(t) = TestDb::postgres("killed_at_commit").await else {
            return;
        };
        let ada = verified_user(&t, "ada").await;
        let first = log(&t.db, ada.id(), 0).await.unwrap();
        t.db.execute_unprepared(
            "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$; \
             CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON meal_logs \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()",
        )
        .await
        .unwrap();
        // The day's totals and COMMIT go in one message; the trigger sleeps in its COMMIT.
        killed_while_logging(&t, ada.id(), "wait_event = 'PgSleep'").await;
        t.db.execute_unprepared("DROP TRIGGER slow_commit ON meal_logs")
            .await
            .unwrap();

        let after = log(&t.db, ada.id(), 2).await.expect("the pool reconnects");
        assert_eq!(stored_logs(&t.url).await, BTreeSet::from([first, after]));
    }
}

mod statement_timeout {
    use super::*;

    /// With `statement_timeout` set on the database, a call whose statement waits past it is
    /// `Unavailable { TimedOut }`, retryable, and left nothing; the connection is used again.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(t) = TestDb::postgres("statement_timeout").await else {
            return;
        };
        let ada = verified_user(&t, "ada").await;
        let first = log(&t.db, ada.id(), 0).await.unwrap();
        let name = database_name(&t).await;
        t.db.execute_unprepared(&format!(
            "ALTER DATABASE \"{name}\" SET statement_timeout = '300ms'"
        ))
        .await
        .unwrap();
        let db = service::connect_with(&t.url, &PoolConfig::default())
            .await
            .unwrap();
        let (other, holder) = hold_todays_totals(&t, ada.id()).await;
        match log(&db, ada.id(), 1).await {
            Err(Error::Unavailable {
                cause: cause @ Unavailable::TimedOut,
                ..
            }) => assert!(cause.retryable()),
            other => panic!("expected Unavailable {{ TimedOut }}, got {other:?}"),
        }
        holder.rollback().await.unwrap();
        other.close().await.unwrap();
        let after = log(&db, ada.id(), 2)
            .await
            .expect("works once the lock is gone");
        assert_eq!(stored_logs(&t.url).await, BTreeSet::from([first, after]));
        db.close().await.unwrap();
    }
}

/// A `TEST_POSTGRES_URL` where nothing listens is reported in one line within seconds (the
/// harness checks it once per process and fails every PostgreSQL test with that line), not
/// after each test's 30 s pool timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_test_url_fails_fast() {
    let started = Instant::now();
    let answer =
        crate::harness::server_answers("postgres://postgres:secret@127.0.0.1:1/postgres").await;
    let line = answer.expect_err("nothing listens on port 1");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        line.starts_with("TEST_POSTGRES_URL does not answer (127.0.0.1:1)"),
        "{line}"
    );
    assert!(
        !line.contains("secret"),
        "the password is not printed: {line}"
    );
}

mod retried_through_killed_connections {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use tokio::task::JoinHandle;

    use super::*;

    /// 200 meal logs, each under a client-chosen id, from 8 clients while another task
    /// terminates every server process of the test database every 100 ms. A call that fails as
    /// `Unavailable` is repeated with the same id until it succeeds. Afterwards exactly the 200
    /// ids are stored, once each, and the day's totals count 200 meals: no acknowledged row is
    /// missing, and no failed-then-retried call was stored twice.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(t) = TestDb::postgres("retried_through_kills").await else {
            return;
        };
        let ada = verified_user(&t, "ada").await;
        let stop = Arc::new(AtomicBool::new(false));
        let killer = kill_every_100ms(database_name(&t).await, stop.clone()).await;
        let failures = Arc::new(AtomicUsize::new(0));
        let clients: Vec<_> = (0..8)
            .map(|c| retrying_client(t.db.clone(), ada, c, failures.clone()))
            .collect();
        let mut acked = BTreeSet::new();
        for client in clients {
            acked.extend(client.await.unwrap());
        }
        stop.store(true, Ordering::SeqCst);
        let killed = killer.await.unwrap();
        let stored = stored_logs(&t.url).await;
        // Through the service, on the same pool: connections killed while idle are replaced
        // at BEGIN, without a pre-ping.
        let today = Utc::now().date_naive();
        let progress =
            nutrition::get_progress(&t.db, ada, today - chrono::TimeDelta::days(1), today)
                .await
                .expect("the pool replaces killed connections");
        let meals: i64 = progress.days.iter().map(|d| i64::from(d.meal_count)).sum();
        notice(&format!(
            "retries through killed connections: 200 calls acknowledged after {} Unavailable failures ({killed} server processes killed), {} acknowledged missing, {} stored beyond them",
            failures.load(Ordering::SeqCst),
            acked.difference(&stored).count(),
            stored.difference(&acked).count(),
        ));
        assert_eq!(acked.len(), 200);
        assert_eq!(stored, acked);
        assert_eq!(meals, 200, "the day's totals count each meal once");
        assert!(killed > 0, "no connection was killed");
    }

    /// A task terminating every server process of `database` (but its own) every 100 ms
    /// until `stop`: how many it terminated.
    async fn kill_every_100ms(database: String, stop: Arc<AtomicBool>) -> JoinHandle<i64> {
        let admin = sea_orm::Database::connect(std::env::var("TEST_POSTGRES_URL").unwrap())
            .await
            .unwrap();
        tokio::spawn(async move {
            let mut killed = 0i64;
            while !stop.load(Ordering::SeqCst) {
                let row = admin
                    .query_one_raw(sea_orm::Statement::from_sql_and_values(
                        sea_orm::DbBackend::Postgres,
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                         WHERE datname = $1 AND pid <> pg_backend_pid()",
                        [database.clone().into()],
                    ))
                    .await
                    .unwrap();
                killed += row.map_or(0, |r| r.try_get_by_index::<i64>(0).unwrap());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            admin.close().await.ok();
            killed
        })
    }

    /// Client `c`: 25 meal logs of `ada`'s, each under an id of its own, each repeated with
    /// that id while it fails as `Unavailable` (counted in `failures`): the ids acknowledged.
    fn retrying_client(
        db: Db,
        ada: service::Actor,
        c: usize,
        failures: Arc<AtomicUsize>,
    ) -> JoinHandle<Vec<Uuid>> {
        tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..25 {
                let id = Uuid::new_v4();
                let mut attempts = 0;
                loop {
                    let mut new = meal(c * 100 + i);
                    new.id = Some(id);
                    match nutrition::log_meal(&db, ada, Tz::UTC, new).await {
                        Ok(row) => {
                            assert_eq!(row.id, id);
                            break;
                        }
                        Err(Error::Unavailable { .. }) if attempts < 100 => {
                            attempts += 1;
                            failures.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(other) => panic!("call {c}/{i}: {other:?}"),
                    }
                }
                ids.push(id);
            }
            ids
        })
    }
}
