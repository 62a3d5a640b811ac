//! The Eatsential schema as sea-orm-migration migrations, for SQLite and PostgreSQL 15+.
//!
//! `portable` holds the column types and SQL that differ between the backends; each migration
//! states its tables once through it, with the shared conventions of `conventions`. Every
//! migration is wrapped by [`atomic`], so it runs in one transaction on SQLite too: one that
//! fails halfway leaves the database as it was. A future migration that adds an index or a
//! constraint to a table that may hold rows uses [`portable::online`] instead, wrapped with
//! [`portable::online::online`], so that it does not stop the application on PostgreSQL; the
//! squawk lint ([`lint`]) fails on one that does not. `Migrator::fresh` is replaced so that it also
//! clears the `auth`, `health` and `audit` schemas on PostgreSQL and views on SQLite, which the
//! stock version leaves behind (and the next `up` then fails on).
//!
//! The operator tooling the `migration` command adds (copy to PostgreSQL, orphaned rows, the
//! schema dump) lives apart in `operator`, built only with the `cli` feature.
//!
//! Running the migrations from code (a deploy step, a test):
//!
//! ```no_run
//! use migration::{Migrator, MigratorTrait};
//! use sea_orm_migration::sea_orm::Database;
//!
//! # async fn deploy() -> Result<(), sea_orm_migration::sea_orm::DbErr> {
//! let db = Database::connect("sqlite://eatsential.db?mode=rwc").await?;
//! Migrator::up(&db, None).await?; // each pending migration in its own transaction
//! # Ok(())
//! # }
//! ```

pub use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement, TransactionSession, TransactionTrait};

mod atomic;
pub mod conventions;
pub mod lint;
mod m20261122_000001_create_schemas_and_audit;
mod m20261122_000002_create_users;
mod m20261122_000003_create_auth_tables;
mod m20261122_000004_create_health_reference;
mod m20261122_000005_create_health_profiles;
mod m20261122_000006_create_user_health_links;
mod m20261122_000007_create_roles_and_row_security;
mod m20261122_000008_create_user_profiles_and_preferences;
mod m20261122_000009_extend_accounts_auth;
mod m20261122_000010_create_payment_methods;
mod m20261122_000011_create_erasure_record;
mod m20261122_000012_create_recipes;
mod m20261122_000013_create_nutrition_tracking;
mod m20261122_000014_create_meal_plans_and_shopping;
mod m20261122_000015_create_restaurants;
mod m20261122_000016_create_activity_logs;
mod m20261122_000017_index_dismissed_recommendations;
mod m20261122_000018_bmr_never_negative;
mod m20261122_000019_values_both_backends_accept;
mod m20261122_000020_session_in_one_statement;
mod m20261122_000021_login_lookups_keep_their_plans;
mod m20261122_000022_search_path_is_the_databases;
mod m20261122_000023_recipe_search_facets;
mod m20261122_000024_recipe_facet_pairs;
#[cfg(feature = "cli")]
pub mod operator;
pub mod portable;
pub mod search_path;

pub use atomic::{Atomic, atomic};
pub use catalog::tables;
pub use catalog::{DEFAULT_DATABASE_URL, UnsupportedUrl, backend_for_url};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            atomic(m20261122_000001_create_schemas_and_audit::Migration),
            atomic(m20261122_000002_create_users::Migration),
            atomic(m20261122_000003_create_auth_tables::Migration),
            atomic(m20261122_000004_create_health_reference::Migration),
            atomic(m20261122_000005_create_health_profiles::Migration),
            atomic(m20261122_000006_create_user_health_links::Migration),
            atomic(m20261122_000007_create_roles_and_row_security::Migration),
            atomic(m20261122_000008_create_user_profiles_and_preferences::Migration),
            atomic(m20261122_000009_extend_accounts_auth::Migration),
            atomic(m20261122_000010_create_payment_methods::Migration),
            atomic(m20261122_000011_create_erasure_record::Migration),
            atomic(m20261122_000012_create_recipes::Migration),
            atomic(m20261122_000013_create_nutrition_tracking::Migration),
            atomic(m20261122_000014_create_meal_plans_and_shopping::Migration),
            atomic(m20261122_000015_create_restaurants::Migration),
            atomic(m20261122_000016_create_activity_logs::Migration),
            atomic(m20261122_000017_index_dismissed_recommendations::Migration),
            atomic(m20261122_000018_bmr_never_negative::Migration),
            atomic(m20261122_000019_values_both_backends_accept::Migration),
            atomic(m20261122_000020_session_in_one_statement::Migration),
            atomic(m20261122_000021_login_lookups_keep_their_plans::Migration),
            atomic(m20261122_000022_search_path_is_the_databases::Migration),
            atomic(m20261122_000023_recipe_search_facets::Migration),
            atomic(m20261122_000024_recipe_facet_pairs::Migration),
        ]
    }

    async fn fresh<'c, C>(db: C) -> Result<(), DbErr>
    where
        C: IntoSchemaManagerConnection<'c>,
    {
        let db = db.into_database_executor();
        drop_everything(&db).await?;
        Self::up(db, None).await
    }
}

/// Each migration's squawk exceptions (see [`lint`]), from its `SQUAWK_EXCEPTIONS`, by name.
fn squawk_exceptions() -> Vec<(&'static str, &'static [lint::Exception])> {
    macro_rules! from {
        ($($migration:ident),* $(,)?) => {
            vec![$((stringify!($migration), $migration::SQUAWK_EXCEPTIONS)),*]
        };
    }
    from![
        m20261122_000001_create_schemas_and_audit,
        m20261122_000002_create_users,
        m20261122_000003_create_auth_tables,
        m20261122_000004_create_health_reference,
        m20261122_000005_create_health_profiles,
        m20261122_000006_create_user_health_links,
        m20261122_000007_create_roles_and_row_security,
        m20261122_000008_create_user_profiles_and_preferences,
        m20261122_000009_extend_accounts_auth,
        m20261122_000010_create_payment_methods,
        m20261122_000011_create_erasure_record,
        m20261122_000012_create_recipes,
        m20261122_000013_create_nutrition_tracking,
        m20261122_000014_create_meal_plans_and_shopping,
        m20261122_000015_create_restaurants,
        m20261122_000016_create_activity_logs,
        m20261122_000017_index_dismissed_recommendations,
        m20261122_000018_bmr_never_negative,
        m20261122_000019_values_both_backends_accept,
        m20261122_000020_session_in_one_statement,
        m20261122_000021_login_lookups_keep_their_plans,
    ]
}

/// Drops every table (and with them views and triggers) this schema could have made, in one
/// transaction.
async fn drop_everything<C>(db: &C) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    let (list_sql, drop_kind) = match backend {
        DbBackend::Postgres => {
            txn.execute_unprepared(&format!(
                "DROP SCHEMA IF EXISTS {} CASCADE",
                tables::APP_SCHEMAS.join(", ")
            ))
            .await?;
            (
                "SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables \
                 WHERE schemaname IN ('public', current_schema())",
                "TABLE",
            )
        }
        _ => {
            // Checked at COMMIT, by when no table is left to violate anything.
            txn.execute_unprepared("PRAGMA defer_foreign_keys = ON")
                .await?;
            // Triggers first: a cascade set off by dropping a parent table would fire them
            // against audit tables that may already be gone. Views outlive their tables.
            for row in txn
                .query_all_raw(Statement::from_string(
                    backend,
                    "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')",
                ))
                .await?
            {
                let kind: String = row.try_get("", "type")?;
                let name: String = row.try_get("", "name")?;
                let drop = format!("DROP {} IF EXISTS \"{name}\"", kind.to_uppercase());
                txn.execute_unprepared(&drop).await?;
            }
            (
                // Newest first, so a child goes before the parent its foreign key names. An
                // R*Tree's shadow tables go with their virtual table.
                "SELECT '\"' || name || '\"' AS name FROM sqlite_master \
                 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN \
                 (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow') \
                 ORDER BY rowid DESC",
                "TABLE",
            )
        }
    };
    let cascade = if backend == DbBackend::Postgres {
        " CASCADE"
    } else {
        ""
    };
    for row in txn
        .query_all_raw(Statement::from_string(backend, list_sql))
        .await?
    {
        let table: String = row.try_get("", "name")?;
        txn.execute_unprepared(&format!("DROP {drop_kind} IF EXISTS {table}{cascade}"))
            .await?;
    }
    txn.commit().await
}
