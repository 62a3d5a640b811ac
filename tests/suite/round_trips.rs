//! Round trips per hot call on PostgreSQL, counted on the wire (and statements per hot call on
//! both backends): at production latency (0.3-1 ms
//! a round trip to RDS) they, not the statements' execution, decide a call's time. A TCP proxy
//! between the pool and the server counts the client's flights (each time the client speaks
//! after the server answered); a change that adds a round trip to a hot call fails here.
use sea_orm::ConnectionTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use chrono::Utc;
use entity::types::{MealSlot, Severity, Timestamp};
use service::accounts::{self, Credentials, SessionInfo};
use service::health::{self, AllergenRef, AllergyEntry, AllergyInput};
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::recommendations::{self, RecommendationRequest};
use service::restaurants::geo::LatLon;
use service::{Actor, PoolConfig, recipes, safety, shopping};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

use crate::fixtures;
use crate::harness::{TestDb, verified_user};

/// A proxy to `upstream` on an ephemeral port; the counter holds the client's flights so far.
async fn counting_proxy(upstream: String) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let flights = Arc::new(AtomicUsize::new(0));
    let counter = flights.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let server = TcpStream::connect(&upstream).await.unwrap();
            let counter = counter.clone();
            tokio::spawn(pipe(client, server, counter));
        }
    });
    (port, flights)
}

/// Copies both ways; a client write that follows a server write (or opens the connection)
/// is one flight.
async fn pipe(client: TcpStream, server: TcpStream, flights: Arc<AtomicUsize>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let server_spoke = Arc::new(AtomicBool::new(true));
    let spoke = server_spoke.clone();
    let up = async move {
        let mut buffer = vec![0_u8; 64 * 1024];
        while let Ok(n) = client_read.read(&mut buffer).await {
            if n == 0 || server_write.write_all(&buffer[..n]).await.is_err() {
                break;
            }
            // A bare Sync is sqlx checking the connection as it returns to the pool: after the
            // call has returned, off its path (and racing the next call's count).
            let release_check = buffer[..n] == [b'S', 0, 0, 0, 4];
            if spoke.swap(false, Ordering::SeqCst) && !release_check {
                flights.fetch_add(1, Ordering::SeqCst);
                if std::env::var("DEBUG_FLIGHTS").is_ok() {
                    eprintln!(
                        "FLIGHT {:?}",
                        String::from_utf8_lossy(&buffer[..n.min(160)])
                    );
                }
            }
        }
    };
    let down = async move {
        let mut buffer = vec![0_u8; 64 * 1024];
        while let Ok(n) = server_read.read(&mut buffer).await {
            if n == 0 || client_write.write_all(&buffer[..n]).await.is_err() {
                break;
            }
            server_spoke.store(true, Ordering::SeqCst);
        }
    };
    tokio::join!(up, down);
}

/// What the hot calls need: `ada` with a severe allergy and a session, 500 public recipes, a
/// shopping list made from a month's plan, restaurants to recommend from.
struct Hot {
    ada: Actor,
    token: String,
    page: Vec<Uuid>,
    list: Uuid,
    request: RecommendationRequest,
}

async fn hot(t: &TestDb) -> Hot {
    let ada = verified_user(t, "ada").await;
    let peanuts = AllergyEntry::new(
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(Severity::Severe),
    );
    health::set_allergy(&t.db, ada, peanuts).await.unwrap();
    let token = accounts::sign_in(
        &t.db,
        Credentials {
            email: "ada@example.com".into(),
            password: "correct horse battery".into(),
        },
        SessionInfo::default(),
    )
    .await
    .unwrap()
    .token
    .expose()
    .to_owned();
    fixtures::public_recipes(t).await;
    let page = t
        .query(
            "SELECT id FROM recipes WHERE is_public ORDER BY id LIMIT 20",
            vec![],
        )
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let list = fixtures::shopping_fixture(t, ada).await;
    fixtures::dining(t, 30).await;
    let center = LatLon::new(fixtures::CITY.0, fixtures::CITY.1).unwrap();
    let request = RecommendationRequest::new(center, 2.0, Utc::now().date_naive());
    Hot {
        ada,
        token,
        page,
        list,
        request,
    }
}

/// Runs every hot call twice on `$db` (the first prepares its statements on the connection,
/// the second is the steady state) and returns `(call, $measure() after - before)` for the
/// second.
macro_rules! each_hot_call {
    ($db:expr, $hot:expr, $measure:expr) => {{
        let (db, hot) = ($db, $hot);
        let ada = hot.ada;
        let today = Utc::now().date_naive();
        let meal = || {
            NewMealLog::new(
                Timestamp::now(),
                MealSlot::Lunch,
                MealEntry::Free {
                    name: "Soup".into(),
                    nutrition: Nutrition::default(),
                },
            )
        };
        let mut counted: Vec<(&str, usize)> = Vec::new();
        macro_rules! count {
            ($name:literal, $call:expr) => {{
                $call.await.unwrap();
                let before = $measure;
                $call.await.unwrap();
                counted.push(($name, $measure - before));
            }};
        }
        count!(
            "find_by_email",
            accounts::find_by_email(db, "ada@example.com")
        );
        count!("resolve_session", accounts::resolve_session(db, &hot.token));
        count!("list_allergies", health::list_allergies(db, ada));
        count!("log_meal", nutrition::log_meal(db, ada, Tz::UTC, meal()));
        count!(
            "get_progress",
            nutrition::get_progress(db, ada, today, today)
        );
        count!(
            "recipes::search",
            recipes::search(db, ada, &recipes::SearchQuery::default())
        );
        count!(
            "list_recipe_verdicts",
            safety::list_recipe_verdicts(db, ada, &hot.page)
        );
        count!(
            "get_shopping_list",
            shopping::get_shopping_list(db, ada, hot.list)
        );
        count!(
            "recommend",
            recommendations::recommend(db, ada, &hot.request)
        );
        counted
    }};
}

async fn round_trips_per_hot_call(t: &TestDb) {
    // postgres://user@host:port/database: the proxy stands in for host:port.
    let (scheme_user, rest) = t.url.split_once('@').unwrap();
    let (upstream, database) = rest.split_once('/').unwrap();
    let (port, flights) = counting_proxy(upstream.to_owned()).await;
    // Plain text, so a failing count can be read (`DEBUG_FLIGHTS=1`); TLS adds no round trip
    // once the connection is open.
    let through = format!("{scheme_user}@127.0.0.1:{port}/{database}?sslmode=disable");
    let pool = PoolConfig {
        max_connections: Some(1),
        ..PoolConfig::default()
    };
    let db = service::connect_with(&through, &pool).await.unwrap();
    let hot = hot(t).await;
    let counted = each_hot_call!(&db, &hot, flights.load(Ordering::SeqCst));

    // A connection that does not know a read's prepared statement (new, or its statements
    // deallocated) is told so by the server, and the read prepares it and goes on: one more
    // round trip, with the right rows.
    db.execute_unprepared("DEALLOCATE ALL").await.unwrap();
    let before = flights.load(Ordering::SeqCst);
    let allergies = health::list_allergies(&db, hot.ada).await.unwrap();
    let unprepared = flights.load(Ordering::SeqCst) - before;
    assert_eq!(allergies.len(), 1);
    assert_eq!(
        unprepared, 2,
        "a read on a connection without its statement"
    );
    db.close().await.unwrap();

    // A read is one message a statement: the read-only mode, the acting user and an EXECUTE
    // of the statement prepared on the connection (`service/src/autocommit.rs`); it was BEGIN,
    // the mode and the user, the query, COMMIT (and before issue 20 six: a ping, BEGIN, `SET
    // TRANSACTION READ ONLY` and `set_config` each in its own message, the query, COMMIT).
    // (sqlx then checks the connection as it goes back to the pool, after the call has
    // returned: not counted.) A session lookup is one statement outside any transaction
    // (`auth.session_for_token`, migration 20; it was five round trips). Logging a meal is one
    // message (`service/src/flight.rs`): BEGIN, the acting user, the live-user check, the
    // insert, the day's totals and COMMIT (it was six, each in its own round trip). The
    // shopping list is two statements (the list, its lines), a recommendation three (the
    // profile, the candidates, the verdicts of the best).
    assert_eq!(
        counted,
        [
            ("find_by_email", 1),
            ("resolve_session", 1),
            ("list_allergies", 1),
            ("log_meal", 1),
            ("get_progress", 1),
            ("recipes::search", 1),
            ("list_recipe_verdicts", 1),
            ("get_shopping_list", 2),
            ("recommend", 3),
        ],
        "(call, round trips)"
    );
}

postgres_only!(round_trips_per_hot_call);

/// The statements each hot call sends, on both backends (SeaORM's count: `BEGIN`, `COMMIT` and
/// unprepared bookkeeping are not statements here). On SQLite a statement is a hop to the
/// connection's thread, the cost that is left above the driver.
async fn statements_per_hot_call(t: &TestDb) {
    let hot = hot(t).await;
    let counted = each_hot_call!(&t.db, &hot, t.statement_count());
    // A SQLite write names its actor in `audit_context` with one more statement.
    let write = if t.is_pg() { 3 } else { 4 };
    assert_eq!(
        counted,
        [
            ("find_by_email", 1),
            ("resolve_session", 1),
            ("list_allergies", 1),
            ("log_meal", write),
            ("get_progress", 1),
            ("recipes::search", 1),
            ("list_recipe_verdicts", 1),
            ("get_shopping_list", 2),
            ("recommend", 3),
        ],
        "(call, statements)"
    );
}

dual!(statements_per_hot_call);
