//! Read replicas (PostgreSQL): the pools of `DATABASE_READ_URL`, which of them may answer a
//! read now, and what happens when one goes away.
//!
//! A replica answers a read only while it is known to be no more than the lag bound
//! (`DATABASE_READ_MAX_LAG_MS`) behind the primary. The lag is measured in WAL positions, not
//! with `now() - pg_last_xact_replay_timestamp()`: that grows on a replica of an idle primary
//! (no new transaction to replay, so the last one gets older), and would send every read to the
//! primary exactly when nothing is happening. Instead a check reads the primary's WAL position
//! `P` (`pg_current_wal_lsn()`, at instant `T`) and then the replica's replayed position `R`
//! (`pg_last_wal_replay_lsn()`). When `R >= P`, everything committed on the primary before `T`
//! is visible on the replica, whatever happens to its replay afterwards: a read there at any
//! instant `t` misses at most the commits of the last `t - T`. So the replica may answer until
//! `T + bound`. When `R < P`, the latest earlier sample `(T', P')` with `P' <= R` gives
//! `T' + bound` the same way (none: not usable). The verdict is sound between checks too: it
//! assumes nothing about how fast the replica replays.
//!
//! No read waits for a check: a read that finds the last check older than the check interval
//! (a quarter of the bound, at most 1 s) starts one in the background and goes by the verdict
//! it has. Each check is two tiny queries (one on the primary, one on the replica), at most one
//! in flight per replica.
//!
//! A read that fails on a replica because the replica is unavailable (connection refused or
//! lost, the server shutting down, no connection free within `DATABASE_READ_TIMEOUT_MS`, a
//! query cancelled by a conflict with recovery) is sent again at once to the primary: a read
//! applies nothing, so sending it twice is safe. The replica is then skipped until a check
//! finds it back.
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{DatabaseConnection, DbErr};

/// The longest time between two checks of a replica.
const MAX_CHECK_INTERVAL: Duration = Duration::from_secs(1);
/// The shortest (for a small bound).
const MIN_CHECK_INTERVAL: Duration = Duration::from_millis(20);
/// A check still under way after this is taken for lost, and another starts.
const ABANDONED_CHECK: Duration = Duration::from_secs(30);

/// The replicas' pools and what is known of each. Cheap to clone (the pools and the health
/// are shared).
#[derive(Clone, Debug)]
pub(crate) struct Replicas {
    /// The pools reads use, one per replica.
    pub(crate) pools: Vec<DatabaseConnection>,
    /// One connection per replica, and one to the primary, for the checks only: a check never
    /// waits behind reads for a connection, and a read's connection shows on the server
    /// (`pg_stat_activity.query`) the read it last ran, not a check.
    probes: Vec<DatabaseConnection>,
    primary_probe: DatabaseConnection,
    health: Arc<Health>,
}

#[derive(Debug)]
struct Health {
    max_lag: Duration,
    /// Where the round robin starts next.
    next: AtomicUsize,
    states: Vec<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    /// Until when this replica may answer reads (see the module's docs). `None`: not now.
    usable_until: Option<Instant>,
    /// When the last check started (`None`: never).
    checked_at: Option<Instant>,
    /// A check is under way.
    checking: bool,
    /// The primary's WAL positions sampled by this replica's recent checks, oldest first.
    samples: VecDeque<(Instant, i64)>,
}

/// The replica chosen for one read.
pub(crate) struct Pick<'a> {
    replicas: &'a Replicas,
    index: usize,
}

impl Pick<'_> {
    pub(crate) fn pool(&self) -> &DatabaseConnection {
        &self.replicas.pools[self.index]
    }

    /// The read failed with `err`: whether to send it to the primary instead (and, when the
    /// replica itself is in doubt, skip it until a check finds it back).
    pub(crate) fn failed(&self, err: &DbErr) -> bool {
        let Some(failure) = classify(err) else {
            return false;
        };
        if failure == Failure::Down
            && let Ok(mut state) = self.replicas.health.states[self.index].lock()
        {
            state.usable_until = None;
            state.checked_at = Some(Instant::now());
        }
        true
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Failure {
    /// The replica cannot be reached or is going away.
    Down,
    /// This one query was cancelled (a conflict with recovery); the replica is fine.
    Cancelled,
}

/// Whether a replica's failure `err` is the replica's (the read goes to the primary) rather
/// than the read's own (an error the primary would give too).
fn classify(err: &DbErr) -> Option<Failure> {
    use crate::Unavailable;
    match Unavailable::of(err) {
        // A conflict with recovery cancels a replica's query with a serialization failure.
        Some(Unavailable::Contention) => return Some(Failure::Cancelled),
        // A read that ran past `statement_timeout` would only do so again on the primary.
        Some(Unavailable::TimedOut) | None => {}
        Some(_) => return Some(Failure::Down),
    }
    // Classes the availability taxonomy leaves out, which on a replica mean the replica is not
    // (yet) the primary's copy: an unknown database (not replayed yet), a refused login (a
    // role not replayed yet), an operator's intervention (`57P04`, the database dropped).
    let code = sqlstate(err)?;
    if code.starts_with("3D") || code.starts_with("28") || code.starts_with("57") {
        return Some(Failure::Down);
    }
    None
}

fn sqlstate(err: &DbErr) -> Option<String> {
    let (DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    e.as_database_error()
        .and_then(|d| d.code())
        .map(|c| c.into_owned())
}

impl Replicas {
    pub(crate) fn new(
        pools: Vec<DatabaseConnection>,
        probes: Vec<DatabaseConnection>,
        primary_probe: DatabaseConnection,
        max_lag: Duration,
    ) -> Self {
        let states = pools.iter().map(|_| Mutex::new(State::default())).collect();
        Self {
            pools,
            probes,
            primary_probe,
            health: Arc::new(Health {
                max_lag,
                next: AtomicUsize::new(0),
                states,
            }),
        }
    }

    fn check_interval(&self) -> Duration {
        (self.health.max_lag / 4).clamp(MIN_CHECK_INTERVAL, MAX_CHECK_INTERVAL)
    }

    /// A replica that may answer a read now, taken round-robin among those that may; `None`:
    /// the primary answers. Starts a check of each replica whose last one is old (in the
    /// background: no read waits for it).
    pub(crate) fn pick(&self) -> Option<Pick<'_>> {
        if self.health.max_lag.is_zero() {
            // No replica can be proven zero behind: the bound sends every read to the primary.
            return None;
        }
        let now = Instant::now();
        let count = self.pools.len();
        let start = self.health.next.fetch_add(1, Ordering::Relaxed);
        let mut chosen = None;
        for offset in 0..count {
            let index = (start + offset) % count;
            let Ok(mut state) = self.health.states[index].lock() else {
                continue;
            };
            let since = state.checked_at.map(|at| now.duration_since(at));
            let due = since.is_none_or(|since| since >= self.check_interval());
            // A check whose task was dropped (its runtime ended first) never clears the flag.
            let abandoned = since.is_some_and(|since| since >= ABANDONED_CHECK);
            if due && (!state.checking || abandoned) {
                state.checking = true;
                state.checked_at = Some(now);
                self.spawn_check(index);
            }
            if chosen.is_none() && state.usable_until.is_some_and(|until| now < until) {
                chosen = Some(index);
            }
        }
        chosen.map(|index| Pick {
            replicas: self,
            index,
        })
    }

    /// Checks every replica now and waits for the answers (at connect, so that reads can use
    /// the replicas from the first one on).
    pub(crate) async fn check_all(&self) {
        if self.health.max_lag.is_zero() {
            return;
        }
        for index in 0..self.pools.len() {
            if let Ok(mut state) = self.health.states[index].lock() {
                state.checking = true;
                state.checked_at = Some(Instant::now());
            }
            check(self.clone(), index).await;
        }
    }

    fn spawn_check(&self, index: usize) {
        let replicas = self.clone();
        // Dropped with the runtime if it ends first: a check only updates this verdict.
        tokio::spawn(check(replicas, index));
    }

    pub(crate) async fn close(self) -> Result<(), DbErr> {
        for pool in self.pools.into_iter().chain(self.probes) {
            pool.close().await?;
        }
        self.primary_probe.close().await
    }
}

/// One check of replica `index` (see the module's docs).
async fn check(replicas: Replicas, index: usize) {
    let max_lag = replicas.health.max_lag;
    let sampled_at = Instant::now();
    let primary_lsn = primary_position(&replicas.primary_probe).await;
    let replayed = match primary_lsn {
        Ok(_) => replayed_position(&replicas.probes[index]).await,
        Err(_) => Ok(None),
    };
    let Ok(mut state) = replicas.health.states[index].lock() else {
        return;
    };
    state.checking = false;
    let now = Instant::now();
    match (primary_lsn, replayed) {
        // The primary did not answer: nothing new is known, and the verdict runs out on its own.
        (Err(_), _) => {}
        (Ok(lsn), Ok(Some(replayed))) => {
            state.samples.push_back((sampled_at, lsn));
            // A sample older than the bound can only give a time already past.
            while state
                .samples
                .front()
                .is_some_and(|(at, _)| now.duration_since(*at) > max_lag)
            {
                state.samples.pop_front();
            }
            let until = state
                .samples
                .iter()
                .filter(|(_, position)| *position <= replayed)
                .map(|(at, _)| *at + max_lag)
                .max();
            state.usable_until = until.max(state.usable_until);
        }
        // Unreachable, or not a replica (not in recovery: a promoted or unrelated server
        // whose data may differ from the primary's).
        (Ok(_), _) => state.usable_until = None,
    }
}

#[cfg(feature = "postgres")]
async fn primary_position(primary: &DatabaseConnection) -> Result<i64, sea_orm::sqlx::Error> {
    sea_orm::sqlx::query_scalar("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::int8")
        .fetch_one(primary.get_postgres_connection_pool())
        .await
}

/// The replica's replayed WAL position; `None` when it is not in recovery.
#[cfg(feature = "postgres")]
async fn replayed_position(replica: &DatabaseConnection) -> Result<Option<i64>, ()> {
    sea_orm::sqlx::query_scalar(
        "SELECT CASE WHEN pg_is_in_recovery() \
         THEN (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::int8 END",
    )
    .fetch_one(replica.get_postgres_connection_pool())
    .await
    .map_err(|_| ())
}

#[cfg(not(feature = "postgres"))]
async fn primary_position(_: &DatabaseConnection) -> Result<i64, ()> {
    Err(())
}

#[cfg(not(feature = "postgres"))]
async fn replayed_position(_: &DatabaseConnection) -> Result<Option<i64>, ()> {
    Err(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ConnAcquireErr;

    #[test]
    fn a_replica_that_is_away_sends_the_read_to_the_primary() {
        let timeout = DbErr::ConnectionAcquire(ConnAcquireErr::Timeout);
        assert_eq!(classify(&timeout), Some(Failure::Down));
        let closed = DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed);
        assert_eq!(classify(&closed), Some(Failure::Down));
        // The read's own error is the caller's, as the primary would give it.
        assert_eq!(classify(&DbErr::RecordNotFound("x".into())), None);
    }
}
