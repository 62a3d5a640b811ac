//! The migrator itself: up, down, up again, fresh, refresh and reset on each backend.
use migration::{Migrator, MigratorTrait};

use crate::harness::TestDb;

/// Application tables present, by name, in any schema.
async fn app_tables(t: &TestDb) -> i64 {
    let sql = if t.is_pg() {
        "SELECT COUNT(*) FROM pg_tables WHERE schemaname IN ('public', 'auth', 'health', 'audit') AND tablename <> 'seaql_migrations'"
    } else {
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('seaql_migrations', 'audit_context')"
    };
    t.count(sql, vec![]).await
}

async fn migrations_go_down_and_up_again_and_fresh_works(t: &TestDb) {
    const TABLES: i64 = 10;
    assert_eq!(app_tables(t).await, TABLES);
    crate::harness::insert_user(t, "survivor", true).await;

    Migrator::down(&t.db, None).await.unwrap();
    assert_eq!(app_tables(t).await, 0, "down removes every table");
    if t.is_pg() {
        let schemas = t
            .count(
                "SELECT COUNT(*) FROM pg_namespace WHERE nspname IN ('auth', 'health', 'audit')",
                vec![],
            )
            .await;
        assert_eq!(schemas, 0, "down removes the schemas too");
    }
    Migrator::up(&t.db, None).await.unwrap();
    assert_eq!(app_tables(t).await, TABLES);
    assert_eq!(t.count("SELECT COUNT(*) FROM allergens", vec![]).await, 12);

    crate::harness::insert_user(t, "before_fresh", true).await;
    Migrator::fresh(&t.db).await.unwrap();
    assert_eq!(app_tables(t).await, TABLES);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM users", vec![]).await,
        0,
        "fresh starts empty"
    );
    assert_eq!(t.count("SELECT COUNT(*) FROM allergens", vec![]).await, 12);

    Migrator::refresh(&t.db).await.unwrap();
    assert_eq!(app_tables(t).await, TABLES);
    Migrator::reset(&t.db).await.unwrap();
    assert_eq!(app_tables(t).await, 0);
    Migrator::up(&t.db, None).await.unwrap();
    let pending = Migrator::get_pending_migrations(&t.db).await.unwrap();
    assert!(pending.is_empty());
}

dual!(migrations_go_down_and_up_again_and_fresh_works);
