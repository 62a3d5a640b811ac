//! Plans take storable dates: a plan's range, its meals' days, and the day a shopping list is
//! made from it, on creation and on a change.
use chrono::NaiveDate;
use entity::meal_plans;
use entity::types::MealSlot;
use service::planning::{self, MealInput, NewPlan, PlanChange};
use service::shopping;
use uuid::Uuid;

use super::{OUT_OF_RANGE, count, first_day, last_day, refused, today};
use crate::harness::{TestDb, verified_user};

/// `user`'s plan of the last storable day alone.
async fn plan_of_the_last_day(t: &TestDb, user: service::Actor) -> meal_plans::Model {
    let last = NewPlan::new("Last", last_day(), last_day());
    planning::create_plan(&t.db, user, last).await.unwrap()
}

/// Breakfast of `user`'s porridge (a recipe inserted in raw SQL) on `date`.
async fn porridge_on(t: &TestDb, user: service::Actor) -> impl Fn(NaiveDate) -> MealInput {
    let recipe = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes) \
         VALUES ($1, $2, 'Porridge', 5, 5)",
        vec![recipe.into(), user.into()],
    )
    .await
    .unwrap();
    move |date| MealInput {
        id: None,
        date,
        slot: MealSlot::Breakfast,
        recipe_id: recipe,
        servings: "1".parse().unwrap(),
    }
}

/// A new plan starting or ending outside the range is refused, and nothing is written.
async fn plans_take_storable_dates(t: &TestDb) {
    let user = verified_user(t, "planner").await;
    let (min, max) = (NaiveDate::MIN, NaiveDate::MAX);
    for (start, end, field) in [
        (max, max, "start_date"),
        (min, min, "start_date"),
        (min, today(), "start_date"),
        (today(), max, "end_date"),
    ] {
        refused(
            planning::create_plan(&t.db, user, NewPlan::new("Far", start, end)).await,
            field,
            OUT_OF_RANGE,
        );
    }
    assert_eq!(
        count(t, "meal_plans", user.id()).await,
        0,
        "nothing written"
    );
}

/// Plans on the first and the last storable day are kept (and the last day has its nutrition);
/// a change past the range is refused.
async fn plans_on_the_first_and_last_storable_day(t: &TestDb) {
    let user = verified_user(t, "planner").await;
    let first = planning::create_plan(&t.db, user, NewPlan::new("First", first_day(), first_day()))
        .await
        .unwrap();
    let last = plan_of_the_last_day(t, user).await;
    assert_eq!((last.start_date, last.end_date), (last_day(), last_day()));
    assert_eq!(
        planning::get_plan_nutrition(&t.db, user, last.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let change = PlanChange {
        end_date: Some(NaiveDate::MAX),
        ..Default::default()
    };
    refused(
        planning::update_plan(&t.db, user, first.id, change).await,
        "end_date",
        OUT_OF_RANGE,
    );
}

/// A meal planned or moved outside the range is refused, and leaves the meals as they were.
async fn planned_meals_take_storable_dates(t: &TestDb) {
    let user = verified_user(t, "planner").await;
    let last = plan_of_the_last_day(t, user).await;
    let porridge_on = porridge_on(t, user).await;
    refused(
        planning::create_planned_meal(&t.db, user, last.id, porridge_on(NaiveDate::MAX)).await,
        "date",
        OUT_OF_RANGE,
    );
    assert_eq!(
        count(t, "planned_meals", user.id()).await,
        0,
        "nothing written"
    );
    let planned = planning::create_planned_meal(&t.db, user, last.id, porridge_on(last_day()))
        .await
        .unwrap();
    refused(
        planning::move_planned_meal(&t.db, user, planned.id, NaiveDate::MIN, MealSlot::Lunch).await,
        "date",
        OUT_OF_RANGE,
    );
    let meals = planning::list_planned_meals(&t.db, user, last.id)
        .await
        .unwrap();
    assert_eq!(
        (meals[0].date, meals[0].meal_slot),
        (last_day(), MealSlot::Breakfast)
    );
}

/// A shopping list made from a plan on a day outside the range is refused, and not written.
async fn a_list_from_a_plan_is_made_on_a_storable_day(t: &TestDb) {
    let user = verified_user(t, "planner").await;
    let last = plan_of_the_last_day(t, user).await;
    let porridge_on = porridge_on(t, user).await;
    planning::create_planned_meal(&t.db, user, last.id, porridge_on(last_day()))
        .await
        .unwrap();
    let on_day_min = shopping::ListFromPlan {
        name: None,
        today: NaiveDate::MIN,
        id: None,
    };
    refused(
        shopping::create_shopping_list_from_plan(&t.db, user, last.id, on_day_min).await,
        "today",
        OUT_OF_RANGE,
    );
    assert_eq!(
        count(t, "shopping_lists", user.id()).await,
        0,
        "nothing written"
    );
}

dual!(
    plans_take_storable_dates,
    plans_on_the_first_and_last_storable_day,
    planned_meals_take_storable_dates,
    a_list_from_a_plan_is_made_on_a_storable_day,
);
