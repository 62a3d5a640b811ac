//! An example HTTP API on the Eatsential service: an axum server whose handlers call
//! `service` as any application would (`module::verb(conn, actor, input)`), JSON in and out,
//! the session token as `Authorization: Bearer <token>`.
//!
//! Configuration, all from the environment:
//! - `DATABASE_URL`: the database (default [`DEFAULT_DATABASE_URL`], a SQLite file in the
//!   working directory); it must be migrated first, by `cargo run -p migration -- up` with the
//!   same `DATABASE_URL`. The server never migrates: on PostgreSQL it connects as the
//!   application's login role, which may not change the schema.
//! - `API_LISTEN`: the address to listen on (default [`DEFAULT_LISTEN`]; port 0 picks a free
//!   one). The first line on stdout is `listening on http://<address>`.
//! - `API_DEV_TOKENS=1`: `POST /users` answers with the email verification token too, so a
//!   developer can verify without sending email. Off by default; never in production.
//! - `DATABASE_POOL_SIZE` and the other pool variables `service::PoolConfig` reads
//!   (`DATABASE_SLOW_CALL_MS`: a service call at least this slow logs a WARN).
//! - `RUST_LOG`: when set, `tracing` output on stderr, filtered by it: `RUST_LOG=service=debug`
//!   shows every service call's end with its span (the call, the acting user's id, statements,
//!   rows, milliseconds), `RUST_LOG=warn` only the slow calls (docs/OPERATIONS.md,
//!   "Monitoring").
//!
//! It runs until stopped (Ctrl-C, SIGTERM); a request cut short commits nothing.
use std::net::SocketAddr;
use std::process::ExitCode;

mod routes;

/// The database when `DATABASE_URL` is unset: the file the migration CLI makes by default.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://eatsential.db?mode=rwc";
/// The address when `API_LISTEN` is unset.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:3000";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("api: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `tracing` to stderr when `RUST_LOG` asks for it; stdout keeps its one line.
fn trace_to_stderr() {
    if std::env::var_os("RUST_LOG").is_none() {
        return;
    }
    // `try_init`: an embedding that already set a subscriber keeps its own.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .try_init();
}

async fn run() -> Result<(), String> {
    trace_to_stderr();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned());
    let listen = std::env::var("API_LISTEN").unwrap_or_else(|_| DEFAULT_LISTEN.to_owned());
    let dev_tokens = std::env::var("API_DEV_TOKENS").is_ok_and(|v| v == "1");

    let db = service::connect(&url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    // A database nobody migrated (SQLite's `mode=rwc` makes an empty file) fails here, once,
    // rather than on every request.
    service::catalogue::list_allergens(&db).await.map_err(|e| {
        format!(
            "the database has no Eatsential schema ({e}); migrate it first: \
             `cargo run -p migration -- up` with the same DATABASE_URL"
        )
    })?;

    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on http://{address}");
    if dev_tokens {
        eprintln!("api: API_DEV_TOKENS=1: registrations answer with their verification token");
    }

    let app = routes::router(routes::App { db, dev_tokens });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    .map_err(|e| e.to_string())
}
