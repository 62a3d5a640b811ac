//! `public.health_profiles` (seed 002 §4.1, §6) with its triggers, and BMR as a view.
//!
//! The seed's stored BMR column is refused by both backends (its age depends on today), so BMR
//! is computed at read time: `health_profile_bmr` here, `service::health::bmr_calories` in Rust.
use crate::lint::{self, Exception};
use catalog::limits::foundation;
use entity::types::{ActivityLevel, Gender};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::conventions::Conventions;
use crate::portable::triggers::drop_refusal_trigger;
use crate::portable::{
    Audit, NewTable, drop_tables, one_of_enum, refusal_trigger, row_triggers, run_sql,
};
use catalog::constraints::EMAIL_NOT_VERIFIED;
use catalog::tables::HEALTH_PROFILES;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

use catalog::tables::HEALTH_PROFILE_BMR_VIEW as BMR_VIEW;

/// The columns the SQLite audit triggers snapshot (PostgreSQL's `to_jsonb` takes the whole row).
const AUDITED_COLUMNS: [&str; 9] = [
    "id",
    "user_id",
    "height_cm",
    "weight_kg",
    "date_of_birth",
    "gender",
    "activity_level",
    "created_at",
    "updated_at",
];

/// The seed's `check_email_verified`, fired on UPDATE OF user_id too (`docs/DESIGN.md` D4):
/// a profile can never move to an unverified user. It raises the rule's name,
/// `ensure_email_verified`, as a stable code.
fn email_verified_trigger(backend: DbBackend) -> Vec<String> {
    let users = catalog::tables::USERS.sql(backend);
    refusal_trigger(
        backend,
        HEALTH_PROFILES,
        EMAIL_NOT_VERIFIED,
        &["INSERT", "UPDATE OF user_id"],
        &format!("NOT EXISTS (SELECT 1 FROM {users} WHERE id = NEW.user_id AND is_email_verified)"),
    )
}

/// Mifflin-St Jeor with the age in whole years as of today (UTC). PostgreSQL computes it in
/// NUMERIC, exactly; `round` is half away from zero on both backends.
pub(crate) const PG_BMR_VIEW: &str = r#"
CREATE VIEW public.health_profile_bmr AS
SELECT hp.id AS health_profile_id,
       hp.user_id,
       a.age_years,
       (CASE hp.gender
            WHEN 'male' THEN round(10 * hp.weight_kg + 6.25 * hp.height_cm - 5 * a.age_years + 5)
            WHEN 'female' THEN round(10 * hp.weight_kg + 6.25 * hp.height_cm - 5 * a.age_years - 161)
        END)::integer AS bmr_calories
FROM public.health_profiles hp
CROSS JOIN LATERAL (
    SELECT date_part('year', age((now() AT TIME ZONE 'UTC')::date, hp.date_of_birth))::integer AS age_years
) a"#;

/// The same on SQLite, whose arithmetic is binary floating point: the formula is taken in exact
/// integer hundredths (weight has two decimals), then divided once, so halves round as on
/// PostgreSQL.
pub(crate) const SQLITE_BMR_VIEW: &str = r#"
CREATE VIEW health_profile_bmr AS
SELECT id AS health_profile_id,
       user_id,
       age_years,
       CAST(round((CASE gender
            WHEN 'male' THEN 10 * CAST(round(weight_kg * 100) AS INTEGER) + 625 * height_cm - 500 * age_years + 500
            WHEN 'female' THEN 10 * CAST(round(weight_kg * 100) AS INTEGER) + 625 * height_cm - 500 * age_years - 16100
        END) / 100.0) AS INTEGER) AS bmr_calories
FROM (
    SELECT *,
           CAST(strftime('%Y', 'now') AS INTEGER) - CAST(strftime('%Y', date_of_birth) AS INTEGER)
             - (strftime('%m-%d', 'now') < strftime('%m-%d', date_of_birth)) AS age_years
    FROM health_profiles
)"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        NewTable::new(backend, HEALTH_PROFILES)
            .id()
            .owned_by_user_v1()
            .integer_null("height_cm")
            .decimal_null("weight_kg", 5, 2)
            .date_null("date_of_birth")
            .varchar_null("gender", 20)
            .varchar_null("activity_level", 20)
            .timestamps()
            .check("chk_height_range", &foundation::HEIGHT_CM.sql("height_cm"))
            .check("chk_weight_range", &foundation::WEIGHT_KG.sql("weight_kg"))
            .check_per_backend(
                "chk_age_minimum",
                "date_of_birth <= CURRENT_DATE - INTERVAL '13 years'",
                // SQLite refuses date('now') in a CHECK but accepts CURRENT_DATE. On 29 February
                // it would roll 13 years back to 1 March; PostgreSQL clamps to 28 February.
                "date_of_birth <= CASE \
                   WHEN strftime('%d', date(CURRENT_DATE, '-13 years')) = strftime('%d', CURRENT_DATE) \
                   THEN date(CURRENT_DATE, '-13 years') \
                   ELSE date(CURRENT_DATE, '-13 years', 'start of month', '-1 day') END",
            )
            .check("chk_gender_values", &one_of_enum::<Gender>("gender"))
            .check(
                "chk_activity_level",
                &one_of_enum::<ActivityLevel>("activity_level"),
            )
            .unique("uq_one_profile_per_user", &["user_id"])
            // Target of user_allergies' composite key: a child row's user is its profile's user.
            .unique("uq_health_profiles_id_user", &["id", "user_id"])
            .create(manager)
            .await?;

        let audit = Audit {
            key: "id",
            columns: &AUDITED_COLUMNS,
        };
        let mut statements = row_triggers(backend, HEALTH_PROFILES, true, Some(audit));
        statements.extend(email_verified_trigger(backend));
        statements.push(match backend {
            DbBackend::Postgres => PG_BMR_VIEW.to_owned(),
            _ => SQLITE_BMR_VIEW.to_owned(),
        });
        run_sql(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        run_sql(manager, &[format!("DROP VIEW IF EXISTS {BMR_VIEW}")]).await?;
        drop_tables(manager, &[HEALTH_PROFILES]).await?;
        let leftovers: Vec<String> = drop_refusal_trigger(backend, EMAIL_NOT_VERIFIED)
            .into_iter()
            .collect();
        run_sql(manager, &leftovers).await
    }
}
