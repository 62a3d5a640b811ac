//! No per-connection session state (issue 19): the `search_path` is the database's (migration
//! 22), so a connection that ran nothing reaches every table, and `service::connect` sends no
//! `SET` on a new connection. Behind a proxy that multiplexes connections (PgBouncer in
//! transaction mode) a session setting would be lost, and RDS Proxy would pin the session.
use std::sync::{Arc, Mutex};

use chrono::Utc;
use entity::types::{MealSlot, Severity, Timestamp};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use service::accounts::{self, Credentials, NewUser, SessionInfo};
use service::health::{self, AllergenRef, AllergyEntry, AllergyInput};
use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
use service::{Actor, Db, PoolConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpStream};

use crate::harness::{LoginRole, TestDb};

/// The SQL a client sent, one entry per message: the text of each simple query (`Q`) and of
/// each statement prepared at protocol level (`P`).
type Sent = Arc<Mutex<Vec<String>>>;

/// A proxy to `upstream` on an ephemeral port that records what its clients send.
async fn recording_proxy(upstream: String) -> (u16, Sent) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let sent: Sent = Arc::default();
    let record = sent.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let server = TcpStream::connect(&upstream).await.unwrap();
            tokio::spawn(pipe(client, server, record.clone()));
        }
    });
    (port, sent)
}

async fn pipe(client: TcpStream, server: TcpStream, sent: Sent) {
    let (client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let up = async move {
        let mut client_read = client_read;
        // The start-up message has no type byte (and no SSLRequest comes: `sslmode=disable`).
        let Some(startup) = read_untyped(&mut client_read).await else {
            return;
        };
        if server_write.write_all(&startup).await.is_err() {
            return;
        }
        while let Some((kind, message)) = read_typed(&mut client_read).await {
            let body = &message[5..];
            let sql = match kind {
                b'Q' => Some(c_string(body)),
                // Parse: the statement's name, then its text.
                b'P' => {
                    let name_end = body.iter().position(|&b| b == 0).unwrap_or(body.len());
                    Some(c_string(&body[(name_end + 1).min(body.len())..]))
                }
                _ => None,
            };
            if let Some(sql) = sql {
                sent.lock().unwrap().push(sql);
            }
            if server_write.write_all(&message).await.is_err() {
                return;
            }
        }
    };
    let down = async move {
        let mut buffer = vec![0_u8; 64 * 1024];
        while let Ok(n) = server_read.read(&mut buffer).await {
            if n == 0 || client_write.write_all(&buffer[..n]).await.is_err() {
                break;
            }
        }
    };
    tokio::join!(up, down);
}

async fn read_untyped(from: &mut OwnedReadHalf) -> Option<Vec<u8>> {
    let mut length = [0_u8; 4];
    from.read_exact(&mut length).await.ok()?;
    let mut message = length.to_vec();
    message.resize(u32::from_be_bytes(length) as usize, 0);
    from.read_exact(&mut message[4..]).await.ok()?;
    Some(message)
}

/// One typed message, whole (type byte and length included).
async fn read_typed(from: &mut OwnedReadHalf) -> Option<(u8, Vec<u8>)> {
    let mut head = [0_u8; 5];
    from.read_exact(&mut head).await.ok()?;
    let length = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    let mut message = head.to_vec();
    message.resize(1 + length, 0);
    from.read_exact(&mut message[5..]).await.ok()?;
    Some((head[0], message))
}

fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// The statements of `sent` that leave state on the session: a `SET` or `RESET` that is not
/// `SET LOCAL` or `SET TRANSACTION`, or a `set_config` not local to the transaction.
fn session_settings(sent: &[String]) -> Vec<String> {
    sent.iter()
        .flat_map(|message| message.split(';'))
        .map(|statement| statement.trim().to_ascii_lowercase())
        .filter(|statement| {
            let set = (statement.starts_with("set ")
                && !statement.starts_with("set local ")
                && !statement.starts_with("set transaction "))
                || statement.starts_with("reset ")
                || statement.starts_with("set session ");
            let config = statement.contains("set_config(") && !statement.contains(", true)");
            set || config
        })
        .collect()
}

/// `url` (`postgres://user:password@host:port/database`) through the proxy on `port`, in plain
/// text so the proxy can read it.
fn through(url: &str, port: u16) -> String {
    let (scheme_user, rest) = url.split_once('@').unwrap();
    let (_, database) = rest.split_once('/').unwrap();
    let separator = if database.contains('?') { '&' } else { '?' };
    format!("{scheme_user}@127.0.0.1:{port}/{database}{separator}sslmode=disable")
}

/// The service's reads and writes on `db`: register, verify and sign in, an allergy, a meal,
/// the day's progress, the session resolved again. Returns the acting user.
async fn service_calls(db: &Db, name: &str) -> Actor {
    let registered = accounts::register(
        db,
        NewUser {
            username: name.to_owned(),
            email: format!("{name}@example.com"),
            password: "correct horse battery".to_owned(),
        },
    )
    .await
    .unwrap();
    accounts::verify_email(db, registered.verification_token.expose())
        .await
        .unwrap();
    let user = Actor::new(registered.user.id);
    let session = accounts::sign_in(
        db,
        Credentials {
            email: format!("{name}@example.com"),
            password: "correct horse battery".into(),
        },
        SessionInfo::default(),
    )
    .await
    .unwrap();
    let peanuts = AllergyEntry::new(
        AllergenRef::Name("Peanuts".into()),
        AllergyInput::new(Severity::Severe),
    );
    health::set_allergy(db, user, peanuts).await.unwrap();
    assert_eq!(health::list_allergies(db, user).await.unwrap().len(), 1);
    let soup = NewMealLog::new(
        Timestamp::now(),
        MealSlot::Lunch,
        MealEntry::Free {
            name: "Soup".into(),
            nutrition: Nutrition::default(),
        },
    );
    nutrition::log_meal(db, user, Tz::UTC, soup).await.unwrap();
    let today = Utc::now().date_naive();
    nutrition::get_progress(db, user, today, today)
        .await
        .unwrap();
    let resolved = accounts::resolve_session(db, session.token.expose())
        .await
        .unwrap();
    assert_eq!(resolved.user_id, registered.user.id);
    user
}

async fn one_text(db: &Db, sql: &str) -> String {
    db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<String>(0)
        .unwrap()
}

postgres_only!(a_connection_that_ran_nothing_reaches_every_table);
/// A plain sqlx pool (no start-up statement: sqlx sends only its start-up parameters), as a
/// login role of the application's group, wrapped into a `Db`: the service's reads and writes
/// work through it, and nothing on the wire set anything on the session.
async fn a_connection_that_ran_nothing_reaches_every_table(t: &TestDb) {
    use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    let role = LoginRole::create(t, "eatsential_write").await;
    let upstream = {
        let rest = t.url.split_once('@').unwrap().1;
        rest.split_once('/').unwrap().0.to_owned()
    };
    let (port, sent) = recording_proxy(upstream).await;
    let options: PgConnectOptions = through(&role.url(t), port).parse().unwrap();
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let db = Db::from_connection(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(
        pool,
    ));
    assert_eq!(
        one_text(&db, "SELECT current_setting('search_path')").await,
        "public, auth, health, audit",
        "a new session starts with the database's search_path"
    );
    assert_eq!(
        one_text(&db, "SELECT current_user::text").await,
        role.name(),
        "connected as the login role, not a superuser"
    );
    service_calls(&db, "plain").await;
    let sent = sent.lock().unwrap().clone();
    assert!(
        sent.iter().any(|sql| sql.contains("app.current_user_id")),
        "the proxy reads the statements sent: {sent:#?}"
    );
    assert_eq!(session_settings(&sent), Vec::<String>::new());
    db.close().await.unwrap();
}

postgres_only!(connect_sends_no_set);
/// `service::connect_with`, through a proxy that records every statement: the first thing the
/// service sends on a new connection is the call's own statement, and nothing it sends, from
/// connecting to the last call, leaves a setting on the session.
async fn connect_sends_no_set(t: &TestDb) {
    let role = LoginRole::create(t, "eatsential_write").await;
    let upstream = {
        let rest = t.url.split_once('@').unwrap().1;
        rest.split_once('/').unwrap().0.to_owned()
    };
    let (port, sent) = recording_proxy(upstream).await;
    let pool = PoolConfig {
        max_connections: Some(2),
        min_connections: 1,
        ..PoolConfig::default()
    };
    let db = service::connect_with(&through(&role.url(t), port), &pool)
        .await
        .unwrap();
    assert_eq!(
        sent.lock().unwrap().clone(),
        Vec::<String>::new(),
        "connecting sent no statement"
    );
    service_calls(&db, "pooled").await;
    let sent = sent.lock().unwrap().clone();
    assert!(
        sent.len() > 5,
        "the calls went through the proxy: {sent:#?}"
    );
    assert_eq!(session_settings(&sent), Vec::<String>::new());
    db.close().await.unwrap();
}

/// The detector itself: it finds what `service::connect` used to send, and lets the
/// transaction-local statements of a read through.
#[test]
fn session_settings_are_told_from_transaction_local_ones() {
    let sent = [
        "SET search_path = \"public\",\"auth\"".to_owned(),
        "SET TRANSACTION READ ONLY; SET LOCAL jit = off; SET LOCAL app.current_user_id = 'x'; \
         EXECUTE es_1('a')"
            .to_owned(),
        "SELECT set_config('app.current_user_id', 'x', true)".to_owned(),
        "select set_config('search_path', 'public', false)".to_owned(),
    ];
    assert_eq!(
        session_settings(&sent),
        [
            "set search_path = \"public\",\"auth\"",
            "select set_config('search_path', 'public', false)"
        ]
    );
}

postgres_only!(migration_up_restores_a_lost_search_path);
/// A database that lost its setting (restored by `pg_restore` into a new database, copied from
/// a template) gets it back from `migration up`, with nothing pending, which says so; a second
/// `up` has nothing to restore.
async fn migration_up_restores_a_lost_search_path(t: &TestDb) {
    t.db.execute_unprepared(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET search_path', current_database()); END $$",
    )
    .await
    .unwrap();
    assert_eq!(
        migration::search_path::database_setting(&t.db)
            .await
            .unwrap(),
        None
    );
    let first = crate::cli::run(&["up"], &[("DATABASE_URL", &t.url)]);
    assert!(first.ok, "{}{}", first.stdout, first.stderr);
    assert!(
        first.stdout.contains("nothing to apply")
            && first.stdout.contains("restored the database's search_path"),
        "{}",
        first.stdout
    );
    assert_eq!(
        migration::search_path::database_setting(&t.db)
            .await
            .unwrap()
            .as_deref(),
        Some("public, auth, health, audit")
    );
    let second = crate::cli::run(&["up"], &[("DATABASE_URL", &t.url)]);
    assert!(second.ok, "{}{}", second.stdout, second.stderr);
    assert!(!second.stdout.contains("restored"), "{}", second.stdout);
}

postgres_only!(a_role_that_does_not_own_the_database_is_told_who_does);
/// `ALTER DATABASE … SET` needs the owner: a migrating role that is not gets an error naming
/// the owner and the statement to have it run, not a bare "must be owner".
async fn a_role_that_does_not_own_the_database_is_told_who_does(t: &TestDb) {
    t.db.execute_unprepared(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET search_path', current_database()); END $$",
    )
    .await
    .unwrap();
    let role = LoginRole::create(t, "eatsential_admin").await;
    let db = role.connect(t).await;
    let err = migration::search_path::apply(&db).await.unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("is set by its owner, ")
            && message.contains(&format!("or a superuser, not by {}", role.name())),
        "{message}"
    );
    db.close().await.unwrap();
}

postgres_only!(a_call_leaves_no_identity_on_its_connection);
/// What a proxy in transaction mode relies on: after the service's calls, the one server
/// connection they ran on names no acting user, is not read-only and has the database's
/// search path, so the next transaction on it, another client's behind a proxy, starts clean.
/// What stays is the reads' SQL-prepared statements (`es_<hash>`), as OPERATIONS.md says.
async fn a_call_leaves_no_identity_on_its_connection(t: &TestDb) {
    let role = LoginRole::create(t, "eatsential_write").await;
    let one_connection = PoolConfig {
        max_connections: Some(1),
        ..PoolConfig::default()
    };
    let db = service::connect_with(&role.url(t), &one_connection)
        .await
        .unwrap();
    service_calls(&db, "clean").await;
    assert_eq!(
        one_text(
            &db,
            "SELECT coalesce(current_setting('app.current_user_id', true), '')"
        )
        .await,
        "",
        "the acting user ended with its transaction"
    );
    assert_eq!(one_text(&db, "SHOW transaction_read_only").await, "off");
    assert_eq!(
        one_text(&db, "SELECT current_setting('search_path')").await,
        "public, auth, health, audit"
    );
    let prepared = one_text(
        &db,
        "SELECT count(*)::text FROM pg_prepared_statements WHERE from_sql AND name LIKE 'es\\_%'",
    )
    .await;
    assert_ne!(
        prepared, "0",
        "the reads prepared their statements with SQL"
    );
    db.close().await.unwrap();
}
