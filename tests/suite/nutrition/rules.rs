//! The rules of the nutrition tables, through raw SQL: each refuses a bad row and accepts a good
//! one.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{NUTRIENTS, at, day, dec};
use crate::harness::{TestDb, insert_user, per_backend};
use crate::rule_cases::{self, Case, Row, Table};

/// The goal targets, each refused below zero by `chk_nutrition_goals_<target>`.
const GOAL_TARGETS: [&str; 6] = [
    "target_calories",
    "target_protein_g",
    "target_carbs_g",
    "target_fat_g",
    "target_fiber_g",
    "target_sodium_mg",
];

/// An inactive maintenance goal of `user` from 2026-01-10, open-ended.
fn goal_row(user: Uuid) -> Row {
    Row::new("nutrition_goals")
        .col("user_id", user)
        .col("goal_type", "maintenance")
        .col("start_date", day(2026, 1, 10))
        .col("end_date", None::<NaiveDate>)
        .col("is_active", false)
}

fn goal_cases(user: Uuid, other: Uuid) -> Table {
    let active = goal_row(user)
        .col("start_date", day(2026, 2, 1))
        .col("is_active", true);
    let mut cases =
        vec![Case::refused("chk_nutrition_goals_goal_type").set("goal_type", "bulking")];
    for goal_type in [
        "weight_loss",
        "maintenance",
        "muscle_gain",
        "health_condition",
    ] {
        cases.push(Case::accepted(goal_type).set("goal_type", goal_type));
    }
    for target in GOAL_TARGETS {
        let rule = rule_cases::rule(&format!("chk_nutrition_goals_{target}"));
        cases.push(Case::refused(rule).set(target, dec("-0.01")));
        cases.push(Case::accepted("a zero target").set(target, Decimal::ZERO));
    }
    cases.extend([
        Case::refused("chk_nutrition_goals_dates").set("end_date", day(2026, 1, 9)),
        Case::accepted("a one-day goal").set("end_date", day(2026, 1, 10)),
        // One active goal per user; another user's is no conflict.
        Case::refused("uq_nutrition_goals_one_active")
            .after(active.clone())
            .set("is_active", true),
        Case::accepted("another user's active goal")
            .after(active)
            .set("user_id", other)
            .set("is_active", true),
        Case::refused("fk_nutrition_goals_user").set("user_id", Uuid::new_v4()),
    ]);
    rule_cases::table(goal_row(user), cases)
}

async fn goal_rules_refuse_bad_rows_and_accept_good_ones(t: &TestDb) {
    let user = insert_user(t, "gina", true).await.id();
    let other = insert_user(t, "otto", true).await.id();
    rule_cases::run(t, &[goal_cases(user, other)]).await;
}

async fn target_rules_refuse_bad_rows_and_accept_good_ones(t: &TestDb) {
    let user = insert_user(t, "tara", true).await.id();
    let other = insert_user(t, "theo", true).await.id();
    let (goal, others_goal) = (Uuid::new_v4(), Uuid::new_v4());
    for (id, owner) in [(goal, user), (others_goal, other)] {
        let row = Row::new("nutrition_goals")
            .col("id", id)
            .col("user_id", owner)
            .col("goal_type", "maintenance")
            .col("start_date", day(2026, 1, 1));
        rule_cases::insert(t, &row).await;
    }
    let protein = Row::new("nutrient_targets")
        .col("user_id", user)
        .col("goal_id", goal)
        .col("nutrient", "protein_g")
        .col("unit", "g")
        .col("min_amount", dec("1"));
    let none = Option::<Decimal>::None;
    let cases = [
        Case::refused("chk_nutrient_targets_nutrient").set("nutrient", "vitamin_x_g"),
        Case::refused("chk_nutrient_targets_unit").set("unit", "oz"),
        Case::refused("chk_nutrient_targets_unit_of_nutrient").set("unit", "mg"),
        Case::refused("chk_nutrient_targets_bound").set("min_amount", none),
        Case::refused("chk_nutrient_targets_min_amount").set("min_amount", dec("-1")),
        Case::refused("chk_nutrient_targets_max_amount")
            .set("min_amount", none)
            .set("max_amount", dec("-1")),
        Case::refused("chk_nutrient_targets_range")
            .set("min_amount", dec("10"))
            .set("max_amount", dec("9.999")),
        Case::accepted("a range")
            .set("min_amount", dec("50"))
            .set("max_amount", dec("120.5")),
        Case::accepted("a maximum only")
            .set("nutrient", "vitamin_d_mcg")
            .set("unit", "mcg")
            .set("min_amount", none)
            .set("max_amount", dec("100")),
        Case::refused("uq_nutrient_targets_goal_nutrient")
            .after_the_good_row()
            .set("min_amount", dec("60")),
        // The goal must exist and be the same user's.
        Case::refused("fk_nutrient_targets_goal")
            .set("goal_id", others_goal)
            .set("nutrient", "fat_g"),
        Case::refused("fk_nutrient_targets_goal").set("goal_id", Uuid::new_v4()),
        // An unknown user breaks the goal's key too: SQLite reports that one.
        Case::refused(per_backend(
            "fk_nutrient_targets_user",
            "fk_nutrient_targets_goal",
        ))
        .set("user_id", Uuid::new_v4()),
    ];
    rule_cases::run(t, &[rule_cases::table(protein.clone(), cases)]).await;

    // A goal's targets go with it.
    rule_cases::insert(t, &protein).await;
    t.exec(
        "DELETE FROM nutrition_goals WHERE id = $1",
        vec![goal.into()],
    )
    .await
    .unwrap();
    let left = t
        .count("SELECT COUNT(*) FROM nutrient_targets", vec![])
        .await;
    assert_eq!(left, 0);
}

/// `user`'s lunch of soup on 2026-01-01, with no amounts.
fn meal_log_row(user: Uuid) -> Row {
    Row::new("meal_logs")
        .col("user_id", user)
        .col("logged_at", at(2026, 1, 1, 12, 0))
        .col("local_date", day(2026, 1, 1))
        .col("meal_slot", "lunch")
        .col("name", "Soup")
}

fn meal_log_cases(user: Uuid) -> Table {
    let mut cases = Vec::new();
    for nutrient in NUTRIENTS {
        let rule = rule_cases::rule(&format!("chk_meal_logs_{nutrient}"));
        cases.push(Case::refused(rule).set(nutrient, dec("-0.01")));
        cases.push(Case::accepted("a non-negative amount").set(nutrient, dec("0.01")));
    }
    cases.push(Case::refused("chk_meal_logs_meal_slot").set("meal_slot", "brunch"));
    for slot in ["breakfast", "lunch", "dinner", "snack"] {
        cases.push(Case::accepted(slot).set("meal_slot", slot));
    }
    cases.extend([
        Case::refused("chk_meal_logs_name").set("name", ""),
        Case::refused("chk_meal_logs_servings").set("servings", Decimal::ZERO),
        Case::refused("chk_meal_logs_notes").set("notes", "n".repeat(1001)),
        Case::accepted("notes of 1000 characters").set("notes", "n".repeat(1000)),
        // A recipe entry needs its servings (checked before the recipe's key).
        Case::refused("chk_meal_logs_recipe_servings").set("recipe_id", Uuid::new_v4()),
        Case::refused("fk_meal_logs_recipe")
            .set("recipe_id", Uuid::new_v4())
            .set("servings", dec("1")),
        Case::refused("fk_meal_logs_user").set("user_id", Uuid::new_v4()),
    ]);
    rule_cases::table(meal_log_row(user), cases)
}

async fn meal_log_rules_refuse_bad_rows_and_accept_good_ones(t: &TestDb) {
    let user = insert_user(t, "mira", true).await.id();
    rule_cases::run(t, &[meal_log_cases(user)]).await;
}

fn daily_nutrition_cases(user: Uuid) -> Table {
    let mut cases = Vec::new();
    for nutrient in NUTRIENTS {
        let rule = rule_cases::rule(&format!("chk_daily_nutrition_{nutrient}"));
        cases.push(Case::refused(rule).set(nutrient, dec("-1")));
        cases.push(Case::accepted("a total").set(nutrient, dec("1.5")));
    }
    cases.extend([
        Case::refused("chk_daily_nutrition_meal_count").set("meal_count", -1_i32),
        Case::accepted("a day of two meals").set("meal_count", 2_i32),
        Case::refused("uq_daily_nutrition_user_date")
            .after_the_good_row()
            .set("meal_count", 3_i32),
        Case::refused("fk_daily_nutrition_user").set("user_id", Uuid::new_v4()),
    ]);
    rule_cases::table(
        Row::new("daily_nutrition")
            .col("user_id", user)
            .col("date", day(2026, 2, 1)),
        cases,
    )
}

async fn daily_nutrition_rules_refuse_bad_rows_and_accept_good_ones(t: &TestDb) {
    let user = insert_user(t, "dora", true).await.id();
    rule_cases::run(t, &[daily_nutrition_cases(user)]).await;
}

fn insight_cases(user: Uuid) -> Table {
    rule_cases::table(
        Row::new("nutrition_insights")
            .col("user_id", user)
            .col("kind", "pattern")
            .col("message", "m")
            .col("generated_by", "rule:x"),
        [
            Case::refused("chk_nutrition_insights_kind").set("kind", "gossip"),
            Case::refused("chk_nutrition_insights_message").set("message", ""),
            Case::refused("chk_nutrition_insights_message").set("message", "m".repeat(2001)),
            Case::refused("chk_nutrition_insights_generated_by").set("generated_by", ""),
            Case::accepted("an insight").set("kind", "nutrient_gap"),
            Case::refused("fk_nutrition_insights_user").set("user_id", Uuid::new_v4()),
        ],
    )
}

fn metric_cases(user: Uuid) -> Table {
    let mut cases = vec![
        Case::refused("chk_health_metrics_metric").set("metric", "iq"),
        Case::refused("chk_health_metrics_unit").set("unit", "stone"),
        Case::refused("chk_health_metrics_unit_of_metric").set("unit", "bpm"),
        Case::refused("chk_health_metrics_value").set("value", dec("0")),
        Case::refused("chk_health_metrics_value2").set("value2", dec("1")),
        Case::refused("chk_health_metrics_value2")
            .set("metric", "blood_pressure")
            .set("value", dec("120"))
            .set("unit", "mmHg"),
        Case::refused("chk_health_metrics_value2")
            .set("metric", "blood_pressure")
            .set("value", dec("120"))
            .set("value2", dec("0"))
            .set("unit", "mmHg"),
        Case::refused("chk_health_metrics_notes").set("notes", "n".repeat(1001)),
        Case::refused("fk_health_metrics_user").set("user_id", Uuid::new_v4()),
    ];
    for (name, value, value2, unit) in [
        ("weight", "70.25", None, "lb"),
        ("blood_pressure", "120", Some("80"), "mmHg"),
        ("blood_glucose", "5.6", None, "mmol/L"),
        ("body_temperature", "36.6", None, "celsius"),
    ] {
        cases.push(
            Case::accepted(name)
                .set("metric", name)
                .set("value", dec(value))
                .set("value2", value2.map(dec))
                .set("unit", unit),
        );
    }
    rule_cases::table(
        Row::new("health_metrics")
            .col("user_id", user)
            .col("metric", "weight")
            .col("value", dec("70"))
            .col("unit", "kg")
            .col("measured_at", at(2026, 1, 1, 7, 0)),
        cases,
    )
}

async fn insight_and_metric_rules_refuse_bad_rows_and_accept_good_ones(t: &TestDb) {
    let user = insert_user(t, "ines", true).await.id();
    rule_cases::run(t, &[insight_cases(user), metric_cases(user)]).await;
}

dual!(
    goal_rules_refuse_bad_rows_and_accept_good_ones,
    target_rules_refuse_bad_rows_and_accept_good_ones,
    meal_log_rules_refuse_bad_rows_and_accept_good_ones,
    daily_nutrition_rules_refuse_bad_rows_and_accept_good_ones,
    insight_and_metric_rules_refuse_bad_rows_and_accept_good_ones,
);
