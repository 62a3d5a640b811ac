//! `public.health_profiles` (seed 002 §4.1, §6) with its triggers, and BMR as a view.
//!
//! The seed's stored BMR column is refused by both backends (its age depends on today), so BMR
//! is computed at read time: `health_profile_bmr` here, `service::health::bmr_calories` in Rust.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::portable::{
    NewTable, SQLITE_NOW, Tbl, drop_tables, one_of, run_sql, sqlite_uuid_text, updated_at_trigger,
};
use crate::tables::{AUDIT_CONTEXT, DATA_CHANGES, HEALTH_PROFILES, USERS};

#[derive(DeriveMigrationName)]
pub struct Migration;

pub const BMR_VIEW: &str = "health_profile_bmr";

const GENDERS: [&str; 4] = ["male", "female", "other", "prefer_not_to_say"];
const ACTIVITY_LEVELS: [&str; 5] = ["sedentary", "light", "moderate", "active", "very_active"];

/// Columns of the audit snapshot on SQLite (PostgreSQL uses `to_jsonb(row)`), and which of them
/// hold UUIDs (blobs on SQLite, which JSON cannot carry).
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
const UUID_COLUMNS: [&str; 2] = ["id", "user_id"];

/// The seed's `check_email_verified`, fired on UPDATE OF user_id too (SEED-DEFECTS "behaves
/// wrongly" 7): a profile can never move to an unverified user.
const PG_CHECK_EMAIL_VERIFIED: &str = r#"
CREATE OR REPLACE FUNCTION public.check_email_verified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM public.users WHERE id = NEW.user_id AND is_email_verified
    ) THEN
        RAISE EXCEPTION 'user email must be verified' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$"#;

/// Mifflin-St Jeor with the age in whole years as of today (UTC). PostgreSQL computes it in
/// NUMERIC, exactly; `round` is half away from zero on both backends.
const PG_BMR_VIEW: &str = r#"
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
const SQLITE_BMR_VIEW: &str = r#"
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

fn sqlite_snapshot(row: &str) -> String {
    let pairs: Vec<String> = AUDITED_COLUMNS
        .iter()
        .map(|c| {
            let value = if UUID_COLUMNS.contains(c) {
                sqlite_uuid_text(&format!("{row}.{c}"))
            } else {
                format!("{row}.{c}")
            };
            format!("'{c}', {value}")
        })
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// SQLite's three audit triggers. UPDATE fires only for the audited data columns, so the
/// `updated_at` trigger's own write is not audited a second time.
fn sqlite_audit_triggers(table: Tbl) -> Vec<String> {
    let t = table.name;
    let actor = format!(
        "(SELECT user_id FROM {} WHERE slot = 1)",
        AUDIT_CONTEXT.name
    );
    let insert = |op: &str, record: &str, old: String, new: String| {
        format!(
            "INSERT INTO {} (table_name, operation, user_id, record_id, old_data, new_data, changed_at) \
             VALUES ('{t}', '{op}', {actor}, {record}, {old}, {new}, {SQLITE_NOW})",
            DATA_CHANGES.name
        )
    };
    let data_columns: Vec<&str> = AUDITED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !["id", "created_at", "updated_at"].contains(c))
        .collect();
    vec![
        format!(
            "CREATE TRIGGER audit_{t}_insert AFTER INSERT ON {t} FOR EACH ROW BEGIN {}; END",
            insert("INSERT", "NEW.id", "NULL".into(), sqlite_snapshot("NEW"))
        ),
        format!(
            "CREATE TRIGGER audit_{t}_update AFTER UPDATE OF {} ON {t} FOR EACH ROW BEGIN {}; END",
            data_columns.join(", "),
            insert(
                "UPDATE",
                "NEW.id",
                sqlite_snapshot("OLD"),
                sqlite_snapshot("NEW")
            )
        ),
        format!(
            "CREATE TRIGGER audit_{t}_delete AFTER DELETE ON {t} FOR EACH ROW BEGIN {}; END",
            insert("DELETE", "OLD.id", sqlite_snapshot("OLD"), "NULL".into())
        ),
    ]
}

fn sqlite_email_verified_triggers() -> Vec<String> {
    let unverified =
        "NOT EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND is_email_verified = 1)";
    ["INSERT", "UPDATE OF user_id"]
        .iter()
        .map(|event| {
            let suffix = if *event == "INSERT" { "insert" } else { "update" };
            format!(
                "CREATE TRIGGER ensure_email_verified_{suffix} BEFORE {event} ON health_profiles \
                 FOR EACH ROW WHEN {unverified} BEGIN SELECT RAISE(ABORT, 'user email must be verified'); END"
            )
        })
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        NewTable::new(backend, HEALTH_PROFILES)
            .id()
            .uuid("user_id")
            .integer_null("height_cm")
            .decimal_null("weight_kg", 5, 2)
            .date_null("date_of_birth")
            .varchar_null("gender", 20)
            .varchar_null("activity_level", 20)
            .timestamps()
            .check("chk_height_range", "height_cm BETWEEN 50 AND 300")
            .check("chk_weight_range", "weight_kg BETWEEN 20 AND 500")
            .check_per_backend(
                "chk_age_minimum",
                "date_of_birth <= CURRENT_DATE - INTERVAL '13 years'",
                // SQLite refuses date('now') in a CHECK but accepts CURRENT_DATE.
                "date_of_birth <= date(CURRENT_DATE, '-13 years')",
            )
            .check("chk_gender_values", &one_of("gender", &GENDERS))
            .check(
                "chk_activity_level",
                &one_of("activity_level", &ACTIVITY_LEVELS),
            )
            .unique("uq_one_profile_per_user", &["user_id"])
            // Target of user_allergies' composite key: a child row's user is its profile's user.
            .unique("uq_health_profiles_id_user", &["id", "user_id"])
            .foreign_key(
                "fk_health_profiles_user",
                &["user_id"],
                USERS,
                &["id"],
                ForeignKeyAction::Cascade,
            )
            .create(manager)
            .await?;

        let mut statements = vec![updated_at_trigger(backend, HEALTH_PROFILES)];
        let t = HEALTH_PROFILES.sql(backend);
        match backend {
            DbBackend::Postgres => {
                statements.extend([
                    PG_CHECK_EMAIL_VERIFIED.to_owned(),
                    format!(
                        "CREATE TRIGGER ensure_email_verified BEFORE INSERT OR UPDATE OF user_id ON {t} \
                         FOR EACH ROW EXECUTE FUNCTION public.check_email_verified()"
                    ),
                    format!(
                        "CREATE TRIGGER audit_health_profiles AFTER INSERT OR UPDATE OR DELETE ON {t} \
                         FOR EACH ROW EXECUTE FUNCTION audit.audit_changes()"
                    ),
                    PG_BMR_VIEW.to_owned(),
                ]);
            }
            _ => {
                statements.extend(sqlite_email_verified_triggers());
                statements.extend(sqlite_audit_triggers(HEALTH_PROFILES));
                statements.push(SQLITE_BMR_VIEW.to_owned());
            }
        }
        run_sql(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        run_sql(manager, &[format!("DROP VIEW IF EXISTS {BMR_VIEW}")]).await?;
        drop_tables(manager, &[HEALTH_PROFILES]).await?;
        if backend == DbBackend::Postgres {
            run_sql(
                manager,
                &["DROP FUNCTION IF EXISTS public.check_email_verified()"],
            )
            .await?;
        }
        Ok(())
    }
}
