//! A streaming replica of the `TEST_POSTGRES_URL` cluster, made for one test: a copy
//! (`pg_basebackup -R`, with a replication slot so the primary keeps the WAL it needs) started
//! on a free port, stopped and removed, with its slot, when its guard goes.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use uuid::Uuid;

use crate::harness::admin_sql_from_drop;

/// A streaming replica of the `TEST_POSTGRES_URL` cluster, for one test.
pub(super) struct Replica {
    admin_url: String,
    pub(super) bin: PathBuf,
    pub(super) dir: PathBuf,
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
    pub(super) async fn start(admin_url: &str) -> Self {
        let (version, conf) = primary_settings(admin_url).await;
        let replica = Self::named(admin_url, server_binaries(version));
        replica.base_backup();
        replica.write_configuration(conf);
        replica.start_server();
        replica
    }

    /// A replica not made yet: its binaries, and a directory, port and slot of its own.
    fn named(admin_url: &str, bin: PathBuf) -> Self {
        let tag = format!(
            "{}_{}",
            std::process::id(),
            &Uuid::new_v4().simple().to_string()[..8]
        );
        // Under /tmp, not TMPDIR (CI's is root's alone): the server runs as `postgres`.
        Self {
            admin_url: admin_url.to_owned(),
            bin,
            dir: PathBuf::from(format!("/tmp/es-replica-{tag}")),
            port: free_port(),
            slot: format!("es_test_replica_{tag}"),
        }
    }

    /// The copy of the primary, with its replication slot.
    fn base_backup(&self) {
        let dir = self.dir.display().to_string();
        if let Err(e) = as_postgres(
            &self.bin.join("pg_basebackup"),
            &[
                "-d",
                &self.admin_url,
                "-D",
                &dir,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "-C",
                "-S",
                &self.slot,
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
    }

    /// The copy's configuration files: `conf` (the primary's limits) and this replica's own
    /// settings. Debian keeps the configuration outside the data directory, so the copy has
    /// none.
    fn write_configuration(&self, mut conf: String) {
        conf.push_str(&format!(
            "listen_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '/tmp'\n\
             shared_buffers = 16MB\nhot_standby = on\nfsync = off\n",
            self.port
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
            let path = self.dir.join(name);
            std::fs::write(&path, text).expect("write the replica's configuration");
            let chowned = Command::new("chown")
                .arg("postgres:postgres")
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success());
            assert!(chowned, "chown {}", path.display());
        }
    }

    fn start_server(&self) {
        let dir = self.dir.display().to_string();
        let log = self.dir.join("server.log").display().to_string();
        as_postgres(
            &self.bin.join("pg_ctl"),
            &["-D", &dir, "-l", &log, "-w", "-t", "60", "start"],
        )
        .unwrap_or_else(|e| {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            panic!("start the replica: {e}\n{log}")
        });
    }

    pub(super) fn url(&self, url: &str) -> String {
        on_port(url, self.port)
    }

    fn crash(&self) -> Result<String, String> {
        crash(&self.bin, &self.dir)
    }
}

/// Stops the server of data directory `dir` at once, as a crash would (`-m immediate`).
pub(super) fn crash(bin: &Path, dir: &Path) -> Result<String, String> {
    let dir = dir.display().to_string();
    as_postgres(
        &bin.join("pg_ctl"),
        &["-D", &dir, "-m", "immediate", "-w", "stop"],
    )
}

/// The primary's major version, and the settings a hot standby needs at least as high as the
/// primary's, as configuration lines. Drops the slots earlier runs left on the way.
async fn primary_settings(admin_url: &str) -> (u32, String) {
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
            conf.push_str(&format!("{name} = {value}\n"));
        }
    }
    (version, conf)
}

/// Debian's directory of the PostgreSQL `version` server binaries.
fn server_binaries(version: u32) -> PathBuf {
    let bin = PathBuf::from(format!("/usr/lib/postgresql/{version}/bin"));
    assert!(
        bin.join("pg_basebackup").exists(),
        "no PostgreSQL {version} server binaries in {}",
        bin.display()
    );
    bin
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
