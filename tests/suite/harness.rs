//! Test databases, one per test and backend, copied from a template built with the real
//! migrator.
//!
//! Each test process migrates one template per backend, once: a SQLite file, and a PostgreSQL
//! database made through the admin URL in `TEST_POSTGRES_URL`. Each test then starts from its
//! own copy (a file copy; `CREATE DATABASE ... TEMPLATE`, then the database's `search_path`,
//! which a template does not pass on), so the suite's time does not grow with the number of
//! migrations. A test's copy is removed when it passes and kept when it fails (the
//! path or name is printed), as sqlx's `#[sqlx::test]` does. Templates are named
//! `es_tpl_<unix seconds>_<random>`; a run drops those left by runs over two hours old.
//! Without `TEST_POSTGRES_URL` the PostgreSQL half says it is skipped; with
//! `TEST_REQUIRE_POSTGRES=1` (CI) a missing URL fails the test instead.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    Value,
};
use tokio::sync::OnceCell;

// One module per domain, each owning its rows of the fixture (a path of its own: the benches
// include this file from their folder).
#[path = "rows_everywhere/mod.rs"]
mod rows_everywhere;
#[allow(unused_imports)] // the benches include this file and use no fixture
pub use rows_everywhere::user_with_a_row_everywhere;

pub struct TestDb {
    pub db: service::Db,
    pub backend: DbBackend,
    pub url: String,
    statements: Arc<AtomicUsize>,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    PgDatabase {
        admin_url: String,
        name: String,
    },
    /// A database a bench keeps between runs (`TestDb::postgres_named`): never dropped here.
    Kept,
}

fn unique_suffix() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

/// Writes straight to the process's stderr, past the test harness's output capture, so a
/// skipped half is visible in a passing run.
pub fn notice(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

static SQLITE_TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
static POSTGRES_TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// Migrates a fresh database at `url` and closes every connection to it, so it can be copied.
async fn migrate_template(url: &str) {
    let db = service::connect_with(url, &service::PoolConfig::default())
        .await
        .expect("connect to the template database");
    Migrator::up(db.primary(), None)
        .await
        .expect("migrations apply to the template");
    db.close().await.expect("close the template");
}

/// The process's migrated SQLite file (closed, so its WAL is checkpointed into it).
async fn sqlite_template() -> &'static PathBuf {
    SQLITE_TEMPLATE
        .get_or_init(|| async {
            let path = std::env::temp_dir().join(format!(
                "eatsential-template-{}-{}.db",
                std::process::id(),
                unique_suffix()
            ));
            remove_stale_sqlite_templates();
            migrate_template(&sqlite_url(&path)).await;
            path
        })
        .await
}

/// Drops this process's templates, for a process that can say when it is done (the benchmark;
/// the test harness cannot, and leaves them to the next run's clean-up).
#[allow(dead_code)] // the suite never knows it is done; only the benchmark calls it
pub async fn drop_templates() {
    if let (Some(name), Ok(admin_url)) =
        (POSTGRES_TEMPLATE.get(), std::env::var("TEST_POSTGRES_URL"))
        && let Ok(admin) = sea_orm::Database::connect(&admin_url).await
    {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await;
        let _ = admin.close().await;
    }
    if let Some(path) = SQLITE_TEMPLATE.get() {
        let _ = std::fs::remove_file(path);
    }
}

/// SQLite templates of runs over two hours old (a test process cannot remove its own at exit).
fn remove_stale_sqlite_templates() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 2 * 3600);
        if stale
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with("eatsential-template-")
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

static POSTGRES_ANSWERS: OnceCell<Result<(), String>> = OnceCell::const_new();

/// Checks once per process that the server of `TEST_POSTGRES_URL` answers within a few seconds,
/// and fails every PostgreSQL test at once with one line when it does not: a wrong URL must
/// not cost each test the pool's 30 s timeout.
async fn postgres_answers(admin_url: &str) {
    let answer = POSTGRES_ANSWERS
        .get_or_init(|| server_answers(admin_url))
        .await;
    if let Err(line) = answer {
        panic!("{line}");
    }
}

/// One line saying why the server of `admin_url` does not answer within 3 s, if it does not.
pub async fn server_answers(admin_url: &str) -> Result<(), String> {
    let mut options = sea_orm::ConnectOptions::new(admin_url.to_owned());
    options
        .connect_timeout(std::time::Duration::from_secs(3))
        .acquire_timeout(std::time::Duration::from_secs(3))
        .max_connections(1)
        .sqlx_logging(false);
    match sea_orm::Database::connect(options).await {
        Ok(admin) => {
            let _ = admin.close().await;
            Ok(())
        }
        Err(err) => Err(format!(
            "TEST_POSTGRES_URL does not answer ({}): {err}",
            server_of(admin_url)
        )),
    }
}

/// The host and port of a URL, without user or password.
fn server_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// The process's migrated PostgreSQL template database.
async fn postgres_template(admin_url: &str) -> &'static str {
    POSTGRES_TEMPLATE
        .get_or_init(|| async {
            let admin = sea_orm::Database::connect(admin_url)
                .await
                .expect("connect to TEST_POSTGRES_URL");
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            drop_stale_templates(&admin, now).await;
            let name = format!("es_tpl_{now}_{}", unique_suffix());
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create the template database");
            admin.close().await.ok();
            migrate_template(&with_database(admin_url, &name)).await;
            name
        })
        .await
}

/// Templates of runs that ended over two hours ago (a test process cannot drop its own at
/// exit). One still in use is left alone: DROP without FORCE refuses.
async fn drop_stale_templates(admin: &DatabaseConnection, now: u64) {
    let Ok(rows) = admin
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE 'es\\_tpl\\_%'",
        ))
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let made = name
            .split('_')
            .nth(2)
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(now);
        if now.saturating_sub(made) > 2 * 3600 {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\""))
                .await;
        }
    }
}

/// `CREATE DATABASE ... TEMPLATE` copies the template's schema but not its per-database
/// settings, and the `search_path` is one (migration 22): set it on the copy the way the
/// migration does, before anything connects for the test.
async fn restore_search_path(url: &str) {
    let mut options = sea_orm::ConnectOptions::new(url.to_owned());
    options.max_connections(1).sqlx_logging(false);
    let db = sea_orm::Database::connect(options)
        .await
        .expect("connect to the copied database");
    migration::search_path::apply(&db)
        .await
        .expect("set the copy's search_path");
    db.close().await.ok();
}

impl TestDb {
    pub async fn sqlite(test: &str) -> Self {
        let template = sqlite_template().await;
        let path = std::env::temp_dir().join(format!("eatsential-{test}-{}.db", unique_suffix()));
        std::fs::copy(template, &path).expect("copy the SQLite template");
        Self::open(
            sqlite_url(&path),
            DbBackend::Sqlite,
            Cleanup::SqliteFile(path),
        )
        .await
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
        postgres_answers(&admin_url).await;
        // PostgreSQL folds and limits identifiers: keep it lower-case and under 63 bytes.
        let short: String = test.chars().take(40).collect();
        let name = format!("es_{short}_{}", unique_suffix()).to_lowercase();
        let template = postgres_template(&admin_url).await;
        let admin = sea_orm::Database::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
            ))
            .await
            .expect("create the test database from the template");
        admin.close().await.ok();
        restore_search_path(&with_database(&admin_url, &name)).await;
        Some(Self::open_postgres(admin_url, name).await)
    }

    /// A PostgreSQL database created with an ICU collation instead of the server's default
    /// (and so not from the template), migrated from scratch. `None` as [`TestDb::postgres`].
    pub async fn postgres_with_collation(test: &str, icu_locale: &str) -> Option<Self> {
        let admin_url = std::env::var("TEST_POSTGRES_URL").ok()?;
        let name = format!("es_{test}_{}", unique_suffix()).to_lowercase();
        let admin = sea_orm::Database::connect(&admin_url)
            .await
            .expect("connect to TEST_POSTGRES_URL");
        admin
            .execute_unprepared(&format!(
                "CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' \
                 LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}' LOCALE 'C.UTF-8'"
            ))
            .await
            .expect("create a database with an ICU collation");
        admin.close().await.ok();
        migrate_template(&with_database(&admin_url, &name)).await;
        Some(Self::open_postgres(admin_url, name).await)
    }

    /// The database `name` on the `TEST_POSTGRES_URL` server, for a bench that loads a large
    /// data set: when `fresh`, (re)made and migrated with the migrator; dropped when this
    /// handle goes unless `keep`. `None` when no PostgreSQL is configured.
    #[allow(dead_code)] // only the scale bench keeps a database between runs
    pub async fn postgres_named(name: &str, fresh: bool, keep: bool) -> Option<Self> {
        let admin_url = std::env::var("TEST_POSTGRES_URL").ok()?;
        postgres_answers(&admin_url).await;
        let url = with_database(&admin_url, name);
        if fresh {
            let admin = sea_orm::Database::connect(&admin_url)
                .await
                .expect("connect to TEST_POSTGRES_URL");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .expect("drop the previous database");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create the database");
            admin.close().await.ok();
            migrate_template(&url).await;
        } else {
            // Kept by an earlier run, it may predate migration 22 (the bench migrates it after
            // opening): its sessions need the search path before anything connects.
            restore_search_path(&url).await;
        }
        let cleanup = if keep {
            Cleanup::Kept
        } else {
            Cleanup::PgDatabase {
                admin_url,
                name: name.to_owned(),
            }
        };
        Some(Self::open(url, DbBackend::Postgres, cleanup).await)
    }

    /// The test database `name` on the server of `admin_url`, dropped when the test passes.
    async fn open_postgres(admin_url: String, name: String) -> Self {
        let url = with_database(&admin_url, &name);
        Self::open(
            url,
            DbBackend::Postgres,
            Cleanup::PgDatabase { admin_url, name },
        )
        .await
    }

    async fn open(url: String, backend: DbBackend, cleanup: Cleanup) -> Self {
        let mut db = service::connect_with(&url, &service::PoolConfig::default())
            .await
            .expect("connect to the test database");
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
                Cleanup::Kept => return,
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
                let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                if !admin_sql_from_drop(admin_url, &drop) {
                    notice("warning: could not drop a test database");
                }
            }
            Cleanup::Kept => {}
        }
    }
}

/// PostgreSQL-only tests: named `<test>::postgres` like the others.
macro_rules! postgres_only {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(t) = crate::harness::TestDb::postgres(stringify!($name)).await {
                    super::$name(&t).await;
                }
            }
        }
    )*};
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

/// The rule a refusal must come from: the same name on both backends, or one per backend when
/// only one has the rule (a SQLite stand-in CHECK against PostgreSQL's own type check). A name
/// is a rule of `catalog::constraints` or a stand-in CHECK (`chk_<column>_<type>`); on
/// PostgreSQL, `sqlstate:XXXXX` instead names the error code of a type the server refuses by
/// itself.
#[derive(Clone, Copy, Debug)]
pub struct Expected {
    postgres: &'static str,
    sqlite: &'static str,
}

impl Expected {
    /// The name `backend` must report.
    pub fn on(&self, backend: DbBackend) -> &'static str {
        if backend == DbBackend::Postgres {
            self.postgres
        } else {
            self.sqlite
        }
    }

    /// The names on both backends (one when they agree).
    #[allow(dead_code)] // the benches include this file without the rule cases
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        let sqlite = (self.sqlite != self.postgres).then_some(self.sqlite);
        std::iter::once(self.postgres).chain(sqlite)
    }
}

impl From<&'static str> for Expected {
    fn from(name: &'static str) -> Self {
        Self {
            postgres: name,
            sqlite: name,
        }
    }
}

pub fn per_backend(postgres: &'static str, sqlite: &'static str) -> Expected {
    Expected { postgres, sqlite }
}

/// Asserts that a raw statement was refused by the database, and by which rule: a typing mistake
/// in the test's SQL fails here instead of passing as a refusal.
pub async fn assert_refused(t: &TestDb, by: impl Into<Expected>, sql: &str, values: Vec<Value>) {
    let outcome = t.exec(sql, values.clone()).await;
    if let Err(failure) = refused_by(&*t.db, by.into(), outcome, sql, values).await {
        panic!("{:?}: {failure}", t.backend);
    }
}

/// Whether `outcome`, the outcome of `sql` with `values`, is a refusal by `by`, and if not,
/// what happened instead: accepted, or refused by which other rule. `conn` is where the
/// statement ran (a connection, or a transaction the refusal left usable: SQLite may ask it
/// again to name a foreign key).
pub async fn refused_by<C>(
    conn: &C,
    by: Expected,
    outcome: Result<ExecResult, DbErr>,
    sql: &str,
    values: Vec<Value>,
) -> Result<(), String>
where
    C: ConnectionTrait + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>,
{
    let expected = by.on(conn.get_database_backend());
    let err = match outcome {
        Ok(_) => {
            return Err(format!(
                "expected {expected} to refuse, but the database accepted: {sql}"
            ));
        }
        Err(err) => err,
    };
    match refusing_rule(conn, &err, sql, values).await {
        Some(rule) if rule == expected => Ok(()),
        other => Err(format!(
            "expected {expected} to refuse, but it was refused by {}: {sql}: {err}",
            other.as_deref().unwrap_or("no rule the suite can name")
        )),
    }
}

/// The name of the rule behind a refusal, as `refused_by` compares it.
async fn refusing_rule<C>(conn: &C, err: &DbErr, sql: &str, values: Vec<Value>) -> Option<String>
where
    C: ConnectionTrait + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>,
{
    use service::Violation;
    match service::violation(err) {
        Some(Violation::Rule(rule)) => Some(rule.name.to_owned()),
        Some(Violation::StandIn { name, .. } | Violation::Unknown { name }) => Some(name),
        Some(Violation::NotNull { column }) => Some(format!("not_null:{column}")),
        Some(Violation::ForeignKey) => sqlite_foreign_key(conn, sql, values).await,
        None => sqlstate(err).map(|code| format!("sqlstate:{code}")),
    }
}

/// SQLite does not name the foreign key that refused a row. Run the statement again with the
/// check deferred, ask `foreign_key_check` which key it broke, and roll back (a RESTRICT key is
/// deferred too, so a refused delete of a parent is found the same way). Should the rerun be
/// refused anyway, the key stays unnamed: `fk:unnamed`, which no test expects. Inside an open
/// transaction the rerun is a savepoint of it (SQLite has one writer: a second transaction
/// would wait for the first).
async fn sqlite_foreign_key<C>(conn: &C, sql: &str, values: Vec<Value>) -> Option<String>
where
    C: ConnectionTrait + sea_orm::TransactionTrait<Transaction = sea_orm::DatabaseTransaction>,
{
    let backend = conn.get_database_backend();
    let txn = conn.begin().await.ok()?;
    txn.execute_unprepared("PRAGMA defer_foreign_keys = ON")
        .await
        .ok()?;
    let rerun = txn
        .execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await;
    if rerun.is_err() {
        txn.rollback().await.ok()?;
        return Some("fk:unnamed".to_owned());
    }
    let broken = txn
        .query_all_raw(Statement::from_string(backend, "PRAGMA foreign_key_check"))
        .await
        .ok()?;
    let row = broken.first()?;
    let table: String = row.try_get("", "table").ok()?;
    let fkid: i64 = row.try_get("", "fkid").ok()?;
    let columns: Vec<String> = txn
        .query_all_raw(Statement::from_string(
            backend,
            format!("PRAGMA foreign_key_list(\"{table}\")"),
        ))
        .await
        .ok()?
        .into_iter()
        .filter(|r| r.try_get::<i64>("", "id").ok() == Some(fkid))
        .filter_map(|r| r.try_get::<String>("", "from").ok())
        .collect();
    txn.rollback().await.ok()?;
    catalog::constraints::of_table(&table, catalog::constraints::Kind::ForeignKey)
        .find(|rule| {
            rule.columns
                .iter()
                .copied()
                .eq(columns.iter().map(String::as_str))
        })
        .map(|rule| rule.name.to_owned())
}

/// Runs one statement through the admin URL from a `Drop`, which runs inside the test's
/// runtime: the async work gets a thread and a runtime of its own. Whether it succeeded.
pub fn admin_sql_from_drop(admin_url: &str, sql: &str) -> bool {
    let (admin_url, sql) = (admin_url.to_owned(), sql.to_owned());
    let done = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime
            .block_on(async {
                let admin = sea_orm::Database::connect(&admin_url).await?;
                admin.execute_unprepared(&sql).await?;
                admin.close().await
            })
            .map_err(std::io::Error::other)
    })
    .join();
    matches!(done, Ok(Ok(())))
}

/// A PostgreSQL LOGIN role with a random name and password, a member of `group`, as the
/// application connects; dropped when the guard goes, a failing test included.
pub struct LoginRole {
    name: String,
    password: String,
}

impl LoginRole {
    pub async fn create(t: &TestDb, group: &str) -> Self {
        let name = format!(
            "es_login_{}",
            &uuid::Uuid::new_v4().simple().to_string()[..16]
        );
        let password = uuid::Uuid::new_v4().simple().to_string();
        t.db.execute_unprepared(&format!(
            "CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {group}"
        ))
        .await
        .unwrap_or_else(|e| panic!("create login role {name}: {e}"));
        Self { name, password }
    }

    /// For the benches, which build their own URLs (a proxy's port, TLS) for the role.
    #[allow(dead_code)]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `t`'s database, as this role. (This machine's pg_hba trusts 127.0.0.1, so the password
    /// is not checked here; on RDS it would be.)
    pub fn url(&self, t: &TestDb) -> String {
        let (scheme, rest) = t.url.split_once("://").expect("a URL");
        let server = rest.split_once('@').map_or(rest, |(_, server)| server);
        format!("{scheme}://{}:{}@{server}", self.name, self.password)
    }

    pub async fn connect(&self, t: &TestDb) -> service::Db {
        service::connect_with(&self.url(t), &service::PoolConfig::default())
            .await
            .unwrap_or_else(|e| panic!("connect as {}: {e}", self.name))
    }
}

impl Drop for LoginRole {
    fn drop(&mut self) {
        let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
            return;
        };
        let drop = format!("DROP ROLE IF EXISTS {}", self.name);
        if !admin_sql_from_drop(&admin_url, &drop) {
            eprintln!("warning: could not drop login role {}", self.name);
        }
    }
}

/// `t` as the application reaches it: on PostgreSQL through a LOGIN role in `eatsential_write`
/// (row-level security applies; keep the guard while the `Db` is in use), on SQLite `t.db`.
pub async fn as_application(t: &TestDb) -> (Option<LoginRole>, service::Db) {
    if !t.is_pg() {
        return (None, t.db.clone());
    }
    let role = LoginRole::create(t, "eatsential_write").await;
    let db = role.connect(t).await;
    (Some(role), db)
}

/// The SQLSTATE of a database error, if the server sent one.
pub fn sqlstate(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
    | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) = err
    else {
        return None;
    };
    match &**e {
        sea_orm::sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()),
        _ => None,
    }
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
pub async fn insert_user(t: &TestDb, username: &str, verified: bool) -> service::Actor {
    let id = uuid::Uuid::new_v4();
    t.exec(
        "INSERT INTO users (id, username, email, password_hash, is_email_verified) VALUES ($1, $2, $3, 'not-a-real-hash', $4)",
        vec![id.into(), username.into(), format!("{username}@example.com").into(), verified.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("fixture user {username}: {e}"));
    service::Actor::new(id)
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
pub async fn verified_user(t: &TestDb, name: &str) -> service::Actor {
    let registered = service::accounts::register(
        &t.db,
        service::accounts::NewUser {
            username: name.to_owned(),
            email: format!("{name}@example.com"),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap();
    service::accounts::verify_email(&t.db, registered.verification_token.expose())
        .await
        .unwrap();
    service::Actor::new(registered.user.id)
}

/// The field a validation error names; any other outcome fails the test.
pub fn field_of<T: std::fmt::Debug>(result: service::Result<T>) -> String {
    match result {
        Err(service::Error::Validation { field, .. }) => field.into_owned(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}
