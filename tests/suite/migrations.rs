//! The migrator itself: up, down, up again, fresh, refresh and reset on each backend, and
//! migrations that are all-or-nothing on SQLite too.
use migration::portable::{Index, NewTable, Tbl};
use migration::{Migrator, MigratorTrait, atomic};
use sea_orm_migration::prelude::*;

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

/// The seeded allergens, counted on a new connection: the test's pool may hold a session that
/// began while migration 22 was rolled back, and such a session keeps PostgreSQL's default
/// `search_path` (without `health`) for its life; a new session takes the database's.
async fn allergens(t: &TestDb) -> i64 {
    let db = service::connect_with(&t.url, &service::PoolConfig::default())
        .await
        .expect("a new connection");
    let count = db
        .query_one_raw(sea_orm::Statement::from_string(
            t.backend,
            "SELECT COUNT(*) FROM allergens",
        ))
        .await
        .expect("count the allergens")
        .expect("a row")
        .try_get_by_index::<i64>(0)
        .expect("a count");
    db.close().await.expect("close");
    count
}

async fn migrations_go_down_and_up_again_and_fresh_works(t: &TestDb) {
    // As many as the migrations make: counted here rather than written down, so that each
    // new table does not have to edit this test.
    let tables = app_tables(t).await;
    assert!(tables >= 11, "{tables} tables");
    crate::harness::insert_user(t, "survivor", true).await;

    Migrator::down(t.db.primary(), None).await.unwrap();
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
    Migrator::up(t.db.primary(), None).await.unwrap();
    assert_eq!(app_tables(t).await, tables);
    assert_eq!(allergens(t).await, 12);

    crate::harness::insert_user(t, "before_fresh", true).await;
    Migrator::fresh(t.db.primary()).await.unwrap();
    assert_eq!(app_tables(t).await, tables);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM users", vec![]).await,
        0,
        "fresh starts empty"
    );
    assert_eq!(allergens(t).await, 12);

    Migrator::refresh(t.db.primary()).await.unwrap();
    assert_eq!(app_tables(t).await, tables);
    Migrator::reset(t.db.primary()).await.unwrap();
    assert_eq!(app_tables(t).await, 0);
    Migrator::up(t.db.primary(), None).await.unwrap();
    let pending = Migrator::get_pending_migrations(&t.db).await.unwrap();
    assert!(pending.is_empty());
}

const PROBE: Tbl = Tbl::new("public", "atomic_probe");

/// A migration that creates a table, fills it, indexes it, and then (while `fail_last`) fails
/// in its last statement.
struct Probe {
    fail_last: bool,
}

impl MigrationName for Probe {
    fn name(&self) -> &str {
        "m20991231_000001_atomic_probe"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Probe {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        NewTable::new(backend, PROBE)
            .id()
            .varchar("label", 20)
            .index(Index::new("idx_atomic_probe_label", "label"))
            .create(manager)
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("INSERT INTO atomic_probe (label) VALUES ('half done')")
            .await?;
        let last = if self.fail_last {
            "INSERT INTO no_such_table (x) VALUES (1)"
        } else {
            "UPDATE atomic_probe SET label = 'done'"
        };
        db.execute_unprepared(last).await.map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        migration::portable::drop_tables(manager, &[PROBE]).await
    }
}

struct FailingLast;
struct Fixed;

impl MigratorTrait for FailingLast {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all = Migrator::migrations();
        all.push(atomic(Probe { fail_last: true }));
        all
    }
}

impl MigratorTrait for Fixed {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        let mut all = Migrator::migrations();
        all.push(atomic(Probe { fail_last: false }));
        all
    }
}

async fn probe_tables(t: &TestDb) -> i64 {
    let sql = if t.is_pg() {
        "SELECT COUNT(*) FROM pg_class WHERE relname IN ('atomic_probe', 'idx_atomic_probe_label')"
    } else {
        "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('atomic_probe', 'idx_atomic_probe_label')"
    };
    t.count(sql, vec![]).await
}

async fn a_migration_failing_in_its_last_statement_leaves_nothing(t: &TestDb) {
    let applied = Migrator::get_applied_migrations(&t.db).await.unwrap().len();
    let failed = FailingLast::up(t.db.primary(), None).await;
    assert!(failed.is_err(), "the probe's last statement fails");
    assert_eq!(probe_tables(t).await, 0, "its table and index are gone");
    assert_eq!(
        FailingLast::get_applied_migrations(&t.db)
            .await
            .unwrap()
            .len(),
        applied,
        "it is not recorded as applied"
    );
    // Once the cause is fixed, the next `up` applies it.
    Fixed::up(t.db.primary(), None).await.unwrap();
    assert_eq!(probe_tables(t).await, 2);
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM atomic_probe WHERE label = 'done'",
            vec![]
        )
        .await,
        1
    );
    Fixed::down(t.db.primary(), Some(1)).await.unwrap();
    assert_eq!(probe_tables(t).await, 0);
}

dual!(
    migrations_go_down_and_up_again_and_fresh_works,
    a_migration_failing_in_its_last_statement_leaves_nothing,
);

/// The list runs in the order of the names (their number): a migration listed out of order
/// would run before the tables it builds on on a fresh database, and `status` would lie.
#[test]
fn migrations_are_listed_in_name_order() {
    use migration::MigratorTrait;
    let names: Vec<String> = migration::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}
