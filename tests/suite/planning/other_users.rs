//! As the application's login role on PostgreSQL: every function works under the row-level
//! policies, and another user's ids are not found by any of them.
use entity::types::{MealSlot, PrepStatus, StorageLocation, Timestamp, Unit};
use service::Error;
use service::Subject;
use service::inventory::{self, NewInventoryItem};
use service::planning::{self, MealInput, NewPlan, PlanChange};
use service::shopping::{self, ItemWhat};
use uuid::Uuid;

use super::{day, from_plan, ingredient, recipe, record_price, servings, stock};
use crate::harness::{TestDb, verified_user};

/// Ada's week, made through the service as the application's login role on PostgreSQL (the
/// owner on SQLite): a plan with porridge for breakfast on day 0, a prep session for it, its
/// shopping list (oats at 2.00 a kg) and 5 g of oats in her pantry; and eve, who has nothing.
struct AdasWeek {
    ada: service::Actor,
    eve: service::Actor,
    porridge: Uuid,
    plan: Uuid,
    meal: Uuid,
    session: Uuid,
    list: Uuid,
    line: Uuid,
    pantry: Uuid,
    /// The application's connection, and the login role it uses (dropped with it).
    app: service::Db,
    _login: Option<crate::harness::LoginRole>,
}

impl AdasWeek {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await;
        let eve = verified_user(t, "eve").await;
        let oats = ingredient(t, "Test oats", "grain", None, None).await;
        let porridge = recipe(t, ada.id(), "Porridge", 1, true, &[(oats, "50", "g")]).await;
        let (login, app) = crate::harness::as_application(t).await;
        let db = &app;
        let p = planning::create_plan(db, ada, NewPlan::new("Week", day(0), day(6)))
            .await
            .unwrap()
            .id;
        let meal = planning::create_planned_meal(
            db,
            ada,
            p,
            MealInput {
                id: None,
                date: day(0),
                slot: MealSlot::Breakfast,
                recipe_id: porridge,
                servings: servings("1"),
            },
        )
        .await
        .unwrap()
        .id;
        let session = planning::schedule_prep_session(
            db,
            ada,
            planning::NewPrepSession {
                scheduled_at: Timestamp::now(),
                planned_meal_ids: [meal].to_vec(),
                notes: None,
                id: None,
            },
        )
        .await
        .unwrap()
        .session
        .id;
        record_price(db, Some(ada), oats, "2.00", Unit::Kg).await;
        let list = shopping::create_shopping_list_from_plan(db, ada, p, from_plan(None))
            .await
            .unwrap();
        let line = list.lines().next().unwrap().item.id;
        let pantry = inventory::create_inventory_item(
            db,
            ada,
            NewInventoryItem {
                location: StorageLocation::Pantry,
                ..stock(oats, "5", Unit::G, Some(day(1)))
            },
        )
        .await
        .unwrap()
        .id;
        Self {
            ada,
            eve,
            porridge,
            plan: p,
            meal,
            session,
            list: list.list.id,
            line,
            pantry,
            app,
            _login: login,
        }
    }

    /// Eve's calls changed nothing of ada's.
    async fn nothing_of_adas_changed(&self, t: &TestDb) {
        let (db, ada) = (&t.db, self.ada);
        assert_eq!(
            planning::list_planned_meals(db, ada, self.plan)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            shopping::list_shopping_lists(db, ada).await.unwrap().len(),
            1
        );
        assert_eq!(
            inventory::list_inventory_items(db, ada).await.unwrap()[0]
                .quantity
                .to_string(),
            "5.000"
        );
    }
}

#[track_caller]
fn not_found<T: std::fmt::Debug>(result: service::Result<T>, what: Subject) {
    match result {
        Err(Error::NotFound { what: w }) => assert_eq!(w, what),
        other => panic!("expected {what} not found, got {other:?}"),
    }
}

/// Run as the application's login role on PostgreSQL, every planning, shopping and pantry
/// function works under the row-level policies.
async fn every_planning_function_works_under_the_policies(t: &TestDb) {
    let w = AdasWeek::insert(t).await;
    let db = &w.app;
    let list = shopping::get_shopping_list(db, w.ada, w.list)
        .await
        .unwrap();
    assert_eq!(list.estimated_total.to_string(), "0.10");
    assert_eq!(
        planning::get_plan_nutrition(db, w.ada, w.plan)
            .await
            .unwrap()
            .len(),
        7
    );
    assert_eq!(
        planning::list_prep_tasks(db, w.ada, w.session)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// Another user's plan, planned meal and prep session ids are not found by any planning
/// function, and nothing of the owner's changes.
async fn another_users_plan_meal_and_session_ids_are_not_found(t: &TestDb) {
    let w = AdasWeek::insert(t).await;
    let (db, eve, p, meal, session) = (&t.db, w.eve, w.plan, w.meal, w.session);
    not_found(
        planning::update_plan(db, eve, p, PlanChange::default()).await,
        Subject::MealPlan,
    );
    not_found(planning::delete_plan(db, eve, p).await, Subject::MealPlan);
    not_found(
        planning::list_planned_meals(db, eve, p).await,
        Subject::MealPlan,
    );
    not_found(
        planning::get_plan_nutrition(db, eve, p).await,
        Subject::MealPlan,
    );
    not_found(
        planning::create_planned_meal(
            db,
            eve,
            p,
            MealInput {
                id: None,
                date: day(1),
                slot: MealSlot::Lunch,
                recipe_id: w.porridge,
                servings: servings("1"),
            },
        )
        .await,
        Subject::MealPlan,
    );
    not_found(
        planning::move_planned_meal(db, eve, meal, day(1), MealSlot::Lunch).await,
        Subject::PlannedMeal,
    );
    not_found(
        planning::set_servings(db, eve, meal, servings("2")).await,
        Subject::PlannedMeal,
    );
    not_found(
        planning::delete_planned_meal(db, eve, meal).await,
        Subject::PlannedMeal,
    );
    not_found(
        planning::schedule_prep_session(
            db,
            eve,
            planning::NewPrepSession {
                scheduled_at: Timestamp::now(),
                planned_meal_ids: [meal].to_vec(),
                notes: None,
                id: None,
            },
        )
        .await,
        Subject::PlannedMeal,
    );
    not_found(
        planning::set_prep_status(db, eve, session, PrepStatus::Cancelled).await,
        Subject::PrepSession,
    );
    not_found(
        planning::list_prep_tasks(db, eve, session).await,
        Subject::PrepSession,
    );
    not_found(
        planning::delete_prep_session(db, eve, session).await,
        Subject::PrepSession,
    );
    w.nothing_of_adas_changed(t).await;
}

/// Another user's plan, list, line and pantry ids are not found by any shopping or pantry
/// function, and nothing of the owner's changes.
async fn another_users_list_line_and_pantry_ids_are_not_found(t: &TestDb) {
    let w = AdasWeek::insert(t).await;
    let (db, eve) = (&t.db, w.eve);
    not_found(
        shopping::create_shopping_list_from_plan(db, eve, w.plan, from_plan(None)).await,
        Subject::MealPlan,
    );
    not_found(
        shopping::get_shopping_list(db, eve, w.list).await,
        Subject::ShoppingList,
    );
    not_found(
        shopping::create_shopping_item(
            db,
            eve,
            w.list,
            shopping::NewShoppingItem {
                what: ItemWhat::FreeText("x".into()),
                quantity: "1".parse().unwrap(),
                unit: Unit::G,
                id: None,
            },
        )
        .await,
        Subject::ShoppingList,
    );
    not_found(
        shopping::check_shopping_item(db, eve, w.line, true, None).await,
        Subject::ShoppingItem,
    );
    not_found(
        shopping::delete_shopping_list(db, eve, w.list).await,
        Subject::ShoppingList,
    );
    not_found(
        inventory::use_inventory_item(db, eve, w.pantry, "1".parse().unwrap(), Unit::G).await,
        Subject::InventoryItem,
    );
    not_found(
        inventory::delete_inventory_item(db, eve, w.pantry).await,
        Subject::InventoryItem,
    );
    w.nothing_of_adas_changed(t).await;
}

/// Another user lists no plans, lists or pantry items of the owner's.
async fn another_user_lists_none_of_the_owners_rows(t: &TestDb) {
    let w = AdasWeek::insert(t).await;
    let (db, eve) = (&t.db, w.eve);
    assert!(
        inventory::list_expiring_items(db, eve, day(0), 30)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        inventory::list_inventory_items(db, eve)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        shopping::list_shopping_lists(db, eve)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(planning::list_plans(db, eve).await.unwrap().is_empty());
}

/// Cascades run under the policies too: a plan deleted takes its meals (and their session
/// links), and its list stays, unlinked.
async fn deleting_a_plan_cascades_under_the_policies(t: &TestDb) {
    let w = AdasWeek::insert(t).await;
    let (db, ada) = (&t.db, w.ada);
    planning::delete_plan(db, ada, w.plan).await.unwrap();
    assert!(planning::list_plans(db, ada).await.unwrap().is_empty());
    assert_eq!(
        shopping::list_shopping_lists(db, ada).await.unwrap()[0].meal_plan_id,
        None
    );
    assert!(
        planning::list_prep_tasks(db, ada, w.session)
            .await
            .unwrap()
            .is_empty()
    );
}

dual!(
    every_planning_function_works_under_the_policies,
    another_users_plan_meal_and_session_ids_are_not_found,
    another_users_list_line_and_pantry_ids_are_not_found,
    another_user_lists_none_of_the_owners_rows,
    deleting_a_plan_cascades_under_the_policies,
);
