//! Goals take storable dates, fitness and nutrition alike, on creation and on a change; and
//! reading progress or recommendations for a range or a day takes the same dates.
use chrono::NaiveDate;
use entity::types::{FitnessGoalType, NutritionGoalType};
use service::Patch;
use service::health::{self, FitnessGoalChange, NewFitnessGoal, ProfileInput};
use service::nutrition::{self, GoalChange, NewGoal};
use service::recommendations::{self, RecommendationRequest};
use service::restaurants::geo::LatLon;

use super::{OUT_OF_RANGE, count, first_day, last_day, refused, today};
use crate::harness::{TestDb, verified_user};

/// A verified user with a health profile (which fitness goals hang off).
async fn goal_setter(t: &TestDb) -> service::Actor {
    let user = verified_user(t, "goals").await;
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();
    user
}

/// A new goal starting or ending outside the range is refused, and nothing is written.
async fn goals_take_storable_dates(t: &TestDb) {
    let user = goal_setter(t).await;
    for outside in [NaiveDate::MIN, NaiveDate::MAX] {
        refused(
            health::create_fitness_goal(
                &t.db,
                user,
                NewFitnessGoal::new(FitnessGoalType::LoseWeight, outside),
            )
            .await,
            "start_date",
            OUT_OF_RANGE,
        );
        let target = NewFitnessGoal {
            target_date: Some(outside),
            ..NewFitnessGoal::new(FitnessGoalType::LoseWeight, today())
        };
        refused(
            health::create_fitness_goal(&t.db, user, target).await,
            "target_date",
            OUT_OF_RANGE,
        );
        refused(
            nutrition::create_goal(
                &t.db,
                user,
                NewGoal::new(NutritionGoalType::Maintenance, outside),
            )
            .await,
            "start_date",
            OUT_OF_RANGE,
        );
        let end = NewGoal {
            end_date: Some(outside),
            ..NewGoal::new(NutritionGoalType::Maintenance, today())
        };
        refused(
            nutrition::create_goal(&t.db, user, end).await,
            "end_date",
            OUT_OF_RANGE,
        );
    }
    assert_eq!(
        count(t, "fitness_goals", user.id()).await,
        0,
        "nothing written"
    );
    assert_eq!(count(t, "nutrition_goals", user.id()).await, 0);
}

/// The ends of the range are dates like any other, on both backends; a change past them is
/// refused and leaves the goal as it was.
async fn goals_at_the_ends_of_the_range_change_only_within_it(t: &TestDb) {
    let user = goal_setter(t).await;
    let fitness = NewFitnessGoal {
        target_date: Some(last_day()),
        ..NewFitnessGoal::new(FitnessGoalType::LoseWeight, first_day())
    };
    let fitness = health::create_fitness_goal(&t.db, user, fitness)
        .await
        .unwrap();
    assert_eq!(
        (fitness.start_date, fitness.target_date),
        (first_day(), Some(last_day()))
    );
    let goal = nutrition::create_goal(
        &t.db,
        user,
        NewGoal::new(NutritionGoalType::Maintenance, first_day()),
    )
    .await
    .unwrap();
    let change = FitnessGoalChange {
        target_date: Patch::Set(NaiveDate::MAX),
        ..Default::default()
    };
    refused(
        health::update_fitness_goal(&t.db, user, fitness.id, change).await,
        "target_date",
        OUT_OF_RANGE,
    );
    let change = GoalChange {
        start_date: Some(NaiveDate::MIN),
        ..Default::default()
    };
    refused(
        nutrition::update_goal(&t.db, user, goal.id, change).await,
        "start_date",
        OUT_OF_RANGE,
    );
    refused(
        nutrition::end_goal(&t.db, user, goal.id, NaiveDate::MAX).await,
        "last_day",
        OUT_OF_RANGE,
    );
    let goals = nutrition::list_goals(&t.db, user).await.unwrap();
    assert_eq!(
        (goals[0].start_date, goals[0].is_active),
        (first_day(), true)
    );
}

/// Reading progress over a range, or recommendations for a day, takes storable dates; the
/// last storable day is one day of progress.
async fn progress_and_recommendations_read_storable_days(t: &TestDb) {
    let user = goal_setter(t).await;
    refused(
        nutrition::get_progress(&t.db, user, NaiveDate::MIN, NaiveDate::MIN).await,
        "from",
        OUT_OF_RANGE,
    );
    refused(
        nutrition::get_progress(&t.db, user, last_day(), NaiveDate::MAX).await,
        "to",
        OUT_OF_RANGE,
    );
    let last = nutrition::get_progress(&t.db, user, last_day(), last_day())
        .await
        .unwrap();
    assert_eq!(last.days.len(), 1);
    refused(
        recommendations::get_recommendation_profile(&t.db, user, NaiveDate::MIN).await,
        "day",
        OUT_OF_RANGE,
    );
    let request = RecommendationRequest::new(LatLon::new(0.0, 0.0).unwrap(), 5.0, NaiveDate::MAX);
    refused(
        recommendations::recommend(&t.db, user, &request).await,
        "today",
        OUT_OF_RANGE,
    );
}

dual!(
    goals_take_storable_dates,
    goals_at_the_ends_of_the_range_change_only_within_it,
    progress_and_recommendations_read_storable_days,
);
