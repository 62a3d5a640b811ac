//! The group roles belong to the server: migrating down never drops them, and up where they
//! already exist succeeds (both backends; SQLite has neither roles nor policies).
use migration::{Migrator, MigratorTrait};

use crate::harness::TestDb;

/// The group roles present, and migration 7's policies (on tables that exist).
async fn count_roles_and_policies(t: &TestDb) -> (i64, i64) {
    if !t.is_pg() {
        return (0, 0);
    }
    let roles = t
        .count(
            "SELECT COUNT(*) FROM pg_roles WHERE rolname IN \
             ('eatsential_read', 'eatsential_write', 'eatsential_admin')",
            vec![],
        )
        .await;
    let policies = t
        .count(
            "SELECT COUNT(*) FROM pg_policies WHERE policyname IN ('users_owner', \
             'health_profiles_owner', 'user_allergies_owner', 'user_dietary_restrictions_owner', \
             'verification_tokens_owner', 'user_sessions_owner', 'password_history_owner')",
            vec![],
        )
        .await;
    (roles, policies)
}

/// The roles belong to the server: down never drops them, and up where they exist succeeds.
async fn roles_outlive_down_and_up_where_they_exist_succeeds(t: &TestDb) {
    let migrations = Migrator::migrations();
    let from_seventh = migrations.len()
        - migrations
            .iter()
            .position(|m| m.name() == "m20261122_000007_create_roles_and_row_security")
            .expect("migration 7 is listed");
    let expected = if t.is_pg() { (3, 7) } else { (0, 0) };
    assert_eq!(count_roles_and_policies(t).await, expected);

    Migrator::down(t.db.primary(), Some(u32::try_from(from_seventh).unwrap()))
        .await
        .unwrap();
    assert_eq!(count_roles_and_policies(t).await, (expected.0, 0));
    if t.is_pg() {
        let grants = t
            .count(
                "SELECT COUNT(*) FROM information_schema.role_table_grants \
                 WHERE grantee LIKE 'eatsential\\_%'",
                vec![],
            )
            .await;
        assert_eq!(grants, 0, "down revokes this database's grants");
        let security = t
            .count(
                "SELECT COUNT(*) FROM pg_class WHERE relrowsecurity OR relforcerowsecurity",
                vec![],
            )
            .await;
        assert_eq!(security, 0, "down turns row-level security off again");
    }
    Migrator::up(t.db.primary(), None).await.unwrap();
    assert_eq!(count_roles_and_policies(t).await, expected);
    Migrator::down(t.db.primary(), None).await.unwrap();
    assert_eq!(count_roles_and_policies(t).await, (expected.0, 0));
    Migrator::up(t.db.primary(), None).await.unwrap();
    Migrator::fresh(t.db.primary()).await.unwrap();
    assert_eq!(count_roles_and_policies(t).await, expected);
    assert!(
        Migrator::get_pending_migrations(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
}

dual!(roles_outlive_down_and_up_where_they_exist_succeeds);
