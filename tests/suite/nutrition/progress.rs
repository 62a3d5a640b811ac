//! Progress: every day of a period against the active goal, in one statement; the hot lookups use
//! their indexes.
use chrono::NaiveDate;
use entity::types::{HealthMetric, MealSlot, Nutrient, NutritionGoalType};
use entity::{daily_nutrition, meal_logs};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryTrait};
use service::Error;
use service::nutrition::{self, NewGoal, NewMealLog, TargetInput, Tz};

use super::{at, day, dec, free};
use crate::harness::{TestDb, verified_user};
use crate::query_plans::plan;

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

dual!(
    progress_reports_every_day_against_the_active_goal,
    progress_refuses_a_backward_period_and_needs_no_goal,
    progress_is_one_statement_for_one_day_or_thirty,
    hot_lookups_use_their_indexes,
);
