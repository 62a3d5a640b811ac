//! The rules of nutrition goals and targets, meal logs and daily totals, insights and health metrics (migration 13), table by table.
use crate::Subject;
use crate::limits::nutrition::{GENERATED_BY, GOAL_DATES, INSIGHT_MESSAGE, MEAL_NAME, NOTES};
use crate::tables::{
    DAILY_NUTRITION, HEALTH_METRICS, MEAL_LOGS, NUTRIENT_TARGETS, NUTRITION_GOALS,
    NUTRITION_INSIGHTS,
};

use super::{Rule, check, fk, in_order, length, pk, unique};

const NOT_NEGATIVE: &str = "must not be negative";

pub(super) const RULES: &[Rule] = &[
    // nutrition_goals
    pk(
        "nutrition_goals_pkey",
        NUTRITION_GOALS,
        Subject::NutritionGoal,
    ),
    fk(
        "fk_nutrition_goals_user",
        NUTRITION_GOALS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_nutrition_goals_target_calories",
        NUTRITION_GOALS,
        "target_calories",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrition_goals_target_protein_g",
        NUTRITION_GOALS,
        "target_protein_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrition_goals_target_carbs_g",
        NUTRITION_GOALS,
        "target_carbs_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrition_goals_target_fat_g",
        NUTRITION_GOALS,
        "target_fat_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrition_goals_target_fiber_g",
        NUTRITION_GOALS,
        "target_fiber_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrition_goals_target_sodium_mg",
        NUTRITION_GOALS,
        "target_sodium_mg",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrition_goals_goal_type",
        NUTRITION_GOALS,
        "goal_type",
        "is not a known goal type",
    ),
    in_order("chk_nutrition_goals_dates", NUTRITION_GOALS, &GOAL_DATES),
    unique(
        "uq_nutrition_goals_id_user",
        NUTRITION_GOALS,
        &["id", "user_id"],
        Subject::NutritionGoal,
    ),
    unique(
        "uq_nutrition_goals_one_active",
        NUTRITION_GOALS,
        &["user_id"],
        Subject::ActiveNutritionGoal,
    ),
    // nutrient_targets
    pk(
        "nutrient_targets_pkey",
        NUTRIENT_TARGETS,
        Subject::NutrientTarget,
    ),
    fk(
        "fk_nutrient_targets_user",
        NUTRIENT_TARGETS,
        &["user_id"],
        Subject::User,
    ),
    fk(
        "fk_nutrient_targets_goal",
        NUTRIENT_TARGETS,
        &["goal_id", "user_id"],
        Subject::NutritionGoal,
    ),
    check(
        "chk_nutrient_targets_nutrient",
        NUTRIENT_TARGETS,
        "nutrient",
        "is not a known nutrient",
    ),
    check(
        "chk_nutrient_targets_unit",
        NUTRIENT_TARGETS,
        "unit",
        "is not a known unit",
    ),
    check(
        "chk_nutrient_targets_unit_of_nutrient",
        NUTRIENT_TARGETS,
        "unit",
        "is not the unit of this nutrient",
    ),
    check(
        "chk_nutrient_targets_bound",
        NUTRIENT_TARGETS,
        "min_amount",
        "a target needs a minimum or a maximum",
    ),
    check(
        "chk_nutrient_targets_min_amount",
        NUTRIENT_TARGETS,
        "min_amount",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrient_targets_max_amount",
        NUTRIENT_TARGETS,
        "max_amount",
        NOT_NEGATIVE,
    ),
    check(
        "chk_nutrient_targets_range",
        NUTRIENT_TARGETS,
        "max_amount",
        "must not be below min_amount",
    ),
    unique(
        "uq_nutrient_targets_goal_nutrient",
        NUTRIENT_TARGETS,
        &["goal_id", "nutrient"],
        Subject::NutrientTarget,
    ),
    // meal_logs
    pk("meal_logs_pkey", MEAL_LOGS, Subject::MealLog),
    fk("fk_meal_logs_user", MEAL_LOGS, &["user_id"], Subject::User),
    fk(
        "fk_meal_logs_recipe",
        MEAL_LOGS,
        &["recipe_id"],
        Subject::Recipe,
    ),
    check(
        "chk_meal_logs_energy_kcal",
        MEAL_LOGS,
        "energy_kcal",
        NOT_NEGATIVE,
    ),
    check(
        "chk_meal_logs_protein_g",
        MEAL_LOGS,
        "protein_g",
        NOT_NEGATIVE,
    ),
    check("chk_meal_logs_carbs_g", MEAL_LOGS, "carbs_g", NOT_NEGATIVE),
    check("chk_meal_logs_fat_g", MEAL_LOGS, "fat_g", NOT_NEGATIVE),
    check("chk_meal_logs_fiber_g", MEAL_LOGS, "fiber_g", NOT_NEGATIVE),
    check("chk_meal_logs_sugar_g", MEAL_LOGS, "sugar_g", NOT_NEGATIVE),
    check(
        "chk_meal_logs_sodium_mg",
        MEAL_LOGS,
        "sodium_mg",
        NOT_NEGATIVE,
    ),
    check(
        "chk_meal_logs_meal_slot",
        MEAL_LOGS,
        "meal_slot",
        "is not a known meal slot",
    ),
    check(
        "chk_meal_logs_servings",
        MEAL_LOGS,
        "servings",
        "must be more than zero",
    ),
    check(
        "chk_meal_logs_recipe_servings",
        MEAL_LOGS,
        "servings",
        "a recipe entry needs a number of servings",
    ),
    length("chk_meal_logs_name", MEAL_LOGS, "name", &MEAL_NAME),
    length("chk_meal_logs_notes", MEAL_LOGS, "notes", &NOTES),
    // daily_nutrition
    pk(
        "daily_nutrition_pkey",
        DAILY_NUTRITION,
        Subject::DailyNutrition,
    ),
    fk(
        "fk_daily_nutrition_user",
        DAILY_NUTRITION,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_daily_nutrition_energy_kcal",
        DAILY_NUTRITION,
        "energy_kcal",
        NOT_NEGATIVE,
    ),
    check(
        "chk_daily_nutrition_protein_g",
        DAILY_NUTRITION,
        "protein_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_daily_nutrition_carbs_g",
        DAILY_NUTRITION,
        "carbs_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_daily_nutrition_fat_g",
        DAILY_NUTRITION,
        "fat_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_daily_nutrition_fiber_g",
        DAILY_NUTRITION,
        "fiber_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_daily_nutrition_sugar_g",
        DAILY_NUTRITION,
        "sugar_g",
        NOT_NEGATIVE,
    ),
    check(
        "chk_daily_nutrition_sodium_mg",
        DAILY_NUTRITION,
        "sodium_mg",
        NOT_NEGATIVE,
    ),
    check(
        "chk_daily_nutrition_meal_count",
        DAILY_NUTRITION,
        "meal_count",
        NOT_NEGATIVE,
    ),
    unique(
        "uq_daily_nutrition_user_date",
        DAILY_NUTRITION,
        &["user_id", "date"],
        Subject::DailyNutrition,
    ),
    // nutrition_insights
    pk(
        "nutrition_insights_pkey",
        NUTRITION_INSIGHTS,
        Subject::NutritionInsight,
    ),
    fk(
        "fk_nutrition_insights_user",
        NUTRITION_INSIGHTS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_nutrition_insights_kind",
        NUTRITION_INSIGHTS,
        "kind",
        "is not a known kind of insight",
    ),
    length(
        "chk_nutrition_insights_message",
        NUTRITION_INSIGHTS,
        "message",
        &INSIGHT_MESSAGE,
    ),
    length(
        "chk_nutrition_insights_generated_by",
        NUTRITION_INSIGHTS,
        "generated_by",
        &GENERATED_BY,
    ),
    // health_metrics
    pk("health_metrics_pkey", HEALTH_METRICS, Subject::HealthMetric),
    fk(
        "fk_health_metrics_user",
        HEALTH_METRICS,
        &["user_id"],
        Subject::User,
    ),
    check(
        "chk_health_metrics_metric",
        HEALTH_METRICS,
        "metric",
        "is not a known metric",
    ),
    check(
        "chk_health_metrics_unit",
        HEALTH_METRICS,
        "unit",
        "is not a known unit",
    ),
    check(
        "chk_health_metrics_unit_of_metric",
        HEALTH_METRICS,
        "unit",
        "is not a unit of this metric",
    ),
    check(
        "chk_health_metrics_value",
        HEALTH_METRICS,
        "value",
        "must be more than zero",
    ),
    check(
        "chk_health_metrics_value2",
        HEALTH_METRICS,
        "value2",
        "is the diastolic pressure of a blood pressure reading (more than zero), and only of one",
    ),
    length("chk_health_metrics_notes", HEALTH_METRICS, "notes", &NOTES),
];
