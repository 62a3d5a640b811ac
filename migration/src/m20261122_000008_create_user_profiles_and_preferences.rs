//! A user's profile and preferences (seed 000 `user_profiles`, `user_preferences`), their
//! medical conditions and fitness goals (seed 002 §3.1, §3.2 `health.medical_conditions_ref`).
//!
//! Date of birth, height, weight, activity level, allergies and diets are NOT repeated here:
//! they stay in `health_profiles`, `user_allergies` and `user_dietary_restrictions`, their one
//! source of truth (seed 000 put copies in `user_profiles`; `docs/DESIGN.md` D19).
use crate::lint::{self, Exception};
use catalog::limits::foundation::{self, FULL_NAME, HEALTH_NOTES, LANGUAGE_TAG, TIMEZONE};
use entity::types::{ConditionStatus, FitnessGoalType, GoalStatus, Units};
use sea_orm_migration::prelude::*;
use uuid::Uuid;

use crate::conventions::Conventions;
use crate::portable::{
    Index, NewTable, drop_tables, language_tag_format, one_of_enum, row_triggers,
};
use catalog::tables::{
    FITNESS_GOALS, HEALTH_PROFILES, MEDICAL_CONDITIONS_REF, USER_MEDICAL_CONDITIONS,
    USER_PREFERENCES, USER_PROFILES,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// Conditions that change what a person should eat, with the dietary concern in a sentence.
/// The n-th gets the fixed id `c1000000-0000-4000-8000-0000000000nn` (`docs/DESIGN.md` P10).
const SEED_CONDITIONS: [(&str, &str); 12] = [
    (
        "Type 1 diabetes",
        "Carbohydrate counting matched to insulin",
    ),
    (
        "Type 2 diabetes",
        "Limit added sugars and refined carbohydrates",
    ),
    (
        "Prediabetes",
        "Limit added sugars and refined carbohydrates",
    ),
    ("Hypertension", "Limit sodium"),
    ("High cholesterol", "Limit saturated and trans fats"),
    ("Coronary heart disease", "Limit sodium and saturated fats"),
    ("Celiac disease", "Strictly no gluten"),
    ("Lactose intolerance", "Limit lactose"),
    ("Irritable bowel syndrome", "Often limit high-FODMAP foods"),
    (
        "Chronic kidney disease",
        "Limit sodium, potassium and phosphorus",
    ),
    ("Gout", "Limit purine-rich foods and alcohol"),
    ("GERD", "Avoid trigger foods: fatty, spicy, acidic"),
];

const CONDITION_ID_BASE: u128 = 0xc100_0000_0000_4000_8000_0000_0000_0000;

fn values_error(e: sea_orm_migration::sea_query::error::Error) -> DbErr {
    DbErr::Migration(format!("seed rows: {e}"))
}

/// The user and profile keys of a table hanging off a health profile, as `user_allergies`
/// has them (`docs/DESIGN.md` D6), with row-level security from `owned_by_user`.
fn owned_by_profile(table: NewTable) -> NewTable {
    let name = table.table().name;
    table
        .owned_by_user()
        .uuid("health_profile_id")
        .foreign_key(
            &format!("fk_{name}_profile"),
            &["health_profile_id", "user_id"],
            HEALTH_PROFILES,
            &["id", "user_id"],
            ForeignKeyAction::Cascade,
        )
        .index(Index::new(
            &format!("idx_{name}_profile"),
            "health_profile_id, user_id",
        ))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        NewTable::new(backend, USER_PROFILES)
            .id()
            .owned_by_user()
            .varchar_null("full_name", FULL_NAME.varchar())
            .varchar_default("timezone", TIMEZONE.varchar(), "UTC")
            .varchar_default("language_preference", LANGUAGE_TAG.varchar(), "en")
            .text_list("health_goals")
            .timestamps()
            .check(
                "chk_user_profiles_language",
                &language_tag_format(backend, "language_preference", &LANGUAGE_TAG),
            )
            .unique("uq_user_profiles_user", &["user_id"])
            .then_all(row_triggers(backend, USER_PROFILES, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, USER_PREFERENCES)
            .id()
            .owned_by_user()
            .varchar_default("units", 10, "metric")
            .text_list("preferred_cuisines")
            .text_list("disliked_cuisines")
            .integer_null("max_cooking_time_minutes")
            .decimal_null("budget_per_meal", 8, 2)
            // Booleans rather than a JSON document: each is typed and checked by the database,
            // has a default, and can be queried ("who wants meal reminders") without parsing.
            .boolean("notify_email", true)
            .boolean("notify_push", true)
            .boolean("notify_meal_reminders", false)
            .timestamps()
            .check("chk_user_preferences_units", &one_of_enum::<Units>("units"))
            .check(
                "chk_user_preferences_max_cooking_time",
                &foundation::MAX_COOKING_MINUTES.sql("max_cooking_time_minutes"),
            )
            .check("chk_user_preferences_budget", "budget_per_meal >= 0")
            .unique("uq_user_preferences_user", &["user_id"])
            .then_all(row_triggers(backend, USER_PREFERENCES, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, MEDICAL_CONDITIONS_REF)
            .id()
            .varchar("name", 100)
            .text_null("description")
            .timestamp_now("created_at")
            .unique("uq_medical_conditions_ref_name", &["name"])
            .create(manager)
            .await?;

        let mut conditions = Query::insert();
        conditions
            .into_table(MEDICAL_CONDITIONS_REF.table_ref(backend))
            .columns([
                Alias::new("id"),
                Alias::new("name"),
                Alias::new("description"),
            ]);
        for (n, (name, description)) in SEED_CONDITIONS.into_iter().enumerate() {
            conditions
                .values([
                    Uuid::from_u128(CONDITION_ID_BASE | (n as u128 + 1)).into(),
                    name.into(),
                    description.into(),
                ])
                .map_err(values_error)?;
        }
        manager.exec_stmt(conditions).await?;

        owned_by_profile(NewTable::new(backend, USER_MEDICAL_CONDITIONS).id())
            .uuid("condition_id")
            .varchar_default("status", 20, "active")
            .text_null("notes")
            .date_null("diagnosed_date")
            .timestamps()
            .check(
                "chk_user_medical_conditions_status",
                &one_of_enum::<ConditionStatus>("status"),
            )
            .check(
                "chk_user_medical_conditions_notes_length",
                &HEALTH_NOTES.sql("notes"),
            )
            .unique("uq_user_medical_condition", &["user_id", "condition_id"])
            .foreign_key(
                "fk_user_medical_conditions_condition",
                &["condition_id"],
                MEDICAL_CONDITIONS_REF,
                &["id"],
                ForeignKeyAction::Restrict,
            )
            .index(Index::new(
                "idx_user_medical_conditions_condition",
                "condition_id",
            ))
            .then_all(row_triggers(backend, USER_MEDICAL_CONDITIONS, true, None))
            .create(manager)
            .await?;

        owned_by_profile(NewTable::new(backend, FITNESS_GOALS).id())
            .varchar("goal_type", 30)
            .decimal_null("target_weight_kg", 5, 2)
            .decimal_null("target_body_fat_percent", 4, 1)
            .integer_null("weekly_exercise_minutes")
            .integer_null("daily_steps")
            .date("start_date")
            .date_null("target_date")
            .varchar_default("status", 20, "active")
            .timestamp_null("ended_at")
            .timestamps()
            .check(
                "chk_fitness_goals_goal_type",
                &one_of_enum::<FitnessGoalType>("goal_type"),
            )
            .check(
                "chk_fitness_goals_status",
                &one_of_enum::<GoalStatus>("status"),
            )
            .check(
                "chk_fitness_goals_target_weight",
                &foundation::WEIGHT_KG.sql("target_weight_kg"),
            )
            .check(
                "chk_fitness_goals_body_fat",
                &foundation::BODY_FAT_PERCENT.sql("target_body_fat_percent"),
            )
            .check(
                "chk_fitness_goals_weekly_minutes",
                &foundation::WEEKLY_EXERCISE_MINUTES.sql("weekly_exercise_minutes"),
            )
            .check(
                "chk_fitness_goals_daily_steps",
                &foundation::DAILY_STEPS.sql("daily_steps"),
            )
            .check(
                "chk_fitness_goals_dates",
                &foundation::FITNESS_GOAL_DATES.sql(),
            )
            // An ended goal says when it ended; an active one has not ended.
            .check(
                "chk_fitness_goals_ended",
                "(status = 'active') = (ended_at IS NULL)",
            )
            .index(Index::new(
                "idx_fitness_goals_user_status",
                "user_id, status",
            ))
            .then_all(row_triggers(backend, FITNESS_GOALS, true, None))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                FITNESS_GOALS,
                USER_MEDICAL_CONDITIONS,
                MEDICAL_CONDITIONS_REF,
                USER_PREFERENCES,
                USER_PROFILES,
            ],
        )
        .await
    }
}
