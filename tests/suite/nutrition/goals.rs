//! Goals and their nutrient targets through the service: one active goal at a time, changed and
//! ended once, targets set, validated and removed.
use entity::nutrition_goals;
use entity::types::{Nutrient, NutritionGoalType};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use service::Error;
use service::Subject;
use service::nutrition::{self, GoalChange, NewGoal, TargetInput};
use uuid::Uuid;

use super::day;
use crate::harness::{TestDb, verified_user};

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

dual!(
    activating_a_goal_ends_the_previous_one,
    a_goal_is_changed_and_ended_once,
    a_negative_goal_target_is_refused_by_field,
    concurrent_activations_leave_one_active_goal,
    nutrient_targets_are_set_listed_and_replaced,
    nutrient_target_input_is_validated_by_field,
    a_removed_nutrient_target_is_gone,
);
