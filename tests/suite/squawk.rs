//! The PostgreSQL lint of the migrations (issue 19; `migration::lint`): every migration runs, one
//! at a time, on a scratch database through a proxy that records each statement the client
//! sends; each migration's statements go to `<target>/squawk/<migration>.sql`, headed by the
//! migration's exceptions, and squawk must find nothing in them. An exception squawk no longer
//! needs fails the test too.
//!
//! squawk is the one in `SQUAWK` (a path) or on `PATH`; `bash .ci/squawk` installs it and runs
//! this test. Without squawk the files are still written, and the lint says it is skipped
//! (which CI refuses).
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use migration::lint::{SQUAWK_ARGS, exceptions, ignore_header};
use migration::portable::{Index, Online};
use migration::tables::{RECOMMENDATIONS, USERS};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use sea_orm_migration::prelude::{ForeignKeyAction, SchemaManager};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::harness::{admin_sql_from_drop, notice};

type Log = Arc<Mutex<Vec<String>>>;

/// PostgreSQL's SSLRequest and GSSENCRequest codes: the proxy answers "no" itself, so the rest
/// of the conversation is plain text it can read.
const SSL_REQUEST: u32 = 80_877_103;
const GSSENC_REQUEST: u32 = 80_877_104;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
        if std::env::var("TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("TEST_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set");
        }
        notice("SKIPPED squawk::postgres: TEST_POSTGRES_URL is not set");
        return;
    };
    let files = capture(&admin_url).await;
    let Some(squawk) = squawk_binary() else {
        panic_or_skip(&files);
        return;
    };
    lint(&squawk, &files);
}

/// Runs every migration through the recording proxy; returns each one's SQL file.
async fn capture(admin_url: &str) -> Vec<(String, PathBuf)> {
    let (name, _drop) = scratch_database(admin_url).await;
    let (url, log) = recording_proxy(admin_url, &name).await;
    let mut options = ConnectOptions::new(url);
    options.sqlx_logging(false);
    let db = Database::connect(options)
        .await
        .expect("connect through the proxy");
    Migrator::install(&db)
        .await
        .expect("install seaql_migrations");
    let dir = out_dir();
    std::fs::create_dir_all(&dir).expect("create the squawk directory");
    let mut files = record_each_migration(&db, &log, &dir).await;
    files.push(record_the_online_helpers(&db, &log, &dir).await);
    db.close().await.ok();
    notice(&format!(
        "squawk: the SQL of {} migrations and of the online helpers is in {}",
        files.len() - 1,
        dir.display()
    ));
    files
}

/// A new database on the server of `admin_url`: its name, and the guard that drops it.
async fn scratch_database(admin_url: &str) -> (String, DropDatabase) {
    let name = format!(
        "es_squawk_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let admin = Database::connect(admin_url).await.expect("connect");
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create the scratch database");
    admin.close().await.ok();
    let drop = DropDatabase {
        admin_url: admin_url.to_owned(),
        name: name.clone(),
    };
    (name, drop)
}

/// Starts the proxy that records what clients send to the server of `admin_url`; the URL of
/// `database` through it, and its log.
async fn recording_proxy(admin_url: &str, database: &str) -> (String, Log) {
    let (host, port) = server_of(admin_url);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let proxy_port = listener.local_addr().expect("addr").port();
    let log: Log = Arc::default();
    tokio::spawn(record(listener, format!("{host}:{port}"), log.clone()));
    (proxied_url(admin_url, proxy_port, database), log)
}

/// `text` with each statement appended, one to a line, ending with a semicolon.
fn with_statements(mut text: String, statements: impl IntoIterator<Item = String>) -> String {
    for sql in statements {
        text.push_str(sql.trim_end().trim_end_matches(';'));
        text.push_str(";\n");
    }
    text
}

/// Takes each migration up alone and writes what it sent, headed by its exceptions, to
/// `<dir>/<migration>.sql`.
async fn record_each_migration(
    db: &DatabaseConnection,
    log: &Log,
    dir: &Path,
) -> Vec<(String, PathBuf)> {
    let excused: BTreeMap<_, _> = exceptions().into_iter().collect();
    let mut files = Vec::new();
    for (number, migration) in Migrator::migrations().iter().enumerate() {
        log.lock().expect("log").clear();
        Migrator::up(db, Some(1)).await.expect("migrate one step");
        let statements: Vec<String> = log
            .lock()
            .expect("log")
            .drain(..)
            // The migrator's own bookkeeping, not the migration's.
            .filter(|sql| !sql.contains("seaql_migrations"))
            .collect();
        let name = migration.name().to_owned();
        let header = ignore_header(excused.get(name.as_str()).copied().unwrap_or_default());
        let head = format!(
            "-- Migration {} ({name}): the SQL it sends on PostgreSQL, as recorded.\n{header}",
            number + 1
        );
        let path = dir.join(format!("{name}.sql"));
        std::fs::write(&path, with_statements(head, statements))
            .expect("write the migration's SQL");
        files.push((name, path));
    }
    files
}

/// What a future migration sends through the online helpers, on tables that hold rows in
/// production, written to `<dir>/online_helpers.sql`: it must pass with no exception at all.
async fn record_the_online_helpers(
    db: &DatabaseConnection,
    log: &Log,
    dir: &Path,
) -> (String, PathBuf) {
    log.lock().expect("log").clear();
    let manager = SchemaManager::new(db);
    let online = Online::default();
    online
        .create_index(
            &manager,
            RECOMMENDATIONS,
            &Index::new("idx_squawk_example", "user_id, status"),
        )
        .await
        .expect("the online index");
    online
        .add_check(
            &manager,
            USERS,
            "chk_squawk_example",
            "length(username) > 0",
            "length(username) > 0",
        )
        .await
        .expect("the online CHECK");
    online
        .add_foreign_key(
            &manager,
            RECOMMENDATIONS,
            "fk_squawk_example",
            (&["user_id"], USERS, &["id"]),
            ForeignKeyAction::Cascade,
        )
        .await
        .expect("the online foreign key");
    let head = "-- The online helpers, as a future migration uses them: no exception.\n".to_owned();
    let statements: Vec<String> = log.lock().expect("log").drain(..).collect();
    let path = dir.join("online_helpers.sql");
    std::fs::write(&path, with_statements(head, statements)).expect("write the helpers' SQL");
    ("online_helpers".to_owned(), path)
}

/// The scratch database, dropped however the test ends.
struct DropDatabase {
    admin_url: String,
    name: String,
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        if !admin_sql_from_drop(&self.admin_url, &sql) {
            notice(&format!(
                "warning: could not drop the database {}",
                self.name
            ));
        }
    }
}

/// squawk over every file: no finding, and no exception squawk does not need.
fn lint(squawk: &Path, files: &[(String, PathBuf)]) {
    let paths: Vec<&PathBuf> = files.iter().map(|(_, p)| p).collect();
    let run = Command::new(squawk)
        .args(SQUAWK_ARGS)
        .arg("--reporter=gcc")
        .args(&paths)
        .output()
        .expect("run squawk");
    let findings = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "squawk found what would lock or scan a populated table (fix the migration with \
         migration::portable::online, or write an exception next to it):\n{findings}{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // The same files without their exceptions: each exception must still be needed.
    let bare_dir = out_dir().join("without-exceptions");
    std::fs::create_dir_all(&bare_dir).expect("create the directory");
    let mut bare = Vec::new();
    for (name, path) in files {
        let text = std::fs::read_to_string(path).expect("read");
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with("-- squawk-ignore-file"))
            .map(|l| format!("{l}\n"))
            .collect();
        let copy = bare_dir.join(format!("{name}.sql"));
        std::fs::write(&copy, kept).expect("write");
        bare.push(copy);
    }
    let run = Command::new(squawk)
        .args(SQUAWK_ARGS)
        .arg("--reporter=gcc")
        .args(&bare)
        .output()
        .expect("run squawk");
    let found: BTreeSet<(String, String)> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .filter_map(|line| {
            // path:line:column: warning: rule message
            let (path, rest) = line.split_once(".sql:")?;
            let file = Path::new(path).file_name()?.to_string_lossy().into_owned();
            let rule = rest.split(": ").nth(2)?.split_whitespace().next()?;
            Some((file, rule.to_owned()))
        })
        .collect();
    let mut stale = Vec::new();
    for (migration, excused) in exceptions() {
        for exception in excused {
            if !found.contains(&(migration.to_owned(), exception.rule.to_owned())) {
                stale.push(format!("{migration}: {}", exception.rule));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "exceptions squawk no longer needs (remove them from the migration): {stale:?}"
    );
    notice(&format!(
        "squawk: {} migrations and the online helpers, no finding outside the {} written \
         exceptions",
        files.len() - 1,
        exceptions().iter().map(|(_, e)| e.len()).sum::<usize>()
    ));
}

fn panic_or_skip(files: &[(String, PathBuf)]) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("squawk is not installed: .ci/run installs it (bash .ci/squawk)");
    }
    notice(&format!(
        "SKIPPED squawk::postgres lint: squawk is not installed (`bash .ci/squawk` installs it \
         and lints); the SQL of {} migrations was written",
        files.len()
    ));
}

fn squawk_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SQUAWK") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("squawk"))
        .find(|candidate| candidate.is_file())
}

/// `<target>/squawk`, beside the test binary's own target directory.
fn out_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    // <target>/debug/deps/suite-...: three levels up is <target>.
    exe.ancestors()
        .nth(3)
        .map_or_else(std::env::temp_dir, Path::to_path_buf)
        .join("squawk")
}

fn server_of(url: &str) -> (String, u16) {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match host_port.rsplit_once(':') {
        Some((host, port)) => (host.to_owned(), port.parse().expect("a port")),
        None => (host_port.to_owned(), 5432),
    }
}

/// `admin_url` with the proxy as the server, `database` as the database, and no TLS.
fn proxied_url(admin_url: &str, port: u16, database: &str) -> String {
    let (scheme, rest) = admin_url.split_once("://").expect("a URL");
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let user = authority
        .rsplit_once('@')
        .map(|(u, _)| format!("{u}@"))
        .unwrap_or_default();
    format!("{scheme}://{user}127.0.0.1:{port}/{database}?sslmode=disable")
}

async fn record(listener: TcpListener, upstream: String, log: Log) {
    while let Ok((client, _)) = listener.accept().await {
        let upstream = upstream.clone();
        let log = log.clone();
        tokio::spawn(async move {
            if let Ok(server) = TcpStream::connect(&upstream).await {
                let _ = relay(client, server, log).await;
            }
        });
    }
}

/// Forwards one connection both ways, noting the SQL of each simple query ('Q') and each
/// statement prepared ('P') on the way to the server.
async fn relay(mut client: TcpStream, server: TcpStream, log: Log) -> std::io::Result<()> {
    // Startup: length-prefixed, no type byte; answer an encryption request with "no".
    let startup = loop {
        let length = client.read_u32().await?;
        let mut body = vec![0; (length as usize).saturating_sub(4)];
        client.read_exact(&mut body).await?;
        let code = body
            .get(..4)
            .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        if code == SSL_REQUEST || code == GSSENC_REQUEST {
            client.write_all(b"N").await?;
            continue;
        }
        let mut message = length.to_be_bytes().to_vec();
        message.extend(body);
        break message;
    };
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    server_write.write_all(&startup).await?;
    tokio::spawn(async move {
        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
    });
    loop {
        let kind = client_read.read_u8().await?;
        let length = client_read.read_u32().await?;
        let mut body = vec![0; (length as usize).saturating_sub(4)];
        client_read.read_exact(&mut body).await?;
        let sql = match kind {
            b'Q' => body.split(|b| *b == 0).next(),
            // Parse: statement name, then the query.
            b'P' => body.split(|b| *b == 0).nth(1),
            _ => None,
        };
        if let Some(sql) = sql.filter(|s| !s.is_empty()) {
            log.lock()
                .expect("log")
                .push(String::from_utf8_lossy(sql).into_owned());
        }
        server_write.write_u8(kind).await?;
        server_write.write_u32(length).await?;
        server_write.write_all(&body).await?;
    }
}
