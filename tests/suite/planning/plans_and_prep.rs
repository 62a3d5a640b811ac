//! Plans, planned meals and prep sessions through the service: what each call refuses, the
//! order meals list in, a plan's nutrition per day, and what a prep session cooks.
use chrono::NaiveDate;
use entity::types::{MealSlot, PrepStatus, Timestamp};
use service::Error;
use service::Subject;
use service::planning::{self, MealInput, NewPlan};
use uuid::Uuid;

use super::{add, d, day, ingredient, nutrition, plan, recipe, servings};
use crate::harness::{TestDb, verified_user};

/// A new plan is refused naming the field: a blank name, an end before the start, more than a
/// year, a control character in the notes.
async fn a_new_plan_is_refused_naming_the_field(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    for (new, field) in [
        (NewPlan::new(" ", day(0), day(1)), "name"),
        (NewPlan::new("W", day(2), day(1)), "end_date"),
        (NewPlan::new("W", day(0), day(366)), "end_date"),
        (
            NewPlan {
                id: None,
                notes: Some("a\0b".to_owned()),
                ..NewPlan::new("W", day(0), day(1))
            },
            "notes",
        ),
    ] {
        match planning::create_plan(&t.db, ada, new).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected {field} refused, got {other:?}"),
        }
    }
}

/// Ada's plan for days 0-2: porridge (0.10 kcal and 0.03 g of protein a serving) for
/// breakfast on day 0 (1.5 servings) and as a snack on day 2 (0.25), bob's public stew (no
/// nutrition) for dinner on day 0; bob also has a private recipe.
struct ThreeDays {
    ada: service::Actor,
    bob: service::Actor,
    porridge: Uuid,
    bobs_private: Uuid,
    plan: Uuid,
    breakfast: Uuid,
    dinner: Uuid,
}

impl ThreeDays {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let bob = verified_user(t, "bob").await;
        let oats = ingredient(t, "Test oats", "grain", None, None).await;
        let porridge = recipe(t, ada.id(), "Porridge", 1, false, &[(oats, "50", "g")]).await;
        let bobs_public = recipe(t, bob.id(), "Bob's stew", 4, true, &[(oats, "10", "g")]).await;
        let bobs_private =
            recipe(t, bob.id(), "Bob's secret", 4, false, &[(oats, "10", "g")]).await;
        nutrition(t, porridge, "0.10", "0.03").await;
        let p = plan(t, ada.id(), 0, 2).await;
        let breakfast = add(t, ada.id(), p, 0, MealSlot::Breakfast, porridge, "1.5").await;
        let dinner = add(t, ada.id(), p, 0, MealSlot::Dinner, bobs_public, "1").await;
        add(t, ada.id(), p, 2, MealSlot::Snack, porridge, "0.25").await;
        Self {
            ada,
            bob,
            porridge,
            bobs_private,
            plan: p,
            breakfast,
            dinner,
        }
    }

    /// Schedules a prep session of ada's for these meals.
    async fn schedule(&self, t: &TestDb, meals: &[Uuid]) -> service::Result<planning::PrepSession> {
        planning::schedule_prep_session(
            &t.db,
            self.ada,
            planning::NewPrepSession {
                scheduled_at: Timestamp::now(),
                planned_meal_ids: meals.to_vec(),
                notes: None,
                id: None,
            },
        )
        .await
    }

    /// What ada's prep session is to cook: (recipe, total servings, meals).
    async fn tasks(&self, t: &TestDb, session: Uuid) -> Vec<(String, String, i64)> {
        planning::list_prep_tasks(&t.db, self.ada, session)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.recipe_name, t.total_servings.to_string(), t.meals))
            .collect()
    }
}

/// A planned meal needs a recipe its user may read, a slot the recipe does not have that day
/// already, and more than zero servings.
async fn a_planned_meal_needs_a_readable_recipe_a_free_slot_and_servings(t: &TestDb) {
    let f = ThreeDays::insert(t).await;
    let meal = |date, slot, recipe_id| MealInput {
        id: None,
        date,
        slot,
        recipe_id,
        servings: servings("1"),
    };
    assert!(matches!(
        planning::create_planned_meal(&t.db, f.ada, f.plan, meal(day(1), MealSlot::Lunch, f.bobs_private)).await,
        Err(Error::Validation { field, .. }) if field == "recipe_id"
    ));
    assert!(matches!(
        planning::create_planned_meal(
            &t.db,
            f.ada,
            f.plan,
            meal(day(0), MealSlot::Breakfast, f.porridge)
        )
        .await,
        Err(Error::Conflict {
            what: Subject::PlannedMeal
        })
    ));
    assert!(matches!(
        planning::set_servings(&t.db, f.ada, f.breakfast, servings("0")).await,
        Err(Error::Validation { field, .. }) if field == "servings"
    ));
    let changed = planning::set_servings(&t.db, f.ada, f.breakfast, servings("2"))
        .await
        .unwrap();
    assert_eq!(changed.servings, servings("2"));
}

/// A plan's meals list by day, then by slot in the day's order; plans list for their owner
/// only.
async fn planned_meals_list_by_day_then_slot_and_plans_by_owner(t: &TestDb) {
    let f = ThreeDays::insert(t).await;
    let meals = planning::list_planned_meals(&t.db, f.ada, f.plan)
        .await
        .unwrap();
    let order: Vec<(NaiveDate, MealSlot)> = meals.iter().map(|m| (m.date, m.meal_slot)).collect();
    assert_eq!(
        order,
        [
            (day(0), MealSlot::Breakfast),
            (day(0), MealSlot::Dinner),
            (day(2), MealSlot::Snack)
        ]
    );
    assert_eq!(planning::list_plans(&t.db, f.ada).await.unwrap().len(), 1);
    assert!(planning::list_plans(&t.db, f.bob).await.unwrap().is_empty());
}

/// A plan's nutrition covers every day of its range, exact (1.5 × 0.10 = 0.15 kcal; 0.25 ×
/// 0.03 g), and counts the meals whose recipe has none.
async fn plan_nutrition_is_exact_for_every_day_of_the_range(t: &TestDb) {
    let f = ThreeDays::insert(t).await;
    let days = planning::get_plan_nutrition(&t.db, f.ada, f.plan)
        .await
        .unwrap();
    let energy: Vec<String> = days
        .iter()
        .map(|d| d.nutrition.energy_kcal.to_string())
        .collect();
    assert_eq!(energy, ["0.1500", "0.0000", "0.0250"]);
    assert_eq!(days[2].nutrition.protein_g.to_string(), "0.0075");
    assert_eq!((days[0].meals, days[0].meals_without_nutrition), (2, 1));
}

/// A prep session cooks each recipe once, with the servings of all its meals.
async fn a_prep_session_cooks_each_recipe_once_with_its_servings(t: &TestDb) {
    let f = ThreeDays::insert(t).await;
    let third = add(
        t,
        f.ada.id(),
        f.plan,
        1,
        MealSlot::Breakfast,
        f.porridge,
        "2",
    )
    .await;
    let session = planning::schedule_prep_session(
        &t.db,
        f.ada,
        planning::NewPrepSession {
            scheduled_at: Timestamp::now(),
            planned_meal_ids: [f.breakfast, f.dinner, third].to_vec(),
            notes: Some("Sunday".to_owned()),
            id: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(session.session.status, PrepStatus::Scheduled);
    assert_eq!(
        f.tasks(t, session.session.id).await,
        [
            ("Bob's stew".to_owned(), "1.00".to_owned(), 1),
            ("Porridge".to_owned(), "3.50".to_owned(), 2)
        ]
    );
}

/// A meal is prepared in one session, and a session names each meal once.
async fn a_meal_is_prepared_in_one_session_named_once(t: &TestDb) {
    let f = ThreeDays::insert(t).await;
    assert!(matches!(
        f.schedule(t, &[f.breakfast, f.breakfast]).await,
        Err(Error::Validation { field, .. }) if field == "planned_meal_ids[1]"
    ));
    f.schedule(t, &[f.breakfast, f.dinner]).await.unwrap();
    assert!(matches!(
        f.schedule(t, &[f.dinner]).await,
        Err(Error::Conflict {
            what: Subject::PlannedMealInAPrepSession
        })
    ));
}

/// A session completed records when, and cannot go back to scheduled.
async fn a_completed_prep_session_cannot_go_back_to_scheduled(t: &TestDb) {
    let f = ThreeDays::insert(t).await;
    let session = f.schedule(t, &[f.breakfast]).await.unwrap().session.id;
    let done = planning::set_prep_status(&t.db, f.ada, session, PrepStatus::Completed)
        .await
        .unwrap();
    assert!(done.completed_at.is_some());
    assert!(matches!(
        planning::set_prep_status(&t.db, f.ada, session, PrepStatus::Scheduled).await,
        Err(Error::Validation { field, .. }) if field == "status"
    ));
}

/// A meal deleted leaves its session; a session deleted frees its meals for another.
async fn deleting_a_meal_or_a_session_frees_the_other(t: &TestDb) {
    let f = ThreeDays::insert(t).await;
    let third = add(
        t,
        f.ada.id(),
        f.plan,
        1,
        MealSlot::Breakfast,
        f.porridge,
        "2",
    )
    .await;
    let session = f
        .schedule(t, &[f.breakfast, f.dinner, third])
        .await
        .unwrap()
        .session
        .id;
    planning::delete_planned_meal(&t.db, f.ada, third)
        .await
        .unwrap();
    assert_eq!(
        f.tasks(t, session).await,
        [
            ("Bob's stew".to_owned(), "1.00".to_owned(), 1),
            ("Porridge".to_owned(), "1.50".to_owned(), 1)
        ]
    );
    planning::delete_prep_session(&t.db, f.ada, session)
        .await
        .unwrap();
    f.schedule(t, &[f.breakfast]).await.unwrap();
}

/// A day's nutrition is one flat JSON object: the date, the counts, then each nutrient, as
/// `DayNutrition` wrote it when it held the seven nutrients itself.
#[test]
fn a_days_nutrition_serialises_as_one_flat_object() {
    let day = planning::DayNutrition {
        date: day(0),
        meals: 2,
        meals_without_nutrition: 1,
        nutrition: service::nutrition::Nutrition {
            energy_kcal: d("0.1500"),
            protein_g: d("0.0450"),
            carbs_g: d("12.0000"),
            fat_g: d("0.0000"),
            fiber_g: d("1.2500"),
            sugar_g: d("0.0000"),
            sodium_mg: d("300.0075"),
        },
    };
    assert_eq!(
        serde_json::to_string(&day).unwrap(),
        "{\"date\":\"2026-12-01\",\"meals\":2,\"meals_without_nutrition\":1,\
         \"energy_kcal\":\"0.1500\",\"protein_g\":\"0.0450\",\"carbs_g\":\"12.0000\",\
         \"fat_g\":\"0.0000\",\"fiber_g\":\"1.2500\",\"sugar_g\":\"0.0000\",\
         \"sodium_mg\":\"300.0075\"}"
    );
}

dual!(
    a_new_plan_is_refused_naming_the_field,
    a_planned_meal_needs_a_readable_recipe_a_free_slot_and_servings,
    planned_meals_list_by_day_then_slot_and_plans_by_owner,
    plan_nutrition_is_exact_for_every_day_of_the_range,
    a_prep_session_cooks_each_recipe_once_with_its_servings,
    a_meal_is_prepared_in_one_session_named_once,
    a_completed_prep_session_cannot_go_back_to_scheduled,
    deleting_a_meal_or_a_session_frees_the_other,
);
