//! Every rule of the planning tables (plans, planned meals, prep sessions and their meals,
//! shopping lists and items, pantry items, prices) refused and accepted through raw SQL, as
//! `rule_cases` tables over one set of committed rows.
use entity::types::Timestamp;
use uuid::Uuid;

use super::{d, day, ingredient, planned_meal, prep_session, recipe};
use crate::harness::{TestDb, per_backend, verified_user};
use crate::rule_cases::{self, Case, Row, Table};

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

dual!(every_rule_refuses_a_bad_row_and_accepts_a_good_one,);
