//! Nutrition tracking (migration 13): the rules of its tables through raw SQL, and goals, meal
//! logs, daily totals, progress, health metrics and insights through the service.
use service::Subject;
use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use entity::types::{
    HealthMetric, InsightKind, MealSlot, MetricUnit, Nutrient, NutritionGoalType, Timestamp,
};
use entity::{daily_nutrition, meal_logs, nutrition_goals};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryTrait, Statement, TransactionTrait,
};
use service::Error;
use service::nutrition::{
    self, GoalChange, MealEntry, MealLogChange, NewGoal, NewInsight, NewMealLog, NewMeasurement,
    Nutrition, TargetInput, Tz,
};
use uuid::Uuid;

use crate::harness::{TestDb, insert_user, per_backend, verified_user};
use crate::query_plans::plan;
use crate::rule_cases::{self, Case, Row, Table};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
    Timestamp::new(Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()).unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn free(name: &str, kcal: &str, protein: &str) -> MealEntry {
    MealEntry::Free {
        name: name.into(),
        nutrition: Nutrition {
            energy_kcal: dec(kcal),
            protein_g: dec(protein),
            ..Nutrition::default()
        },
    }
}

const NUTRIENTS: [&str; 7] = [
    "energy_kcal",
    "protein_g",
    "carbs_g",
    "fat_g",
    "fiber_g",
    "sugar_g",
    "sodium_mg",
];

// ---------------------------------------------------------------------------------------
// The rules, through raw SQL
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------------------

async fn active_goals(t: &TestDb, user: Uuid) -> Vec<nutrition_goals::Model> {
    nutrition_goals::Entity::find()
        .filter(nutrition_goals::Column::UserId.eq(user))
        .filter(nutrition_goals::Column::IsActive.eq(true))
        .all(&t.db)
        .await
        .unwrap()
}

async fn activating_a_goal_ends_the_previous_one(t: &TestDb) {
    let user = verified_user(t, "ana").await;
    let mut first = NewGoal::new(NutritionGoalType::WeightLoss, day(2026, 1, 1));
    first.target_calories = Some("1800".parse().unwrap());
    let first = nutrition::create_goal(&t.db, user, first).await.unwrap();
    assert!(first.is_active);
    let second = nutrition::create_goal(
        &t.db,
        user,
        NewGoal::new(NutritionGoalType::Maintenance, day(2026, 3, 1)),
    )
    .await
    .unwrap();
    let goals = nutrition::list_goals(&t.db, user).await.unwrap();
    assert_eq!(goals.len(), 2);
    assert_eq!(goals[0].id, second.id, "the active goal first");
    assert!(goals[0].is_active && !goals[1].is_active);
    assert_eq!(
        goals[1].end_date,
        Some(day(2026, 2, 28)),
        "the previous goal ends the day before the new one starts"
    );
    // A goal kept for later leaves the active one alone.
    let mut later = NewGoal::new(NutritionGoalType::MuscleGain, day(2026, 6, 1));
    later.activate = false;
    nutrition::create_goal(&t.db, user, later).await.unwrap();
    assert_eq!(
        active_goals(t, user.id())
            .await
            .iter()
            .map(|g| g.id)
            .collect::<Vec<_>>(),
        [second.id]
    );
    // A new goal starting on the day the active one started: the old one keeps one day.
    nutrition::create_goal(
        &t.db,
        user,
        NewGoal::new(NutritionGoalType::GeneralHealth, day(2026, 3, 1)),
    )
    .await
    .unwrap();
    let second = nutrition_goals::Entity::find_by_id(second.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(second.end_date, Some(day(2026, 3, 1)));
    assert!(!second.is_active);
}

async fn a_goal_is_changed_and_ended_once(t: &TestDb) {
    let user = verified_user(t, "ana").await;
    let goal = nutrition::create_goal(
        &t.db,
        user,
        NewGoal::new(NutritionGoalType::GeneralHealth, day(2026, 3, 1)),
    )
    .await
    .unwrap();
    let change = GoalChange {
        target_protein_g: service::Patch::Set("140".parse().unwrap()),
        ..GoalChange::default()
    };
    let changed = nutrition::update_goal(&t.db, user, goal.id, change)
        .await
        .unwrap();
    assert_eq!(changed.target_protein_g.unwrap().to_string(), "140.00");
    // Not before it starts.
    let bad = GoalChange {
        end_date: service::Patch::Set(day(2026, 2, 1)),
        ..GoalChange::default()
    };
    let refused = nutrition::update_goal(&t.db, user, goal.id, bad).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "end_date"),
        "{refused:?}"
    );
    let ended = nutrition::end_goal(&t.db, user, goal.id, day(2026, 4, 30))
        .await
        .unwrap();
    assert!(!ended.is_active);
    assert_eq!(ended.end_date, Some(day(2026, 4, 30)));
    assert!(active_goals(t, user.id()).await.is_empty());
    let again = nutrition::end_goal(&t.db, user, goal.id, day(2026, 5, 1)).await;
    assert!(
        matches!(&again, Err(Error::Validation { field, .. }) if field == "is_active"),
        "{again:?}"
    );
}

/// Validation names the field before anything is written.
async fn a_negative_goal_target_is_refused_by_field(t: &TestDb) {
    let user = verified_user(t, "ana").await;
    let mut negative = NewGoal::new(NutritionGoalType::Maintenance, day(2026, 1, 1));
    negative.target_fat_g = Some("-1".parse().unwrap());
    let refused = nutrition::create_goal(&t.db, user, negative).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "target_fat_g"),
        "{refused:?}"
    );
    assert!(nutrition::list_goals(&t.db, user).await.unwrap().is_empty());
}

/// Two activations at once: both succeed, one after the other, and one goal stays active. On
/// PostgreSQL the race is forced: a second connection holds an uncommitted active goal while
/// the service activates another, so the service's insert waits on the unique index, loses,
/// and starts over.
async fn concurrent_activations_leave_one_active_goal(t: &TestDb) {
    let user = verified_user(t, "cora").await;
    for round in 0..4 {
        let start = day(2026, 1, 1 + round);
        let (a, b) = tokio::join!(
            nutrition::create_goal(
                &t.db,
                user,
                NewGoal::new(NutritionGoalType::WeightLoss, start)
            ),
            nutrition::create_goal(
                &t.db,
                user,
                NewGoal::new(NutritionGoalType::WeightGain, start)
            ),
        );
        for outcome in [&a, &b] {
            assert!(
                outcome.is_ok() || matches!(outcome, Err(Error::Conflict { .. })),
                "{outcome:?}"
            );
        }
        assert_eq!(active_goals(t, user.id()).await.len(), 1, "round {round}");
    }
    if !t.is_pg() {
        return;
    }
    // A second connection, acting as the user, holds an active goal it has not committed.
    let other = sea_orm::Database::connect(&t.url).await.unwrap();
    let txn = other.begin().await.unwrap();
    txn.execute_unprepared(&format!(
        "SELECT set_config('app.current_user_id', '{user}', true)"
    ))
    .await
    .unwrap();
    txn.execute_unprepared(&format!(
        "UPDATE nutrition_goals SET is_active = false WHERE user_id = '{user}'; \
         INSERT INTO nutrition_goals (user_id, goal_type, start_date) \
         VALUES ('{user}', 'maintenance', '2026-05-01')"
    ))
    .await
    .unwrap();
    let db = t.db.clone();
    let service = tokio::spawn(async move {
        nutrition::create_goal(
            &db,
            user,
            NewGoal::new(NutritionGoalType::MuscleGain, day(2026, 6, 1)),
        )
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !service.is_finished(),
        "the service waits for the other transaction"
    );
    txn.commit().await.unwrap();
    let created = service.await.unwrap().unwrap();
    let active = active_goals(t, user.id()).await;
    assert_eq!(
        active.iter().map(|g| g.id).collect::<Vec<_>>(),
        [created.id]
    );
    let ended = nutrition_goals::Entity::find()
        .filter(nutrition_goals::Column::UserId.eq(user))
        .filter(nutrition_goals::Column::StartDate.eq(day(2026, 5, 1)))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!ended.is_active);
    assert_eq!(ended.end_date, Some(day(2026, 5, 31)));
    other.close().await.unwrap();
}

/// A health-condition goal of `user` from 2026-01-01.
async fn condition_goal(t: &TestDb, user: service::Actor) -> nutrition_goals::Model {
    nutrition::create_goal(
        &t.db,
        user,
        NewGoal::new(NutritionGoalType::HealthCondition, day(2026, 1, 1)),
    )
    .await
    .unwrap()
}

/// At most `max` mg of sodium.
fn sodium_at_most(max: &str) -> TargetInput {
    TargetInput {
        nutrient: Nutrient::SodiumMg,
        min_amount: None,
        max_amount: Some(max.parse().unwrap()),
    }
}

/// At least 60 g of protein.
fn protein_at_least_60() -> TargetInput {
    TargetInput {
        nutrient: Nutrient::ProteinG,
        min_amount: Some("60".parse().unwrap()),
        max_amount: None,
    }
}

async fn nutrient_targets_are_set_listed_and_replaced(t: &TestDb) {
    let user = verified_user(t, "nell").await;
    let goal = condition_goal(t, user).await;
    let set = nutrition::set_target(&t.db, user, goal.id, sodium_at_most("1500"))
        .await
        .unwrap();
    assert_eq!(set.unit, entity::types::NutrientUnit::Milligram);
    nutrition::set_target(&t.db, user, goal.id, protein_at_least_60())
        .await
        .unwrap();
    // Setting it again replaces it.
    nutrition::set_target(&t.db, user, goal.id, sodium_at_most("2000"))
        .await
        .unwrap();
    let targets = nutrition::list_targets(&t.db, user, goal.id).await.unwrap();
    let listed: Vec<(Nutrient, Option<String>)> = targets
        .iter()
        .map(|t| (t.nutrient, t.max_amount.map(|m| m.to_string())))
        .collect();
    assert_eq!(
        listed,
        [
            (Nutrient::ProteinG, None),
            (Nutrient::SodiumMg, Some("2000.000".into()))
        ]
    );
}

async fn nutrient_target_input_is_validated_by_field(t: &TestDb) {
    let user = verified_user(t, "nell").await;
    let goal = condition_goal(t, user).await;
    let fat = |min: Option<&str>, max: Option<&str>| TargetInput {
        nutrient: Nutrient::FatG,
        min_amount: min.map(|m| m.parse().unwrap()),
        max_amount: max.map(|m| m.parse().unwrap()),
    };
    for (bad, field) in [
        (fat(None, None), "min_amount"),
        (fat(Some("10"), Some("5")), "max_amount"),
        (fat(Some("-1"), None), "min_amount"),
    ] {
        let refused = nutrition::set_target(&t.db, user, goal.id, bad).await;
        assert!(
            matches!(&refused, Err(Error::Validation { field: f, .. }) if f == field),
            "{refused:?}"
        );
    }
    assert!(
        nutrition::list_targets(&t.db, user, goal.id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_removed_nutrient_target_is_gone(t: &TestDb) {
    let user = verified_user(t, "nell").await;
    let goal = condition_goal(t, user).await;
    for target in [sodium_at_most("2000"), protein_at_least_60()] {
        nutrition::set_target(&t.db, user, goal.id, target)
            .await
            .unwrap();
    }
    nutrition::delete_target(&t.db, user, goal.id, Nutrient::ProteinG)
        .await
        .unwrap();
    let again = nutrition::delete_target(&t.db, user, goal.id, Nutrient::ProteinG).await;
    assert!(
        matches!(
            again,
            Err(Error::NotFound {
                what: Subject::NutrientTarget
            })
        ),
        "{again:?}"
    );
    assert_eq!(
        nutrition::list_targets(&t.db, user, goal.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

// ---------------------------------------------------------------------------------------
// Meal logs and daily totals
// ---------------------------------------------------------------------------------------

/// `daily_nutrition` as stored: date -> (totals, meal count).
async fn stored_days(t: &TestDb, user: Uuid) -> BTreeMap<NaiveDate, ([Decimal; 7], i32)> {
    daily_nutrition::Entity::find()
        .filter(daily_nutrition::Column::UserId.eq(user))
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| {
            let totals = Nutrition::of_day(&d).fields().map(|(_, v)| v);
            (d.date, (totals, d.meal_count))
        })
        .collect()
}

/// The same, summed in Rust from the stored logs (exact decimals).
async fn summed_logs(t: &TestDb, user: Uuid) -> BTreeMap<NaiveDate, ([Decimal; 7], i32)> {
    let mut days: BTreeMap<NaiveDate, ([Decimal; 7], i32)> = BTreeMap::new();
    for log in meal_logs::Entity::find()
        .filter(meal_logs::Column::UserId.eq(user))
        .all(&t.db)
        .await
        .unwrap()
    {
        let entry = days
            .entry(log.local_date)
            .or_insert(([Decimal::new(0, 2); 7], 0));
        for (total, (_, value)) in entry.0.iter_mut().zip(Nutrition::of_log(&log).fields()) {
            *total += value;
        }
        entry.1 += 1;
    }
    days
}

fn random_amount(rng: &mut StdRng) -> Decimal {
    // Hundredths that binary fractions cannot hold (0.1, 0.07, ...), up to 2000.
    Decimal::new(rng.gen_range(0..200_000), 2)
}

fn random_nutrition(rng: &mut StdRng) -> Nutrition {
    Nutrition {
        energy_kcal: random_amount(rng),
        protein_g: random_amount(rng),
        carbs_g: random_amount(rng),
        fat_g: random_amount(rng),
        fiber_g: random_amount(rng),
        sugar_g: random_amount(rng),
        sodium_mg: random_amount(rng),
    }
}

/// After random sequences of log, change and remove (fixed seed), each day's row equals the
/// exact sum of that day's logs, and days without logs have no row.
async fn daily_nutrition_equals_the_sum_of_the_days_logs(t: &TestDb) {
    let user = verified_user(t, "pia").await;
    let mut rng = StdRng::seed_from_u64(0x5eed_0008);
    let mut logs: Vec<Uuid> = Vec::new();
    let slots = [
        MealSlot::Breakfast,
        MealSlot::Lunch,
        MealSlot::Dinner,
        MealSlot::Snack,
    ];
    let zones = [Tz::UTC, Tz::Asia__Tokyo, Tz::America__Los_Angeles];
    for step in 0..120 {
        // Four days, at any minute: the zones move logs across midnight.
        let when = at(
            2026,
            3,
            10 + rng.gen_range(0..4),
            rng.gen_range(0..24),
            rng.gen_range(0..60),
        );
        let tz = zones[rng.gen_range(0..zones.len())];
        let action = rng.gen_range(0..10);
        if logs.is_empty() || action < 5 {
            let entry = MealEntry::Free {
                name: format!("entry {step}"),
                nutrition: random_nutrition(&mut rng),
            };
            let new = NewMealLog::new(when, slots[rng.gen_range(0..4)], entry);
            logs.push(nutrition::log_meal(&t.db, user, tz, new).await.unwrap().id);
        } else if action < 8 {
            let id = logs[rng.gen_range(0..logs.len())];
            let change = MealLogChange {
                logged_at: rng.gen_bool(0.5).then_some(when),
                nutrition: rng.gen_bool(0.7).then(|| random_nutrition(&mut rng)),
                ..MealLogChange::default()
            };
            nutrition::update_meal_log(&t.db, user, tz, id, change)
                .await
                .unwrap();
        } else {
            let id = logs.swap_remove(rng.gen_range(0..logs.len()));
            nutrition::delete_meal_log(&t.db, user, id).await.unwrap();
        }
        if step % 10 == 9 {
            assert_eq!(
                stored_days(t, user.id()).await,
                summed_logs(t, user.id()).await,
                "after step {step}"
            );
        }
    }
    // Remove everything: no day is left.
    for id in logs {
        nutrition::delete_meal_log(&t.db, user, id).await.unwrap();
    }
    assert!(stored_days(t, user.id()).await.is_empty());
}

/// 23:30 UTC is the next day in Tokyo and the same day in UTC.
async fn days_follow_the_users_time_zone(t: &TestDb) {
    let user = verified_user(t, "yuki").await;
    let late = at(2026, 3, 10, 23, 30);
    let tokyo = nutrition::log_meal(
        &t.db,
        user,
        Tz::Asia__Tokyo,
        NewMealLog::new(late, MealSlot::Breakfast, free("Onigiri", "180", "4")),
    )
    .await
    .unwrap();
    assert_eq!(tokyo.local_date, day(2026, 3, 11));
    let utc = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(late, MealSlot::Dinner, free("Pasta", "650", "20")),
    )
    .await
    .unwrap();
    assert_eq!(utc.local_date, day(2026, 3, 10));
    let days = stored_days(t, user.id()).await;
    assert_eq!(
        days.keys().copied().collect::<Vec<_>>(),
        [day(2026, 3, 10), day(2026, 3, 11)]
    );
    assert_eq!(days[&day(2026, 3, 11)].0[0], dec("180.00"));
    assert_eq!(days[&day(2026, 3, 10)].0[0], dec("650.00"));

    // The profile's zone is what `get_time_zone` reads; UTC without one.
    assert_eq!(
        nutrition::get_time_zone(&t.db, user).await.unwrap(),
        Tz::UTC
    );
    let change = service::profiles::ProfileChange {
        timezone: Some("Asia/Tokyo".into()),
        ..Default::default()
    };
    service::profiles::update_user_profile(&t.db, user, change)
        .await
        .unwrap();
    assert_eq!(
        nutrition::get_time_zone(&t.db, user).await.unwrap(),
        Tz::Asia__Tokyo
    );

    // Moving a log to another time moves it between days, in the same transaction.
    nutrition::update_meal_log(
        &t.db,
        user,
        Tz::Asia__Tokyo,
        utc.id,
        MealLogChange {
            logged_at: Some(at(2026, 3, 11, 3, 0)),
            ..MealLogChange::default()
        },
    )
    .await
    .unwrap();
    let days = stored_days(t, user.id()).await;
    assert_eq!(days.keys().copied().collect::<Vec<_>>(), [day(2026, 3, 11)]);
    assert_eq!(days[&day(2026, 3, 11)].0[0], dec("830.00"));
    assert_eq!(days[&day(2026, 3, 11)].1, 2);
}

async fn meal_log_input_is_validated_by_field(t: &TestDb) {
    let user = verified_user(t, "val").await;
    let now = at(2026, 3, 10, 12, 0);
    let negative = Nutrition {
        sugar_g: dec("-1"),
        ..Nutrition::default()
    };
    let fine = Nutrition {
        protein_g: dec("1.005"),
        ..Nutrition::default()
    };
    let cases = [
        (
            MealEntry::Free {
                name: "x".into(),
                nutrition: negative,
            },
            "nutrition.sugar_g",
        ),
        (
            MealEntry::Free {
                name: "x".into(),
                nutrition: fine,
            },
            "nutrition.protein_g",
        ),
        (
            MealEntry::Free {
                name: " ".into(),
                nutrition: Nutrition::default(),
            },
            "name",
        ),
        (
            MealEntry::Recipe {
                recipe_id: Uuid::new_v4(),
                servings: "0".parse().unwrap(),
            },
            "servings",
        ),
    ];
    for (entry, field) in cases {
        let refused = nutrition::log_meal(
            &t.db,
            user,
            Tz::UTC,
            NewMealLog::new(now, MealSlot::Lunch, entry),
        )
        .await;
        assert!(
            matches!(&refused, Err(Error::Validation { field: f, .. }) if f == field),
            "{field}: {refused:?}"
        );
    }
}

/// A recipe that does not exist, and servings on a free entry, are refused by field.
async fn an_unknown_recipe_or_servings_of_a_free_entry_are_refused(t: &TestDb) {
    let user = verified_user(t, "val").await;
    let now = at(2026, 3, 10, 12, 0);
    let unknown = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(
            now,
            MealSlot::Lunch,
            MealEntry::Recipe {
                recipe_id: Uuid::new_v4(),
                servings: "1".parse().unwrap(),
            },
        ),
    )
    .await;
    assert!(
        matches!(
            unknown,
            Err(Error::Validation { ref field, .. }) if field == "recipe_id"
        ),
        "{unknown:?}"
    );
    let log = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(now, MealSlot::Lunch, free("Salad", "300", "10")),
    )
    .await
    .unwrap();
    let refused = nutrition::update_meal_log(
        &t.db,
        user,
        Tz::UTC,
        log.id,
        MealLogChange {
            servings: Some("2".parse().unwrap()),
            ..MealLogChange::default()
        },
    )
    .await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "servings"),
        "{refused:?}"
    );
    assert!(stored_days(t, user.id()).await.len() == 1);
}

// ---------------------------------------------------------------------------------------
// Logging recipes
// ---------------------------------------------------------------------------------------

async fn insert_recipe(
    t: &TestDb,
    owner: Uuid,
    name: &str,
    public: bool,
    kcal: Option<&str>,
) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes, is_public) \
         VALUES ($1, $2, $3, 10, 20, $4)",
        vec![id.into(), owner.into(), name.into(), public.into()],
    )
    .await
    .unwrap();
    if let Some(kcal) = kcal {
        t.exec(
            "INSERT INTO recipe_nutrition (recipe_id, energy_kcal, protein_g, carbs_g, fat_g, fiber_g, sugar_g, sodium_mg) \
             VALUES ($1, $2, 20.10, 50.05, 12.33, 5, 3.10, 480.55)",
            vec![id.into(), dec(kcal).into()],
        )
        .await
        .unwrap();
    }
    id
}

/// A recipe entry of `servings` servings of `recipe_id`.
fn recipe_entry(recipe_id: Uuid, servings: &str) -> MealEntry {
    MealEntry::Recipe {
        recipe_id,
        servings: servings.parse().unwrap(),
    }
}

/// The chef's public lentil soup (412.35 kcal a serving), logged by the eater as 1.5 servings
/// at lunch on 2026-03-10: the recipe's id and the log.
async fn lentil_soup_logged(
    t: &TestDb,
    chef: service::Actor,
    eater: service::Actor,
) -> (Uuid, meal_logs::Model) {
    let public = insert_recipe(t, chef.id(), "Lentil soup", true, Some("412.35")).await;
    let lunch = at(2026, 3, 10, 12, 0);
    let log = nutrition::log_meal(
        &t.db,
        eater,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Lunch, recipe_entry(public, "1.5")),
    )
    .await
    .unwrap();
    (public, log)
}

async fn a_logged_recipe_is_its_nutrition_times_the_servings(t: &TestDb) {
    let chef = verified_user(t, "chef").await;
    let eater = verified_user(t, "eater").await;
    let (public, log) = lentil_soup_logged(t, chef, eater).await;
    assert_eq!(log.name, "Lentil soup");
    assert_eq!(log.recipe_id, Some(public));
    let amounts: Vec<String> = Nutrition::of_log(&log)
        .fields()
        .iter()
        .map(|(_, v)| v.to_string())
        .collect();
    // x 1.5, rounded half away from zero: 618.525 -> 618.53, 75.075 -> 75.08, 18.495 -> 18.50.
    assert_eq!(
        amounts,
        [
            "618.53", "30.15", "75.08", "18.50", "7.50", "4.65", "720.83"
        ]
    );
    assert_eq!(
        stored_days(t, eater.id()).await[&day(2026, 3, 10)].0[0],
        dec("618.53")
    );
}

async fn another_users_private_or_uncomputed_recipe_is_not_logged(t: &TestDb) {
    let chef = verified_user(t, "chef").await;
    let eater = verified_user(t, "eater").await;
    let private = insert_recipe(t, chef.id(), "Secret stew", false, Some("300")).await;
    let uncomputed = insert_recipe(t, chef.id(), "Draft", true, None).await;
    let lunch = at(2026, 3, 10, 12, 0);
    // Another user's private recipe is not found; its owner may log it.
    let refused = nutrition::log_meal(
        &t.db,
        eater,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Dinner, recipe_entry(private, "1")),
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(Error::Validation { ref field, .. }) if field == "recipe_id"
        ),
        "{refused:?}"
    );
    nutrition::log_meal(
        &t.db,
        chef,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Dinner, recipe_entry(private, "1")),
    )
    .await
    .unwrap();
    let refused = nutrition::log_meal(
        &t.db,
        eater,
        Tz::UTC,
        NewMealLog::new(lunch, MealSlot::Dinner, recipe_entry(uncomputed, "1")),
    )
    .await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "recipe_id"),
        "{refused:?}"
    );
}

async fn logging_a_recipe_keeps_its_nutrition_as_logged(t: &TestDb) {
    let chef = verified_user(t, "chef").await;
    let eater = verified_user(t, "eater").await;
    let (public, log) = lentil_soup_logged(t, chef, eater).await;
    // The recipe changes: the log does not.
    t.exec(
        "UPDATE recipe_nutrition SET energy_kcal = 999 WHERE recipe_id = $1",
        vec![public.into()],
    )
    .await
    .unwrap();
    // New servings rescale what was logged, not the recipe as it is now.
    let changed = nutrition::update_meal_log(
        &t.db,
        eater,
        Tz::UTC,
        log.id,
        MealLogChange {
            servings: Some("3".parse().unwrap()),
            ..MealLogChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.energy_kcal.to_string(), "1237.06");
    assert_eq!(
        stored_days(t, eater.id()).await[&day(2026, 3, 10)].0[0],
        dec("1237.06")
    );
    // A recipe entry's nutrition follows its servings only.
    let refused = nutrition::update_meal_log(
        &t.db,
        eater,
        Tz::UTC,
        log.id,
        MealLogChange {
            nutrition: Some(Nutrition::default()),
            ..MealLogChange::default()
        },
    )
    .await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "nutrition"),
        "{refused:?}"
    );

    // The recipe goes: the log stays, without its recipe, and so does the day.
    t.exec("DELETE FROM recipes WHERE id = $1", vec![public.into()])
        .await
        .unwrap();
    let kept = meal_logs::Entity::find_by_id(log.id)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.recipe_id, None);
    assert_eq!(kept.servings.map(|s| s.to_string()), Some("3.00".into()));
    assert_eq!(kept.energy_kcal.to_string(), "1237.06");
    assert_eq!(
        stored_days(t, eater.id()).await,
        summed_logs(t, eater.id()).await
    );
}

// ---------------------------------------------------------------------------------------
// As the application's login role (PostgreSQL row-level security)
// ---------------------------------------------------------------------------------------

/// Every nutrition flow works under the row-level security policies (on PostgreSQL, as a
/// login that is neither superuser nor owner): goals, targets, a meal of another user's public
/// recipe, and progress.
async fn nutrition_works_as_the_application_login(t: &TestDb) {
    let chef = verified_user(t, "chefa").await;
    let eater = verified_user(t, "eatera").await;
    let public = insert_recipe(t, chef.id(), "Dal", true, Some("350")).await;
    let (login, app) = crate::harness::as_application(t).await;
    let goal = nutrition::create_goal(
        &app,
        eater,
        NewGoal::new(NutritionGoalType::Maintenance, day(2026, 3, 1)),
    )
    .await
    .unwrap();
    nutrition::create_goal(
        &app,
        eater,
        NewGoal::new(NutritionGoalType::WeightLoss, day(2026, 3, 5)),
    )
    .await
    .unwrap();
    let target = TargetInput {
        nutrient: Nutrient::FiberG,
        min_amount: Some("30".parse().unwrap()),
        max_amount: None,
    };
    nutrition::set_target(&app, eater, goal.id, target)
        .await
        .unwrap();
    let log = nutrition::log_meal(
        &app,
        eater,
        Tz::UTC,
        NewMealLog::new(
            at(2026, 3, 10, 12, 0),
            MealSlot::Lunch,
            MealEntry::Recipe {
                recipe_id: public,
                servings: "2".parse().unwrap(),
            },
        ),
    )
    .await
    .unwrap();
    assert_eq!(log.energy_kcal.to_string(), "700.00");
    let progress = nutrition::get_progress(&app, eater, day(2026, 3, 10), day(2026, 3, 11))
        .await
        .unwrap();
    assert_eq!(progress.days[0].totals.energy_kcal, dec("700.00"));
    assert!(progress.goal.is_some());
    if login.is_some() {
        app.close().await.unwrap();
    }
    drop(login);
}

/// Metrics and insights, as the application's login.
async fn metrics_and_insights_work_as_the_application_login(t: &TestDb) {
    let eater = verified_user(t, "eatera").await;
    let (login, app) = crate::harness::as_application(t).await;
    nutrition::record_metric(
        &app,
        eater,
        NewMeasurement::new(
            HealthMetric::RestingHeartRate,
            "58".parse().unwrap(),
            MetricUnit::Bpm,
            at(2026, 3, 10, 7, 0),
        ),
    )
    .await
    .unwrap();
    let insight = NewInsight {
        kind: InsightKind::Achievement,
        message: "A week of breakfasts".into(),
        data: None,
        generated_by: "rule:streak".into(),
    };
    let insight = nutrition::record_insight(&app, eater, insight)
        .await
        .unwrap();
    nutrition::mark_insight_read(&app, eater, insight.id)
        .await
        .unwrap();

    if login.is_some() {
        app.close().await.unwrap();
    }
    drop(login);
}

/// The owner of a public recipe deletes it, acting as the owner: another user's log of it
/// keeps its nutrition, its `recipe_id` emptied past the policies.
async fn a_recipe_deleted_by_its_owner_leaves_the_logs_of_it(t: &TestDb) {
    let chef = verified_user(t, "chefa").await;
    let eater = verified_user(t, "eatera").await;
    let public = insert_recipe(t, chef.id(), "Dal", true, Some("350")).await;
    let (login, app) = crate::harness::as_application(t).await;
    let log = nutrition::log_meal(
        &app,
        eater,
        Tz::UTC,
        NewMealLog::new(
            at(2026, 3, 10, 12, 0),
            MealSlot::Lunch,
            MealEntry::Recipe {
                recipe_id: public,
                servings: "2".parse().unwrap(),
            },
        ),
    )
    .await
    .unwrap();
    assert_eq!(log.energy_kcal.to_string(), "700.00");
    // The chef deletes the recipe, acting as the chef: the eater's log keeps its nutrition.
    let txn = app.begin().await.unwrap();
    if t.is_pg() {
        txn.execute_unprepared(&format!(
            "SELECT set_config('app.current_user_id', '{chef}', true)"
        ))
        .await
        .unwrap();
    }
    txn.execute_raw(Statement::from_sql_and_values(
        t.backend,
        if t.is_pg() {
            "DELETE FROM recipes WHERE id = $1"
        } else {
            "DELETE FROM recipes WHERE id = ?"
        },
        [public.into()],
    ))
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let logs = nutrition::list_meal_logs(&app, eater, Timestamp::MIN, Timestamp::MAX)
        .await
        .unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].recipe_id, None);
    assert_eq!(logs[0].energy_kcal.to_string(), "700.00");
    nutrition::delete_meal_log(&app, eater, log.id)
        .await
        .unwrap();
    assert!(stored_days(t, eater.id()).await.is_empty());
    if login.is_some() {
        app.close().await.unwrap();
    }
    drop(login);
}

// ---------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------

async fn progress_reports_every_day_against_the_active_goal(t: &TestDb) {
    let user = verified_user(t, "pat").await;
    let mut goal = NewGoal::new(NutritionGoalType::Maintenance, day(2026, 3, 2));
    goal.target_calories = Some("2000".parse().unwrap());
    goal.target_protein_g = Some("100".parse().unwrap());
    let goal = nutrition::create_goal(&t.db, user, goal).await.unwrap();
    nutrition::set_target(
        &t.db,
        user,
        goal.id,
        TargetInput {
            nutrient: Nutrient::SodiumMg,
            min_amount: None,
            max_amount: Some("2300".parse().unwrap()),
        },
    )
    .await
    .unwrap();
    for (when, kcal, protein) in [
        (at(2026, 3, 1, 12, 0), "500", "10"),
        (at(2026, 3, 2, 8, 0), "0.10", "0.20"),
        (at(2026, 3, 2, 13, 0), "0.20", "0.10"),
        (at(2026, 3, 3, 19, 0), "2500", "120.5"),
    ] {
        nutrition::log_meal(
            &t.db,
            user,
            Tz::UTC,
            NewMealLog::new(when, MealSlot::Lunch, free("m", kcal, protein)),
        )
        .await
        .unwrap();
    }
    let progress = nutrition::get_progress(&t.db, user, day(2026, 3, 1), day(2026, 3, 4))
        .await
        .unwrap();
    let goal_seen = progress.goal.clone().unwrap();
    assert_eq!(goal_seen.goal_id, goal.id);
    assert_eq!(
        goal_seen
            .nutrients
            .iter()
            .map(|n| n.nutrient)
            .collect::<Vec<_>>(),
        [Nutrient::EnergyKcal, Nutrient::ProteinG, Nutrient::SodiumMg]
    );
    let days: Vec<(NaiveDate, String, i32, usize)> = progress
        .days
        .iter()
        .map(|d| {
            (
                d.date,
                d.totals.energy_kcal.to_string(),
                d.meal_count,
                d.against_goal.len(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            // Before the goal started: no comparison.
            (day(2026, 3, 1), "500.00".into(), 1, 0),
            // 0.10 + 0.20 exactly, on SQLite too.
            (day(2026, 3, 2), "0.30".into(), 2, 3),
            (day(2026, 3, 3), "2500.00".into(), 1, 3),
            // No logs: zeros.
            (day(2026, 3, 4), "0.00".into(), 0, 3),
        ]
    );
    let third = &progress.days[2].against_goal;
    assert_eq!(third[0].percent_of_target, Some(dec("125.0")));
    assert_eq!(third[1].amount, dec("120.50"));
    assert_eq!(third[1].percent_of_target, Some(dec("120.5")));
    assert!(third[2].within_bounds, "no sodium is within a maximum");
    assert_eq!(progress.days[1].totals.protein_g.to_string(), "0.30");
}

async fn progress_refuses_a_backward_period_and_needs_no_goal(t: &TestDb) {
    let user = verified_user(t, "pat").await;
    let refused = nutrition::get_progress(&t.db, user, day(2026, 3, 4), day(2026, 3, 1)).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "to"),
        "{refused:?}"
    );
    // Without a goal: every day, no comparison.
    let other = verified_user(t, "nogoal").await;
    let empty = nutrition::get_progress(&t.db, other, day(2026, 3, 1), day(2026, 3, 3))
        .await
        .unwrap();
    assert!(empty.goal.is_none());
    assert_eq!(empty.days.len(), 3);
}

async fn progress_is_one_statement_for_one_day_or_thirty(t: &TestDb) {
    let user = verified_user(t, "quinn").await;
    let mut goal = NewGoal::new(NutritionGoalType::Maintenance, day(2026, 3, 1));
    goal.target_calories = Some("2000".parse().unwrap());
    nutrition::create_goal(&t.db, user, goal).await.unwrap();
    for d in 1..=30 {
        nutrition::log_meal(
            &t.db,
            user,
            Tz::UTC,
            NewMealLog::new(
                at(2026, 3, d, 12, 0),
                MealSlot::Lunch,
                free("m", "700", "30"),
            ),
        )
        .await
        .unwrap();
    }
    let mut counts = Vec::new();
    for last in [day(2026, 3, 1), day(2026, 3, 30)] {
        let before = t.statement_count();
        let progress = nutrition::get_progress(&t.db, user, day(2026, 3, 1), last)
            .await
            .unwrap();
        counts.push((progress.days.len(), t.statement_count() - before));
    }
    assert_eq!(counts, [(1, 1), (30, 1)], "(days, statements)");
}

/// The hot lookups use their index on both backends: a user's logs over a time range, a
/// user's days over a date range, a user's metric over a period.
async fn hot_lookups_use_their_indexes(t: &TestDb) {
    // A year of one user's meals, among other users' (the planner weighs the indexes by their
    // statistics, so the table is not left empty).
    let user = verified_user(t, "heavy").await;
    let other = verified_user(t, "light").await;
    for d in 0..120 {
        let when = at(2026, 1, 1, 12, 0)
            .checked_add(chrono::TimeDelta::days(d))
            .unwrap();
        for (who, slot) in [
            (user, MealSlot::Lunch),
            (user, MealSlot::Dinner),
            (other, MealSlot::Lunch),
        ] {
            nutrition::log_meal(
                &t.db,
                who,
                Tz::UTC,
                NewMealLog::new(when, slot, free("m", "1", "1")),
            )
            .await
            .unwrap();
        }
    }
    t.exec("ANALYZE", vec![]).await.unwrap();
    let logs = meal_logs::Entity::find()
        .filter(meal_logs::Column::UserId.eq(user))
        .filter(meal_logs::Column::LoggedAt.gte(at(2026, 3, 1, 0, 0)))
        .filter(meal_logs::Column::LoggedAt.lt(at(2026, 3, 8, 0, 0)))
        .build(t.backend);
    let found = plan(t, logs).await;
    assert!(found.contains("idx_meal_logs_user_logged_at"), "{found}");

    let days = daily_nutrition::Entity::find()
        .filter(daily_nutrition::Column::UserId.eq(user))
        .filter(daily_nutrition::Column::Date.gte(day(2026, 3, 1)))
        .filter(daily_nutrition::Column::Date.lte(day(2026, 3, 30)))
        .build(t.backend);
    let found = plan(t, days).await;
    assert!(found.contains("uq_daily_nutrition_user_date"), "{found}");

    let series = entity::health_metrics::Entity::find()
        .filter(entity::health_metrics::Column::UserId.eq(user))
        .filter(entity::health_metrics::Column::Metric.eq(HealthMetric::Weight))
        .filter(entity::health_metrics::Column::MeasuredAt.gte(at(2026, 1, 1, 0, 0)))
        .build(t.backend);
    let found = plan(t, series).await;
    assert!(
        found.contains("idx_health_metrics_user_metric_time"),
        "{found}"
    );
}

// ---------------------------------------------------------------------------------------
// Health metrics and insights
// ---------------------------------------------------------------------------------------

async fn metric_series_over_a_period(t: &TestDb) {
    let user = verified_user(t, "hank").await;
    for (d, kg) in [(3, "80.10"), (1, "80.50"), (5, "79.90"), (9, "79.00")] {
        let new = NewMeasurement::new(
            HealthMetric::Weight,
            kg.parse().unwrap(),
            MetricUnit::Kg,
            at(2026, 4, d, 7, 0),
        );
        nutrition::record_metric(&t.db, user, new).await.unwrap();
    }
    let mut pressure = NewMeasurement::new(
        HealthMetric::BloodPressure,
        "120".parse().unwrap(),
        MetricUnit::MmHg,
        at(2026, 4, 2, 7, 0),
    );
    pressure.value2 = Some("80".parse().unwrap());
    nutrition::record_metric(&t.db, user, pressure)
        .await
        .unwrap();
    let series = nutrition::list_metrics(
        &t.db,
        user,
        HealthMetric::Weight,
        at(2026, 4, 1, 0, 0),
        at(2026, 4, 6, 0, 0),
    )
    .await
    .unwrap();
    assert_eq!(
        series
            .iter()
            .map(|m| m.value.to_string())
            .collect::<Vec<_>>(),
        ["80.50", "80.10", "79.90"]
    );
    let mut wrong_unit = NewMeasurement::new(
        HealthMetric::Weight,
        "80".parse().unwrap(),
        MetricUnit::Bpm,
        at(2026, 4, 2, 7, 0),
    );
    let refused = nutrition::record_metric(&t.db, user, wrong_unit.clone()).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "unit"),
        "{refused:?}"
    );
    wrong_unit.unit = MetricUnit::Kg;
    wrong_unit.value2 = Some("1".parse().unwrap());
    let refused = nutrition::record_metric(&t.db, user, wrong_unit).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "value2"),
        "{refused:?}"
    );
    nutrition::delete_metric(&t.db, user, series[0].id)
        .await
        .unwrap();
}

async fn insights_are_read_and_dismissed(t: &TestDb) {
    let user = verified_user(t, "iris").await;
    let new = |message: &str| NewInsight {
        kind: InsightKind::NutrientGap,
        message: message.into(),
        data: Some(serde_json::json!({ "fiber_g": { "mean": "12.40", "target": "30.00" } })),
        generated_by: "rule:fiber_below_target".into(),
    };
    let first = nutrition::record_insight(&t.db, user, new("Fiber is low"))
        .await
        .unwrap();
    let second = nutrition::record_insight(&t.db, user, new("Still low"))
        .await
        .unwrap();
    let read = nutrition::mark_insight_read(&t.db, user, first.id)
        .await
        .unwrap();
    assert!(read.read_at.is_some());
    let again = nutrition::mark_insight_read(&t.db, user, first.id)
        .await
        .unwrap();
    assert_eq!(again.read_at, read.read_at, "read once");
    nutrition::dismiss_insight(&t.db, user, second.id)
        .await
        .unwrap();
    let listed = nutrition::list_insights(&t.db, user, false).await.unwrap();
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), [first.id]);
    assert_eq!(listed[0].data, first.data);
    assert_eq!(
        nutrition::list_insights(&t.db, user, true)
            .await
            .unwrap()
            .len(),
        2
    );
    let refused = nutrition::record_insight(&t.db, user, new("")).await;
    assert!(
        matches!(&refused, Err(Error::Validation { field, .. }) if field == "message"),
        "{refused:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Another user's ids
// ---------------------------------------------------------------------------------------

fn not_found<T: std::fmt::Debug>(outcome: Result<T, Error>, what: Subject) {
    assert!(
        matches!(&outcome, Err(Error::NotFound { what: w }) if *w == what),
        "expected NotFound {what}: {outcome:?}"
    );
}

async fn another_users_ids_are_not_found(t: &TestDb) {
    let owner = crate::harness::user_with_a_row_everywhere(t, "owner").await;
    let intruder = verified_user(t, "intruder").await;
    let goal = nutrition::list_goals(&t.db, owner).await.unwrap()[0].clone();
    let log = meal_logs::Entity::find()
        .filter(meal_logs::Column::UserId.eq(owner))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let insight = nutrition::list_insights(&t.db, owner, true).await.unwrap()[0].clone();
    let metric = entity::health_metrics::Entity::find()
        .filter(entity::health_metrics::Column::UserId.eq(owner))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    let db = &t.db;
    let goal_nf = Subject::NutritionGoal;
    not_found(
        nutrition::update_goal(db, intruder, goal.id, GoalChange::default()).await,
        goal_nf,
    );
    not_found(
        nutrition::end_goal(db, intruder, goal.id, day(2026, 1, 1)).await,
        goal_nf,
    );
    let target = TargetInput {
        nutrient: Nutrient::FatG,
        min_amount: Some("1".parse().unwrap()),
        max_amount: None,
    };
    not_found(
        nutrition::set_target(db, intruder, goal.id, target).await,
        goal_nf,
    );
    not_found(
        nutrition::list_targets(db, intruder, goal.id).await,
        goal_nf,
    );
    not_found(
        nutrition::delete_target(db, intruder, goal.id, Nutrient::ProteinG).await,
        goal_nf,
    );
    not_found(
        nutrition::update_meal_log(db, intruder, Tz::UTC, log.id, MealLogChange::default()).await,
        Subject::MealLog,
    );
    not_found(
        nutrition::delete_meal_log(db, intruder, log.id).await,
        Subject::MealLog,
    );
    not_found(
        nutrition::mark_insight_read(db, intruder, insight.id).await,
        Subject::NutritionInsight,
    );
    not_found(
        nutrition::dismiss_insight(db, intruder, insight.id).await,
        Subject::NutritionInsight,
    );
    not_found(
        nutrition::delete_metric(db, intruder, metric.id).await,
        Subject::HealthMetric,
    );
    // Lists show none of the owner's rows.
    assert!(
        nutrition::list_goals(db, intruder)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        nutrition::list_insights(db, intruder, true)
            .await
            .unwrap()
            .is_empty()
    );
    let logs = nutrition::list_meal_logs(db, intruder, Timestamp::MIN, Timestamp::MAX)
        .await
        .unwrap();
    assert!(logs.is_empty());
    let series = nutrition::list_metrics(
        db,
        intruder,
        HealthMetric::Weight,
        Timestamp::MIN,
        Timestamp::MAX,
    )
    .await
    .unwrap();
    assert!(series.is_empty());
    let today = Utc::now().date_naive();
    let progress = nutrition::get_progress(db, intruder, today, today)
        .await
        .unwrap();
    assert!(progress.goal.is_none());
    assert_eq!(progress.days[0].meal_count, 0);
    // The owner's rows are untouched.
    assert_eq!(nutrition::list_goals(db, owner).await.unwrap()[0], goal);
    let own = nutrition::list_meal_logs(db, owner, Timestamp::MIN, Timestamp::MAX)
        .await
        .unwrap();
    assert_eq!(own, [log]);
}

dual!(
    goal_rules_refuse_bad_rows_and_accept_good_ones,
    target_rules_refuse_bad_rows_and_accept_good_ones,
    meal_log_rules_refuse_bad_rows_and_accept_good_ones,
    daily_nutrition_rules_refuse_bad_rows_and_accept_good_ones,
    insight_and_metric_rules_refuse_bad_rows_and_accept_good_ones,
    activating_a_goal_ends_the_previous_one,
    a_goal_is_changed_and_ended_once,
    a_negative_goal_target_is_refused_by_field,
    concurrent_activations_leave_one_active_goal,
    nutrient_targets_are_set_listed_and_replaced,
    nutrient_target_input_is_validated_by_field,
    a_removed_nutrient_target_is_gone,
    daily_nutrition_equals_the_sum_of_the_days_logs,
    days_follow_the_users_time_zone,
    meal_log_input_is_validated_by_field,
    an_unknown_recipe_or_servings_of_a_free_entry_are_refused,
    a_logged_recipe_is_its_nutrition_times_the_servings,
    another_users_private_or_uncomputed_recipe_is_not_logged,
    logging_a_recipe_keeps_its_nutrition_as_logged,
    nutrition_works_as_the_application_login,
    metrics_and_insights_work_as_the_application_login,
    a_recipe_deleted_by_its_owner_leaves_the_logs_of_it,
    progress_reports_every_day_against_the_active_goal,
    progress_refuses_a_backward_period_and_needs_no_goal,
    progress_is_one_statement_for_one_day_or_thirty,
    hot_lookups_use_their_indexes,
    metric_series_over_a_period,
    insights_are_read_and_dismissed,
    another_users_ids_are_not_found,
);
