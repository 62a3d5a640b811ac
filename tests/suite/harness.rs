//! Test databases, one per test and backend, built with the real migrator.
//!
//! SQLite: a file in the temp directory. PostgreSQL: a database named after the test, created
//! through the admin URL in `TEST_POSTGRES_URL`. Both are removed when the test passes and
//! kept when it fails (the path or name is printed), as sqlx's `#[sqlx::test]` does. Without
//! `TEST_POSTGRES_URL` the PostgreSQL half says it is skipped; with `TEST_REQUIRE_POSTGRES=1`
//! (CI) a missing URL fails the test instead.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    Value,
};

pub struct TestDb {
    pub db: DatabaseConnection,
    pub backend: DbBackend,
    pub url: String,
    statements: Arc<AtomicUsize>,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

fn unique_suffix() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

/// Writes straight to the process's stderr, past the test harness's output capture, so a
/// skipped half is visible in a passing run.
fn notice(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

impl TestDb {
    pub async fn sqlite(test: &str) -> Self {
        let path = std::env::temp_dir().join(format!("eatsential-{test}-{}.db", unique_suffix()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        Self::open(url, DbBackend::Sqlite, Cleanup::SqliteFile(path)).await
    }

    /// `None` (after saying so) when no PostgreSQL is configured.
    pub async fn postgres(test: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
            if std::env::var("TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("TEST_REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set");
            }
            notice(&format!(
                "SKIPPED {test}::postgres: TEST_POSTGRES_URL is not set"
            ));
            return None;
        };
        // PostgreSQL folds and limits identifiers: keep it lower-case and under 63 bytes.
        let short: String = test.chars().take(40).collect();
        let name = format!("es_{short}_{}", unique_suffix()).to_lowercase();
        let admin = sea_orm::Database::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create the test database");
        admin.close().await.ok();
        let url = with_database(&admin_url, &name);
        Some(
            Self::open(
                url,
                DbBackend::Postgres,
                Cleanup::PgDatabase { admin_url, name },
            )
            .await,
        )
    }

    async fn open(url: String, backend: DbBackend, cleanup: Cleanup) -> Self {
        let mut db = service::connect_with(&url, &service::PoolConfig::default())
            .await
            .expect("connect to the test database");
        Migrator::up(&db, None).await.expect("migrations apply");
        let statements = Arc::new(AtomicUsize::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        Self {
            db,
            backend,
            url,
            statements,
            cleanup,
        }
    }

    pub fn is_pg(&self) -> bool {
        self.backend == DbBackend::Postgres
    }

    /// Statements run so far through the ORM (BEGIN, COMMIT and unprepared SQL not counted).
    pub fn statement_count(&self) -> usize {
        self.statements.load(Ordering::SeqCst)
    }

    /// Raw SQL with `$1, $2, ...` parameters (SQLite reads them as numbered parameters too).
    pub async fn exec(&self, sql: &str, values: Vec<Value>) -> Result<ExecResult, DbErr> {
        self.db
            .execute_raw(Statement::from_sql_and_values(self.backend, sql, values))
            .await
    }

    pub async fn query(&self, sql: &str, values: Vec<Value>) -> Vec<QueryResult> {
        self.db
            .query_all_raw(Statement::from_sql_and_values(self.backend, sql, values))
            .await
            .unwrap_or_else(|e| panic!("query failed: {sql}: {e}"))
    }

    pub async fn count(&self, sql: &str, values: Vec<Value>) -> i64 {
        let rows = self.query(sql, values).await;
        rows[0].try_get_by_index::<i64>(0).expect("a count")
    }
}

fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let server = match base.rfind('/') {
        Some(slash) if slash > base.find("//").map_or(0, |i| i + 1) => &base[..slash],
        _ => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let kept = match &self.cleanup {
                Cleanup::SqliteFile(path) => path.display().to_string(),
                Cleanup::PgDatabase { name, .. } => format!("PostgreSQL database {name}"),
            };
            notice(&format!(
                "test failed: its database is kept for inspection: {kept}"
            ));
            return;
        }
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgDatabase { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: do the async work on a thread of its own.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    runtime
                        .block_on(async {
                            let admin = sea_orm::Database::connect(&admin_url).await?;
                            admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await?;
                            admin.close().await
                        })
                        .map_err(std::io::Error::other)
                })
                .join();
                if !matches!(dropped, Ok(Ok(()))) {
                    notice("warning: could not drop a test database");
                }
            }
        }
    }
}

/// `dual!(a, b)` turns `async fn a(t: &TestDb)` into tests `a::sqlite` and `a::postgres`.
macro_rules! dual {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = crate::harness::TestDb::sqlite(stringify!($name)).await;
                super::$name(&t).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(t) = crate::harness::TestDb::postgres(stringify!($name)).await {
                    super::$name(&t).await;
                }
            }
        }
    )*};
}

/// Asserts that a raw statement was refused by the database, naming what should refuse it.
pub async fn assert_refused(t: &TestDb, why: &str, sql: &str, values: Vec<Value>) {
    let result = t.exec(sql, values).await;
    assert!(
        result.is_err(),
        "{:?}: expected the database to refuse ({why}): {sql}",
        t.backend
    );
}

pub async fn assert_accepted(t: &TestDb, why: &str, sql: &str, values: Vec<Value>) {
    if let Err(e) = t.exec(sql, values).await {
        panic!(
            "{:?}: expected the database to accept ({why}): {sql}: {e}",
            t.backend
        );
    }
}

/// A user inserted with raw SQL (no service rules), verified or not. Returns its id.
pub async fn insert_user(t: &TestDb, username: &str, verified: bool) -> uuid::Uuid {
    let id = uuid::Uuid::new_v4();
    t.exec(
        "INSERT INTO users (id, username, email, password_hash, is_email_verified) VALUES ($1, $2, $3, 'not-a-real-hash', $4)",
        vec![id.into(), username.into(), format!("{username}@example.com").into(), verified.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("fixture user {username}: {e}"));
    id
}

/// A profile for a verified user, inserted with raw SQL. Returns its id.
pub async fn insert_profile(t: &TestDb, user_id: uuid::Uuid) -> uuid::Uuid {
    let id = uuid::Uuid::new_v4();
    t.exec(
        "INSERT INTO health_profiles (id, user_id, height_cm) VALUES ($1, $2, 180)",
        vec![id.into(), user_id.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("fixture profile: {e}"));
    id
}

pub async fn allergen_id(t: &TestDb, name: &str) -> uuid::Uuid {
    let rows = t
        .query(
            "SELECT id FROM allergens WHERE name = $1",
            vec![name.into()],
        )
        .await;
    rows[0]
        .try_get_by_index::<uuid::Uuid>(0)
        .expect("seeded allergen")
}

/// A user registered through the service whose email is verified (`<name>@example.com`).
pub async fn verified_user(t: &TestDb, name: &str) -> uuid::Uuid {
    let registered = service::accounts::register(
        &t.db,
        service::accounts::NewUser {
            username: name,
            email: &format!("{name}@example.com"),
            password: "correct horse battery",
        },
    )
    .await
    .unwrap();
    service::accounts::verify_email(&t.db, registered.verification_token.expose())
        .await
        .unwrap();
    registered.user.id
}
