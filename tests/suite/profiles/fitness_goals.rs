//! A user's fitness goals through the service: they hang off a health profile, check their
//! targets and dates (merged, on a change), end once, list active first, and are out of another
//! user's reach.
use entity::fitness_goals;
use entity::types::{FitnessGoalType, GoalStatus};
use service::health::{self, FitnessGoalChange, NewFitnessGoal, ProfileInput};
use service::{Actor, Error, OnField, Patch, Subject};
use uuid::Uuid;

use super::day;
use crate::harness::field_of;
use crate::harness::{TestDb, verified_user};

/// Erin and Frank, each with a health profile (a goal needs one).
async fn erin_and_frank_with_profiles(t: &TestDb) -> (Actor, Actor) {
    let erin = verified_user(t, "erin").await;
    let frank = verified_user(t, "frank").await;
    for who in [erin, frank] {
        health::set_profile(&t.db, who, ProfileInput::default())
            .await
            .unwrap();
    }
    (erin, frank)
}

/// To lose weight from 2026-01-01: 70.50 kg by 2026-06-30.
fn lose_weight() -> NewFitnessGoal {
    let mut new = NewFitnessGoal::new(FitnessGoalType::LoseWeight, day(2026, 1, 1));
    new.target_weight_kg = Some("70.50".parse().on_field("target_weight_kg").unwrap());
    new.target_date = Some(day(2026, 6, 30));
    new
}

async fn erins_goal(t: &TestDb, erin: Actor) -> fitness_goals::Model {
    health::create_fitness_goal(&t.db, erin, lose_weight())
        .await
        .unwrap()
}

async fn a_fitness_goal_needs_a_health_profile(t: &TestDb) {
    let erin = verified_user(t, "erin").await;
    let new = NewFitnessGoal::new(FitnessGoalType::LoseWeight, day(2026, 1, 1));
    assert!(matches!(
        health::create_fitness_goal(&t.db, erin, new).await,
        Err(Error::NotFound {
            what: Subject::HealthProfile
        })
    ));
}

async fn a_new_goal_is_active_with_its_targets(t: &TestDb) {
    let (erin, _) = erin_and_frank_with_profiles(t).await;
    let goal = erins_goal(t, erin).await;
    assert_eq!(goal.status, GoalStatus::Active);
    assert_eq!(goal.ended_at, None);
    assert_eq!(
        goal.target_weight_kg.map(|w| w.to_string()),
        Some("70.50".into())
    );
}

async fn a_goal_with_an_invalid_target_names_its_field(t: &TestDb) {
    let (erin, _) = erin_and_frank_with_profiles(t).await;
    let new = lose_weight();
    let invalid = [
        (
            NewFitnessGoal {
                target_date: Some(day(2025, 12, 31)),
                ..new.clone()
            },
            "target_date",
        ),
        (
            NewFitnessGoal {
                target_weight_kg: Some("19.99".parse().unwrap()),
                ..new.clone()
            },
            "target_weight_kg",
        ),
        (
            NewFitnessGoal {
                target_body_fat_percent: Some("1.9".parse().unwrap()),
                ..new.clone()
            },
            "target_body_fat_percent",
        ),
        (
            NewFitnessGoal {
                weekly_exercise_minutes: Some(0),
                ..new.clone()
            },
            "weekly_exercise_minutes",
        ),
        (
            NewFitnessGoal {
                daily_steps: Some(100_001),
                ..new.clone()
            },
            "daily_steps",
        ),
    ];
    for (goal, field) in invalid {
        assert_eq!(
            field_of(health::create_fitness_goal(&t.db, erin, goal).await),
            field
        );
    }
}

/// A partial change keeps what it leaves out; the merged goal is what gets checked.
async fn a_partial_goal_change_keeps_the_rest_and_is_checked_merged(t: &TestDb) {
    let (erin, _) = erin_and_frank_with_profiles(t).await;
    let goal = erins_goal(t, erin).await;
    let updated = health::update_fitness_goal(
        &t.db,
        erin,
        goal.id,
        FitnessGoalChange {
            daily_steps: Patch::Set(8000),
            target_weight_kg: Patch::Clear,
            ..FitnessGoalChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(updated.daily_steps, Some(8000));
    assert_eq!(updated.target_weight_kg, None);
    assert_eq!(updated.target_date, goal.target_date);
    assert_eq!(updated.goal_type, FitnessGoalType::LoseWeight);
    let past_its_target = FitnessGoalChange {
        start_date: Some(day(2026, 7, 1)),
        ..FitnessGoalChange::default()
    };
    assert_eq!(
        field_of(health::update_fitness_goal(&t.db, erin, goal.id, past_its_target).await),
        "target_date"
    );
}

/// Another user's goal id behaves as an unknown one.
async fn another_users_goal_behaves_as_an_unknown_one(t: &TestDb) {
    let (erin, frank) = erin_and_frank_with_profiles(t).await;
    let goal = erins_goal(t, erin).await;
    for id in [goal.id, Uuid::new_v4()] {
        assert!(matches!(
            health::update_fitness_goal(&t.db, frank, id, FitnessGoalChange::default()).await,
            Err(Error::NotFound {
                what: Subject::FitnessGoal
            })
        ));
        assert!(matches!(
            health::end_fitness_goal(&t.db, frank, id, GoalStatus::Achieved).await,
            Err(Error::NotFound {
                what: Subject::FitnessGoal
            })
        ));
    }
    assert!(
        health::list_fitness_goals(&t.db, frank, false)
            .await
            .unwrap()
            .is_empty()
    );
}

/// A goal ends once, as achieved or abandoned, with its time; ended, it no longer changes, and
/// it lists after the active goals and not among them.
async fn an_ended_goal_is_final_and_lists_after_the_active(t: &TestDb) {
    let (erin, _) = erin_and_frank_with_profiles(t).await;
    let goal = erins_goal(t, erin).await;
    let endurance = NewFitnessGoal::new(FitnessGoalType::ImproveEndurance, day(2025, 1, 1));
    let second = health::create_fitness_goal(&t.db, erin, endurance)
        .await
        .unwrap();
    let end = |status| health::end_fitness_goal(&t.db, erin, goal.id, status);
    assert_eq!(field_of(end(GoalStatus::Active).await), "status");
    let ended = end(GoalStatus::Achieved).await.unwrap();
    assert_eq!(ended.status, GoalStatus::Achieved);
    assert!(ended.ended_at.is_some());
    assert_eq!(field_of(end(GoalStatus::Abandoned).await), "status");
    assert_eq!(
        field_of(
            health::update_fitness_goal(&t.db, erin, goal.id, FitnessGoalChange::default()).await
        ),
        "status"
    );
    let listed = |active_only| async move {
        let goals = health::list_fitness_goals(&t.db, erin, active_only).await;
        goals.unwrap().iter().map(|g| g.id).collect::<Vec<Uuid>>()
    };
    assert_eq!(listed(false).await, [second.id, goal.id], "active first");
    assert_eq!(listed(true).await, [second.id]);
}

dual!(
    a_fitness_goal_needs_a_health_profile,
    a_new_goal_is_active_with_its_targets,
    a_goal_with_an_invalid_target_names_its_field,
    a_partial_goal_change_keeps_the_rest_and_is_checked_merged,
    another_users_goal_behaves_as_an_unknown_one,
    an_ended_goal_is_final_and_lists_after_the_active,
);
