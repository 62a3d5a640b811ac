//! The floor under each hot service call: `cargo bench -p eatsential-tests --bench floor`
//! (PostgreSQL too when `TEST_POSTGRES_URL` is set). Results and how to read them: docs/SPEED.md.
//!
//! For each hot call, in one run, interleaved (the arms' order shuffled every round, the calls
//! taken in turn within a round), medians over `FLOOR_ROUNDS` rounds:
//!
//! - **service**: the service call, as an application makes it (`module::verb(&db, actor, ..)`
//!   on a `service::Db` from `service::connect_with` with the default pool settings).
//! - **sqlx** (SQLite only): the by-hand arm's statements and shape through sqlx-sqlite used
//!   directly, on pools set as the service's (one writer, `query_only` readers): what the
//!   service costs over the driver it is built on.
//! - **by hand**: the statements the service sends, through the raw driver on one dedicated
//!   connection (no pool), in the shape the service gives them, each awaited in turn as the
//!   service does. A read made on a `Db` is no transaction (`service/src/autocommit.rs`):
//!   SQLite (rusqlite) runs each statement on a `query_only` connection; PostgreSQL
//!   (tokio-postgres) sends each as the service's simple-query message (`SET TRANSACTION READ
//!   ONLY; SET LOCAL app.current_user_id = '<actor>'; EXECUTE es_<hash>(<values>)`, built by
//!   `service::autocommit` itself; its `PREPARE` made once on the connection). A
//!   write: SQLite `BEGIN IMMEDIATE`, the statements (the first is the service's `INSERT OR
//!   REPLACE INTO audit_context`), `DELETE FROM audit_context`, `COMMIT`; PostgreSQL the
//!   service's simple-query messages (`service/src/flight.rs`, built by `service::flight`
//!   itself): for `log_meal` one, `BEGIN; SET LOCAL app.current_user_id = '<actor>'; <the
//!   live-user check>; <the insert>; <the day's totals>; COMMIT`, each statement with its
//!   values written in. A call that is one statement outside any
//!   transaction (`resolve_session`'s `auth.session_for_token`) is that statement alone.
//! - **pipelined** (PostgreSQL only): exactly the by-hand messages, but sent in one flight
//!   (tokio-postgres pipelines requests polled together): one round trip for the call.
//! - **alone**: the call's own statements with no transaction bookkeeping. Reads: each
//!   statement in autocommit, in turn (on PostgreSQL on a connection where
//!   `app.current_user_id` is set once for the session, so row-level security filters the same
//!   rows). Writes: the statements in a plain transaction with no acting user named (SQLite:
//!   `BEGIN IMMEDIATE` ... `COMMIT`; PostgreSQL: `BEGIN`, the statements, `COMMIT` in one
//!   flight, the actor set for the session).
//!
//! Every raw arm reads every column of every row it gets back (as raw bytes or SQLite values,
//! not decoded into typed Rust values); the service decodes into its models.
//!
//! **Where the statements come from**: captured at run time from the service itself, through
//! `Db::set_metric_callback` (called with the SQL and the values of every statement). One service call per hot call is captured
//! after a warm-up, and its statements are replayed by the raw arms with the same values (a
//! write's new ids and times replaced by fresh ones on every call). The callback does not see
//! a write's unprepared bookkeeping (`BEGIN`, `set_config`, `DELETE FROM audit_context`,
//! `COMMIT`); it is written here from `service/src/acting.rs`. Each hot call states how many
//! statements it expects; a service change that sends another number stops the bench with a
//! message, so the arms cannot silently drift apart. Values are bound as the driver under the
//! service binds them: on PostgreSQL each parameter is declared with the type sqlx declares
//! (`prepare_typed`), on SQLite each value is encoded as sqlx-sqlite encodes it (a UUID as a
//! 16-byte blob, a timestamp as RFC 3339 text, a decimal as text) and `$N` parameters are
//! bound by number as sqlx does.
//!
//! PostgreSQL is measured twice: directly, and through a TCP proxy in this process that holds
//! every chunk `FLOOR_DELAY_MS` (default 0.25) in each direction before passing it on, so a
//! round trip costs about what it costs between an application and RDS in another
//! availability zone. The proxy counts round trips: bursts of client-to-server data that
//! follow data from the server (or a connection's start). Its threads sleep with
//! `std::thread::sleep` (timer slack set to 1 ns), which still overshoots by some µs; the run
//! prints the measured cost of one `SELECT 1` round trip directly and through it.
//!
//! On PostgreSQL every arm connects as a LOGIN role in `eatsential_write` (as the
//! application does), not as the superuser the fixtures use, so row-level security applies.
//!
//! Environment: `FLOOR_ROUNDS` (default 1000), `FLOOR_WARMUP` (default 30), `FLOOR_DELAY_MS`
//! (default 0.25), `FLOOR_CALLS` (comma-separated names; default all), `FLOOR_SHOW_SQL=1`
//! (print the captured statements), `FLOOR_TRACE=1` (print what the proxy sees: each
//! client message's type, the SQL of Query and Parse messages).
use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use entity::types::{MealSlot, Timestamp};
use futures_util::future::{LocalBoxFuture, try_join_all};
use sea_orm::Value;
use sea_orm::sea_query::{ArrayType, OptionEnum};
use service::health;
use service::{Actor, accounts, nutrition, recipes, recommendations, safety, shopping};
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use uuid::Uuid;

#[allow(dead_code, unused_macros)]
#[path = "../suite/harness.rs"]
mod harness;

mod fixtures;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// Capturing what the service sends.

/// Statements SeaORM reports while `CAPTURING` is on.
static CAPTURED: Mutex<Vec<(String, Vec<Value>)>> = Mutex::new(Vec::new());
static CAPTURING: AtomicBool = AtomicBool::new(false);

fn capture_on(db: &mut service::Db) {
    db.set_metric_callback(|info| {
        if CAPTURING.load(Ordering::SeqCst) {
            let values = info
                .statement
                .values
                .as_ref()
                .map(|v| v.0.clone())
                .unwrap_or_default();
            CAPTURED
                .lock()
                .unwrap()
                .push((info.statement.sql.clone(), values));
        }
    });
}

// ---------------------------------------------------------------------------------------------
// The hot calls.

type ServiceCall = Rc<dyn for<'a> Fn(&'a service::Db) -> LocalBoxFuture<'a, ()>>;
/// Pairs (old value, new value) for one raw call of a write.
type Fresh = Rc<dyn Fn() -> Vec<(Value, Value)>>;

struct Hot {
    name: &'static str,
    write: bool,
    /// The user the transaction names (`None`: no user, as sign-in).
    actor: Option<Uuid>,
    /// Statements the service sends before its transaction, each in autocommit.
    outside: usize,
    /// How many statements (prepared, so captured) one call sends in all: (SQLite,
    /// PostgreSQL). SQLite's writes name the actor with a prepared statement of their own.
    expected: (usize, usize),
    /// PostgreSQL writes: how many of the first statements are live-user checks (sent written
    /// to fail), and how many statements go in the first message (with `BEGIN` and the actor;
    /// the rest follow with `COMMIT`, which joins the first message when none is left).
    guards: usize,
    first_message: usize,
    service: ServiceCall,
    /// Writes: the values to replace on each raw call (old, new), and the ids to keep (any
    /// other UUID in the statements is replaced by a fresh one on each call).
    fresh: Option<Fresh>,
    keep: Vec<Uuid>,
}

struct Fixture {
    hot: Vec<Hot>,
}

async fn fixture(t: &harness::TestDb) -> Fixture {
    // The user: five severe allergies, a goal, a profile, a session, a month of meals.
    let (user, token) = fixtures::bencher_with_a_month(t).await;
    let token: Rc<str> = token.into();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();

    // 500 public recipes of 3 ingredient lines (tomato, olive oil, peanut butter in one in
    // three), as in orm_vs_sql.
    fixtures::public_recipes(t).await;
    let page_ids: Rc<Vec<Uuid>> = Rc::new(
        t.query(
            "SELECT id FROM recipes WHERE is_public ORDER BY id LIMIT 20",
            vec![],
        )
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect(),
    );

    // A 30-day plan of three of the user's recipes a day, and its shopping list (6 lines).
    let shopping_list = fixtures::shopping_fixture(t, user).await;

    // Restaurants for `recommend`: 300 over a 20 km square, 50 meals each, 3 lines a meal.
    fixtures::dining(t, 300).await;
    let _ = t.exec("ANALYZE", vec![]).await;

    let query = Rc::new(recipes::SearchQuery {
        tags: vec!["quick".into()],
        cuisine: Some("italian".into()),
        max_total_minutes: Some(40),
        only_safe: true,
        limit: 20,
        ..Default::default()
    });
    let today = chrono::Utc::now().date_naive();
    let center =
        service::restaurants::geo::LatLon::new(fixtures::CITY.0, fixtures::CITY.1).unwrap();
    let request = Rc::new(recommendations::RecommendationRequest::new(
        center, 2.0, today,
    ));
    let meal = nutrition::Nutrition {
        energy_kcal: "512.30".parse().unwrap(),
        protein_g: "31.10".parse().unwrap(),
        carbs_g: "60.05".parse().unwrap(),
        fat_g: "14.20".parse().unwrap(),
        ..nutrition::Nutrition::default()
    };
    // Each log lands on the next of 365 days, so no day's sum grows without bound; the service
    // and the raw arms draw from the same sequence. The captured call logs at `log_time(-1)`,
    // which the raw arms replace.
    let counter = Rc::new(Cell::new(0_i64));
    let next_time = {
        let counter = counter.clone();
        move || {
            if CAPTURING.load(Ordering::SeqCst) {
                return log_time(-1);
            }
            let n = counter.get();
            counter.set(n + 1);
            log_time(n)
        }
    };
    let actor = user;
    let u = user.id();
    let mut hot: Vec<Hot> = Vec::new();
    let read = |name, actor: Option<Uuid>, outside, expected: usize, service: ServiceCall| Hot {
        name,
        write: false,
        actor,
        outside,
        expected: (expected, expected),
        guards: 0,
        first_message: 0,
        service,
        fresh: None,
        keep: Vec::new(),
    };
    hot.push(read(
        "find_by_email",
        None,
        0,
        1,
        Rc::new(|db| {
            Box::pin(async move {
                let found = accounts::find_by_email(db, "Bencher@example.com")
                    .await
                    .unwrap();
                assert!(found.is_some());
            })
        }),
    ));
    let tok = token.clone();
    hot.push(read(
        "resolve_session",
        Some(u),
        1,
        1,
        Rc::new(move |db| {
            let tok = tok.clone();
            Box::pin(async move {
                accounts::resolve_session(db, &tok).await.unwrap();
            })
        }),
    ));
    hot.push(read(
        "list_allergies",
        Some(u),
        0,
        1,
        Rc::new(move |db| {
            Box::pin(async move {
                assert_eq!(health::list_allergies(db, actor).await.unwrap().len(), 5);
            })
        }),
    ));
    {
        let next_time = next_time.clone();
        let (t0, d0) = (log_time(-1), log_time(-1).as_datetime().date_naive());
        let raw_next = next_time.clone();
        hot.push(Hot {
            name: "log_meal",
            write: true,
            actor: Some(u),
            outside: 0,
            expected: (4, 3),
            // The live-user check, the insert, the day's totals and COMMIT in one message
            // (`ActingTxn::query_and_commit`).
            guards: 1,
            first_message: 3,
            service: Rc::new(move |db| {
                let at = next_time();
                Box::pin(async move {
                    let entry = nutrition::MealEntry::Free {
                        name: "Bowl".into(),
                        nutrition: meal,
                    };
                    nutrition::log_meal(
                        db,
                        actor,
                        nutrition::Tz::UTC,
                        nutrition::NewMealLog::new(at, MealSlot::Lunch, entry),
                    )
                    .await
                    .unwrap();
                })
            }),
            fresh: Some(Rc::new(move || {
                let at = raw_next();
                vec![
                    (Value::from(t0), Value::from(at)),
                    (Value::from(d0), Value::from(at.as_datetime().date_naive())),
                ]
            })),
            keep: vec![u],
        });
    }
    let to = start + chrono::Days::new(29);
    hot.push(read(
        "get_progress",
        Some(u),
        0,
        1,
        Rc::new(move |db| {
            Box::pin(async move {
                let progress = nutrition::get_progress(db, actor, start, to).await.unwrap();
                assert_eq!(progress.days.len(), 30);
            })
        }),
    ));
    hot.push(read(
        "recipes::search",
        Some(u),
        0,
        1,
        Rc::new(move |db| {
            let query = query.clone();
            Box::pin(async move {
                let page = recipes::search(db, actor, &query).await.unwrap();
                assert_eq!(page.recipes.len(), 20);
            })
        }),
    ));
    hot.push(read(
        "list_recipe_verdicts",
        Some(u),
        0,
        1,
        Rc::new(move |db| {
            let ids = page_ids.clone();
            Box::pin(async move {
                let verdicts = safety::list_recipe_verdicts(db, actor, &ids).await.unwrap();
                assert_eq!(verdicts.len(), 20);
            })
        }),
    ));
    hot.push(read(
        "get_shopping_list",
        Some(u),
        0,
        2,
        Rc::new(move |db| {
            Box::pin(async move {
                let list = shopping::get_shopping_list(db, actor, shopping_list)
                    .await
                    .unwrap();
                assert_eq!(list.lines().count(), 6);
            })
        }),
    ));
    hot.push(read(
        "recommend",
        Some(u),
        0,
        3,
        Rc::new(move |db| {
            let request = request.clone();
            Box::pin(async move {
                let found = recommendations::recommend(db, actor, &request)
                    .await
                    .unwrap();
                assert!(!found.is_empty());
            })
        }),
    ));
    let wanted: Vec<String> = std::env::var("FLOOR_CALLS")
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default();
    hot.retain(|h| wanted.is_empty() || wanted.iter().any(|w| w == h.name));
    Fixture { hot }
}

fn log_time(n: i64) -> Timestamp {
    // n = -1: the capture's own time, a day no other call uses (2023-12-31).
    // 2024 (366 days): a year that no other hot call reads.
    let day = if n < 0 { -1 } else { n % 365 };
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 1, 1, 12, 0, 0).unwrap()
        + chrono::TimeDelta::days(day)
        + chrono::TimeDelta::seconds(n.max(0) / 365);
    Timestamp::new(at).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The captured statements of one call, as the raw arms send them.

#[derive(Clone)]
struct Captured {
    statements: Vec<(String, Vec<Value>)>,
}

/// One service call's statements, after one warm-up call (so caches are warm and a session's
/// `last_seen_at` is fresh).
async fn capture(db: &service::Db, hot: &Hot) -> Captured {
    let expected = if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        hot.expected.1
    } else {
        hot.expected.0
    };
    (hot.service)(db).await;
    CAPTURED.lock().unwrap().clear();
    CAPTURING.store(true, Ordering::SeqCst);
    (hot.service)(db).await;
    CAPTURING.store(false, Ordering::SeqCst);
    let statements = std::mem::take(&mut *CAPTURED.lock().unwrap());
    assert_eq!(
        statements.len(),
        expected,
        "{}: the service now sends {} statements, the bench expects {}: {:#?}",
        hot.name,
        statements.len(),
        expected,
        statements.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    if std::env::var("FLOOR_SHOW_SQL").is_ok_and(|v| v == "1") {
        eprintln!("-- {} ({} statements)", hot.name, statements.len());
        for (sql, values) in &statements {
            eprintln!("   {sql}\n     {values:?}");
        }
    }
    Captured { statements }
}

/// A write's statements with fresh ids and times for one raw call.
fn refresh(hot: &Hot, statements: &[(String, Vec<Value>)]) -> Vec<(String, Vec<Value>)> {
    let Some(fresh) = &hot.fresh else {
        return statements.to_vec();
    };
    let subs = fresh();
    let mut ids: HashMap<Uuid, Uuid> = HashMap::new();
    statements
        .iter()
        .map(|(sql, values)| {
            let values = values
                .iter()
                .map(|v| {
                    if let Some((_, new)) = subs.iter().find(|(old, _)| old == v) {
                        return new.clone();
                    }
                    match v {
                        Value::Uuid(Some(id)) if !hot.keep.contains(id) => {
                            Value::from(*ids.entry(*id).or_insert_with(Uuid::new_v4))
                        }
                        other => other.clone(),
                    }
                })
                .collect();
            (sql.clone(), values)
        })
        .collect()
}

/// Whether a captured statement is the service's naming of the actor (SQLite writes).
fn is_bookkeeping(sql: &str) -> bool {
    sql.contains("audit_context")
}

// ---------------------------------------------------------------------------------------------
// SQLite through rusqlite.

/// A value as sqlx-sqlite encodes it (see sea-query-sqlx's `sqlx_sqlite.rs` and sqlx-sqlite's
/// `types/`).
fn sqlite_value(v: &Value) -> rusqlite::types::Value {
    use chrono::SecondsFormat;
    use rusqlite::types::Value as S;
    fn or_null<T>(v: &Option<T>, f: impl FnOnce(&T) -> S) -> S {
        v.as_ref().map_or(S::Null, f)
    }
    match v {
        Value::Bool(b) => or_null(b, |b| S::Integer(i64::from(*b))),
        Value::TinyInt(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::SmallInt(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::Int(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::BigInt(i) => or_null(i, |i| S::Integer(*i)),
        Value::TinyUnsigned(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::SmallUnsigned(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::Unsigned(i) => or_null(i, |i| S::Integer(i64::from(*i))),
        Value::BigUnsigned(i) => or_null(i, |i| S::Integer(i64::try_from(*i).unwrap())),
        Value::Float(f) => or_null(f, |f| S::Real(f64::from(*f))),
        Value::Double(f) => or_null(f, |f| S::Real(*f)),
        Value::String(s) => or_null(s, |s| S::Text(s.clone())),
        Value::Enum(OptionEnum::Some(e)) => S::Text(e.value.to_string()),
        Value::Enum(OptionEnum::None(_)) => S::Null,
        Value::Char(c) => or_null(c, |c| S::Text(c.to_string())),
        Value::Bytes(b) => or_null(b, |b| S::Blob(b.clone())),
        Value::Json(j) => or_null(j, |j| S::Text(j.to_string())),
        Value::ChronoDate(d) => or_null(d, |d| S::Text(d.format("%F").to_string())),
        Value::ChronoTime(t) => or_null(t, |t| S::Text(t.format("%T%.f").to_string())),
        Value::ChronoDateTime(t) => or_null(t, |t| S::Text(t.format("%F %T%.f").to_string())),
        Value::ChronoDateTimeUtc(t) => or_null(t, |t| {
            S::Text(t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        }),
        Value::ChronoDateTimeLocal(t) => or_null(t, |t| {
            S::Text(t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        }),
        Value::ChronoDateTimeWithTimeZone(t) => or_null(t, |t| {
            S::Text(t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        }),
        Value::Uuid(u) => or_null(u, |u| S::Blob(u.as_bytes().to_vec())),
        Value::Decimal(d) => or_null(d, |d| S::Text(d.to_string())),
        other => panic!("no SQLite encoding for {other:?}"),
    }
}

struct SqliteRaw {
    /// Reads (the service's read pool is `query_only` too).
    read: rusqlite::Connection,
    write: rusqlite::Connection,
}

impl SqliteRaw {
    fn open(path: &str) -> Self {
        let open = |query_only: bool| {
            let c = rusqlite::Connection::open(path).unwrap();
            // The service's settings (service/src/db.rs).
            c.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                 PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;",
            )
            .unwrap();
            if query_only {
                c.execute_batch("PRAGMA query_only = ON").unwrap();
            }
            c.set_prepared_statement_cache_capacity(128);
            c
        };
        Self {
            read: open(true),
            write: open(false),
        }
    }
}

/// Runs one statement as sqlx-sqlite would bind it (`?NNN` and `$NNN` by number, `?` in
/// turn); reads every column of every row. Returns the rows.
fn sqlite_run(c: &rusqlite::Connection, sql: &str, values: &[rusqlite::types::Value]) -> usize {
    let mut stmt = c.prepare_cached(sql).unwrap();
    let mut next = 0;
    for i in 1..=stmt.parameter_count() {
        let n = match stmt.parameter_name(i) {
            Some(name) => name[1..].parse::<usize>().expect("a numbered parameter"),
            None => {
                next += 1;
                next
            }
        };
        if n > values.len() {
            break;
        }
        stmt.raw_bind_parameter(i, &values[n - 1]).unwrap();
    }
    let columns = stmt.column_count();
    let mut rows = stmt.raw_query();
    let (mut count, mut bytes) = (0, 0);
    while let Some(row) = rows.next().unwrap() {
        count += 1;
        for i in 0..columns {
            bytes += match row.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => t.len(),
                _ => 1,
            };
        }
    }
    std::hint::black_box(bytes);
    count
}

type SqliteStatements = Vec<(String, Vec<rusqlite::types::Value>)>;

fn to_sqlite(statements: &[(String, Vec<Value>)]) -> SqliteStatements {
    statements
        .iter()
        .map(|(sql, values)| (sql.clone(), values.iter().map(sqlite_value).collect()))
        .collect()
}

/// The by-hand arm on SQLite: the service's transaction shape around its statements.
fn sqlite_by_hand(raw: &SqliteRaw, hot: &Hot, statements: &SqliteStatements) -> usize {
    let mut rows = 0;
    let (outside, inside) = statements.split_at(hot.outside);
    for (sql, values) in outside {
        rows += sqlite_run(&raw.read, sql, values);
    }
    if inside.is_empty() {
        // A call that is one statement outside any transaction (the session lookup).
        return rows;
    }
    if hot.write {
        let c = &raw.write;
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        for (sql, values) in inside {
            rows += sqlite_run(c, sql, values);
        }
        c.execute_batch("DELETE FROM audit_context").unwrap();
        c.execute_batch("COMMIT").unwrap();
    } else {
        // As `service/src/autocommit.rs`: a read's statements each on their own.
        for (sql, values) in inside {
            rows += sqlite_run(&raw.read, sql, values);
        }
    }
    rows
}

/// sqlx-sqlite used directly: pools set as the service's (`service/src/db.rs`: one write
/// connection, `query_only` readers; WAL, foreign keys, `synchronous = NORMAL`, a 5 s busy
/// timeout), without SeaORM or the service.
struct SqliteSqlx {
    read: sea_orm::sqlx::SqlitePool,
    write: sea_orm::sqlx::SqlitePool,
}

impl SqliteSqlx {
    async fn open(path: &str) -> Self {
        use sea_orm::sqlx::sqlite::{
            SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
        };
        let options = |query_only: bool| {
            let o = SqliteConnectOptions::new()
                .filename(path)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5));
            if query_only {
                o.pragma("query_only", "ON")
            } else {
                o
            }
        };
        let pool = |max: u32, query_only: bool| {
            SqlitePoolOptions::new()
                .max_connections(max)
                .connect_with(options(query_only))
        };
        Self {
            read: pool(4, true).await.unwrap(),
            write: pool(1, false).await.unwrap(),
        }
    }
}

/// One statement through sqlx, its values bound in order as SeaORM binds them; every column of
/// every row read as raw bytes. Returns the rows.
async fn sqlx_run<'c, E>(executor: E, sql: &str, values: &[rusqlite::types::Value]) -> usize
where
    E: sea_orm::sqlx::Executor<'c, Database = sea_orm::sqlx::Sqlite>,
{
    use rusqlite::types::Value as S;
    use sea_orm::sqlx::Row;
    let mut query = sea_orm::sqlx::query(sea_orm::sqlx::AssertSqlSafe(sql.to_owned()));
    for value in values {
        query = match value {
            S::Null => query.bind(None::<i64>),
            S::Integer(i) => query.bind(*i),
            S::Real(f) => query.bind(*f),
            S::Text(t) => query.bind(t.clone()),
            S::Blob(b) => query.bind(b.clone()),
        };
    }
    let rows = query.fetch_all(executor).await.unwrap();
    let bytes: usize = rows
        .iter()
        .flat_map(|row| {
            (0..row.len()).map(move |i| {
                row.try_get_unchecked::<Option<Vec<u8>>, _>(i)
                    .unwrap()
                    .map_or(1, |b| b.len())
            })
        })
        .sum();
    std::hint::black_box(bytes);
    rows.len()
}

/// The sqlx arm on SQLite: the by-hand arm's statements and transaction shape, through sqlx.
async fn sqlite_sqlx(pools: &SqliteSqlx, hot: &Hot, statements: &SqliteStatements) -> usize {
    let mut rows = 0;
    let (outside, inside) = statements.split_at(hot.outside);
    for (sql, values) in outside {
        rows += sqlx_run(&pools.read, sql, values).await;
    }
    if hot.write && !inside.is_empty() {
        let mut txn = pools.write.begin_with("BEGIN IMMEDIATE").await.unwrap();
        for (sql, values) in inside {
            rows += sqlx_run(&mut *txn, sql, values).await;
        }
        sqlx_run(&mut *txn, "DELETE FROM audit_context", &[]).await;
        txn.commit().await.unwrap();
    } else {
        for (sql, values) in inside {
            rows += sqlx_run(&pools.read, sql, values).await;
        }
    }
    rows
}

/// The alone arm on SQLite: reads in autocommit; a write's statements (without the
/// `audit_context` row) in a plain `BEGIN IMMEDIATE` ... `COMMIT`.
fn sqlite_alone(raw: &SqliteRaw, hot: &Hot, statements: &SqliteStatements) -> usize {
    let mut rows = 0;
    if hot.write {
        let c = &raw.write;
        c.execute_batch("BEGIN IMMEDIATE").unwrap();
        for (sql, values) in statements.iter().filter(|s| !is_bookkeeping(&s.0)) {
            rows += sqlite_run(c, sql, values);
        }
        c.execute_batch("COMMIT").unwrap();
    } else {
        for (sql, values) in statements {
            rows += sqlite_run(&raw.read, sql, values);
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL through tokio-postgres.

/// A SeaORM value as a tokio-postgres parameter, declared with the type sqlx declares for it
/// (see `pg_type`) and encoded by the same Rust type's binary encoding.
#[derive(Debug)]
struct Pg(Value);

fn pg_type(v: &Value) -> Type {
    match v {
        Value::Bool(_) => Type::BOOL,
        Value::SmallInt(_) => Type::INT2,
        Value::Int(_) => Type::INT4,
        // sea-query-sqlx binds unsigned integers as the next wider signed type.
        Value::TinyUnsigned(_) => Type::INT2,
        Value::SmallUnsigned(_) => Type::INT4,
        Value::BigInt(_) | Value::Unsigned(_) | Value::BigUnsigned(_) => Type::INT8,
        Value::Float(_) => Type::FLOAT4,
        Value::Double(_) => Type::FLOAT8,
        Value::String(_) | Value::Enum(_) | Value::Char(_) => Type::TEXT,
        Value::Bytes(_) => Type::BYTEA,
        Value::Json(_) => Type::JSONB,
        Value::ChronoDate(_) => Type::DATE,
        Value::ChronoTime(_) => Type::TIME,
        Value::ChronoDateTime(_) => Type::TIMESTAMP,
        Value::ChronoDateTimeUtc(_)
        | Value::ChronoDateTimeLocal(_)
        | Value::ChronoDateTimeWithTimeZone(_) => Type::TIMESTAMPTZ,
        Value::Uuid(_) => Type::UUID,
        Value::Decimal(_) => Type::NUMERIC,
        Value::Array(ArrayType::String, _) => Type::TEXT_ARRAY,
        Value::Array(ArrayType::Uuid, _) => Type::UUID_ARRAY,
        Value::Array(ArrayType::Int, _) => Type::INT4_ARRAY,
        Value::Array(ArrayType::BigInt, _) => Type::INT8_ARRAY,
        other => panic!("no PostgreSQL type for {other:?}"),
    }
}

impl ToSql for Pg {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Value::Bool(v) => v.to_sql(ty, out),
            Value::SmallInt(v) => v.to_sql(ty, out),
            Value::Int(v) => v.to_sql(ty, out),
            Value::BigInt(v) => v.to_sql(ty, out),
            Value::TinyUnsigned(v) => v.map(i16::from).to_sql(ty, out),
            Value::SmallUnsigned(v) => v.map(i32::from).to_sql(ty, out),
            Value::Unsigned(v) => v.map(i64::from).to_sql(ty, out),
            Value::BigUnsigned(v) => v.map(|v| i64::try_from(v).unwrap()).to_sql(ty, out),
            Value::Float(v) => v.to_sql(ty, out),
            Value::Double(v) => v.to_sql(ty, out),
            Value::String(v) => v.to_sql(ty, out),
            Value::Enum(OptionEnum::Some(e)) => e.value.as_ref().to_sql(ty, out),
            Value::Enum(OptionEnum::None(_)) => Ok(IsNull::Yes),
            Value::Char(c) => c.map(|c| c.to_string()).to_sql(ty, out),
            Value::Bytes(v) => v.to_sql(ty, out),
            Value::Json(v) => v.as_deref().to_sql(ty, out),
            Value::ChronoDate(v) => v.to_sql(ty, out),
            Value::ChronoTime(v) => v.to_sql(ty, out),
            Value::ChronoDateTime(v) => v.to_sql(ty, out),
            Value::ChronoDateTimeUtc(v) => v.to_sql(ty, out),
            Value::ChronoDateTimeLocal(v) => v.to_sql(ty, out),
            Value::ChronoDateTimeWithTimeZone(v) => v.to_sql(ty, out),
            Value::Uuid(v) => v.to_sql(ty, out),
            Value::Decimal(v) => v.to_sql(ty, out),
            Value::Array(_, None) => Ok(IsNull::Yes),
            Value::Array(_, Some(items)) => {
                let items: Vec<Pg> = items.iter().cloned().map(Pg).collect();
                items.to_sql(ty, out)
            }
            other => Err(format!("no PostgreSQL encoding for {other:?}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Any column, read as its raw bytes.
struct Raw(usize);

impl<'a> FromSql<'a> for Raw {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(raw.len()))
    }
    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Raw(0))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

fn touch(rows: &[tokio_postgres::Row]) -> usize {
    let mut bytes = 0;
    for row in rows {
        for i in 0..row.len() {
            bytes += row.get::<_, Raw>(i).0;
        }
    }
    std::hint::black_box(bytes);
    rows.len()
}

/// A connection as the service's: the same search path.
async fn pg_connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e}"));
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
        .batch_execute(&format!(
            "SET search_path = {}",
            catalog::tables::SEARCH_PATH
        ))
        .await
        .unwrap();
    client
}

/// A call's statements prepared on one connection, with their values.
struct PgPrepared {
    /// Each statement's SQL, as captured.
    sql: Vec<String>,
    /// Each statement alone (a read message's query without its prologue), prepared.
    statements: Vec<tokio_postgres::Statement>,
    /// The simple-query messages of a read made on a `Db` (`service/src/autocommit.rs`), as
    /// the service sent them; empty for a call in a transaction.
    messages: Vec<String>,
}

async fn pg_prepare(client: &tokio_postgres::Client, hot: &Hot, captured: &Captured) -> PgPrepared {
    let mut statements = Vec::new();
    let mut messages = Vec::new();
    let sql = captured
        .statements
        .iter()
        .map(|(sql, _)| sql.clone())
        .collect();
    for (sql, values) in &captured.statements {
        let types: Vec<Type> = values.iter().map(pg_type).collect();
        statements.push(
            client
                .prepare_typed(sql, &types)
                .await
                .unwrap_or_else(|e| panic!("prepare {sql}: {e}")),
        );
        if !hot.write && hot.outside == 0 {
            // A read made on a `Db`: the service's own message for it, its `PREPARE` made on
            // this connection first, as the service's first call on a connection does.
            let stmt = sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                sql.as_str(),
                values.clone(),
            );
            let call = service::autocommit::Call::of(&stmt).expect("a value written inline");
            client.batch_execute(&call.prepare).await.unwrap();
            let actor = hot.actor.map(Actor::new);
            messages.push(format!(
                "{}; {}",
                service::autocommit::prologue(actor),
                call.execute
            ));
        }
    }
    PgPrepared {
        sql,
        statements,
        messages,
    }
}

/// Sends one simple-query message; the rows of its last statement, every column read.
async fn pg_message(
    client: &tokio_postgres::Client,
    message: &str,
) -> Result<usize, tokio_postgres::Error> {
    let mut rows = 0;
    for reply in client.simple_query(message).await? {
        if let tokio_postgres::SimpleQueryMessage::Row(row) = reply {
            rows += 1;
            let bytes: usize = (0..row.len()).map(|i| row.get(i).map_or(1, str::len)).sum();
            std::hint::black_box(bytes);
        }
    }
    Ok(rows)
}

async fn pg_query(
    client: &tokio_postgres::Client,
    statement: &tokio_postgres::Statement,
    values: &[Pg],
) -> Result<usize, tokio_postgres::Error> {
    let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as _).collect();
    Ok(touch(&client.query(statement, &params).await?))
}

/// The by-hand arm on PostgreSQL (`pipelined`: the transaction's messages in one flight).
async fn pg_by_hand(
    client: &tokio_postgres::Client,
    hot: &Hot,
    prepared: &PgPrepared,
    values: &[Vec<Pg>],
    pipelined: bool,
) -> usize {
    let mut rows = 0;
    let outside = prepared.statements.iter().zip(values).take(hot.outside);
    for (statement, values) in outside {
        rows += pg_query(client, statement, values).await.unwrap();
    }
    if hot.outside == prepared.statements.len() {
        // A call that is one statement outside any transaction (the session lookup).
        return rows;
    }
    if !prepared.messages.is_empty() {
        // A read made on a `Db`: each statement one message, as the service sends it.
        let sends = prepared.messages.iter().map(|m| pg_message(client, m));
        if pipelined {
            return try_join_all(sends).await.unwrap().iter().sum();
        }
        for send in sends {
            rows += send.await.unwrap();
        }
        return rows;
    }
    // A write: the service's two messages, each statement written as the service writes it
    // (with this call's fresh values).
    let texts: Vec<String> = prepared
        .sql
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, (sql, values))| {
            let stmt = sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                sql.as_str(),
                values.iter().map(|v| v.0.clone()).collect::<Vec<_>>(),
            );
            let text = if i < hot.guards {
                service::flight::guard_text(&stmt)
            } else {
                service::flight::statement_text(&stmt)
            };
            text.expect("a value written inline")
        })
        .collect();
    let (first, rest) = texts.split_at(hot.first_message.min(texts.len()));
    let opening = service::flight::opening(hot.actor.map(Actor::new));
    let first = std::iter::once(opening.as_str()).chain(first.iter().map(String::as_str));
    let messages: Vec<String> = if rest.is_empty() {
        vec![first.chain(["COMMIT"]).collect::<Vec<_>>().join("; ")]
    } else {
        vec![
            first.collect::<Vec<_>>().join("; "),
            rest.iter()
                .map(String::as_str)
                .chain(["COMMIT"])
                .collect::<Vec<_>>()
                .join("; "),
        ]
    };
    let sends = messages.iter().map(|m| pg_message(client, m));
    if pipelined {
        rows += try_join_all(sends).await.unwrap().iter().sum::<usize>();
    } else {
        for send in sends {
            rows += send.await.unwrap();
        }
    }
    rows
}

/// The alone arm on PostgreSQL (the actor is set for the session on `client`).
async fn pg_alone(
    client: &tokio_postgres::Client,
    hot: &Hot,
    prepared: &PgPrepared,
    values: &[Vec<Pg>],
) -> usize {
    if hot.write {
        let mut steps: Vec<LocalBoxFuture<'_, Result<usize, tokio_postgres::Error>>> = Vec::new();
        steps.push(Box::pin(async {
            client.batch_execute("BEGIN").await.map(|_| 0)
        }));
        for (statement, values) in prepared.statements.iter().zip(values) {
            steps.push(Box::pin(pg_query(client, statement, values)));
        }
        steps.push(Box::pin(async {
            client.batch_execute("COMMIT").await.map(|_| 0)
        }));
        try_join_all(steps).await.unwrap().iter().sum()
    } else {
        let mut rows = 0;
        for (statement, values) in prepared.statements.iter().zip(values) {
            rows += pg_query(client, statement, values).await.unwrap();
        }
        rows
    }
}

// ---------------------------------------------------------------------------------------------
// The latency proxy.

struct Proxy {
    port: u16,
    /// Client-to-server bursts, over all connections.
    bursts: Arc<AtomicU64>,
}

impl Proxy {
    /// Listens on a free local port; each connection is relayed to `upstream`, every chunk
    /// held `delay` in each direction (threads, so pipelined chunks are not delayed twice).
    fn start(upstream: String, delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let bursts = Arc::new(AtomicU64::new(0));
        let counter = bursts.clone();
        let trace = std::env::var("FLOOR_TRACE").is_ok_and(|v| v == "1");
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                // Whether the last data seen on this connection came from the client.
                let from_client = Arc::new(AtomicBool::new(false));
                relay(
                    client.try_clone().unwrap(),
                    server.try_clone().unwrap(),
                    delay,
                    Some((counter.clone(), trace)),
                    from_client.clone(),
                );
                relay(server, client, delay, None, from_client);
            }
        });
        Self { port, bursts }
    }

    fn count(&self) -> u64 {
        self.bursts.load(Ordering::SeqCst)
    }
}

fn relay(
    mut from: TcpStream,
    mut to: TcpStream,
    delay: Duration,
    client_side: Option<(Arc<AtomicU64>, bool)>,
    from_client: Arc<AtomicBool>,
) {
    let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
    std::thread::spawn(move || {
        let mut buf = vec![0_u8; 1 << 16];
        let mut first = true;
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let now = Instant::now();
            match &client_side {
                Some((counter, trace)) => {
                    if !from_client.swap(true, Ordering::SeqCst) {
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    if *trace && !first {
                        trace_messages(&buf[..n]);
                    }
                    first = false;
                }
                None => from_client.store(false, Ordering::SeqCst),
            }
            if tx.send((now, buf[..n].to_vec())).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        // Sleep to the µs, not to the kernel's default 50 µs timer slack.
        // SAFETY: prctl(PR_SET_TIMERSLACK) only sets this thread's timer slack.
        unsafe {
            libc::prctl(libc::PR_SET_TIMERSLACK, 1 as libc::c_ulong);
        }
        for (at, data) in rx {
            let due = at + delay;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            if to.write_all(&data).is_err() {
                break;
            }
        }
        let _ = to.shutdown(std::net::Shutdown::Write);
    });
}

/// Prints one chunk of frontend messages: the type of each, the SQL of Query and Parse.
fn trace_messages(mut data: &[u8]) {
    let mut line = format!("proxy > {} bytes:", data.len());
    while data.len() >= 5 {
        let kind = data[0] as char;
        let len = u32::from_be_bytes([data[1], data[2], data[3], data[4]]) as usize;
        let end = (1 + len).min(data.len());
        let body = &data[5..end];
        let text = |b: &[u8]| {
            String::from_utf8_lossy(b.split(|c| *c == 0).next().unwrap_or_default()).into_owned()
        };
        match kind {
            'Q' => line.push_str(&format!(" Q[{}]", text(body))),
            'P' => {
                let name_end = body.iter().position(|c| *c == 0).unwrap_or(0);
                let sql = text(&body[name_end + 1..]);
                line.push_str(&format!(" P[{}]", sql.chars().take(90).collect::<String>()));
            }
            k => line.push_str(&format!(" {k}")),
        }
        data = &data[end..];
    }
    if !data.is_empty() {
        line.push_str(&format!(" (+{} bytes)", data.len()));
    }
    eprintln!("{line}");
}

// ---------------------------------------------------------------------------------------------
// Timing.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Arm {
    Service,
    ServiceTls,
    Sqlx,
    ByHand,
    Pipelined,
    Alone,
}

impl Arm {
    fn label(self) -> &'static str {
        match self {
            Arm::Service => "service",
            Arm::ServiceTls => "service, TLS",
            Arm::Sqlx => "sqlx",
            Arm::ByHand => "by hand",
            Arm::Pipelined => "pipelined",
            Arm::Alone => "alone",
        }
    }
}

/// A tiny deterministic shuffle (xorshift64*, Fisher-Yates).
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Runs `arm` of call `i` once; returns the rows the raw arms saw (0 for the service).
type RunArm<'a> = dyn Fn(usize, Arm) -> LocalBoxFuture<'a, usize> + 'a;

struct Measured {
    medians: Vec<Vec<Option<Duration>>>,
    trips: Vec<Vec<Option<f64>>>,
    /// Rows the by-hand arm gets back per call (all its statements).
    rows: Vec<Option<usize>>,
}

/// `rounds` rounds: each call in turn, its arms in a shuffled order; medians per call and arm.
async fn measure(
    names: &[&str],
    arms: &[Arm],
    run: &RunArm<'_>,
    proxy: Option<&Proxy>,
) -> Measured {
    let rounds: usize = env_or("FLOOR_ROUNDS", 1000);
    let warmup: usize = env_or("FLOOR_WARMUP", 30);
    let mut shuffle = Shuffle(0x9e37_79b9_7f4a_7c15);
    let mut samples: Vec<Vec<Vec<Duration>>> =
        vec![vec![Vec::with_capacity(rounds); arms.len()]; names.len()];
    // Round trips, counted apart from the timing (a pooled connection's ping on release may
    // land after the call returns): each arm 10 times, with a pause before reading the count.
    let mut trips = vec![vec![None; arms.len()]; names.len()];
    if let Some(proxy) = proxy {
        for (c, _) in names.iter().enumerate() {
            for (a, arm) in arms.iter().enumerate() {
                run(c, *arm).await;
                tokio::time::sleep(Duration::from_millis(20)).await;
                let before = proxy.count();
                for _ in 0..10 {
                    run(c, *arm).await;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
                trips[c][a] = Some((proxy.count() - before) as f64 / 10.0);
            }
        }
    }
    let mut expected_rows: Vec<Vec<Option<usize>>> = vec![vec![None; arms.len()]; names.len()];
    let mut order: Vec<usize> = (0..arms.len()).collect();
    for round in 0..warmup + rounds {
        for c in 0..names.len() {
            shuffle.shuffle(&mut order);
            for &a in &order {
                let start = Instant::now();
                let rows = run(c, arms[a]).await;
                let elapsed = start.elapsed();
                // A raw arm must see the same rows every time.
                match expected_rows[c][a] {
                    None => expected_rows[c][a] = Some(rows),
                    Some(n) => assert_eq!(n, rows, "{} {:?}: rows changed", names[c], arms[a]),
                }
                if round >= warmup {
                    samples[c][a].push(elapsed);
                }
            }
        }
    }
    let medians = samples
        .iter_mut()
        .map(|per_arm| {
            per_arm
                .iter_mut()
                .map(|s| (!s.is_empty()).then(|| median(s)))
                .collect()
        })
        .collect();
    let by_hand = arms.iter().position(|a| *a == Arm::ByHand);
    let rows = expected_rows
        .iter()
        .map(|r| by_hand.and_then(|i| r[i]))
        .collect();
    Measured {
        medians,
        trips,
        rows,
    }
}

fn us(d: Option<Duration>) -> String {
    d.map_or("—".into(), |d| {
        let us = d.as_secs_f64() * 1e6;
        if us >= 1000.0 {
            let whole = us.round() as u64;
            format!("{},{:03} µs", whole / 1000, whole % 1000)
        } else {
            format!("{us:.0} µs")
        }
    })
}

fn ratio(a: Option<Duration>, b: Option<Duration>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64()),
        _ => "—".into(),
    }
}

fn table(title: &str, names: &[&str], arms: &[Arm], m: &Measured) {
    println!("\n### {title}\n");
    let mut head = String::from("| call | rows |");
    let mut rule = String::from("|---|---:|");
    for arm in arms {
        head.push_str(&format!(" {} |", arm.label()));
        rule.push_str("---:|");
    }
    let sqlx = arms.contains(&Arm::Sqlx);
    if sqlx {
        head.push_str(" service / sqlx |");
        rule.push_str("---:|");
    }
    head.push_str(" service / by hand | service / alone |");
    rule.push_str("---:|---:|");
    let with_trips = m.trips.iter().flatten().any(Option::is_some);
    if with_trips {
        head.push_str(" round trips (");
        head.push_str(
            &arms
                .iter()
                .map(|a| a.label())
                .collect::<Vec<_>>()
                .join(" / "),
        );
        head.push_str(") |");
        rule.push_str("---|");
    }
    println!("{head}\n{rule}");
    let index = |arm: Arm| arms.iter().position(|a| *a == arm);
    for (c, name) in names.iter().enumerate() {
        let med = &m.medians[c];
        let get = |arm: Arm| index(arm).and_then(|i| med[i]);
        let rows = m.rows[c].map_or("—".into(), |r| r.to_string());
        let mut line = format!("| `{name}` | {rows} |");
        for d in med {
            line.push_str(&format!(" {} |", us(*d)));
        }
        if sqlx {
            line.push_str(&format!(" {} |", ratio(get(Arm::Service), get(Arm::Sqlx))));
        }
        line.push_str(&format!(
            " {} | {} |",
            ratio(get(Arm::Service), get(Arm::ByHand)),
            ratio(get(Arm::Service), get(Arm::Alone))
        ));
        if with_trips {
            let trips: Vec<String> = m.trips[c]
                .iter()
                .map(|t| t.map_or("—".into(), |t| format!("{t:.1}")))
                .collect();
            line.push_str(&format!(" {} |", trips.join(" / ")));
        }
        println!("{line}");
    }
}

// ---------------------------------------------------------------------------------------------
// The backends.

async fn bench_sqlite() {
    let t = harness::TestDb::sqlite("floor").await;
    let fixture = fixture(&t).await;
    let mut db = service::connect_with(&t.url, &service::PoolConfig::default())
        .await
        .unwrap();
    capture_on(&mut db);
    let path = t
        .url
        .strip_prefix("sqlite://")
        .and_then(|u| u.split('?').next())
        .unwrap()
        .to_owned();
    let raw = SqliteRaw::open(&path);
    let pools = SqliteSqlx::open(&path).await;
    let mut captured = Vec::new();
    for hot in &fixture.hot {
        captured.push(capture(&db, hot).await);
    }
    let statements: Vec<SqliteStatements> =
        captured.iter().map(|c| to_sqlite(&c.statements)).collect();
    let hot = &fixture.hot;
    let run = |c: usize, arm: Arm| -> LocalBoxFuture<'_, usize> {
        let h = &hot[c];
        let (db, raw, pools) = (&db, &raw, &pools);
        let stmts = if h.write && arm != Arm::Service {
            to_sqlite(&refresh(h, &captured[c].statements))
        } else {
            statements[c].clone()
        };
        Box::pin(async move {
            match arm {
                Arm::Service => {
                    (h.service)(db).await;
                    0
                }
                Arm::Sqlx => sqlite_sqlx(pools, h, &stmts).await,
                Arm::ByHand => sqlite_by_hand(raw, h, &stmts),
                Arm::Alone => sqlite_alone(raw, h, &stmts),
                Arm::Pipelined | Arm::ServiceTls => unreachable!(),
            }
        })
    };
    let names: Vec<&str> = hot.iter().map(|h| h.name).collect();
    let arms = [Arm::Service, Arm::Sqlx, Arm::ByHand, Arm::Alone];
    let m = measure(&names, &arms, &run, None).await;
    table("SQLite (file, WAL)", &names, &arms, &m);
    db.close().await.unwrap();
    pools.read.close().await;
    pools.write.close().await;
}

/// The test database as `role` on `port`, in plain text (`sslmode=disable`: tokio-postgres
/// here speaks no TLS, so every arm is compared on the same wire) or, `tls`, as sqlx connects
/// by default (`sslmode=prefer`: TLS when the server offers it).
fn url_as(t: &harness::TestDb, role: &str, port: u16, tls: bool) -> String {
    let rest = t.url.split_once("://").unwrap().1;
    let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
    let (_, path) = rest.split_once('/').unwrap();
    let path = path.split('?').next().unwrap();
    let mode = if tls { "prefer" } else { "disable" };
    format!("postgres://{role}@127.0.0.1:{port}/{path}?sslmode={mode}")
}

async fn bench_postgres(t: &harness::TestDb, role: &str) {
    let fixture = fixture(t).await;
    let delay_ms: f64 = env_or("FLOOR_DELAY_MS", 0.25);
    let delay = Duration::from_secs_f64(delay_ms / 1000.0);
    let upstream_port = t
        .url
        .split_once("://")
        .and_then(|(_, r)| r.rsplit_once('@').map_or(Some(r), |(_, r)| Some(r)))
        .and_then(|r| r.split('/').next())
        .and_then(|hp| hp.rsplit_once(':'))
        .and_then(|(_, p)| p.parse::<u16>().ok())
        .unwrap_or(5432);
    let proxy = Proxy::start(format!("127.0.0.1:{upstream_port}"), delay);

    // What one round trip costs, directly and through the proxy.
    for (label, port) in [("direct", upstream_port), ("proxy", proxy.port)] {
        let c = pg_connect(&url_as(t, role, port, false)).await;
        let one = c.prepare("SELECT 1").await.unwrap();
        let mut s = Vec::new();
        for _ in 0..200 {
            let start = Instant::now();
            c.query(&one, &[]).await.unwrap();
            s.push(start.elapsed());
        }
        println!(
            "PostgreSQL {label}: one SELECT 1 round trip {} (median of 200)",
            us(Some(median(&mut s)))
        );
    }

    let mut captured = Vec::new();
    {
        let mut db =
            service::connect_with(&url_as(t, role, upstream_port, false), &Default::default())
                .await
                .unwrap();
        capture_on(&mut db);
        for hot in &fixture.hot {
            captured.push(capture(&db, hot).await);
        }
        db.close().await.unwrap();
    }
    let hot = &fixture.hot;
    let names: Vec<&str> = hot.iter().map(|h| h.name).collect();
    let arms = [
        Arm::Service,
        Arm::ServiceTls,
        Arm::ByHand,
        Arm::Pipelined,
        Arm::Alone,
    ];
    let delayed_title = format!("PostgreSQL through the proxy, {delay_ms} ms each way");
    for (title, port, counted) in [
        ("PostgreSQL, direct (127.0.0.1)", upstream_port, None),
        (delayed_title.as_str(), proxy.port, Some(&proxy)),
    ] {
        let url = url_as(t, role, port, false);
        let db = service::connect_with(&url, &service::PoolConfig::default())
            .await
            .unwrap();
        let db_tls = service::connect_with(&url_as(t, role, port, true), &Default::default())
            .await
            .unwrap();
        let hand = pg_connect(&url).await;
        let mut by_hand = Vec::new();
        let mut alone = Vec::new();
        for (h, cap) in hot.iter().zip(&captured) {
            by_hand.push(pg_prepare(&hand, h, cap).await);
            // The alone arm's connection names the actor once, for the session.
            let c = pg_connect(&url).await;
            let actor = h.actor.map(|a| a.to_string()).unwrap_or_default();
            c.batch_execute(&format!(
                "SELECT set_config('app.current_user_id', '{actor}', false)"
            ))
            .await
            .unwrap();
            let prepared = pg_prepare(&c, h, cap).await;
            alone.push((c, prepared));
        }
        let read_values: Vec<Vec<Vec<Pg>>> = captured
            .iter()
            .map(|cap| {
                cap.statements
                    .iter()
                    .map(|(_, v)| v.iter().cloned().map(Pg).collect())
                    .collect()
            })
            .collect();
        let run = |c: usize, arm: Arm| -> LocalBoxFuture<'_, usize> {
            let h = &hot[c];
            let (db, db_tls, hand, alone, by_hand) = (&db, &db_tls, &hand, &alone, &by_hand);
            let read_values = &read_values;
            let captured = &captured;
            Box::pin(async move {
                let fresh: Vec<Vec<Pg>>;
                let values = if h.write && !matches!(arm, Arm::Service | Arm::ServiceTls) {
                    fresh = refresh(h, &captured[c].statements)
                        .into_iter()
                        .map(|(_, v)| v.into_iter().map(Pg).collect())
                        .collect();
                    &fresh
                } else {
                    &read_values[c]
                };
                match arm {
                    Arm::Service => {
                        (h.service)(db).await;
                        0
                    }
                    Arm::ServiceTls => {
                        (h.service)(db_tls).await;
                        0
                    }
                    Arm::ByHand => pg_by_hand(hand, h, &by_hand[c], values, false).await,
                    Arm::Pipelined => pg_by_hand(hand, h, &by_hand[c], values, true).await,
                    Arm::Alone => pg_alone(&alone[c].0, h, &alone[c].1, values).await,
                    Arm::Sqlx => unreachable!(),
                }
            })
        };
        let m = measure(&names, &arms, &run, counted).await;
        table(title, &names, &arms, &m);
        db.close().await.unwrap();
        db_tls.close().await.unwrap();
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let started = Instant::now();
    println!(
        "floor: {} rounds (+{} warm-up), arms shuffled each round; medians",
        env_or::<usize>("FLOOR_ROUNDS", 1000),
        env_or::<usize>("FLOOR_WARMUP", 30)
    );
    let only = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    if only.as_deref().is_none_or(|b| b == "sqlite") {
        bench_sqlite().await;
    }
    if only.as_deref().is_none_or(|b| b == "postgres")
        && let Some(t) = harness::TestDb::postgres("floor").await
    {
        let role = harness::LoginRole::create(&t, "eatsential_write").await;
        bench_postgres(&t, role.name()).await;
        // The test database goes first (the role's grants are in it), then the role.
        drop(t);
        drop(role);
    }
    harness::drop_templates().await;
    println!("\n(run took {:.0} s)", started.elapsed().as_secs_f64());
}
