//! Read replicas (issue 19), against a real streaming replica made for the test (`server`):
//! one scenario, in steps, since it starts a second cluster. The `PoolConfig` settings the
//! replicas need are tested without one (`config`).
//!
//! Which server ran a read is checked on the servers: a pooled connection's
//! `pg_stat_activity.query` is the last message it ran, and a service read's message names its
//! acting user (`SET LOCAL app.current_user_id = '<id>'`). The replicas' health checks use
//! connections of their own, so they never overwrite it.
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use service::shopping::{self, NewShoppingList};
use service::{Actor, Db, PoolConfig};
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::harness::{LoginRole, TestDb, verified_user};
use server::Replica;

mod config;
mod server;

postgres_only!(replicas);

/// The server's clock (both servers run on this machine): reads started after it are the ones
/// [`ran_for`] counts.
async fn now(server: &DatabaseConnection) -> String {
    let rows = server
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT clock_timestamp()::text",
        ))
        .await
        .expect("read the clock");
    rows[0].try_get_by_index(0).expect("a time")
}

/// How many of `server`'s connections last ran a service read acting as `actor`, started
/// since `since`.
async fn ran_for(server: &DatabaseConnection, actor: Actor, since: &str) -> i64 {
    let rows = server
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() \
                 AND datname = current_database() AND query_start >= '{since}'::timestamptz \
                 AND query LIKE 'SET TRANSACTION READ ONLY; SET LOCAL jit = off; \
                 SET LOCAL app.current_user_id = ''{actor}''%'"
            ),
        ))
        .await
        .expect("read pg_stat_activity");
    rows[0].try_get_by_index(0).expect("a count")
}

async fn names(db: &Db, actor: Actor) -> Vec<String> {
    shopping::list_shopping_lists(db, actor)
        .await
        .expect("list shopping lists")
        .into_iter()
        .map(|l| l.name)
        .collect()
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

async fn new_list(db: &Db, actor: Actor, name: &str) {
    shopping::create_shopping_list(
        db,
        actor,
        NewShoppingList {
            name: name.into(),
            id: None,
        },
    )
    .await
    .expect("create a shopping list");
}

async fn connect(url: &str, replica_url: &str, max_lag: Duration) -> Db {
    service::connect_with(
        url,
        &PoolConfig {
            read_urls: vec![replica_url.to_owned()],
            read_max_lag: max_lag,
            ..PoolConfig::default()
        },
    )
    .await
    .expect("connect with a replica")
}

async fn sql(server: &DatabaseConnection, sql: &str) {
    server
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// When each phase began (shown when the test fails: the copy's time depends on the cluster's
/// size and the machine's load).
fn phase(started: Instant, what: &str) {
    eprintln!(
        "replicas: {:>6.1} s {what}",
        started.elapsed().as_secs_f64()
    );
}

async fn replicas(t: &TestDb) {
    let started = Instant::now();
    let admin_url = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL");
    // Made before the copy, so that the replica has them at once.
    let role = LoginRole::create(t, "eatsential_write").await;
    let alice = verified_user(t, "alice").await;
    let bob = verified_user(t, "bob").await;
    let replica = Replica::start(&admin_url).await;
    phase(started, "replica started");
    let s = Scenario::connect(t, &role, replica, (alice, bob)).await;

    phase(started, "reads on the replica");
    s.reads_run_on_the_replica().await;
    s.row_security_holds_on_the_replica().await;
    phase(started, "read-your-writes");
    s.a_write_reads_back_through_the_primary_while_replay_is_paused()
        .await;
    phase(started, "lag bound");
    let tight = s.past_the_lag_bound_the_primary_answers().await;
    phase(started, "replay resumed");
    s.once_replayed_the_replica_answers_again(&tight).await;
    tight.close().await.ok();
    phase(started, "stopping the replica");
    s.stopping_the_replica_loses_no_call().await;
    phase(started, "replica gone");
    s.with_the_replica_gone_the_primary_answers().await;
    s.close().await;
    drop(role);
    phase(started, "done");
}

/// The servers and the users of the scenario: `db` is the application's, as its role, reading
/// from the replica with a lag bound of 5 s; the admin connections look at each server.
struct Scenario {
    replica: Replica,
    replica_admin: DatabaseConnection,
    primary_admin: DatabaseConnection,
    app_url: String,
    db: Db,
    alice: Actor,
    bob: Actor,
}

impl Scenario {
    async fn connect(
        t: &TestDb,
        role: &LoginRole,
        replica: Replica,
        (alice, bob): (Actor, Actor),
    ) -> Self {
        let replica_admin = Database::connect(replica.url(&t.url))
            .await
            .expect("connect to the replica");
        let app_url = role.url(t);
        let db = connect(&app_url, &replica.url(&app_url), Duration::from_secs(5)).await;
        Self {
            primary_admin: t.db.primary().clone(),
            replica_admin,
            db,
            app_url,
            replica,
            alice,
            bob,
        }
    }

    /// Closes the application's pool, then stops and removes the replica.
    async fn close(self) {
        self.db.close().await.ok();
        drop(self.replica);
    }

    /// A `Db` of the application's reading from the replica, with the lag bound `max_lag`.
    async fn with_lag_bound(&self, max_lag: Duration) -> Db {
        connect(&self.app_url, &self.replica.url(&self.app_url), max_lag).await
    }

    async fn now(&self) -> String {
        now(&self.primary_admin).await
    }

    /// Asserts that the reads acting as `actor` since `since` ran on the replica (`true`) or
    /// the primary, and not on the other.
    async fn assert_ran_on(&self, (actor, since): (Actor, &str), on_replica: bool, what: &str) {
        let r = ran_for(&self.replica_admin, actor, since).await;
        let p = ran_for(&self.primary_admin, actor, since).await;
        let (expected, other) = if on_replica { (r, p) } else { (p, r) };
        assert!(
            expected >= 1 && other == 0,
            "{what}: expected the read on the {}; connections that ran it: replica {r}, primary {p}",
            if on_replica { "replica" } else { "primary" }
        );
    }

    /// Reads land on the replica, as the application's role, once it has replayed the writes.
    async fn reads_run_on_the_replica(&self) {
        new_list(&self.db, self.bob, "bob's").await;
        new_list(&self.db, self.alice, "alice's").await;
        within_20s("alice's list was never read on the replica", async || {
            let since = self.now().await;
            let read = names(&self.db, self.alice).await == ["alice's"]
                && ran_for(&self.replica_admin, self.alice, &since).await > 0;
            if read {
                self.assert_ran_on((self.alice, &since), true, "a list")
                    .await;
            }
            read
        })
        .await;
    }

    /// A raw read on the replica sees alice's rows only, where the superuser sees both lists.
    async fn row_security_holds_on_the_replica(&self) {
        let since = self.now().await;
        let read = service::acting::read(&self.db, Some(self.alice))
            .await
            .expect("a read");
        let owners: Vec<Uuid> = read
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT user_id FROM shopping_lists",
            ))
            .await
            .expect("read every list the policies show")
            .iter()
            .map(|row| row.try_get_by_index(0).expect("a user id"))
            .collect();
        assert_eq!(
            owners,
            [self.alice.id()],
            "row-level security on the replica: alice sees her rows only"
        );
        self.assert_ran_on((self.alice, &since), true, "a raw read")
            .await;
        let everyone = self
            .replica_admin
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT count(*) FROM shopping_lists",
            ))
            .await
            .expect("count as the superuser");
        assert_eq!(everyone[0].try_get_by_index::<i64>(0).ok(), Some(2));
    }

    /// A write is read back at once through the primary, and through the replica once replayed
    /// (replay paused first, so that the replica's answer is visibly its own). Leaves replay
    /// paused.
    async fn a_write_reads_back_through_the_primary_while_replay_is_paused(&self) {
        sql(&self.replica_admin, "SELECT pg_wal_replay_pause()").await;
        new_list(&self.db, self.alice, "after the pause").await;
        let since = self.now().await;
        assert_eq!(
            names(&self.db, self.alice).await,
            ["alice's"],
            "the replica, paused, does not have the new list yet"
        );
        self.assert_ran_on((self.alice, &since), true, "a lagging read")
            .await;
        let since = self.now().await;
        let fresh = names(&self.db.primary_reads(), self.alice).await;
        assert!(
            fresh.contains(&"after the pause".to_owned()),
            "primary_reads reads the write at once: {fresh:?}"
        );
        self.assert_ran_on((self.alice, &since), false, "primary_reads")
            .await;
    }

    /// Past the lag bound the replica is skipped: with replay still paused, a `Db` whose bound
    /// is 300 ms reads the new list (only the primary has it) once 300 ms have passed; a bound
    /// of 0 never uses a replica. The `Db` with the 300 ms bound.
    async fn past_the_lag_bound_the_primary_answers(&self) -> Db {
        let tight = self.with_lag_bound(Duration::from_millis(300)).await;
        let never = self.with_lag_bound(Duration::ZERO).await;
        new_list(&self.db, self.bob, "bob's second").await;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let both = ["bob's", "bob's second"];
        let since = self.now().await;
        assert_eq!(sorted(names(&tight, self.bob).await), both);
        self.assert_ran_on((self.bob, &since), false, "past the bound")
            .await;
        let since = self.now().await;
        assert_eq!(sorted(names(&never, self.bob).await), both);
        self.assert_ran_on((self.bob, &since), false, "a bound of 0")
            .await;
        never.close().await.ok();
        tight
    }

    /// Replay resumed, the replica answers with the replayed write, and the tight bound's
    /// replica is back too.
    async fn once_replayed_the_replica_answers_again(&self, tight: &Db) {
        sql(&self.replica_admin, "SELECT pg_wal_replay_resume()").await;
        let message = "the replica never answered with the replayed write";
        within_20s(message, async || {
            let since = self.now().await;
            names(&self.db, self.alice)
                .await
                .contains(&"after the pause".to_owned())
                && ran_for(&self.replica_admin, self.alice, &since).await > 0
        })
        .await;
        let message = "the tight bound never took the replica back";
        within_20s(message, async || {
            let since = self.now().await;
            names(tight, self.bob).await;
            ran_for(&self.replica_admin, self.bob, &since).await > 0
        })
        .await;
    }

    /// Stopping the replica mid-run loses no call: reads and writes go on while it crashes.
    async fn stopping_the_replica_loses_no_call(&self) {
        let since = self.now().await;
        let (alice, bob) = (self.alice, self.bob);
        let callers = [
            calls_for_4s(&self.db, alice, false),
            calls_for_4s(&self.db, bob, false),
            calls_for_4s(&self.db, alice, true),
        ];
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert!(
            ran_for(&self.replica_admin, bob, &since).await > 0,
            "the replica answered reads until it stopped"
        );
        let (bin, dir) = (self.replica.bin.clone(), self.replica.dir.clone());
        tokio::task::spawn_blocking(move || server::crash(&bin, &dir))
            .await
            .expect("stop the replica")
            .expect("stop the replica");
        for task in callers {
            let done = task
                .await
                .expect("a task")
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(done > 0, "no call completed");
        }
    }

    /// With the replica gone, the primary answers, so a write is read back at once.
    async fn with_the_replica_gone_the_primary_answers(&self) {
        new_list(&self.db, self.alice, "after the stop").await;
        let since = self.now().await;
        assert!(
            names(&self.db, self.alice)
                .await
                .contains(&"after the stop".to_owned())
        );
        assert!(
            ran_for(&self.primary_admin, self.alice, &since).await > 0,
            "with the replica down, the primary answers"
        );
    }
}

/// Tries `attempt` every 50 ms until it says it succeeded, failing with `what` after 20 s.
async fn within_20s(what: &str, mut attempt: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !attempt().await {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A task making calls as `who` for 4 s, each a read, after a write when `writes`: how many
/// it made, or the first failure.
fn calls_for_4s(db: &Db, who: Actor, writes: bool) -> JoinHandle<Result<usize, String>> {
    let db = db.clone();
    tokio::spawn(async move {
        let until = Instant::now() + Duration::from_secs(4);
        let mut done = 0;
        while Instant::now() < until {
            if writes {
                let created = shopping::create_shopping_list(
                    &db,
                    who,
                    NewShoppingList {
                        name: format!("during the stop {done}"),
                        id: None,
                    },
                )
                .await;
                if let Err(e) = created {
                    return Err(format!("a write failed: {e}"));
                }
            }
            if let Err(e) = shopping::list_shopping_lists(&db, who).await {
                return Err(format!("a read failed: {e}"));
            }
            done += 1;
        }
        Ok(done)
    })
}
