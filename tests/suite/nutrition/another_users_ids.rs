//! Another user's ids: every call given one behaves as for an unknown id, and the owner's rows are
//! untouched.
use chrono::Utc;
use entity::types::{HealthMetric, Nutrient, Timestamp};
use entity::{meal_logs, nutrition_goals};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use service::Error;
use service::Subject;
use service::nutrition::{self, GoalChange, MealLogChange, TargetInput, Tz};

use super::day;
use crate::harness::{TestDb, verified_user};

fn not_found<T: std::fmt::Debug>(outcome: Result<T, Error>, what: Subject) {
    assert!(
        matches!(&outcome, Err(Error::NotFound { what: w }) if *w == what),
        "expected NotFound {what}: {outcome:?}"
    );
}

/// The owner's goal, meal log, insight and metric (from the fixture of a row everywhere), and
/// an intruder, a verified user with none.
struct OwnersRows {
    owner: service::Actor,
    intruder: service::Actor,
    goal: nutrition_goals::Model,
    log: meal_logs::Model,
    insight: entity::nutrition_insights::Model,
    metric: entity::health_metrics::Model,
}

async fn owners_rows(t: &TestDb) -> OwnersRows {
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
    OwnersRows {
        owner,
        intruder,
        goal,
        log,
        insight,
        metric,
    }
}

async fn another_users_goal_and_its_targets_are_not_found(t: &TestDb) {
    let OwnersRows {
        owner,
        intruder,
        goal,
        ..
    } = owners_rows(t).await;
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
    // The owner's goal is untouched.
    assert_eq!(nutrition::list_goals(db, owner).await.unwrap()[0], goal);
}

async fn another_users_log_insight_and_metric_are_not_found(t: &TestDb) {
    let r = owners_rows(t).await;
    let (db, intruder) = (&t.db, r.intruder);
    not_found(
        nutrition::update_meal_log(db, intruder, Tz::UTC, r.log.id, MealLogChange::default()).await,
        Subject::MealLog,
    );
    not_found(
        nutrition::delete_meal_log(db, intruder, r.log.id).await,
        Subject::MealLog,
    );
    not_found(
        nutrition::mark_insight_read(db, intruder, r.insight.id).await,
        Subject::NutritionInsight,
    );
    not_found(
        nutrition::dismiss_insight(db, intruder, r.insight.id).await,
        Subject::NutritionInsight,
    );
    not_found(
        nutrition::delete_metric(db, intruder, r.metric.id).await,
        Subject::HealthMetric,
    );
    // The owner's log is untouched.
    let own = nutrition::list_meal_logs(db, r.owner, Timestamp::MIN, Timestamp::MAX)
        .await
        .unwrap();
    assert_eq!(own, [r.log]);
}

/// Lists show none of the owner's rows.
async fn another_users_lists_and_progress_show_none_of_the_owners_rows(t: &TestDb) {
    let OwnersRows { intruder, .. } = owners_rows(t).await;
    let db = &t.db;
    let goals = nutrition::list_goals(db, intruder).await.unwrap();
    assert!(goals.is_empty());
    let insights = nutrition::list_insights(db, intruder, true).await.unwrap();
    assert!(insights.is_empty());
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
}

dual!(
    another_users_goal_and_its_targets_are_not_found,
    another_users_log_insight_and_metric_are_not_found,
    another_users_lists_and_progress_show_none_of_the_owners_rows,
);
