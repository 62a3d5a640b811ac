//! `health_profile_bmr` never below zero: Mifflin-St Jeor goes negative for a light, short, old
//! person (20 kg, 50 cm and 130 years give -298.5 kcal, every term within the profile's rules),
//! and further still for a date of birth stored before the service refused ages over 130 (year
//! 1 gave -8,524). An energy need stops at zero, as `service::health::bmr_calories` does.
//!
//! The clamp is `CASE WHEN raw < 0 THEN 0 ELSE raw END` rather than `GREATEST(0, raw)`:
//! PostgreSQL's `GREATEST` ignores NULL and would turn a profile missing a term into 0 instead
//! of NULL. SQLite gets the same CASE, so the two views read alike.
use crate::lint::{self, Exception};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::m20261122_000005_create_health_profiles::{PG_BMR_VIEW, SQLITE_BMR_VIEW};
use crate::portable::run_sql;
use catalog::tables::HEALTH_PROFILE_BMR_VIEW as BMR_VIEW;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): it changes what older migrations made, and was released before the online
/// helpers (`crate::portable::online`).
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::BEFORE_HELPERS_LOCK_TIMEOUT,
    lint::BEFORE_HELPERS_STATEMENT_TIMEOUT,
];

/// How the view is (re)created on PostgreSQL: in place, so its grants stay, and with
/// `security_invoker` (migration 7), which `CREATE OR REPLACE VIEW` would otherwise reset: the
/// view must read `health_profiles` as whoever queries it, under their row-level security.
const PG_REPLACE: &str = "CREATE OR REPLACE VIEW public.health_profile_bmr \
                          WITH (security_invoker = true) AS";

/// The view's query on PostgreSQL: migration 5's, with the formula in its own lateral
/// subquery so the clamp can read it once. Same columns, same types.
const PG_QUERY: &str = r#"
SELECT hp.id AS health_profile_id,
       hp.user_id,
       a.age_years,
       (CASE WHEN b.raw < 0 THEN 0 ELSE b.raw END)::integer AS bmr_calories
FROM public.health_profiles hp
CROSS JOIN LATERAL (
    SELECT date_part('year', age((now() AT TIME ZONE 'UTC')::date, hp.date_of_birth))::integer AS age_years
) a
CROSS JOIN LATERAL (
    SELECT CASE hp.gender
               WHEN 'male' THEN round(10 * hp.weight_kg + 6.25 * hp.height_cm - 5 * a.age_years + 5)
               WHEN 'female' THEN round(10 * hp.weight_kg + 6.25 * hp.height_cm - 5 * a.age_years - 161)
           END AS raw
) b"#;

/// The same on SQLite: migration 5's exact integer arithmetic, rounded, then clamped. The outer
/// CAST keeps the column's declared type `INT`, as migration 5's view has it.
const SQLITE_VIEW: &str = r#"
CREATE VIEW health_profile_bmr AS
SELECT health_profile_id,
       user_id,
       age_years,
       CAST(CASE WHEN raw < 0 THEN 0 ELSE raw END AS INTEGER) AS bmr_calories
FROM (
    SELECT id AS health_profile_id,
           user_id,
           age_years,
           CAST(round((CASE gender
                WHEN 'male' THEN 10 * CAST(round(weight_kg * 100) AS INTEGER) + 625 * height_cm - 500 * age_years + 500
                WHEN 'female' THEN 10 * CAST(round(weight_kg * 100) AS INTEGER) + 625 * height_cm - 500 * age_years - 16100
            END) / 100.0) AS INTEGER) AS raw
    FROM (
        SELECT *,
               CAST(strftime('%Y', 'now') AS INTEGER) - CAST(strftime('%Y', date_of_birth) AS INTEGER)
                 - (strftime('%m-%d', 'now') < strftime('%m-%d', date_of_birth)) AS age_years
        FROM health_profiles
    )
)"#;

/// Migration 5's view, as `CREATE OR REPLACE` on PostgreSQL (see [`PG_REPLACE`]).
fn pg_released_view() -> Result<String, DbErr> {
    let query = PG_BMR_VIEW
        .trim_start()
        .strip_prefix("CREATE VIEW public.health_profile_bmr AS")
        .ok_or_else(|| DbErr::Migration("migration 5's BMR view has another head".to_owned()))?;
    Ok(format!("{PG_REPLACE}{query}"))
}

fn sqlite_swap(view: &str) -> Vec<String> {
    vec![format!("DROP VIEW IF EXISTS {BMR_VIEW}"), view.to_owned()]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => vec![format!("{PG_REPLACE}{PG_QUERY}")],
            _ => sqlite_swap(SQLITE_VIEW),
        };
        run_sql(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => vec![pg_released_view()?],
            _ => sqlite_swap(SQLITE_BMR_VIEW),
        };
        run_sql(manager, &statements).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn down_finds_the_released_view() {
        let view = pg_released_view().unwrap();
        assert!(view.starts_with(PG_REPLACE), "{view}");
        assert!(view.contains("CROSS JOIN LATERAL"), "{view}");
    }
}
