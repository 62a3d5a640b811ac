//! Read replicas (issue 19), against a real streaming replica made for the test: a copy of the
//! `TEST_POSTGRES_URL` cluster (`pg_basebackup -R`, with a replication slot so the primary keeps
//! the WAL it needs) started on a free port, stopped and removed at the end however the test
//! ends.
//!
//! Which server ran a read is checked on the servers: a pooled connection's
//! `pg_stat_activity.query` is the last message it ran, and a service read's message names its
//! acting user (`SET LOCAL app.current_user_id = '<id>'`). The replicas' health checks use
//! connections of their own, so they never overwrite it.
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use service::shopping::{self, NewShoppingList};
use service::{Actor, Db, PoolConfig};
use uuid::Uuid;

use crate::harness::{LoginRole, TestDb, admin_sql_from_drop, verified_user};

postgres_only!(replicas);

/// A streaming replica of the `TEST_POSTGRES_URL` cluster, for one test.
struct Replica {
    admin_url: String,
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    slot: String,
}

/// Runs `program args` as the `postgres` OS user (the server refuses to run as root, and its
/// data directory must be its own).
fn as_postgres(program: &std::path::Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(program)
        .args(args)
        .output()
        .map_err(|e| format!("run {}: {e}", program.display()))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{} {args:?}: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `url` with its port changed to `port`.
fn on_port(url: &str, port: u16) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (login, server) = rest
        .rsplit_once('@')
        .map_or((String::new(), rest), |(l, s)| (format!("{l}@"), s));
    let (host_port, path) = server.split_once('/').unwrap_or((server, ""));
    let host = host_port.rsplit_once(':').map_or(host_port, |(h, _)| h);
    format!("{scheme}://{login}{host}:{port}/{path}")
}

/// The slots of earlier runs that died before their guard dropped them (named after the
/// test's process id): a leftover slot would keep WAL on the primary forever.
async fn drop_stale_slots(admin: &DatabaseConnection) {
    let rows = admin
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT slot_name FROM pg_replication_slots \
             WHERE slot_name LIKE 'es\\_test\\_replica\\_%' AND NOT active",
        ))
        .await
        .expect("list replication slots");
    for row in rows {
        let name: String = row.try_get_by_index(0).expect("a slot name");
        let pid = name.split('_').nth(3).unwrap_or_default();
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = admin
                .execute_unprepared(&format!("SELECT pg_drop_replication_slot('{name}')"))
                .await;
        }
    }
}

impl Replica {
    async fn start(admin_url: &str) -> Self {
        let admin = Database::connect(admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        drop_stale_slots(&admin).await;
        let settings = admin
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT name, setting FROM pg_settings WHERE name IN ('server_version_num', \
                 'max_connections', 'max_worker_processes', 'max_wal_senders', \
                 'max_prepared_transactions', 'max_locks_per_transaction')",
            ))
            .await
            .expect("read the primary's settings");
        admin.close().await.ok();
        let mut conf = String::new();
        let mut version = 0;
        for row in settings {
            let name: String = row.try_get_by_index(0).expect("a name");
            let value: String = row.try_get_by_index(1).expect("a value");
            if name == "server_version_num" {
                version = value.parse::<u32>().expect("a version number") / 10000;
            } else {
                // A hot standby needs these at least as high as the primary's.
                conf.push_str(&format!("{name} = {value}\n"));
            }
        }
        let bin = PathBuf::from(format!("/usr/lib/postgresql/{version}/bin"));
        assert!(
            bin.join("pg_basebackup").exists(),
            "no PostgreSQL {version} server binaries in {}",
            bin.display()
        );
        let tag = format!(
            "{}_{}",
            std::process::id(),
            &Uuid::new_v4().simple().to_string()[..8]
        );
        let port = free_port();
        // Under /tmp, not TMPDIR (CI's is root's alone): the server runs as `postgres`.
        let replica = Self {
            admin_url: admin_url.to_owned(),
            bin,
            dir: PathBuf::from(format!("/tmp/es-replica-{tag}")),
            port,
            slot: format!("es_test_replica_{tag}"),
        };
        let dir = replica.dir.display().to_string();
        if let Err(e) = as_postgres(
            &replica.bin.join("pg_basebackup"),
            &[
                "-d",
                admin_url,
                "-D",
                &dir,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "-C",
                "-S",
                &replica.slot,
                // A throwaway copy: no fsync of every file, no manifest and its checksums.
                "--no-sync",
                "--no-manifest",
            ],
        ) {
            if e.contains("pg_hba.conf") {
                panic!(
                    "the server at TEST_POSTGRES_URL does not admit replication connections \
                     from 127.0.0.1: add `host replication all 127.0.0.1/32 <method>` to its \
                     pg_hba.conf and reload (.ci/run does this). {e}"
                );
            }
            panic!("make the replica: {e}");
        }
        // Debian keeps the configuration outside the data directory, so the copy has none.
        conf.push_str(&format!(
            "listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '/tmp'\n\
             shared_buffers = 16MB\nhot_standby = on\nfsync = off\n"
        ));
        let files = [
            ("postgresql.conf", conf.as_str()),
            (
                "pg_hba.conf",
                "local all all trust\nhost all all 127.0.0.1/32 trust\n",
            ),
            ("pg_ident.conf", ""),
        ];
        for (name, text) in files {
            let path = replica.dir.join(name);
            std::fs::write(&path, text).expect("write the replica's configuration");
            let chowned = Command::new("chown")
                .arg("postgres:postgres")
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success());
            assert!(chowned, "chown {}", path.display());
        }
        let log = replica.dir.join("server.log").display().to_string();
        as_postgres(
            &replica.bin.join("pg_ctl"),
            &["-D", &dir, "-l", &log, "-w", "-t", "60", "start"],
        )
        .unwrap_or_else(|e| {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            panic!("start the replica: {e}\n{log}")
        });
        replica
    }

    fn url(&self, url: &str) -> String {
        on_port(url, self.port)
    }

    /// Stops the server at once, as a crash would (`-m immediate`).
    fn crash(&self) -> Result<String, String> {
        let dir = self.dir.display().to_string();
        as_postgres(
            &self.bin.join("pg_ctl"),
            &["-D", &dir, "-m", "immediate", "-w", "stop"],
        )
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        if self.dir.join("postmaster.pid").exists() {
            let _ = self.crash();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        // The walsender may take a moment to notice that its replica is gone.
        let drop = format!(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots \
             WHERE slot_name = '{}' AND NOT active",
            self.slot
        );
        let gone = format!(
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '{}') \
             THEN RAISE EXCEPTION 'still there'; END IF; END $$",
            self.slot
        );
        for _ in 0..50 {
            admin_sql_from_drop(&self.admin_url, &drop);
            if admin_sql_from_drop(&self.admin_url, &gone) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!("warning: could not drop the replication slot {}", self.slot);
    }
}

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

/// Asserts that the reads acting as `actor` since `since` ran on the replica (`true`) or the
/// primary, and not on the other.
async fn assert_ran_on(
    replica: &DatabaseConnection,
    primary: &DatabaseConnection,
    (actor, since): (Actor, &str),
    on_replica: bool,
    what: &str,
) {
    let r = ran_for(replica, actor, since).await;
    let p = ran_for(primary, actor, since).await;
    let (expected, other) = if on_replica { (r, p) } else { (p, r) };
    assert!(
        expected >= 1 && other == 0,
        "{what}: expected the read on the {}; connections that ran it: replica {r}, primary {p}",
        if on_replica { "replica" } else { "primary" }
    );
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

    let replica_admin = Database::connect(replica.url(&t.url))
        .await
        .expect("connect to the replica");
    let primary_admin = t.db.primary().clone();
    let app_url = role.url(t);
    let db = connect(&app_url, &replica.url(&app_url), Duration::from_secs(5)).await;

    phase(started, "reads on the replica");
    // Reads land on the replica, as the application's role, under row-level security.
    new_list(&db, bob, "bob's").await;
    new_list(&db, alice, "alice's").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let since = now(&primary_admin).await;
        if names(&db, alice).await == ["alice's"]
            && ran_for(&replica_admin, alice, &since).await > 0
        {
            assert_ran_on(
                &replica_admin,
                &primary_admin,
                (alice, &since),
                true,
                "a list",
            )
            .await;
            break;
        }
        assert!(
            Instant::now() < deadline,
            "alice's list was never read on the replica"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let since = now(&primary_admin).await;
    let read = service::acting::read(&db, Some(alice))
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
        [alice.id()],
        "row-level security on the replica: alice sees her rows only"
    );
    assert_ran_on(
        &replica_admin,
        &primary_admin,
        (alice, &since),
        true,
        "a raw read",
    )
    .await;
    let everyone = replica_admin
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT count(*) FROM shopping_lists",
        ))
        .await
        .expect("count as the superuser");
    assert_eq!(everyone[0].try_get_by_index::<i64>(0).ok(), Some(2));

    phase(started, "read-your-writes");
    // A write is read back at once through the primary, and through the replica once replayed
    // (replay paused first, so that the replica's answer is visibly its own).
    sql(&replica_admin, "SELECT pg_wal_replay_pause()").await;
    new_list(&db, alice, "after the pause").await;
    let since = now(&primary_admin).await;
    assert_eq!(
        names(&db, alice).await,
        ["alice's"],
        "the replica, paused, does not have the new list yet"
    );
    assert_ran_on(
        &replica_admin,
        &primary_admin,
        (alice, &since),
        true,
        "a lagging read",
    )
    .await;
    let since = now(&primary_admin).await;
    let fresh = names(&db.primary_reads(), alice).await;
    assert!(
        fresh.contains(&"after the pause".to_owned()),
        "primary_reads reads the write at once: {fresh:?}"
    );
    assert_ran_on(
        &replica_admin,
        &primary_admin,
        (alice, &since),
        false,
        "primary_reads",
    )
    .await;

    phase(started, "lag bound");
    // Past the lag bound the replica is skipped: with replay still paused, a `Db` whose bound
    // is 300 ms reads the new list (only the primary has it) once 300 ms have passed; a bound
    // of 0 never uses a replica.
    let tight = connect(&app_url, &replica.url(&app_url), Duration::from_millis(300)).await;
    let never = connect(&app_url, &replica.url(&app_url), Duration::ZERO).await;
    new_list(&db, bob, "bob's second").await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let both = ["bob's", "bob's second"];
    let since = now(&primary_admin).await;
    assert_eq!(sorted(names(&tight, bob).await), both);
    assert_ran_on(
        &replica_admin,
        &primary_admin,
        (bob, &since),
        false,
        "past the bound",
    )
    .await;
    let since = now(&primary_admin).await;
    assert_eq!(sorted(names(&never, bob).await), both);
    assert_ran_on(
        &replica_admin,
        &primary_admin,
        (bob, &since),
        false,
        "a bound of 0",
    )
    .await;
    never.close().await.ok();

    phase(started, "replay resumed");
    sql(&replica_admin, "SELECT pg_wal_replay_resume()").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let since = now(&primary_admin).await;
        if names(&db, alice)
            .await
            .contains(&"after the pause".to_owned())
            && ran_for(&replica_admin, alice, &since).await > 0
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the replica never answered with the replayed write"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    phase(started, "tight bound back");
    // The tight bound's replica is back too once replayed.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let since = now(&primary_admin).await;
        names(&tight, bob).await;
        if ran_for(&replica_admin, bob, &since).await > 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the tight bound never took the replica back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tight.close().await.ok();

    phase(started, "stopping the replica");
    // Stopping the replica mid-run loses no call: reads and writes go on while it crashes.
    let calls = |who: Actor, writes: bool| {
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
    };
    let since = now(&primary_admin).await;
    let readers = [calls(alice, false), calls(bob, false), calls(alice, true)];
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        ran_for(&replica_admin, bob, &since).await > 0,
        "the replica answered reads until it stopped"
    );
    let stopped = tokio::task::spawn_blocking({
        let bin = replica.bin.clone();
        let dir = replica.dir.display().to_string();
        move || {
            as_postgres(
                &bin.join("pg_ctl"),
                &["-D", &dir, "-m", "immediate", "-w", "stop"],
            )
        }
    })
    .await
    .expect("stop the replica");
    stopped.expect("stop the replica");
    for task in readers {
        let done = task
            .await
            .expect("a task")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(done > 0, "no call completed");
    }
    phase(started, "replica gone");
    // With the replica gone, the primary answers, so a write is read back at once.
    new_list(&db, alice, "after the stop").await;
    let since = now(&primary_admin).await;
    assert!(
        names(&db, alice)
            .await
            .contains(&"after the stop".to_owned())
    );
    assert!(
        ran_for(&primary_admin, alice, &since).await > 0,
        "with the replica down, the primary answers"
    );
    db.close().await.ok();
    drop(replica);
    drop(role);
    phase(started, "done");
}

/// `DATABASE_READ_URL` on SQLite is refused, not ignored: a SQLite file has no replicas.
#[tokio::test]
async fn read_urls_on_sqlite_are_refused() {
    let path = std::env::temp_dir().join(format!("eatsential-replicas-{}.db", Uuid::new_v4()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let refused = service::connect_with(
        &url,
        &PoolConfig {
            read_urls: vec!["postgres://127.0.0.1:1/x".into()],
            ..PoolConfig::default()
        },
    )
    .await;
    assert!(
        matches!(refused, Err(service::Error::Config(_))),
        "{refused:?}"
    );
    let _ = std::fs::remove_file(&path);
}

/// The variables, as `connect` reads them.
#[test]
fn read_variables() {
    let vars = |name: &str| match name {
        "DATABASE_READ_URL" => Some(" postgres://a/x, postgres://b/x ,".to_owned()),
        "DATABASE_READ_MAX_LAG_MS" => Some("250".to_owned()),
        _ => None,
    };
    let config = PoolConfig::from_lookup(vars).expect("parse");
    assert_eq!(config.read_urls, ["postgres://a/x", "postgres://b/x"]);
    assert_eq!(config.read_max_lag, Duration::from_millis(250));
    assert_eq!(config.read_timeout, Duration::from_secs(1));
    let defaults = PoolConfig::from_lookup(|_| None).expect("parse");
    assert!(defaults.read_urls.is_empty());
    assert_eq!(defaults.read_max_lag, Duration::from_secs(5));
    assert!(!format!("{config:?}").contains("postgres://"));
    assert!(
        PoolConfig::from_lookup(|n| (n == "DATABASE_READ_MAX_LAG_MS").then(|| "soon".into()))
            .is_err()
    );
}
