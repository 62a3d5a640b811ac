//! Meal plans, planned meals, prep sessions, shopping lists, the pantry and ingredient prices:
//! every rule of their tables through raw SQL, the cascades, and the services (the shopping
//! list against one computed by hand, statement counts, the latest-price index, other users'
//! ids), on both backends.
use chrono::{Days, NaiveDate, TimeDelta, Utc};
use entity::types::{MealSlot, Numeric, PrepStatus, StorageLocation, Timestamp, Unit};
use rust_decimal::Decimal;
use sea_orm::Value;
use service::Error;
use service::Subject;
use service::inventory::{self, NewInventoryItem};
use service::planning::{self, MealInput, NewPlan, PlanChange};
use service::shopping::{self, ItemWhat, NewPrice, Stock};
use uuid::Uuid;

use crate::harness::{TestDb, assert_accepted, assert_refused, per_backend, verified_user};
use crate::rule_cases::{self, Case, Row, Table};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + Days::new(n)
}

fn servings(text: &str) -> Numeric<6, 2> {
    text.parse().unwrap()
}

/// An ingredient inserted with raw SQL (nutrition zero), with its conversion factors.
async fn ingredient(
    t: &TestDb,
    name: &str,
    category: &str,
    grams_per_ml: Option<&str>,
    grams_per_piece: Option<&str>,
) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO ingredients (id, name, category, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg, grams_per_ml, grams_per_piece) \
         VALUES ($1, $2, $3, 0, 0, 0, 0, 0, 0, 0, $4, $5)",
        vec![
            id.into(),
            name.into(),
            category.into(),
            grams_per_ml.map(d).into(),
            grams_per_piece.map(d).into(),
        ],
    )
    .await
    .unwrap_or_else(|e| panic!("ingredient {name}: {e}"));
    id
}

/// A recipe of `owner` for `servings` servings with these ingredients (quantity, unit).
async fn recipe(
    t: &TestDb,
    owner: Uuid,
    name: &str,
    servings: i32,
    public: bool,
    ingredients: &[(Uuid, &str, &str)],
) -> Uuid {
    let id = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes, servings, is_public) \
         VALUES ($1, $2, $3, 10, 20, $4, $5)",
        vec![id.into(), owner.into(), name.into(), servings.into(), public.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("recipe {name}: {e}"));
    for (position, (ingredient, quantity, unit)) in ingredients.iter().enumerate() {
        t.exec(
            "INSERT INTO recipe_ingredients (recipe_id, ingredient_id, quantity, unit, position) \
             VALUES ($1, $2, $3, $4, $5)",
            vec![
                id.into(),
                (*ingredient).into(),
                d(quantity).into(),
                (*unit).into(),
                (position as i32 + 1).into(),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("recipe ingredient of {name}: {e}"));
    }
    id
}

/// Nutrition per serving of a recipe (energy, protein; the rest zero).
async fn nutrition(t: &TestDb, recipe: Uuid, energy: &str, protein: &str) {
    t.exec(
        "INSERT INTO recipe_nutrition (recipe_id, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg) VALUES ($1, $2, $3, 0, 0, 0, 0, 0)",
        vec![recipe.into(), d(energy).into(), d(protein).into()],
    )
    .await
    .unwrap();
}

async fn plan(t: &TestDb, user: Uuid, first: u64, last: u64) -> Uuid {
    planning::create_plan(
        &t.db,
        service::Actor::new(user),
        NewPlan::new("Week", day(first), day(last)),
    )
    .await
    .unwrap()
    .id
}

async fn add(
    t: &TestDb,
    user: Uuid,
    plan: Uuid,
    n: u64,
    slot: MealSlot,
    recipe: Uuid,
    s: &str,
) -> Uuid {
    planning::create_planned_meal(
        &t.db,
        service::Actor::new(user),
        plan,
        MealInput {
            id: None,
            date: day(n),
            slot,
            recipe_id: recipe,
            servings: servings(s),
        },
    )
    .await
    .unwrap()
    .id
}

/// A planned meal of `user` on the plan `plan` (days 0-6): day 2, lunch, 1.5 servings.
fn planned_meal(user: Uuid, plan: Uuid, recipe: Uuid) -> Row {
    Row::new("planned_meals")
        .col("user_id", user)
        .col("meal_plan_id", plan)
        .col("plan_start", day(0))
        .col("plan_end", day(6))
        .col("date", day(2))
        .col("meal_slot", "lunch")
        .col("recipe_id", recipe)
        .col("servings", d("1.50"))
}

/// A prep session of `user`, scheduled now.
fn prep_session(id: Uuid, user: Uuid) -> Row {
    Row::new("meal_prep_sessions")
        .col("id", id)
        .col("user_id", user)
        .col("scheduled_at", Timestamp::now())
        .col("status", "scheduled")
}

/// The rows the rule cases refer to, committed: two users, an ingredient, ada's recipe, plan
/// (days 0-6), a meal on its last day, two prep sessions of hers and one of bob's, and a list.
struct Planned {
    ada: Uuid,
    bob: Uuid,
    oats: Uuid,
    porridge: Uuid,
    plan: Uuid,
    meal: Uuid,
    session: Uuid,
    other_session: Uuid,
    bob_session: Uuid,
    list: Uuid,
}

impl Planned {
    async fn insert(t: &TestDb) -> Self {
        let ada = verified_user(t, "ada").await.id();
        let bob = verified_user(t, "bob").await.id();
        let oats = ingredient(t, "Test oats", "grain", Some("0.410"), None).await;
        let porridge = recipe(t, ada, "Porridge", 1, false, &[(oats, "50", "g")]).await;
        let [plan, meal, list] = [(); 3].map(|_| Uuid::new_v4());
        let [session, other_session, bob_session] = [(); 3].map(|_| Uuid::new_v4());
        for row in [
            meal_plan(plan, ada),
            planned_meal(ada, plan, porridge)
                .col("id", meal)
                .col("date", day(6)),
            prep_session(session, ada),
            prep_session(other_session, ada),
            prep_session(bob_session, bob),
            shopping_list(list, ada, Some(plan)),
        ] {
            rule_cases::insert(t, &row).await;
        }
        Self {
            ada,
            bob,
            oats,
            porridge,
            plan,
            meal,
            session,
            other_session,
            bob_session,
            list,
        }
    }
}

fn meal_plan(id: Uuid, user: Uuid) -> Row {
    Row::new("meal_plans")
        .col("id", id)
        .col("user_id", user)
        .col("name", "W")
        .col("start_date", day(0))
        .col("end_date", day(6))
}

fn shopping_list(id: Uuid, user: Uuid, plan: Option<Uuid>) -> Row {
    Row::new("shopping_lists")
        .col("id", id)
        .col("user_id", user)
        .col("name", "L")
        .col("meal_plan_id", plan)
}

fn meal_plan_cases(f: &Planned) -> Table {
    rule_cases::table(
        meal_plan(Uuid::new_v4(), f.ada),
        [
            Case::refused("chk_meal_plans_dates")
                .set("start_date", day(3))
                .set("end_date", day(2)),
            Case::refused("chk_meal_plans_name").set("name", "  "),
            Case::refused("chk_meal_plans_notes_length").set("notes", "n".repeat(2001)),
            Case::refused("fk_meal_plans_user").set("user_id", Uuid::new_v4()),
            Case::refused("meal_plans_pkey")
                .after_the_good_row()
                .set("name", "W2")
                .set("end_date", day(5)),
        ],
    )
}

fn planned_meal_cases(f: &Planned) -> Table {
    rule_cases::table(
        planned_meal(f.ada, f.plan, f.porridge),
        [
            Case::refused("chk_planned_meals_date_in_plan").set("date", day(7)),
            Case::refused("chk_planned_meals_date_in_plan").set("date", day(0).pred_opt()),
            Case::refused("chk_planned_meals_slot").set("meal_slot", "brunch"),
            Case::refused("chk_planned_meals_servings").set("servings", d("0")),
            // Dates that are not the plan's, or another user's plan: no such plan.
            Case::refused("fk_planned_meals_plan").set("plan_end", day(9)),
            Case::refused("fk_planned_meals_plan").set("user_id", f.bob),
            Case::refused("fk_planned_meals_recipe").set("recipe_id", Uuid::new_v4()),
            // An unknown user breaks the plan's key too: SQLite reports that one.
            Case::refused(per_backend(
                "fk_planned_meals_user",
                "fk_planned_meals_plan",
            ))
            .set("user_id", Uuid::new_v4()),
            Case::accepted("a meal on the plan's last day")
                .set("date", day(6))
                .set("meal_slot", "dinner"),
            Case::accepted("the same recipe in another slot")
                .after_the_good_row()
                .set("meal_slot", "dinner"),
            Case::refused("uq_planned_meals_slot_recipe").after_the_good_row(),
            // Another user, so that the (id, user_id) key does not collide as well.
            Case::refused("planned_meals_pkey")
                .set("id", f.meal)
                .set("user_id", f.bob)
                .set("meal_slot", "snack"),
        ],
    )
}

fn prep_session_cases(f: &Planned) -> Table {
    let now = Timestamp::now();
    rule_cases::table(
        prep_session(Uuid::new_v4(), f.ada),
        [
            Case::refused("chk_meal_prep_sessions_status").set("status", "done"),
            Case::refused("chk_meal_prep_sessions_completed").set("status", "completed"),
            Case::refused("chk_meal_prep_sessions_completed").set("completed_at", now),
            Case::refused("chk_meal_prep_sessions_notes_length").set("notes", "n".repeat(2001)),
            Case::refused("fk_meal_prep_sessions_user").set("user_id", Uuid::new_v4()),
            Case::accepted("a completed session")
                .set("status", "completed")
                .set("completed_at", now),
            Case::refused("meal_prep_sessions_pkey")
                .after_the_good_row()
                .set("user_id", f.bob),
        ],
    )
}

fn prep_session_meal_cases(f: &Planned) -> Table {
    rule_cases::table(
        Row::new("meal_prep_session_meals")
            .col("prep_session_id", f.session)
            .col("planned_meal_id", f.meal)
            .col("user_id", f.ada),
        [
            Case::refused("fk_meal_prep_session_meals_session")
                .set("prep_session_id", Uuid::new_v4()),
            Case::refused("fk_meal_prep_session_meals_meal").set("planned_meal_id", Uuid::new_v4()),
            // Bob's session cannot prepare ada's meal: (meal, user) names no meal of bob's.
            Case::refused("fk_meal_prep_session_meals_meal")
                .set("prep_session_id", f.bob_session)
                .set("user_id", f.bob),
            // An unknown user breaks every key of the row: each backend reports its first.
            Case::refused(per_backend(
                "fk_meal_prep_session_meals_user",
                "fk_meal_prep_session_meals_meal",
            ))
            .set("user_id", Uuid::new_v4()),
            Case::refused("meal_prep_session_meals_pkey").after_the_good_row(),
            // A meal is prepared in one session.
            Case::refused("meal_prep_session_meals_pkey")
                .after_the_good_row()
                .set("prep_session_id", f.other_session),
        ],
    )
}

fn shopping_list_cases(f: &Planned) -> Table {
    rule_cases::table(
        shopping_list(Uuid::new_v4(), f.ada, Some(f.plan)),
        [
            Case::refused("chk_shopping_lists_name").set("name", " "),
            Case::refused("fk_shopping_lists_plan").set("meal_plan_id", Uuid::new_v4()),
            Case::refused("fk_shopping_lists_user")
                .set("user_id", Uuid::new_v4())
                .set("meal_plan_id", Option::<Uuid>::None),
            Case::refused("shopping_lists_pkey")
                .after_the_good_row()
                .set("user_id", f.bob)
                .set("meal_plan_id", Option::<Uuid>::None),
        ],
    )
}

/// The rule refusing a shopping item of an unknown user on an unknown list: SQLite checks the
/// keys in its own order, so either foreign key may be the one reported.
const FK_SHOPPING_ITEMS_UNKNOWN_USER: (&str, &str) =
    ("fk_shopping_items_user", "fk_shopping_items_list");

fn shopping_item_cases(f: &Planned) -> Table {
    let oats = Row::new("shopping_items")
        .col("id", Uuid::new_v4())
        .col("user_id", f.ada)
        .col("shopping_list_id", f.list)
        .col("ingredient_id", f.oats)
        .col("quantity", d("1"))
        .col("unit", "g");
    let no_ingredient = Option::<Uuid>::None;
    let candles = oats
        .clone()
        .col("id", Uuid::new_v4())
        .col("ingredient_id", no_ingredient)
        .col("name", "candles")
        .col("unit", "piece");
    let (pg, sqlite) = FK_SHOPPING_ITEMS_UNKNOWN_USER;
    rule_cases::table(
        oats.clone(),
        [
            Case::refused("chk_shopping_items_what").set("name", "oats"),
            Case::refused("chk_shopping_items_what").set("ingredient_id", no_ingredient),
            Case::refused("chk_shopping_items_name")
                .set("ingredient_id", no_ingredient)
                .set("name", " "),
            Case::refused("chk_shopping_items_quantity").set("quantity", d("0")),
            Case::refused("chk_shopping_items_unit").set("unit", "gram"),
            Case::refused("chk_shopping_items_price").set("estimated_price", d("-0.01")),
            Case::refused("fk_shopping_items_ingredient").set("ingredient_id", Uuid::new_v4()),
            Case::refused("fk_shopping_items_list").set("user_id", f.bob),
            Case::refused(per_backend(pg, sqlite))
                .set("ingredient_id", no_ingredient)
                .set("name", "candles")
                .set("unit", "piece")
                .set("user_id", Uuid::new_v4())
                .set("shopping_list_id", Uuid::new_v4()),
            Case::accepted("oats")
                .set("quantity", d("500"))
                .set("estimated_price", d("1.20")),
            Case::accepted("oats by the cup too")
                .after_the_good_row()
                .set("id", Uuid::new_v4())
                .set("quantity", d("2"))
                .set("unit", "cup"),
            Case::accepted("two free-text lines")
                .after(candles)
                .set("ingredient_id", no_ingredient)
                .set("name", "candles")
                .set("unit", "piece"),
            Case::refused("uq_shopping_items_ingredient").after(oats.col("id", Uuid::new_v4())),
            Case::refused("shopping_items_pkey")
                .after_the_good_row()
                .set("ingredient_id", no_ingredient)
                .set("name", "x"),
        ],
    )
}

fn inventory_item_cases(f: &Planned) -> Table {
    rule_cases::table(
        Row::new("inventory_items")
            .col("id", Uuid::new_v4())
            .col("user_id", f.ada)
            .col("ingredient_id", f.oats)
            .col("quantity", d("1"))
            .col("unit", "g")
            .col("location", "pantry")
            .col("best_before", day(30)),
        [
            Case::refused("chk_inventory_items_quantity").set("quantity", d("-0.001")),
            Case::refused("chk_inventory_items_unit").set("unit", "grams"),
            Case::refused("chk_inventory_items_location").set("location", "cellar"),
            Case::refused("fk_inventory_items_ingredient").set("ingredient_id", Uuid::new_v4()),
            Case::refused("fk_inventory_items_user").set("user_id", Uuid::new_v4()),
            Case::accepted("nothing left is still an item")
                .set("quantity", d("0"))
                .set("location", "fridge"),
            Case::refused("inventory_items_pkey").after_the_good_row(),
        ],
    )
}

fn ingredient_price_cases(f: &Planned) -> Table {
    rule_cases::table(
        Row::new("ingredient_prices")
            .col("id", Uuid::new_v4())
            .col("ingredient_id", f.oats)
            .col("price", d("1"))
            .col("quantity", d("1"))
            .col("unit", "kg"),
        [
            Case::refused("chk_ingredient_prices_price").set("price", d("-1")),
            Case::refused("chk_ingredient_prices_quantity").set("quantity", d("0")),
            Case::refused("chk_ingredient_prices_unit").set("unit", "bag"),
            Case::refused("chk_ingredient_prices_store").set("store", ""),
            Case::refused("fk_ingredient_prices_ingredient").set("ingredient_id", Uuid::new_v4()),
            Case::accepted("a free price")
                .set("store", "Corner shop")
                .set("price", d("0")),
            Case::refused("ingredient_prices_pkey").after_the_good_row(),
        ],
    )
}

async fn every_rule_refuses_a_bad_row_and_accepts_a_good_one(t: &TestDb) {
    let f = Planned::insert(t).await;
    let tables = [
        meal_plan_cases(&f),
        planned_meal_cases(&f),
        prep_session_cases(&f),
        prep_session_meal_cases(&f),
        shopping_list_cases(&f),
        shopping_item_cases(&f),
        inventory_item_cases(&f),
        ingredient_price_cases(&f),
    ];
    rule_cases::run(t, &tables).await;
}

async fn a_plans_range_holds_its_meals_both_ways(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let oats = ingredient(t, "Test oats", "grain", None, None).await;
    let porridge = recipe(t, ada.id(), "Porridge", 1, false, &[(oats, "50", "g")]).await;
    let p = plan(t, ada.id(), 0, 6).await;
    add(t, ada.id(), p, 1, MealSlot::Breakfast, porridge, "1").await;
    add(t, ada.id(), p, 5, MealSlot::Breakfast, porridge, "1").await;

    // Raw SQL: shrinking the plan past a meal is refused by the meal's CHECK, through the
    // cascade that keeps its copy of the dates.
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
    // Raw SQL cannot change the copy alone either.
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
    // Shrinking to the meals and widening are accepted, and the copies follow.
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

    // The service says which end is wrong, and keeps the plan.
    let shrink = PlanChange {
        end_date: Some(day(3)),
        ..PlanChange::default()
    };
    match planning::update_plan(&t.db, ada, p, shrink).await {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "end_date"),
        other => panic!("expected end_date refused, got {other:?}"),
    }
    let widened = planning::update_plan(
        &t.db,
        ada,
        p,
        PlanChange {
            start_date: Some(day(0)),
            name: Some("Longer".into()),
            ..PlanChange::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (widened.start_date, widened.end_date, widened.name.as_str()),
        (day(0), day(20), "Longer")
    );
    // Meals move within the range only.
    let meal = add(t, ada.id(), p, 2, MealSlot::Dinner, porridge, "2").await;
    match planning::move_planned_meal(&t.db, ada, meal, day(21), MealSlot::Dinner).await {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "date"),
        other => panic!("expected date refused, got {other:?}"),
    }
    let moved = planning::move_planned_meal(&t.db, ada, meal, day(20), MealSlot::Lunch)
        .await
        .unwrap();
    assert_eq!((moved.date, moved.meal_slot), (day(20), MealSlot::Lunch));
    assert!(matches!(
        planning::move_planned_meal(&t.db, ada, meal, day(5), MealSlot::Breakfast).await,
        Err(Error::Conflict {
            what: Subject::PlannedMeal
        })
    ));
    match planning::create_planned_meal(
        &t.db,
        ada,
        p,
        MealInput {
            id: None,
            date: day(30),
            slot: MealSlot::Snack,
            recipe_id: porridge,
            servings: servings("1"),
        },
    )
    .await
    {
        Err(Error::Validation { field, .. }) => assert_eq!(field, "date"),
        other => panic!("expected date refused, got {other:?}"),
    }
}

async fn deleting_cascades_where_it_should_and_is_refused_where_it_should_not(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let oats = ingredient(t, "Test oats", "grain", None, None).await;
    let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
    let porridge = recipe(
        t,
        ada.id(),
        "Porridge",
        1,
        false,
        &[(oats, "50", "g"), (milk, "200", "ml")],
    )
    .await;
    let soup = recipe(t, ada.id(), "Soup", 2, false, &[(milk, "100", "ml")]).await;
    let p = plan(t, ada.id(), 0, 6).await;
    let m1 = add(t, ada.id(), p, 0, MealSlot::Breakfast, porridge, "1").await;
    let m2 = add(t, ada.id(), p, 1, MealSlot::Dinner, soup, "2").await;
    planning::schedule_prep_session(
        &t.db,
        ada,
        planning::NewPrepSession {
            scheduled_at: Timestamp::now(),
            planned_meal_ids: [m1, m2].to_vec(),
            notes: None,
            id: None,
        },
    )
    .await
    .unwrap();
    let list = shopping::create_shopping_list_from_plan(
        &t.db,
        ada,
        p,
        shopping::ListFromPlan {
            name: None,
            today: day(0),
            id: None,
        },
    )
    .await
    .unwrap();
    inventory::create_inventory_item(
        &t.db,
        ada,
        NewInventoryItem {
            id: None,
            ingredient_id: oats,
            quantity: "10".parse().unwrap(),
            unit: Unit::G,
            location: StorageLocation::Pantry,
            best_before: None,
        },
    )
    .await
    .unwrap();
    shopping::record_price(
        &t.db,
        Some(ada),
        NewPrice {
            ingredient_id: milk,
            store: None,
            price: "1.00".parse().unwrap(),
            quantity: "1".parse().unwrap(),
            unit: Unit::L,
            observed_at: None,
        },
    )
    .await
    .unwrap();

    // A recipe deleted leaves the plans it was in (and the session that was to cook it).
    t.exec("DELETE FROM recipes WHERE id = $1", vec![soup.into()])
        .await
        .unwrap();
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM planned_meals WHERE meal_plan_id = $1",
            vec![p.into()]
        )
        .await,
        1
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM meal_prep_session_meals", vec![])
            .await,
        1
    );
    // An ingredient on a list or in a pantry cannot leave the catalogue.
    t.exec(
        "DELETE FROM recipe_ingredients WHERE ingredient_id = $1",
        vec![milk.into()],
    )
    .await
    .unwrap();
    assert_refused(
        t,
        "fk_shopping_items_ingredient",
        "DELETE FROM ingredients WHERE id = $1",
        vec![milk.into()],
    )
    .await;
    t.exec(
        "DELETE FROM shopping_items WHERE ingredient_id = $1",
        vec![milk.into()],
    )
    .await
    .unwrap();
    // Its prices go with it.
    t.exec("DELETE FROM ingredients WHERE id = $1", vec![milk.into()])
        .await
        .unwrap();
    assert_eq!(
        t.count("SELECT COUNT(*) FROM ingredient_prices", vec![])
            .await,
        0
    );
    t.exec(
        "DELETE FROM shopping_items WHERE ingredient_id = $1",
        vec![oats.into()],
    )
    .await
    .unwrap();
    t.exec(
        "DELETE FROM recipe_ingredients WHERE ingredient_id = $1",
        vec![oats.into()],
    )
    .await
    .unwrap();
    assert_refused(
        t,
        "fk_inventory_items_ingredient",
        "DELETE FROM ingredients WHERE id = $1",
        vec![oats.into()],
    )
    .await;

    // A plan deleted takes its meals and their session links; its lists stay, unlinked.
    planning::delete_plan(&t.db, ada, p).await.unwrap();
    assert_eq!(
        t.count("SELECT COUNT(*) FROM planned_meals", vec![]).await,
        0
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM meal_prep_session_meals", vec![])
            .await,
        0
    );
    assert_eq!(
        t.count("SELECT COUNT(*) FROM meal_prep_sessions", vec![])
            .await,
        1
    );
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM shopping_lists WHERE meal_plan_id IS NULL",
            vec![]
        )
        .await,
        1
    );
    // A list deleted takes its lines.
    shopping::create_shopping_item(
        &t.db,
        ada,
        list.list.id,
        shopping::NewShoppingItem {
            what: ItemWhat::FreeText("candles".into()),
            quantity: "2".parse().unwrap(),
            unit: Unit::Piece,
            id: None,
        },
    )
    .await
    .unwrap();
    shopping::delete_shopping_list(&t.db, ada, list.list.id)
        .await
        .unwrap();
    assert_eq!(
        t.count("SELECT COUNT(*) FROM shopping_items", vec![]).await,
        0
    );
    // A user erased takes everything of theirs.
    service::accounts::erase(&t.db, ada).await.unwrap();
    for table in ["meal_prep_sessions", "inventory_items", "recipes"] {
        assert_eq!(
            t.count(&format!("SELECT COUNT(*) FROM {table}"), vec![])
                .await,
            0,
            "{table}"
        );
    }
}

/// A list line as compared: label, quantity, unit, estimate.
type Line<S> = (S, S, Unit, Option<S>);

/// The shopping list of a two-day plan, computed by hand:
///
/// | recipe (servings) | ingredient |
/// |---|---|
/// | A (4) | flour 2 cup (0.53 g/ml), milk 500 ml (1.03 g/ml), basil 3 piece (no factor) |
/// | B (2) | flour 100 g, egg 2 piece (50 g each), salt 1 tsp (no factor) |
///
/// Planned: A 2 servings on day 0 and 6 on day 1 (factor 2), B 3 servings on day 0 (1.5).
/// Needed: flour 960 ml × 0.53 = 508.8 g + 150 g = 658.8 g; milk 1000 ml × 1.03 = 1030 g;
/// basil 6 piece; egg 3 × 50 = 150 g; salt 1.5 tsp = 7.393382390625 ml, 7.394 rounded up.
/// The pantry: 1.5 l of milk (1545 g: covered, left out), 1 egg (50 g: 100 g left to buy),
/// 200 g of flour past its best-before (not counted).
/// Prices: flour 2.00 per kg ten days ago and 1.25 per 500 g yesterday (the latest):
/// 658.8 × 1.25 / 500 = 1.647 → 1.65; egg 3.60 per 12 piece = 600 g: 100 g → 0.60; basil
/// 2.50 a piece → 15.00; salt has no price → none. Total 17.25, one line without a price.
async fn the_shopping_list_of_a_plan_is_the_one_computed_by_hand(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let flour = ingredient(t, "Test flour", "grain", Some("0.530"), None).await;
    let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
    let basil = ingredient(t, "Test basil", "herb_spice", None, None).await;
    let egg = ingredient(t, "Test egg", "egg", None, Some("50")).await;
    let salt = ingredient(t, "Test salt", "herb_spice", None, None).await;
    let a = recipe(
        t,
        ada.id(),
        "A",
        4,
        false,
        &[
            (flour, "2", "cup"),
            (milk, "500", "ml"),
            (basil, "3", "piece"),
        ],
    )
    .await;
    let b = recipe(
        t,
        ada.id(),
        "B",
        2,
        false,
        &[(flour, "100", "g"), (egg, "2", "piece"), (salt, "1", "tsp")],
    )
    .await;
    let p = plan(t, ada.id(), 0, 1).await;
    add(t, ada.id(), p, 0, MealSlot::Dinner, a, "2").await;
    add(t, ada.id(), p, 1, MealSlot::Lunch, a, "6").await;
    add(t, ada.id(), p, 0, MealSlot::Breakfast, b, "3").await;
    let today = day(0);
    let stock = |ingredient: Uuid, quantity: &str, unit: Unit, best_before: Option<NaiveDate>| {
        NewInventoryItem {
            id: None,
            ingredient_id: ingredient,
            quantity: quantity.parse().unwrap(),
            unit,
            location: StorageLocation::Fridge,
            best_before,
        }
    };
    inventory::create_inventory_item(&t.db, ada, stock(milk, "1.5", Unit::L, Some(day(3))))
        .await
        .unwrap();
    inventory::create_inventory_item(&t.db, ada, stock(egg, "1", Unit::Piece, None))
        .await
        .unwrap();
    inventory::create_inventory_item(&t.db, ada, stock(flour, "200", Unit::G, today.pred_opt()))
        .await
        .unwrap();
    let price =
        |ingredient: Uuid, price: &str, quantity: &str, unit: Unit, days_ago: i64| NewPrice {
            ingredient_id: ingredient,
            store: Some("Market".to_owned()),
            price: price.parse().unwrap(),
            quantity: quantity.parse().unwrap(),
            unit,
            observed_at: Some(Timestamp::new(Utc::now() - TimeDelta::days(days_ago)).unwrap()),
        };
    shopping::record_price(&t.db, Some(ada), price(flour, "2.00", "1", Unit::Kg, 10))
        .await
        .unwrap();
    shopping::record_price(&t.db, Some(ada), price(flour, "1.25", "500", Unit::G, 1))
        .await
        .unwrap();
    shopping::record_price(&t.db, Some(ada), price(egg, "3.60", "12", Unit::Piece, 2))
        .await
        .unwrap();
    shopping::record_price(&t.db, Some(ada), price(basil, "2.50", "1", Unit::Piece, 2))
        .await
        .unwrap();

    let list = shopping::create_shopping_list_from_plan(
        &t.db,
        ada,
        p,
        shopping::ListFromPlan {
            name: None,
            today,
            id: None,
        },
    )
    .await
    .unwrap();
    let expected: Vec<(&str, Vec<Line<&str>>)> = vec![
        ("egg", vec![("Test egg", "100.000", Unit::G, Some("0.60"))]),
        (
            "grain",
            vec![("Test flour", "658.800", Unit::G, Some("1.65"))],
        ),
        (
            "herb_spice",
            vec![
                ("Test basil", "6.000", Unit::Piece, Some("15.00")),
                ("Test salt", "7.394", Unit::Ml, None),
            ],
        ),
    ];
    let shape = |list: &shopping::ShoppingList| -> Vec<(String, Vec<Line<String>>)> {
        list.groups
            .iter()
            .map(|g| {
                (
                    g.category.clone(),
                    g.lines
                        .iter()
                        .map(|l| {
                            (
                                l.label.clone(),
                                l.item.quantity.to_string(),
                                l.item.unit,
                                l.item.estimated_price.map(|p| p.to_string()),
                            )
                        })
                        .collect(),
                )
            })
            .collect()
    };
    let expected: Vec<(String, Vec<Line<String>>)> = expected
        .into_iter()
        .map(|(c, lines)| {
            (
                c.to_owned(),
                lines
                    .into_iter()
                    .map(|(n, q, u, p)| (n.to_owned(), q.to_owned(), u, p.map(str::to_owned)))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(shape(&list), expected);
    assert_eq!(list.estimated_total.to_string(), "17.25");
    assert_eq!(list.lines_without_price, 1);
    assert_eq!(list.list.name, "Shopping for Week");
    assert_eq!(list.list.meal_plan_id, Some(p));
    // What was stored reads back the same.
    let stored = shopping::get_shopping_list(&t.db, ada, list.list.id)
        .await
        .unwrap();
    assert_eq!(shape(&stored), expected);
    assert_eq!(stored.estimated_total, list.estimated_total);

    // Checking the egg line off puts it in the pantry; a second list then needs no egg.
    let egg_line = list
        .lines()
        .find(|l| l.label == "Test egg")
        .unwrap()
        .item
        .id;
    let checked = shopping::check_shopping_item(
        &t.db,
        ada,
        egg_line,
        true,
        Some(Stock {
            location: StorageLocation::Fridge,
            best_before: Some(day(10)),
        }),
    )
    .await
    .unwrap();
    assert!(checked.is_checked);
    let again = shopping::create_shopping_list_from_plan(
        &t.db,
        ada,
        p,
        shopping::ListFromPlan {
            name: Some("Again".to_owned()),
            today,
            id: None,
        },
    )
    .await
    .unwrap();
    assert!(again.lines().all(|l| l.label != "Test egg"), "{again:?}");
    assert_eq!(again.lines().count(), 3);
    // A free-text line cannot be stocked.
    let candles = shopping::create_shopping_item(
        &t.db,
        ada,
        again.list.id,
        shopping::NewShoppingItem {
            what: ItemWhat::FreeText("candles".into()),
            quantity: "3".parse().unwrap(),
            unit: Unit::Piece,
            id: None,
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        shopping::check_shopping_item(&t.db, ada, candles.id, true, Some(Stock::default())).await,
        Err(Error::Validation { field, .. }) if field == "stock"
    ));
    let reread = shopping::get_shopping_list(&t.db, ada, again.list.id)
        .await
        .unwrap();
    assert_eq!(
        reread.groups.last().map(|g| g.category.as_str()),
        Some("other")
    );
    assert_eq!(reread.lines_without_price, 2);
}

async fn list_and_nutrition_statements_do_not_grow_with_the_plan(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let oats = ingredient(t, "Test oats", "grain", Some("0.410"), None).await;
    let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
    let egg = ingredient(t, "Test egg", "egg", None, Some("50")).await;
    let r1 = recipe(
        t,
        ada.id(),
        "R1",
        2,
        false,
        &[(oats, "1", "cup"), (milk, "300", "ml")],
    )
    .await;
    let r2 = recipe(
        t,
        ada.id(),
        "R2",
        1,
        false,
        &[(egg, "2", "piece"), (milk, "50", "ml")],
    )
    .await;
    let r3 = recipe(
        t,
        ada.id(),
        "R3",
        4,
        false,
        &[(oats, "100", "g"), (egg, "1", "piece")],
    )
    .await;
    nutrition(t, r1, "350.50", "12.25").await;
    nutrition(t, r2, "155.10", "13.00").await;
    inventory::create_inventory_item(
        &t.db,
        ada,
        NewInventoryItem {
            id: None,
            ingredient_id: milk,
            quantity: "250".parse().unwrap(),
            unit: Unit::Ml,
            location: StorageLocation::Fridge,
            best_before: None,
        },
    )
    .await
    .unwrap();
    shopping::record_price(
        &t.db,
        None,
        NewPrice {
            ingredient_id: oats,
            store: None,
            price: "3.00".parse().unwrap(),
            quantity: "1".parse().unwrap(),
            unit: Unit::Kg,
            observed_at: None,
        },
    )
    .await
    .unwrap();
    let mut counts = Vec::new();
    for days in [1_u64, 30] {
        let p = plan(t, ada.id(), 0, days - 1).await;
        for n in 0..days {
            add(t, ada.id(), p, n, MealSlot::Breakfast, r1, "1.5").await;
            add(t, ada.id(), p, n, MealSlot::Lunch, r2, "1").await;
            add(t, ada.id(), p, n, MealSlot::Dinner, r3, "2.25").await;
        }
        let before = t.statement_count();
        let list = shopping::create_shopping_list_from_plan(
            &t.db,
            ada,
            p,
            shopping::ListFromPlan {
                name: None,
                today: day(0),
                id: None,
            },
        )
        .await
        .unwrap();
        let list_statements = t.statement_count() - before;
        assert_eq!(list.lines().count(), 3);
        let before = t.statement_count();
        let days_out = planning::get_plan_nutrition(&t.db, ada, p).await.unwrap();
        let nutrition_statements = t.statement_count() - before;
        assert_eq!(days_out.len() as u64, days);
        // 1.5 × 350.50 + 155.10 (R3 has no nutrition yet): exact.
        assert!(
            days_out
                .iter()
                .all(|d| d.energy_kcal == "680.85".parse::<Decimal>().unwrap()
                    && d.meals == 3
                    && d.meals_without_nutrition == 1),
            "{days_out:?}"
        );
        assert!(
            days_out
                .iter()
                .all(|d| d.protein_g.to_string() == "31.3750"),
            "{days_out:?}"
        );
        counts.push((list_statements, nutrition_statements));
    }
    assert_eq!(
        counts[0], counts[1],
        "statements for a 1-day and a 30-day plan"
    );
    // The list: the plan, the needs, the pantry, the prices, the list, its lines (SQLite also
    // names the acting user in a row); the nutrition: the plan and the days.
    let list_statements = if t.is_pg() { 6 } else { 7 };
    assert_eq!(counts[0], (list_statements, 2));
}

async fn plan_lookups_use_their_indexes(t: &TestDb) {
    let explain = |sql: &str| {
        if t.is_pg() {
            format!("EXPLAIN {sql}")
        } else {
            format!("EXPLAIN QUERY PLAN {sql}")
        }
    };
    let plan_text = |rows: Vec<sea_orm::QueryResult>| -> String {
        let column = if t.is_pg() { "QUERY PLAN" } else { "detail" };
        rows.iter()
            .map(|r| r.try_get::<String>("", column).unwrap())
            .collect::<Vec<_>>()
            .join("\n")
    };
    use sea_orm::{ConnectionTrait, Statement, TransactionTrait};
    let txn = t.db.begin().await.unwrap();
    if t.is_pg() {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
    }
    let run =
        |sql: String, values: Vec<Value>| Statement::from_sql_and_values(t.backend, sql, values);
    let one = txn
        .query_all_raw(run(explain("SELECT * FROM ingredient_prices WHERE ingredient_id = $1 ORDER BY observed_at DESC, id DESC LIMIT 1"), vec![Uuid::new_v4().into()]))
        .await
        .unwrap();
    let found = plan_text(one);
    assert!(found.contains("idx_ingredient_prices_latest"), "{found}");
    // The statement the shopping list runs, for a list of ingredients.
    let many = txn
        .query_all_raw(run(
            explain(&shopping::latest_prices_sql("$1, $2")),
            vec![Uuid::new_v4().into(), Uuid::new_v4().into()],
        ))
        .await
        .unwrap();
    let found = plan_text(many);
    assert!(found.contains("idx_ingredient_prices_latest"), "{found}");
    assert!(
        !found.to_lowercase().contains("temp b-tree"),
        "no sort for the latest price: {found}"
    );
    let expiring = txn
        .query_all_raw(run(explain("SELECT * FROM inventory_items WHERE user_id = $1 AND best_before IS NOT NULL AND best_before <= $2 ORDER BY best_before"), vec![Uuid::new_v4().into(), day(3).into()]))
        .await
        .unwrap();
    let found = plan_text(expiring);
    assert!(found.contains("idx_inventory_items_best_before"), "{found}");
    txn.rollback().await.unwrap();
}

async fn plans_meals_and_prep_sessions_through_the_service(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let bob = verified_user(t, "bob").await;
    let oats = ingredient(t, "Test oats", "grain", None, None).await;
    let porridge = recipe(t, ada.id(), "Porridge", 1, false, &[(oats, "50", "g")]).await;
    let bobs_public = recipe(t, bob.id(), "Bob's stew", 4, true, &[(oats, "10", "g")]).await;
    let bobs_private = recipe(t, bob.id(), "Bob's secret", 4, false, &[(oats, "10", "g")]).await;
    nutrition(t, porridge, "0.10", "0.03").await;

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
    let p = plan(t, ada.id(), 0, 2).await;
    let breakfast = add(t, ada.id(), p, 0, MealSlot::Breakfast, porridge, "0.5").await;
    let dinner = add(t, ada.id(), p, 0, MealSlot::Dinner, bobs_public, "1").await;
    add(t, ada.id(), p, 2, MealSlot::Snack, porridge, "0.25").await;
    assert!(matches!(
        planning::create_planned_meal(
            &t.db,
            ada,
            p,
            MealInput {
                id: None,
                date: day(1),
                slot: MealSlot::Lunch,
                recipe_id: bobs_private,
                servings: servings("1")
            }
        )
        .await,
        Err(Error::Validation { field, .. }) if field == "recipe_id"
    ));
    assert!(matches!(
        planning::create_planned_meal(
            &t.db,
            ada,
            p,
            MealInput {
                id: None,
                date: day(0),
                slot: MealSlot::Breakfast,
                recipe_id: porridge,
                servings: servings("1")
            }
        )
        .await,
        Err(Error::Conflict {
            what: Subject::PlannedMeal
        })
    ));
    assert!(matches!(
        planning::set_servings(&t.db, ada, breakfast, servings("0")).await,
        Err(Error::Validation { field, .. }) if field == "servings"
    ));
    planning::set_servings(&t.db, ada, breakfast, servings("1.5"))
        .await
        .unwrap();
    let meals = planning::list_planned_meals(&t.db, ada, p).await.unwrap();
    let order: Vec<(NaiveDate, MealSlot)> = meals.iter().map(|m| (m.date, m.meal_slot)).collect();
    assert_eq!(
        order,
        [
            (day(0), MealSlot::Breakfast),
            (day(0), MealSlot::Dinner),
            (day(2), MealSlot::Snack)
        ]
    );

    // Nutrition per day: every day of the range, exact (1.5 × 0.10 = 0.15 kcal; 0.25 × 0.03).
    let days = planning::get_plan_nutrition(&t.db, ada, p).await.unwrap();
    let energy: Vec<String> = days.iter().map(|d| d.energy_kcal.to_string()).collect();
    assert_eq!(energy, ["0.1500", "0.0000", "0.0250"]);
    assert_eq!(days[2].protein_g.to_string(), "0.0075");
    assert_eq!((days[0].meals, days[0].meals_without_nutrition), (2, 1));

    // Prep sessions: what to cook, each recipe once with its servings.
    let third = add(t, ada.id(), p, 1, MealSlot::Breakfast, porridge, "2").await;
    let session = planning::schedule_prep_session(
        &t.db,
        ada,
        planning::NewPrepSession {
            scheduled_at: Timestamp::now(),
            planned_meal_ids: [breakfast, dinner, third].to_vec(),
            notes: Some("Sunday".to_owned()),
            id: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(session.session.status, PrepStatus::Scheduled);
    let tasks = planning::list_prep_tasks(&t.db, ada, session.session.id)
        .await
        .unwrap();
    let tasks: Vec<(String, String, i64)> = tasks
        .into_iter()
        .map(|t| (t.recipe_name, t.total_servings.to_string(), t.meals))
        .collect();
    assert_eq!(
        tasks,
        [
            ("Bob's stew".to_owned(), "1.00".to_owned(), 1),
            ("Porridge".to_owned(), "3.50".to_owned(), 2)
        ]
    );
    assert!(matches!(
        planning::schedule_prep_session(
            &t.db,
            ada,
            planning::NewPrepSession {
                scheduled_at: Timestamp::now(),
                planned_meal_ids: [third].to_vec(),
                notes: None,
                id: None
            }
        )
        .await,
        Err(Error::Conflict {
            what: Subject::PlannedMealInAPrepSession
        })
    ));
    assert!(matches!(
        planning::schedule_prep_session(&t.db, ada, planning::NewPrepSession { scheduled_at: Timestamp::now(), planned_meal_ids: [third, third].to_vec(), notes: None, id: None }).await,
        Err(Error::Validation { field, .. }) if field == "planned_meal_ids[1]"
    ));
    let done = planning::set_prep_status(&t.db, ada, session.session.id, PrepStatus::Completed)
        .await
        .unwrap();
    assert!(done.completed_at.is_some());
    assert!(matches!(
        planning::set_prep_status(&t.db, ada, session.session.id, PrepStatus::Scheduled).await,
        Err(Error::Validation { field, .. }) if field == "status"
    ));
    // Removing a meal takes it out of its session.
    planning::delete_planned_meal(&t.db, ada, third)
        .await
        .unwrap();
    assert_eq!(
        planning::list_prep_tasks(&t.db, ada, session.session.id)
            .await
            .unwrap()
            .len(),
        2
    );
    planning::delete_prep_session(&t.db, ada, session.session.id)
        .await
        .unwrap();
    planning::schedule_prep_session(
        &t.db,
        ada,
        planning::NewPrepSession {
            scheduled_at: Timestamp::now(),
            planned_meal_ids: [breakfast].to_vec(),
            notes: None,
            id: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(planning::list_plans(&t.db, ada).await.unwrap().len(), 1);
    assert!(planning::list_plans(&t.db, bob).await.unwrap().is_empty());
}

async fn the_pantry_never_goes_below_zero_and_tells_what_expires(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let milk = ingredient(t, "Test milk", "dairy", Some("1.030"), None).await;
    let egg = ingredient(t, "Test egg", "egg", None, Some("50")).await;
    let rice = ingredient(t, "Test rice", "grain", None, None).await;
    let today = day(0);
    let item = |ingredient, quantity: &str, unit, best_before| NewInventoryItem {
        id: None,
        ingredient_id: ingredient,
        quantity: quantity.parse().unwrap(),
        unit,
        location: StorageLocation::Fridge,
        best_before,
    };
    let m = inventory::create_inventory_item(&t.db, ada, item(milk, "1", Unit::L, Some(day(2))))
        .await
        .unwrap();
    let e = inventory::create_inventory_item(&t.db, ada, item(egg, "6", Unit::Piece, Some(day(9))))
        .await
        .unwrap();
    let r = inventory::create_inventory_item(&t.db, ada, item(rice, "500", Unit::G, None))
        .await
        .unwrap();
    let old = inventory::create_inventory_item(
        &t.db,
        ada,
        item(rice, "100", Unit::G, Some(today.pred_opt().unwrap())),
    )
    .await
    .unwrap();

    // 250 ml of a litre, then a cup (240 ml): exact.
    let left = inventory::use_inventory_item(&t.db, ada, m.id, "250".parse().unwrap(), Unit::Ml)
        .await
        .unwrap();
    assert_eq!(left.quantity.to_string(), "0.750");
    let left = inventory::use_inventory_item(&t.db, ada, m.id, "1".parse().unwrap(), Unit::Cup)
        .await
        .unwrap();
    assert_eq!(left.quantity.to_string(), "0.510");
    // 100 g of eggs is two; more than is left leaves zero.
    let left = inventory::use_inventory_item(&t.db, ada, e.id, "100".parse().unwrap(), Unit::G)
        .await
        .unwrap();
    assert_eq!(left.quantity.to_string(), "4.000");
    let left = inventory::use_inventory_item(&t.db, ada, r.id, "700".parse().unwrap(), Unit::G)
        .await
        .unwrap();
    assert_eq!(left.quantity.to_string(), "0.000");
    assert!(matches!(
        inventory::use_inventory_item(&t.db, ada, r.id, "1".parse().unwrap(), Unit::Ml).await,
        Err(Error::Validation { field, .. }) if field == "unit"
    ));
    assert!(matches!(
        inventory::use_inventory_item(&t.db, ada, e.id, "0".parse().unwrap(), Unit::Piece).await,
        Err(Error::Validation { field, .. }) if field == "quantity"
    ));
    let soon: Vec<Uuid> = inventory::list_expiring_items(&t.db, ada, today, 3)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(soon, [old.id, m.id]);
    let later: Vec<Uuid> = inventory::list_expiring_items(&t.db, ada, today, 9)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(later, [old.id, m.id, e.id]);
    assert_eq!(
        inventory::list_inventory_items(&t.db, ada)
            .await
            .unwrap()
            .len(),
        4
    );
    inventory::delete_inventory_item(&t.db, ada, old.id)
        .await
        .unwrap();
    assert!(matches!(
        inventory::create_inventory_item(&t.db, ada, item(Uuid::new_v4(), "1", Unit::G, None))
            .await,
        Err(Error::Validation { field, .. }) if field == "ingredient_id"
    ));
    // The latest price.
    assert!(
        shopping::get_latest_price(&t.db, rice)
            .await
            .unwrap()
            .is_none()
    );
    let at = |days_ago| Some(Timestamp::new(Utc::now() - TimeDelta::days(days_ago)).unwrap());
    let new = |price: &str, observed_at| NewPrice {
        ingredient_id: rice,
        store: Some("Market".to_owned()),
        price: price.parse().unwrap(),
        quantity: "1".parse().unwrap(),
        unit: Unit::Kg,
        observed_at,
    };
    shopping::record_price(&t.db, None, new("2.10", at(1)))
        .await
        .unwrap();
    shopping::record_price(&t.db, None, new("1.90", at(5)))
        .await
        .unwrap();
    assert_eq!(
        shopping::get_latest_price(&t.db, rice)
            .await
            .unwrap()
            .map(|p| p.price.to_string()),
        Some("2.10".to_owned())
    );
    assert!(matches!(
        shopping::record_price(
            &t.db,
            None,
            NewPrice {
                ingredient_id: Uuid::new_v4(),
                ..new("1.00", None)
            }
        )
        .await,
        Err(Error::Validation { field, .. }) if field == "ingredient_id"
    ));
}

/// Run as the application's login role on PostgreSQL: every function works under the
/// policies, and another user's ids are not found.
async fn another_users_ids_are_not_found_by_any_function(t: &TestDb) {
    let ada = verified_user(t, "ada").await;
    let eve = verified_user(t, "eve").await;
    let oats = ingredient(t, "Test oats", "grain", None, None).await;
    let porridge = recipe(t, ada.id(), "Porridge", 1, true, &[(oats, "50", "g")]).await;
    let (_login, app) = crate::harness::as_application(t).await;
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
    shopping::record_price(
        db,
        Some(ada),
        NewPrice {
            ingredient_id: oats,
            store: None,
            price: "2.00".parse().unwrap(),
            quantity: "1".parse().unwrap(),
            unit: Unit::Kg,
            observed_at: None,
        },
    )
    .await
    .unwrap();
    let list = shopping::create_shopping_list_from_plan(
        db,
        ada,
        p,
        shopping::ListFromPlan {
            name: None,
            today: day(0),
            id: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(list.estimated_total.to_string(), "0.10");
    let line = list.lines().next().unwrap().item.id;
    let pantry = inventory::create_inventory_item(
        db,
        ada,
        NewInventoryItem {
            id: None,
            ingredient_id: oats,
            quantity: "5".parse().unwrap(),
            unit: Unit::G,
            location: StorageLocation::Pantry,
            best_before: Some(day(1)),
        },
    )
    .await
    .unwrap()
    .id;
    assert_eq!(
        planning::get_plan_nutrition(db, ada, p)
            .await
            .unwrap()
            .len(),
        7
    );
    assert_eq!(
        planning::list_prep_tasks(db, ada, session)
            .await
            .unwrap()
            .len(),
        1
    );

    fn not_found<T: std::fmt::Debug>(result: service::Result<T>, what: Subject) {
        match result {
            Err(Error::NotFound { what: w }) => assert_eq!(w, what),
            other => panic!("expected {what} not found, got {other:?}"),
        }
    }
    let db = &t.db;
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
                recipe_id: porridge,
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
    not_found(
        shopping::create_shopping_list_from_plan(
            db,
            eve,
            p,
            shopping::ListFromPlan {
                name: None,
                today: day(0),
                id: None,
            },
        )
        .await,
        Subject::MealPlan,
    );
    not_found(
        shopping::get_shopping_list(db, eve, list.list.id).await,
        Subject::ShoppingList,
    );
    not_found(
        shopping::create_shopping_item(
            db,
            eve,
            list.list.id,
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
        shopping::check_shopping_item(db, eve, line, true, None).await,
        Subject::ShoppingItem,
    );
    not_found(
        shopping::delete_shopping_list(db, eve, list.list.id).await,
        Subject::ShoppingList,
    );
    not_found(
        inventory::use_inventory_item(db, eve, pantry, "1".parse().unwrap(), Unit::G).await,
        Subject::InventoryItem,
    );
    not_found(
        inventory::delete_inventory_item(db, eve, pantry).await,
        Subject::InventoryItem,
    );
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
    // Nothing of ada's changed.
    assert_eq!(
        planning::list_planned_meals(db, ada, p)
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
    // Cascades run under the policies too: the plan goes with its meals, the list stays.
    planning::delete_plan(db, ada, p).await.unwrap();
    assert!(planning::list_plans(db, ada).await.unwrap().is_empty());
    assert_eq!(
        shopping::list_shopping_lists(db, ada).await.unwrap()[0].meal_plan_id,
        None
    );
    assert!(
        planning::list_prep_tasks(db, ada, session)
            .await
            .unwrap()
            .is_empty()
    );
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
    every_rule_refuses_a_bad_row_and_accepts_a_good_one,
    a_plans_range_holds_its_meals_both_ways,
    deleting_cascades_where_it_should_and_is_refused_where_it_should_not,
    the_shopping_list_of_a_plan_is_the_one_computed_by_hand,
    list_and_nutrition_statements_do_not_grow_with_the_plan,
    plan_lookups_use_their_indexes,
    plans_meals_and_prep_sessions_through_the_service,
    the_pantry_never_goes_below_zero_and_tells_what_expires,
    another_users_ids_are_not_found_by_any_function,
    a_range_change_racing_a_new_meal_cannot_leave_it_outside,
);
