//! A plan's range holds its meals: in raw SQL (through the meals' copy of the dates), in the
//! service (naming the end that is wrong), when a meal moves, and when a change races a new meal.
use chrono::NaiveDate;
use entity::types::MealSlot;
use service::Error;
use service::Subject;
use service::planning::{self, MealInput, PlanChange};
use uuid::Uuid;

use super::{add, day, ingredient, plan, planned_meal, recipe, servings};
use crate::harness::{TestDb, assert_accepted, assert_refused, verified_user};

/// Ada's week plan (days 0-6) with porridge for breakfast on days 1 and 5.
struct PorridgeWeek {
    ada: service::Actor,
    porridge: Uuid,
    plan: Uuid,
}

impl PorridgeWeek {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let oats = ingredient(t, "Test oats", "grain", None, None).await;
        let porridge = recipe(t, ada.id(), "Porridge", 1, false, &[(oats, "50", "g")]).await;
        let plan = plan(t, ada.id(), 0, 6).await;
        add(t, ada.id(), plan, 1, MealSlot::Breakfast, porridge, "1").await;
        add(t, ada.id(), plan, 5, MealSlot::Breakfast, porridge, "1").await;
        Self {
            ada,
            porridge,
            plan,
        }
    }
}

/// Raw SQL: shrinking the plan past a meal is refused by the meal's CHECK, through the cascade
/// that keeps its copy of the dates; and the copy cannot be changed alone either.
async fn raw_sql_cannot_shrink_a_plan_past_its_meals(t: &TestDb) {
    let p = PorridgeWeek::insert(t).await.plan;
    assert_refused(
        t,
        "chk_planned_meals_date_in_plan",
        "UPDATE meal_plans SET end_date = $1 WHERE id = $2",
        vec![day(4).into(), p.into()],
    )
    .await;
    assert_refused(
        t,
        "chk_planned_meals_date_in_plan",
        "UPDATE meal_plans SET start_date = $1 WHERE id = $2",
        vec![day(2).into(), p.into()],
    )
    .await;
    assert_refused(
        t,
        "fk_planned_meals_plan",
        "UPDATE planned_meals SET plan_end = $1 WHERE meal_plan_id = $2",
        vec![day(9).into(), p.into()],
    )
    .await;
    assert_refused(
        t,
        "chk_planned_meals_date_in_plan",
        "UPDATE planned_meals SET date = $1 WHERE meal_plan_id = $2",
        vec![day(7).into(), p.into()],
    )
    .await;
}

/// Raw SQL: shrinking a plan to its meals and widening it are accepted, and the meals' copies
/// of the dates follow.
async fn raw_sql_shrinks_a_plan_to_its_meals_or_widens_it_and_the_copies_follow(t: &TestDb) {
    let p = PorridgeWeek::insert(t).await.plan;
    assert_accepted(
        t,
        "the range still holds every meal",
        "UPDATE meal_plans SET start_date = $1, end_date = $2 WHERE id = $3",
        vec![day(1).into(), day(5).into(), p.into()],
    )
    .await;
    assert_accepted(
        t,
        "a wider range",
        "UPDATE meal_plans SET end_date = $1 WHERE id = $2",
        vec![day(20).into(), p.into()],
    )
    .await;
    let copies = t
        .count(
            "SELECT COUNT(*) FROM planned_meals WHERE plan_start = $1 AND plan_end = $2",
            vec![day(1).into(), day(20).into()],
        )
        .await;
    assert_eq!(copies, 2);
}

/// The service refuses a range that would leave a meal out, naming the end, and keeps the
/// plan; a change that holds every meal is made.
async fn the_service_refuses_a_range_that_leaves_a_meal_out_naming_the_end(t: &TestDb) {
    let w = PorridgeWeek::insert(t).await;
    let shrink = PlanChange {
        end_date: Some(day(3)),
        ..PlanChange::default()
    };
    match planning::update_plan(&t.db, w.ada, w.plan, shrink).await {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "end_date"),
        other => panic!("expected end_date refused, got {other:?}"),
    }
    let renamed = planning::update_plan(
        &t.db,
        w.ada,
        w.plan,
        PlanChange {
            name: Some("Longer".into()),
            ..PlanChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (renamed.start_date, renamed.end_date, renamed.name.as_str()),
        (day(0), day(6), "Longer"),
        "the refused change left the range as it was"
    );
    let widened = planning::update_plan(
        &t.db,
        w.ada,
        w.plan,
        PlanChange {
            end_date: Some(day(20)),
            ..PlanChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (widened.start_date, widened.end_date, widened.name.as_str()),
        (day(0), day(20), "Longer")
    );
}

/// A meal moves, and a new one is added, within the plan's range only; a move onto a slot
/// the same recipe has that day is a conflict.
async fn meals_move_and_are_added_within_the_plans_range_only(t: &TestDb) {
    let w = PorridgeWeek::insert(t).await;
    let ada = w.ada;
    let meal = add(t, ada.id(), w.plan, 2, MealSlot::Dinner, w.porridge, "2").await;
    match planning::move_planned_meal(&t.db, ada, meal, day(7), MealSlot::Dinner).await {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "date"),
        other => panic!("expected date refused, got {other:?}"),
    }
    let moved = planning::move_planned_meal(&t.db, ada, meal, day(6), MealSlot::Lunch)
        .await
        .unwrap();
    assert_eq!((moved.date, moved.meal_slot), (day(6), MealSlot::Lunch));
    assert!(matches!(
        planning::move_planned_meal(&t.db, ada, meal, day(5), MealSlot::Breakfast).await,
        Err(Error::Conflict {
            what: Subject::PlannedMeal
        })
    ));
    match planning::create_planned_meal(
        &t.db,
        ada,
        w.plan,
        MealInput {
            id: None,
            date: day(7),
            slot: MealSlot::Snack,
            recipe_id: w.porridge,
            servings: servings("1"),
        },
    )
    .await
    {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "date"),
        other => panic!("expected date refused, got {other:?}"),
    }
}

/// Two writers at once: a new meal on day 5 (not yet committed) and a change of the plan's end
/// to day 3. The change waits for the meal's transaction (PostgreSQL: its foreign key holds the
/// plan's row; SQLite: one writer at a time), then the cascade meets the committed meal and the
/// CHECK refuses the change: the database decides the race, not the order of the reads.
async fn a_range_change_racing_a_new_meal_cannot_leave_it_outside(t: &TestDb) {
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    let ada = verified_user(t, "ada").await;
    let oats = ingredient(t, "Test oats", "grain", None, None).await;
    let porridge = recipe(t, ada.id(), "Porridge", 1, false, &[(oats, "50", "g")]).await;
    let p = plan(t, ada.id(), 0, 6).await;
    let adding = t.db.begin().await.unwrap();
    adding
        .execute_raw(
            planned_meal(ada.id(), p, porridge)
                .col("date", day(5))
                .insert(t.backend),
        )
        .await
        .unwrap();
    let db = t.db.clone();
    let backend = t.backend;
    let shrinking = tokio::spawn(async move {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE meal_plans SET end_date = $1 WHERE id = $2",
            vec![day(3).into(), p.into()],
        ))
        .await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !shrinking.is_finished(),
        "the change waits for the meal's transaction"
    );
    adding.commit().await.unwrap();
    let refused = shrinking.await.unwrap().expect_err("the change is refused");
    assert_eq!(
        service::violation(&refused).and_then(|v| v.rule_name()),
        Some("chk_planned_meals_date_in_plan"),
        "{refused}"
    );
    let end: NaiveDate = t
        .query(
            "SELECT end_date FROM meal_plans WHERE id = $1",
            vec![p.into()],
        )
        .await[0]
        .try_get("", "end_date")
        .unwrap();
    assert_eq!(end, day(6));
}

dual!(
    raw_sql_cannot_shrink_a_plan_past_its_meals,
    raw_sql_shrinks_a_plan_to_its_meals_or_widens_it_and_the_copies_follow,
    the_service_refuses_a_range_that_leaves_a_meal_out_naming_the_end,
    meals_move_and_are_added_within_the_plans_range_only,
    a_range_change_racing_a_new_meal_cannot_leave_it_outside,
);
