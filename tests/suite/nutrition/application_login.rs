//! As the application's login role (PostgreSQL row-level security): the nutrition calls work under
//! the policies.
use entity::types::{
    HealthMetric, InsightKind, MealSlot, MetricUnit, Nutrient, NutritionGoalType, Timestamp,
};
use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
use service::nutrition::{
    self, MealEntry, NewGoal, NewInsight, NewMealLog, NewMeasurement, TargetInput, Tz,
};

use super::{at, day, dec, insert_recipe, stored_days};
use crate::harness::{TestDb, verified_user};

/// Two servings of `recipe` (350 kcal a serving) logged for lunch on 2026-03-10.
async fn two_servings_for_lunch(
    app: &service::Db,
    eater: service::Actor,
    recipe: uuid::Uuid,
) -> entity::meal_logs::Model {
    let log = nutrition::log_meal(
        app,
        eater,
        Tz::UTC,
        NewMealLog::new(
            at(2026, 3, 10, 12, 0),
            MealSlot::Lunch,
            MealEntry::Recipe {
                recipe_id: recipe,
                servings: "2".parse().unwrap(),
            },
        ),
    )
    .await
    .unwrap();
    assert_eq!(log.energy_kcal.to_string(), "700.00");
    log
}

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
    two_servings_for_lunch(&app, eater, public).await;
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
    let log = two_servings_for_lunch(&app, eater, public).await;
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

dual!(
    nutrition_works_as_the_application_login,
    metrics_and_insights_work_as_the_application_login,
    a_recipe_deleted_by_its_owner_leaves_the_logs_of_it,
);
