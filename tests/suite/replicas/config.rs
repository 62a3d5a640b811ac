//! The replicas' settings, without a replica: as `connect` reads them, and refused on SQLite.
use std::time::Duration;

use service::PoolConfig;
use uuid::Uuid;

/// `DATABASE_READ_URL` on SQLite is refused, not ignored: a SQLite file has no replicas.
#[tokio::test]
async fn read_urls_on_sqlite_are_refused() {
    let path = std::env::temp_dir().join(format!("eatsential-replicas-{}.db", Uuid::new_v4()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let refused = service::connect_with(
        &url,
        &PoolConfig {
            read_urls: vec!["postgres://127.0.0.1:1/x".into()],
            ..PoolConfig::default()
        },
    )
    .await;
    assert!(
        matches!(refused, Err(service::Error::Config(_))),
        "{refused:?}"
    );
    let _ = std::fs::remove_file(&path);
}

/// The variables, as `connect` reads them.
#[test]
fn read_variables() {
    let vars = |name: &str| match name {
        "DATABASE_READ_URL" => Some(" postgres://a/x, postgres://b/x ,".to_owned()),
        "DATABASE_READ_MAX_LAG_MS" => Some("250".to_owned()),
        _ => None,
    };
    let config = PoolConfig::from_lookup(vars).expect("parse");
    assert_eq!(config.read_urls, ["postgres://a/x", "postgres://b/x"]);
    assert_eq!(config.read_max_lag, Duration::from_millis(250));
    assert_eq!(config.read_timeout, Duration::from_secs(1));
    let defaults = PoolConfig::from_lookup(|_| None).expect("parse");
    assert!(defaults.read_urls.is_empty());
    assert_eq!(defaults.read_max_lag, Duration::from_secs(5));
    assert!(!format!("{config:?}").contains("postgres://"));
    assert!(
        PoolConfig::from_lookup(|n| (n == "DATABASE_READ_MAX_LAG_MS").then(|| "soon".into()))
            .is_err()
    );
}
