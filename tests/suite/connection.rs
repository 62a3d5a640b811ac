//! `connect`: URL and feature checks, pool settings from the environment, TLS to PostgreSQL.
use migration::{UnsupportedUrl, backend_for_url};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use service::{Error, PoolConfig};

use crate::harness::TestDb;

#[test]
fn urls_pick_their_backend() {
    assert_eq!(
        backend_for_url("sqlite://eatsential.db?mode=rwc"),
        Ok(DbBackend::Sqlite)
    );
    assert_eq!(
        backend_for_url("postgresql://u@h/db"),
        Ok(DbBackend::Postgres)
    );
    assert_eq!(
        backend_for_url("mysql://u@h/db"),
        Err(UnsupportedUrl::UnknownScheme)
    );
    let disabled = UnsupportedUrl::FeatureDisabled {
        backend: "PostgreSQL",
        feature: "postgres",
    };
    assert!(disabled.to_string().contains("--features postgres"));
}

#[test]
fn pool_settings_come_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let defaults = PoolConfig::from_lookup(env(&[])).unwrap();
    assert_eq!(defaults, PoolConfig::default());
    assert_eq!(defaults.max_lifetime.as_secs(), 1800);
    assert!(
        !defaults.pre_ping,
        "no round trip spent on a ping unless asked"
    );
    let set = PoolConfig::from_lookup(env(&[
        ("DATABASE_POOL_SIZE", "60"),
        ("DATABASE_POOL_TIMEOUT_SECS", "5"),
        ("DATABASE_POOL_RECYCLE_SECS", "600"),
        ("DATABASE_POOL_PRE_PING", "true"),
    ]))
    .unwrap();
    assert_eq!(set.max_connections, Some(60));
    assert_eq!(set.acquire_timeout.as_secs(), 5);
    assert_eq!(set.max_lifetime.as_secs(), 600);
    assert!(set.pre_ping);
    assert_eq!(defaults.slow_call.as_millis(), 500);
    let slow = PoolConfig::from_lookup(env(&[("DATABASE_SLOW_CALL_MS", "0")])).unwrap();
    assert_eq!(slow.slow_call, std::time::Duration::ZERO);
    match PoolConfig::from_lookup(env(&[("DATABASE_SLOW_CALL_MS", "soon")])) {
        Err(Error::Config(message)) => {
            assert!(message.contains("DATABASE_SLOW_CALL_MS"), "{message}")
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
    match PoolConfig::from_lookup(env(&[("DATABASE_POOL_SIZE", "lots")])) {
        Err(Error::Config(message)) => assert!(message.contains("DATABASE_POOL_SIZE"), "{message}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

async fn sessions_are_configured_for_the_backend(t: &TestDb) {
    let one = |sql: &'static str| async move {
        let row =
            t.db.query_one_raw(Statement::from_string(t.backend, sql))
                .await
                .unwrap()
                .unwrap();
        row.try_get_by_index::<String>(0).unwrap()
    };
    if t.is_pg() {
        assert_eq!(
            one("SELECT current_setting('search_path')").await,
            "public, auth, health, audit"
        );
        // The database's setting (migration 22), not one the connection made.
        assert_eq!(
            migration::search_path::database_setting(&t.db)
                .await
                .unwrap()
                .as_deref(),
            Some("public, auth, health, audit")
        );
    } else {
        assert_eq!(
            one("SELECT CAST(foreign_keys AS TEXT) FROM pragma_foreign_keys").await,
            "1"
        );
        assert_eq!(
            one("SELECT journal_mode FROM pragma_journal_mode").await,
            "wal"
        );
    }
}

/// TLS: `sslmode=require` gives an encrypted session; `verify-full` against a CA that did not
/// sign the server's certificate is refused.
#[tokio::test]
async fn postgres_connects_over_tls() {
    let Some(t) = TestDb::postgres("tls").await else {
        return;
    };
    let sep = if t.url.contains('?') { '&' } else { '?' };
    let required = service::connect_with(
        &format!("{}{sep}sslmode=require", t.url),
        &PoolConfig::default(),
    )
    .await
    .expect("sslmode=require connects");
    let row = required
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.try_get_by_index::<bool>(0).unwrap(),
        "the session is encrypted"
    );
    required.close().await.unwrap();

    let wrong_ca =
        std::env::temp_dir().join(format!("eatsential-wrong-ca-{}.pem", std::process::id()));
    std::fs::write(&wrong_ca, WRONG_CA).unwrap();
    let verified = service::connect_with(
        &format!(
            "{}{sep}sslmode=verify-full&sslrootcert={}",
            t.url,
            wrong_ca.display()
        ),
        &PoolConfig::default(),
    )
    .await;
    let _ = std::fs::remove_file(&wrong_ca);
    assert!(
        verified.is_err(),
        "a server certificate the CA did not sign is refused"
    );
}

/// A self-signed CA certificate that signed nothing on this machine.
const WRONG_CA: &str = include_str!("wrong-ca.pem");

dual!(sessions_are_configured_for_the_backend);
