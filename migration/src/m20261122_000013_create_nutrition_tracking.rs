//! Nutrition tracking (seed 000 "Nutrition & Analytics", `meal_logs`; `docs/DESIGN.md`
//! D25-D27): a user's nutrition goals and per-nutrient targets, what they ate (`meal_logs`),
//! the day's totals kept in step by the service (`daily_nutrition`), generated insights and
//! health measurements over time. Every table is the user's own (`owned_by_user`: row-level
//! security on PostgreSQL, deleted with the user).
use crate::lint::{self, Exception};
use catalog::limits::nutrition;
use entity::types::{
    HealthMetric, InsightKind, MealSlot, MetricUnit, Nutrient, NutrientUnit, NutritionGoalType,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ActiveEnum, Iterable};

use crate::conventions::Conventions;
use crate::portable::dialect::quote_literal;
use crate::portable::{Index, NewTable, drop_tables, one_of, one_of_enum, row_triggers};
use catalog::tables::{
    DAILY_NUTRITION, HEALTH_METRICS, MEAL_LOGS, NUTRIENT_TARGETS, NUTRITION_GOALS,
    NUTRITION_INSIGHTS, RECIPES,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What squawk flags in the SQL this migration sends on PostgreSQL, and why that is safe
/// (`crate::lint`): only the timeouts, as in every migration that creates its tables.
pub(crate) const SQUAWK_EXCEPTIONS: &[Exception] = &[
    lint::NEW_TABLES_LOCK_TIMEOUT,
    lint::NEW_TABLES_STATEMENT_TIMEOUT,
];

/// The nutrients every nutrition table stores (per log, per day), named with their unit.
pub const MACRO_NUTRIENTS: [&str; 7] = [
    "energy_kcal",
    "protein_g",
    "carbs_g",
    "fat_g",
    "fiber_g",
    "sugar_g",
    "sodium_mg",
];

/// Scale of every nutrient amount (two decimals) and the precision of a log's and a day's.
pub const NUTRIENT_SCALE: u32 = 2;
pub const LOG_PRECISION: u32 = 9;
pub const DAY_PRECISION: u32 = 11;

/// `unit = CASE nutrient WHEN 'energy_kcal' THEN 'kcal' ... END`: the unit belongs to the
/// nutrient ([`Nutrient::unit`]; NULL, so passing, for a nutrient outside the list:
/// `chk_nutrient_targets_nutrient` refuses that one).
fn unit_of_nutrient() -> String {
    let arms: Vec<String> = Nutrient::iter()
        .map(|n| {
            let (n, u) = (n.to_value(), n.unit().to_value());
            format!("WHEN {} THEN {}", quote_literal(&n), quote_literal(&u))
        })
        .collect();
    format!("unit = CASE nutrient {} END", arms.join(" "))
}

/// `CASE metric WHEN 'weight' THEN unit IN ('kg', 'lb') ... END` ([`HealthMetric::units`];
/// NULL, so passing, for a metric outside the list: `chk_health_metrics_metric` refuses that
/// one).
fn unit_of_metric() -> String {
    let arms: Vec<String> = HealthMetric::iter()
        .map(|m| {
            let units: Vec<String> = m.units().iter().map(|u| u.to_value()).collect();
            let units: Vec<&str> = units.iter().map(String::as_str).collect();
            format!(
                "WHEN {} THEN {}",
                quote_literal(&m.to_value()),
                one_of("unit", &units)
            )
        })
        .collect();
    format!("CASE metric {} END", arms.join(" "))
}

/// The seven nutrient columns, DECIMAL(precision, 2), NOT NULL, zero by default, each held
/// non-negative by `chk_<table>_<nutrient>`.
fn nutrients(mut table: NewTable, precision: u32) -> NewTable {
    let name = table.table().name;
    for nutrient in MACRO_NUTRIENTS {
        table = table
            .decimal_zero(nutrient, precision, NUTRIENT_SCALE)
            .check(
                &format!("chk_{name}_{nutrient}"),
                &format!("{nutrient} >= 0"),
            );
    }
    table
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();

        let mut goals = NewTable::new(backend, NUTRITION_GOALS)
            .id()
            .owned_by_user()
            .varchar("goal_type", 30);
        for target in [
            "target_calories",
            "target_protein_g",
            "target_carbs_g",
            "target_fat_g",
            "target_fiber_g",
            "target_sodium_mg",
        ] {
            goals = goals.decimal_null(target, 8, 2).check(
                &format!("chk_nutrition_goals_{target}"),
                &format!("{target} >= 0"),
            );
        }
        goals
            .date("start_date")
            .date_null("end_date")
            .boolean("is_active", true)
            .boolean("created_by_ai", false)
            .timestamps()
            .check(
                "chk_nutrition_goals_goal_type",
                &one_of_enum::<NutritionGoalType>("goal_type"),
            )
            .check("chk_nutrition_goals_dates", &nutrition::GOAL_DATES.sql())
            // Target of nutrient_targets' composite key: a target's user is its goal's user.
            .unique("uq_nutrition_goals_id_user", &["id", "user_id"])
            // At most one active goal per user, decided by the database (also under races).
            .index(
                Index::new("uq_nutrition_goals_one_active", "user_id")
                    .unique()
                    .filter("is_active"),
            )
            .index(Index::new(
                "idx_nutrition_goals_user_start",
                "user_id, start_date",
            ))
            .then_all(row_triggers(backend, NUTRITION_GOALS, true, None))
            .create(manager)
            .await?;

        NewTable::new(backend, NUTRIENT_TARGETS)
            .id()
            .owned_by_user()
            .uuid("goal_id")
            .varchar("nutrient", 30)
            .decimal_null("min_amount", 10, 3)
            .decimal_null("max_amount", 10, 3)
            .varchar("unit", 10)
            .timestamps()
            .check(
                "chk_nutrient_targets_nutrient",
                &one_of_enum::<Nutrient>("nutrient"),
            )
            .check(
                "chk_nutrient_targets_unit",
                &one_of_enum::<NutrientUnit>("unit"),
            )
            .check("chk_nutrient_targets_unit_of_nutrient", &unit_of_nutrient())
            .check(
                "chk_nutrient_targets_bound",
                "min_amount IS NOT NULL OR max_amount IS NOT NULL",
            )
            .check("chk_nutrient_targets_min_amount", "min_amount >= 0")
            .check("chk_nutrient_targets_max_amount", "max_amount >= 0")
            .check("chk_nutrient_targets_range", "min_amount <= max_amount")
            .unique(
                "uq_nutrient_targets_goal_nutrient",
                &["goal_id", "nutrient"],
            )
            .foreign_key(
                "fk_nutrient_targets_goal",
                &["goal_id", "user_id"],
                NUTRITION_GOALS,
                &["id", "user_id"],
                ForeignKeyAction::Cascade,
            )
            .index(Index::new("idx_nutrient_targets_user", "user_id"))
            .then_all(row_triggers(backend, NUTRIENT_TARGETS, true, None))
            .create(manager)
            .await?;

        nutrients(
            NewTable::new(backend, MEAL_LOGS)
                .id()
                .owned_by_user()
                .timestamp("logged_at")
                // The user's local date of `logged_at`, in the time zone the service was given
                // when the entry was logged: the day whose totals it counts in.
                .date("local_date")
                .varchar("meal_slot", 10)
                .uuid_null("recipe_id")
                .decimal_null("servings", 6, 2)
                .varchar("name", nutrition::MEAL_NAME.varchar())
                .text_null("notes"),
            LOG_PRECISION,
        )
        .timestamps()
        .check(
            "chk_meal_logs_meal_slot",
            &one_of_enum::<MealSlot>("meal_slot"),
        )
        .check("chk_meal_logs_servings", "servings > 0")
        // A recipe entry says how many servings; a free entry has none. (A recipe deleted
        // later leaves `recipe_id` NULL and its servings as logged.)
        .check(
            "chk_meal_logs_recipe_servings",
            "recipe_id IS NULL OR servings IS NOT NULL",
        )
        .check("chk_meal_logs_name", &nutrition::MEAL_NAME.sql("name"))
        .check("chk_meal_logs_notes", &nutrition::NOTES.sql("notes"))
        .foreign_key(
            "fk_meal_logs_recipe",
            &["recipe_id"],
            RECIPES,
            &["id"],
            // History stays as logged when a recipe goes: the nutrition was copied.
            ForeignKeyAction::SetNull,
        )
        .index(Index::new(
            "idx_meal_logs_user_logged_at",
            "user_id, logged_at",
        ))
        .index(Index::new(
            "idx_meal_logs_user_local_date",
            "user_id, local_date",
        ))
        .index(Index::new("idx_meal_logs_recipe", "recipe_id"))
        .then_all(row_triggers(backend, MEAL_LOGS, true, None))
        .create(manager)
        .await?;

        nutrients(
            NewTable::new(backend, DAILY_NUTRITION)
                .id()
                .owned_by_user()
                .date("date"),
            DAY_PRECISION,
        )
        .integer_default("meal_count", 0)
        .timestamps()
        .check("chk_daily_nutrition_meal_count", "meal_count >= 0")
        // The seed's idx_daily_nutrition_user_date, made unique: one row per user and day.
        .index(Index::new("uq_daily_nutrition_user_date", "user_id, date").unique())
        .then_all(row_triggers(backend, DAILY_NUTRITION, true, None))
        .create(manager)
        .await?;

        NewTable::new(backend, NUTRITION_INSIGHTS)
            .id()
            .owned_by_user()
            .varchar("kind", 30)
            .text("message")
            .json_null("data")
            // The model (`gpt-4o-2024-08-06`) or rule (`rule:sodium_over_target`) that made it.
            .varchar("generated_by", nutrition::GENERATED_BY.varchar())
            .timestamp_now("created_at")
            .timestamp_null("read_at")
            .timestamp_null("dismissed_at")
            .check(
                "chk_nutrition_insights_kind",
                &one_of_enum::<InsightKind>("kind"),
            )
            .check(
                "chk_nutrition_insights_message",
                &nutrition::INSIGHT_MESSAGE.sql("message"),
            )
            .check(
                "chk_nutrition_insights_generated_by",
                &nutrition::GENERATED_BY.sql("generated_by"),
            )
            .index(Index::new(
                "idx_nutrition_insights_user_created",
                "user_id, created_at",
            ))
            .create(manager)
            .await?;

        NewTable::new(backend, HEALTH_METRICS)
            .id()
            .owned_by_user()
            .varchar("metric", 30)
            .decimal("value", 8, 2)
            // The second number of a reading that has two: diastolic blood pressure.
            .decimal_null("value2", 8, 2)
            .varchar("unit", 10)
            .timestamp("measured_at")
            .varchar_null("source", nutrition::METRIC_SOURCE.varchar())
            .text_null("notes")
            .timestamp_now("created_at")
            .check("chk_health_metrics_metric", &one_of_enum::<HealthMetric>("metric"))
            .check("chk_health_metrics_unit", &one_of_enum::<MetricUnit>("unit"))
            .check("chk_health_metrics_unit_of_metric", &unit_of_metric())
            .check("chk_health_metrics_value", "value > 0")
            .check(
                "chk_health_metrics_value2",
                "(metric = 'blood_pressure') = (value2 IS NOT NULL) AND (value2 IS NULL OR value2 > 0)",
            )
            .check("chk_health_metrics_notes", &nutrition::NOTES.sql("notes"))
            .index(Index::new(
                "idx_health_metrics_user_metric_time",
                "user_id, metric, measured_at",
            ))
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                HEALTH_METRICS,
                NUTRITION_INSIGHTS,
                DAILY_NUTRITION,
                MEAL_LOGS,
                NUTRIENT_TARGETS,
                NUTRITION_GOALS,
            ],
        )
        .await
    }
}
