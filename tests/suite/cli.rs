//! The `migration` binary as a terminal user meets it: help without secrets, one-line errors
//! that name what failed, and a full `up`/`status`/`fresh` cycle.
//!
//! `cargo test` builds other packages' binaries only for their own integration tests, so the
//! first test here builds `migration` (with both drivers) into the target directory this suite
//! runs from, found through `current_exe()`; it is a no-op when the binary is up to date.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// `<target>/debug/migration`, built once per run.
fn binary() -> &'static Path {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match BINARY.get_or_init(build_binary) {
        Ok(path) => path,
        Err(e) => panic!("{e}"),
    }
}

fn build_binary() -> Result<PathBuf, String> {
    // The suite runs as `<target>/<profile>/deps/suite-<hash>`.
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let target_dir = exe
        .ancestors()
        .nth(3)
        .ok_or_else(|| format!("no target directory above {}", exe.display()))?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let mut build = Command::new(cargo);
    // What cargo sets for this test process (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...) is
    // read by build scripts (ring's, libsqlite3-sys's): inherited, it would make the inner
    // build redo them, and the next outer build redo them back.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || matches!(
                name.as_ref(),
                "CARGO_CRATE_NAME" | "CARGO_PRIMARY_PACKAGE" | "CARGO_TARGET_TMPDIR" | "OUT_DIR"
            )
        {
            build.env_remove(name.as_ref());
        }
    }
    let status = build
        .args(["build", "-q", "-p", "migration", "--features", "postgres"])
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build -p migration failed: {status}"));
    }
    let path = target_dir
        .join("debug")
        .join(format!("migration{}", std::env::consts::EXE_SUFFIX));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("no binary at {}", path.display()))
    }
}

pub(crate) struct Run {
    pub(crate) ok: bool,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    took: Duration,
}

/// Runs the binary in a directory of its own (so no `.env` is found) with no `DATABASE_URL`
/// unless `env` sets one.
pub(crate) fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let dir = std::env::temp_dir();
    let mut command = Command::new(binary());
    command
        .args(args)
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .env_remove("DATABASE_CONNECT_TIMEOUT_SECS")
        .env_remove("RUST_BACKTRACE");
    for (name, value) in env {
        command.env(name, value);
    }
    let started = Instant::now();
    let Output {
        status,
        stdout,
        stderr,
    } = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary().display()));
    Run {
        ok: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        took: started.elapsed(),
    }
}

/// A failure is exactly one `error: ` line on stderr with a non-zero exit, and no panic.
pub(crate) fn one_error_line(run: &Run) -> &str {
    assert!(
        !run.ok,
        "expected a failure; stdout: {} stderr: {}",
        run.stdout, run.stderr
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr: {:?}", run.stderr);
    assert!(lines[0].starts_with("error: "), "{:?}", lines[0]);
    assert!(!run.stderr.contains("panicked"), "{:?}", run.stderr);
    lines[0]
}

fn temp_db_path(name: &str) -> PathBuf {
    let suffix = &uuid::Uuid::new_v4().simple().to_string()[..12];
    std::env::temp_dir().join(format!("eatsential-cli-{name}-{suffix}.db"))
}

/// `TEST_POSTGRES_URL`'s server, as `(user:password@host:port, query)`; `None` (after saying
/// so, as the harness does) when it is not set.
fn postgres_server(test: &str) -> Option<(String, Option<String>)> {
    let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
        assert!(
            !std::env::var("TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1"),
            "TEST_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set"
        );
        // Past the test harness's capture, so a skip shows in a passing run.
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED cli::{test}: TEST_POSTGRES_URL is not set"
        );
        return None;
    };
    let (base, query) = admin
        .split_once('?')
        .map_or((admin.as_str(), None), |(b, q)| (b, Some(q.to_owned())));
    let authority = base.split_once("://").map_or(base, |(_, rest)| rest);
    let authority = authority.split('/').next().unwrap_or(authority);
    Some((authority.to_owned(), query))
}

fn postgres_url(authority: &str, database: &str, query: Option<&str>) -> String {
    match query {
        Some(q) => format!("postgres://{authority}/{database}?{q}"),
        None => format!("postgres://{authority}/{database}"),
    }
}

#[test]
fn help_never_prints_the_database_url() {
    let secret = [("DATABASE_URL", "postgres://u:s3cret@h/db")];
    for args in [
        &["--help"][..],
        &["-h"],
        &["up", "--help"],
        &["help", "down"],
    ] {
        let help = run(args, &secret);
        assert!(help.ok, "{args:?}: {}", help.stderr);
        assert!(help.stdout.contains("DATABASE_URL"), "{}", help.stdout);
        assert!(!help.stdout.contains("s3cret"), "{args:?}: {}", help.stdout);
        assert!(!help.stderr.contains("s3cret"), "{args:?}: {}", help.stderr);
    }
}

#[test]
fn a_refused_connection_fails_at_once() {
    // A pool that retried a refused connection would wait out these 30 s.
    let refused = run(
        &["-u", "postgres://postgres:s3cret@127.0.0.1:1/x", "status"],
        &[("DATABASE_CONNECT_TIMEOUT_SECS", "30")],
    );
    let line = one_error_line(&refused);
    assert!(line.contains("127.0.0.1:1"), "{line}");
    assert!(line.contains("refused"), "{line}");
    assert!(!line.contains("s3cret"), "{line}");
    assert!(
        refused.took < Duration::from_secs(5),
        "took {:?}",
        refused.took
    );
}

#[test]
fn a_sqlite_file_in_a_missing_directory_is_named() {
    let path = std::env::temp_dir()
        .join(format!(
            "eatsential-cli-missing-{}",
            uuid::Uuid::new_v4().simple()
        ))
        .join("app.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let failed = run(&["-u", &url, "up"], &[]);
    let line = one_error_line(&failed);
    assert!(line.contains(&path.display().to_string()), "{line}");
    assert!(line.contains("does not exist"), "{line}");
}

#[test]
fn settings_that_cannot_work_are_refused_in_one_line() {
    let timeout = run(&["status"], &[("DATABASE_CONNECT_TIMEOUT_SECS", "soon")]);
    assert!(
        one_error_line(&timeout).contains("DATABASE_CONNECT_TIMEOUT_SECS"),
        "{}",
        timeout.stderr
    );
    let mysql = run(&["-u", "mysql://u:s3cret@h/db"], &[]);
    let line = one_error_line(&mysql);
    assert!(line.contains("postgres://"), "{line}");
    assert!(!line.contains("s3cret"), "{line}");
    let usage = run(&["sideways"], &[]);
    assert!(
        one_error_line(&usage).contains("sideways"),
        "{}",
        usage.stderr
    );
    // A URL given without `-u` is quoted back by clap, password hidden.
    let stray = run(&["postgres://u:s3cret@h/db"], &[]);
    assert!(
        !one_error_line(&stray).contains("s3cret"),
        "{}",
        stray.stderr
    );
}

#[test]
fn up_status_and_fresh_on_a_new_sqlite_file() {
    use migration::MigratorTrait;
    let path = temp_db_path("cycle");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let migrations = migration::Migrator::migrations().len();
    let applied = format!("applied {migrations} migrations");
    let up = run(&["-u", &url, "up"], &[]);
    assert!(up.ok, "{}", up.stderr);
    assert!(up.stdout.starts_with(&applied), "{}", up.stdout);
    let again = run(&[], &[("DATABASE_URL", &url)]);
    assert!(again.ok, "{}", again.stderr);
    assert!(
        again.stdout.starts_with("nothing to apply"),
        "{}",
        again.stdout
    );
    let status = run(&["-u", &url, "status"], &[]);
    assert!(status.ok, "{}", status.stderr);
    assert!(
        status
            .stdout
            .contains(&format!("{migrations} applied, 0 pending")),
        "{}",
        status.stdout
    );
    let fresh = run(&["-u", &url, "fresh"], &[]);
    assert!(fresh.ok, "{}", fresh.stderr);
    let dropped = fresh.stdout.strip_prefix("dropped ").unwrap_or_default();
    let (tables, _) = dropped.split_once(" tables (").unwrap_or_default();
    assert!(
        tables.parse::<usize>().is_ok_and(|n| n > 10),
        "{}",
        fresh.stdout
    );
    assert!(fresh.stdout.contains("users"), "{}", fresh.stdout);
    assert!(fresh.stdout.contains(&applied), "{}", fresh.stdout);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[test]
fn postgres_unknown_database_is_named() {
    let Some((server, query)) = postgres_server("postgres_unknown_database_is_named") else {
        return;
    };
    let name = format!(
        "es_cli_missing_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let failed = run(
        &[
            "-u",
            &postgres_url(&server, &name, query.as_deref()),
            "status",
        ],
        &[],
    );
    let line = one_error_line(&failed);
    assert!(line.contains(&format!("\"{name}\"")), "{line}");
    assert!(line.contains("does not exist"), "{line}");
}

#[test]
fn postgres_rejected_login_names_the_user() {
    let Some((server, query)) = postgres_server("postgres_rejected_login_names_the_user") else {
        return;
    };
    let host = server
        .rsplit_once('@')
        .map_or(server.as_str(), |(_, host)| host);
    let url = postgres_url(
        &format!("es_cli_nobody:s3cret@{host}"),
        "postgres",
        query.as_deref(),
    );
    let failed = run(&["-u", &url, "status"], &[]);
    let line = one_error_line(&failed);
    assert!(line.contains("authentication failed"), "{line}");
    assert!(line.contains("\"es_cli_nobody\""), "{line}");
    assert!(!line.contains("s3cret"), "{line}");
}

#[test]
fn postgres_untrusted_certificate_is_named() {
    let Some((server, query)) = postgres_server("postgres_untrusted_certificate_is_named") else {
        return;
    };
    let ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("suite/wrong-ca.pem");
    // Later query parameters win in sqlx: these override an sslmode in TEST_POSTGRES_URL.
    let tls = format!("sslmode=verify-full&sslrootcert={}", ca.display());
    let query = match query {
        Some(q) => format!("{q}&{tls}"),
        None => tls,
    };
    let failed = run(
        &[
            "-u",
            &postgres_url(&server, "postgres", Some(&query)),
            "status",
        ],
        &[],
    );
    let line = one_error_line(&failed);
    assert!(line.contains("not trusted"), "{line}");
}
