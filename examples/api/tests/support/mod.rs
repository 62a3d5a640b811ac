//! The example server as its tests run it: the built binary (`CARGO_BIN_EXE_api`) started on
//! a migrated database and a free port, and a small HTTP client for it.
//!
//! - SQLite: a temporary file, migrated with `migration::Migrator::up`.
//! - PostgreSQL (when `TEST_POSTGRES_URL` names an admin login): a fresh database of our own,
//!   migrated as the admin; the server then connects as a login role of our own in
//!   `eatsential_write`, as an application does, not as a superuser. Database and role are
//!   dropped afterwards, also when a test fails. Without `TEST_POSTGRES_URL` the PostgreSQL half
//!   prints a `SKIPPED` line (and fails instead under `TEST_REQUIRE_POSTGRES=1`, as in CI).
#![allow(dead_code)] // Each test binary uses part of it.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

use migration::{Migrator, MigratorTrait};
use reqwest::Method;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde_json::Value as Json;

/// Writes past the test harness's capture, so a skip or a measurement shows in a passing run.
pub fn notice(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

fn unique() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

/// A migrated database, the URL the server connects with, and a connection with every right
/// for what a test arranges or inspects behind the API's back (seeding restaurants, expiring a
/// session, counting rows).
pub struct Database {
    /// What the server gets as `DATABASE_URL`.
    pub url: String,
    /// The owner's (SQLite) or the admin's (PostgreSQL) connection.
    pub admin: service::Db,
    pub backend: DbBackend,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres {
        admin_url: String,
        database: String,
        role: String,
    },
}

impl Database {
    pub async fn sqlite() -> Self {
        let path = std::env::temp_dir().join(format!("api_test_{}.db", unique()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let cleanup = Cleanup::File(path);
        let admin = service::connect(&url).await.expect("open the SQLite file");
        Migrator::up(admin.primary(), None)
            .await
            .expect("migrate SQLite");
        Self {
            url,
            admin,
            backend: DbBackend::Sqlite,
            cleanup,
        }
    }

    /// `None` (after saying so) when `TEST_POSTGRES_URL` is unset.
    pub async fn postgres(test: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
            if std::env::var("TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("TEST_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set");
            }
            notice(&format!(
                "SKIPPED api {test}::postgres: TEST_POSTGRES_URL is not set"
            ));
            return None;
        };
        let suffix = unique();
        let database = format!("api_test_{suffix}");
        let role = format!("api_login_{suffix}");
        let password = unique();
        let server = sea_orm::Database::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        server
            .execute_unprepared(&format!("CREATE DATABASE \"{database}\""))
            .await
            .expect("create the test database");
        // From here on, dropped however the test ends (even if migrating fails).
        let cleanup = Cleanup::Postgres {
            admin_url: admin_url.clone(),
            database: database.clone(),
            role: role.clone(),
        };
        let admin_db_url = with_database(&admin_url, &database);
        let admin = service::connect(&admin_db_url)
            .await
            .expect("connect to the test database");
        // Migrating is the admin's step; the server only ever connects as the login role.
        Migrator::up(admin.primary(), None)
            .await
            .expect("migrate PostgreSQL");
        // The search path is the database's (migration 22), and a session takes it when it
        // starts: the connection that migrated predates it. Reconnect for the admin's raw SQL.
        admin.close().await.expect("close the migrating connection");
        let admin = service::connect(&admin_db_url)
            .await
            .expect("connect to the migrated database");
        server
            .execute_unprepared(&format!(
                "CREATE ROLE {role} LOGIN PASSWORD '{password}' IN ROLE eatsential_write"
            ))
            .await
            .expect("create the login role");
        server.close().await.ok();
        let url = with_login(&admin_db_url, &role, &password);
        Some(Self {
            url,
            admin,
            backend: DbBackend::Postgres,
            cleanup,
        })
    }

    /// Raw SQL with `$1, $2, ...` parameters, as the admin.
    pub async fn exec(&self, sql: &str, values: Vec<Value>) {
        self.admin
            .execute_raw(Statement::from_sql_and_values(self.backend, sql, values))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub async fn count(&self, sql: &str) -> i64 {
        self.admin
            .query_one_raw(Statement::from_string(self.backend, sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .expect("a row")
            .try_get_by_index::<i64>(0)
            .expect("a count")
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres {
                admin_url,
                database,
                role,
            } => {
                let statements = [
                    format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"),
                    format!("DROP ROLE IF EXISTS {role}"),
                ];
                if !admin_sql(admin_url, &statements) {
                    notice(&format!(
                        "warning: could not drop database {database} or role {role}"
                    ));
                }
            }
        }
    }
}

/// Runs `statements` on the server of `admin_url` from a synchronous context (a `Drop`), on a
/// thread and runtime of their own.
fn admin_sql(admin_url: &str, statements: &[String]) -> bool {
    let (admin_url, statements) = (admin_url.to_owned(), statements.to_vec());
    let done = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime
            .block_on(async {
                let admin = sea_orm::Database::connect(&admin_url).await?;
                for sql in &statements {
                    admin.execute_unprepared(sql).await?;
                }
                admin.close().await
            })
            .map_err(std::io::Error::other)
    })
    .join();
    matches!(done, Ok(Ok(())))
}

/// `url` with its database replaced by `name` (query kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let server = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// `url` logging in as `user` with `password` instead of whoever it named.
fn with_login(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let host = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}:{password}@{host}")
}

/// The `api` binary, running; killed when dropped.
pub struct Server {
    child: Child,
    /// Kept open: the server's stdout.
    _stdout: BufReader<ChildStdout>,
    pub base: String,
    client: reqwest::Client,
}

impl Server {
    /// Starts the server on `database_url` and a free port, with `API_DEV_TOKENS=1` when
    /// `dev_tokens`; returns once it listens.
    pub fn start(database_url: &str, dev_tokens: bool) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_api"));
        command
            .env("DATABASE_URL", database_url)
            .env("API_LISTEN", "127.0.0.1:0")
            .env_remove("API_DEV_TOKENS")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if dev_tokens {
            command.env("API_DEV_TOKENS", "1");
        }
        let mut child = command.spawn().expect("start the api binary");
        let mut stdout = BufReader::new(child.stdout.take().expect("its stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read its first line");
        let Some(address) = line.trim().strip_prefix("listening on ") else {
            let status = child.wait();
            panic!("the server did not start ({status:?}): {line:?}");
        };
        Self {
            child,
            _stdout: stdout,
            base: address.to_owned(),
            client: reqwest::Client::new(),
        }
    }

    /// One request: `body` as JSON when given, `token` as the bearer. The status and the body
    /// (JSON, or `null` when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Json>,
    ) -> (u16, Json) {
        let response = self.send(method, path, token, body).await;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("a body");
        let json = if bytes.is_empty() {
            Json::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                panic!(
                    "{path}: not JSON ({e}): {}",
                    String::from_utf8_lossy(&bytes)
                )
            })
        };
        (status, json)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Json>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("the server answers")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Json) {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Json) -> (u16, Json) {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Json) -> (u16, Json) {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    /// Registers `name` (`<name>@example.com`, password `correct horse battery`), verifies
    /// the email with the token the dev-tokens server returns, and signs in: the session token.
    pub async fn verified_user(&self, name: &str) -> String {
        let (status, account) = self
            .post(
                "/users",
                None,
                &serde_json::json!({
                    "username": name,
                    "email": format!("{name}@example.com"),
                    "password": PASSWORD,
                }),
            )
            .await;
        assert_eq!(status, 201, "{account}");
        let token = account["verification_token"]
            .as_str()
            .expect("API_DEV_TOKENS=1 returns the token");
        let (status, verified) = self
            .post(
                "/users/verify",
                None,
                &serde_json::json!({ "token": token }),
            )
            .await;
        assert_eq!(status, 200, "{verified}");
        self.sign_in(name).await
    }

    pub async fn sign_in(&self, name: &str) -> String {
        let (status, signed_in) = self
            .post(
                "/sessions",
                None,
                &serde_json::json!({ "email": format!("{name}@example.com"), "password": PASSWORD }),
            )
            .await;
        assert_eq!(status, 201, "{signed_in}");
        signed_in["token"].as_str().expect("a token").to_owned()
    }
}

pub const PASSWORD: &str = "correct horse battery";

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
