//! Create calls repeated with a client-chosen id (`service::idempotent`): the same call again
//! returns the stored row and writes nothing, side tables included; the same id with other
//! content, or another user's call with it, is `Conflict` and says nothing more; two repeats
//! racing each other end with one row, which both get. Each call runs through
//! [`repeatable`], on both backends.
use service::Subject;
use std::fmt::Debug;
use std::future::Future;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use entity::types::{
    FitnessGoalType, HealthMetric, MealSlot, MetricUnit, Numeric, NutritionGoalType,
    StorageLocation, Timestamp, Unit,
};
use service::health::{self, NewFitnessGoal};
use service::inventory::{self, NewInventoryItem};
use service::nutrition::{self, MealEntry, NewGoal, NewMealLog, NewMeasurement, Nutrition, Tz};
use service::operations::{self, NewActivity};
use service::payments::{self, CardKeys, NewCard};
use service::planning::{self, MealInput, NewPlan};
use service::recipes::{self, StepInput};
use service::shopping::{self, ItemWhat};
use service::{Db, Error};
use uuid::Uuid;

use crate::harness::{TestDb, insert_user};
use crate::recipes::{EGG, FLOUR, MILK, ing, input, line};

fn at(d: u32, h: u32) -> Timestamp {
    Timestamp::new(Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn num<const P: u32, const S: u32>(text: &str) -> Numeric<P, S> {
    text.parse().unwrap()
}

/// What a create call is checked against.
struct Case {
    /// The table its row lands in.
    table: &'static str,
    /// The `what` of its `Conflict`.
    what: Subject,
    /// Queries of one text column each whose rows a repeat must leave as they are (side
    /// tables: totals, child rows, other rows the call changes).
    side: &'static [&'static str],
}

/// The rows of `table` and of the case's side queries, as text.
async fn snapshot(t: &TestDb, case: &Case) -> Vec<Vec<String>> {
    let count = format!("SELECT CAST(count(*) AS TEXT) FROM {}", case.table);
    let mut out = Vec::new();
    for sql in std::iter::once(count.as_str()).chain(case.side.iter().copied()) {
        let rows = t.query(sql, vec![]).await;
        out.push(
            rows.iter()
                .map(|r| r.try_get_by_index::<String>(0).unwrap())
                .collect(),
        );
    }
    out
}

/// Asserts `result` is the Conflict `what`.
#[track_caller]
fn assert_conflict<T: Debug>(result: service::Result<T>, what: Subject) {
    match result {
        Err(Error::Conflict { what: got }) => assert_eq!(got, what),
        other => panic!("expected Conflict {{ what: {what:?} }}, got {other:?}"),
    }
}

/// The id of what a create call returns.
trait RowId {
    fn row_id(&self) -> Uuid;
}

macro_rules! row_id {
    ($($t:ty => |$r:ident| $e:expr),* $(,)?) => {$(
        impl RowId for $t {
            fn row_id(&self) -> Uuid {
                let $r = self;
                $e
            }
        }
    )*};
}

row_id!(
    entity::meal_logs::Model => |r| r.id,
    recipes::Recipe => |r| r.recipe.id,
    entity::health_metrics::Model => |r| r.id,
    entity::meal_plans::Model => |r| r.id,
    entity::planned_meals::Model => |r| r.id,
    planning::PrepSession => |r| r.session.id,
    entity::shopping_lists::Model => |r| r.id,
    shopping::ShoppingList => |r| r.list.id,
    entity::shopping_items::Model => |r| r.id,
    entity::inventory_items::Model => |r| r.id,
    payments::MaskedCard => |r| r.id,
    entity::user_activities::Model => |r| r.id,
    entity::nutrition_goals::Model => |r| r.id,
    entity::fitness_goals::Model => |r| r.id,
);

/// Which content a call is made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    /// The content of the first call, and of its repeats.
    First,
    /// The first call's with one field changed.
    Changed,
    /// The content of the racing calls: a second row of the user's, which no other rule of
    /// the table (a recipe once per slot, a meal in one session) keeps out beside the first.
    Second,
}

/// The checks every create call gets. `call(db, user, id, content)` makes the call as `user`
/// with the client id `id`. `owner` calls first;
/// `other` is another user with data of their own.
async fn repeatable<T, F, Fut>(t: &TestDb, (owner, other): (Uuid, Uuid), case: Case, call: F)
where
    T: RowId + PartialEq + Debug + Send + 'static,
    F: Fn(Db, Uuid, Uuid, Content) -> Fut,
    Fut: Future<Output = service::Result<T>> + Send + 'static,
{
    let id = Uuid::new_v4();
    let first = call(t.db.clone(), owner, id, Content::First).await.unwrap();
    assert_eq!(
        first.row_id(),
        id,
        "{}: the client's id is the row's",
        case.what
    );
    let stored = snapshot(t, &case).await;
    let rows_with_id = format!("SELECT count(*) FROM {} WHERE id = $1", case.table);
    assert_eq!(t.count(&rows_with_id, vec![id.into()]).await, 1);

    let again = call(t.db.clone(), owner, id, Content::First).await.unwrap();
    assert_eq!(
        again, first,
        "{}: a repeat returns the stored row",
        case.what
    );
    assert_eq!(
        snapshot(t, &case).await,
        stored,
        "{}: a repeat writes nothing",
        case.what
    );

    let changed = call(t.db.clone(), owner, id, Content::Changed).await;
    assert_conflict(changed, case.what);
    let someone_else = call(t.db.clone(), other, id, Content::First).await;
    assert_conflict(someone_else, case.what);
    assert_eq!(
        snapshot(t, &case).await,
        stored,
        "{}: a conflict writes nothing",
        case.what
    );

    // Two repeats at once, each on its own task and connection: one row, both get it.
    let raced = Uuid::new_v4();
    let (a, b) = (
        tokio::spawn(call(t.db.clone(), owner, raced, Content::Second)),
        tokio::spawn(call(t.db.clone(), owner, raced, Content::Second)),
    );
    let a = a.await.unwrap().unwrap();
    let b = b.await.unwrap().unwrap();
    assert_eq!(a.row_id(), raced);
    assert_eq!(a, b, "{}: racing repeats return the same row", case.what);
    assert_eq!(t.count(&rows_with_id, vec![raced.into()]).await, 1);
}

async fn two_users(t: &TestDb) -> (Uuid, Uuid) {
    (
        (insert_user(t, "ada", true).await).id(),
        (insert_user(t, "eve", true).await).id(),
    )
}

/// A public recipe of `owner` (flour, egg, milk), through the service.
async fn recipe(t: &TestDb, owner: Uuid) -> Uuid {
    let pancakes = input(
        "Pancakes",
        vec![
            line(FLOUR, "200", Unit::G),
            line(EGG, "100", Unit::G),
            line(MILK, "300", Unit::G),
        ],
    );
    recipes::create(&t.db, service::Actor::new(owner), &pancakes)
        .await
        .unwrap()
        .recipe
        .id
}

async fn plan(t: &TestDb, owner: Uuid) -> Uuid {
    planning::create_plan(
        &t.db,
        service::Actor::new(owner),
        NewPlan::new("Week", day(2), day(8)),
    )
    .await
    .unwrap()
    .id
}

fn meal_input(recipe_id: Uuid, date: NaiveDate, servings: &str) -> MealInput {
    MealInput {
        id: None,
        date,
        slot: MealSlot::Dinner,
        recipe_id,
        servings: num(servings),
    }
}

// ---------------------------------------------------------------------------------------

async fn log_meal_is_repeatable(t: &TestDb) {
    let users = two_users(t).await;
    let case = Case {
        table: "meal_logs",
        what: Subject::MealLogId,
        // The day's totals are refreshed once: a second refresh would move `updated_at`.
        side: &[
            "SELECT CAST(updated_at AS TEXT) || ' ' || CAST(meal_count AS TEXT) || ' ' \
                 || CAST(energy_kcal AS TEXT) FROM daily_nutrition ORDER BY 1",
        ],
    };
    repeatable(t, users, case, |db, user, id, content| async move {
        let kcal = if content == Content::Changed {
            "641"
        } else {
            "640.00"
        };
        let entry = MealEntry::Free {
            name: "Ramen".into(),
            nutrition: Nutrition {
                energy_kcal: kcal.parse().unwrap(),
                ..Nutrition::default()
            },
        };
        let log = NewMealLog {
            id: Some(id),
            ..NewMealLog::new(at(2, 12), MealSlot::Lunch, entry)
        };
        nutrition::log_meal(&db, service::Actor::new(user), Tz::UTC, log).await
    })
    .await;
    // A recipe entry compares its recipe and servings, not what it took from the recipe.
    let (ada, _) = users;
    let soup = recipe(t, ada).await;
    let id = Uuid::new_v4();
    let log = |servings: &str| NewMealLog {
        id: Some(id),
        ..NewMealLog::new(
            at(3, 12),
            MealSlot::Dinner,
            MealEntry::Recipe {
                recipe_id: soup,
                servings: num(servings),
            },
        )
    };
    let first = nutrition::log_meal(&t.db, service::Actor::new(ada), Tz::UTC, log("2"))
        .await
        .unwrap();
    let mut changed = input("Pancakes", vec![line(FLOUR, "400", Unit::G)]);
    changed.id = Some(soup);
    recipes::update(&t.db, service::Actor::new(ada), soup, &changed)
        .await
        .unwrap();
    let again = nutrition::log_meal(&t.db, service::Actor::new(ada), Tz::UTC, log("2"))
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_conflict(
        nutrition::log_meal(&t.db, service::Actor::new(ada), Tz::UTC, log("3")).await,
        Subject::MealLogId,
    );
    // Removed since: nothing remembers the id, so the call stores the log again.
    nutrition::delete_meal_log(&t.db, service::Actor::new(ada), id)
        .await
        .unwrap();
    let stored_again = nutrition::log_meal(&t.db, service::Actor::new(ada), Tz::UTC, log("2"))
        .await
        .unwrap();
    assert_eq!(stored_again.id, id);
}

async fn recipe_create_is_repeatable(t: &TestDb) {
    let users = two_users(t).await;
    let case = Case {
        table: "recipes",
        what: Subject::RecipeId,
        side: &[
            "SELECT CAST(count(*) AS TEXT) FROM recipe_ingredients",
            "SELECT CAST(count(*) AS TEXT) FROM recipe_steps",
            // Written once: a second write would move `computed_at`.
            "SELECT CAST(computed_at AS TEXT) FROM recipe_nutrition ORDER BY 1",
        ],
    };
    repeatable(t, users, case, |db, user, id, content| async move {
        // Written as a client would, normalised by the service: the repeat compares the
        // stored, normalised recipe with this input normalised the same way.
        let mut pancakes = input(
            " Pancakes ",
            vec![line(FLOUR, "200", Unit::G), line(EGG, "100", Unit::G)],
        );
        pancakes.id = Some(id);
        pancakes.cuisine_type = Some("French ".into());
        pancakes.tags = vec!["Quick Breakfast".into(), "quick breakfast".into()];
        pancakes.steps.push(StepInput {
            instruction: "Rest the batter.".into(),
            duration_minutes: None,
        });
        if content == Content::Changed {
            // One step fewer: a child of the recipe differs.
            pancakes.steps.pop();
        }
        recipes::create(&db, service::Actor::new(user), &pancakes).await
    })
    .await;
    // `update` keeps its id apart: another id in the input is refused.
    let (ada, _) = users;
    let soup = recipe(t, ada).await;
    let mut other = input("Soup", vec![line(FLOUR, "1", Unit::G)]);
    other.id = Some(Uuid::new_v4());
    assert!(matches!(
        recipes::update(&t.db, service::Actor::new(ada), soup, &other).await,
        Err(Error::Validation { field, .. }) if field == "id"
    ));
}

async fn record_metric_is_repeatable(t: &TestDb) {
    let users = two_users(t).await;
    let case = Case {
        table: "health_metrics",
        what: Subject::HealthMetricId,
        side: &[],
    };
    repeatable(t, users, case, |db, user, id, content| async move {
        let value = if content == Content::Changed {
            "70.6"
        } else {
            "70.5"
        };
        let mut weight =
            NewMeasurement::new(HealthMetric::Weight, num(value), MetricUnit::Kg, at(2, 7));
        weight.id = Some(id);
        weight.source = Some("scale".into());
        nutrition::record_metric(&db, service::Actor::new(user), weight).await
    })
    .await;
}

async fn create_plan_is_repeatable(t: &TestDb) {
    let users = two_users(t).await;
    let case = Case {
        table: "meal_plans",
        what: Subject::MealPlanId,
        side: &[],
    };
    repeatable(t, users, case, |db, user, id, content| async move {
        let end = if content == Content::Changed {
            day(9)
        } else {
            day(8)
        };
        let new = NewPlan {
            id: Some(id),
            notes: Some("Batch cook on Sunday".to_owned()),
            ..NewPlan::new(" Week 10 ", day(2), end)
        };
        planning::create_plan(&db, service::Actor::new(user), new).await
    })
    .await;
}

async fn add_meal_is_repeatable(t: &TestDb) {
    let (ada, eve) = two_users(t).await;
    let soup = recipe(t, ada).await;
    let plans = [(ada, plan(t, ada).await), (eve, plan(t, eve).await)];
    let case = Case {
        table: "planned_meals",
        what: Subject::PlannedMealId,
        side: &[],
    };
    repeatable(t, (ada, eve), case, move |db, user, id, content| {
        let plan = plans.iter().find(|(u, _)| *u == user).unwrap().1;
        async move {
            let servings = if content == Content::Changed {
                "3"
            } else {
                "2"
            };
            // A slot of a day holds a recipe once.
            let date = if content == Content::Second {
                day(4)
            } else {
                day(3)
            };
            let meal = MealInput {
                id: Some(id),
                ..meal_input(soup, date, servings)
            };
            planning::create_planned_meal(&db, service::Actor::new(user), plan, meal).await
        }
    })
    .await;
}

async fn schedule_prep_session_is_repeatable(t: &TestDb) {
    let (ada, eve) = two_users(t).await;
    let soup = recipe(t, ada).await;
    let mut meals = Vec::new();
    for user in [ada, eve] {
        let plan = plan(t, user).await;
        let mut ids = Vec::new();
        for n in 2..=7 {
            let meal = planning::create_planned_meal(
                &t.db,
                service::Actor::new(user),
                plan,
                meal_input(soup, day(n), "1"),
            );
            ids.push(meal.await.unwrap().id);
        }
        meals.push((user, ids));
    }
    let case = Case {
        table: "meal_prep_sessions",
        what: Subject::PrepSessionId,
        side: &["SELECT CAST(count(*) AS TEXT) FROM meal_prep_session_meals"],
    };
    repeatable(t, (ada, eve), case, move |db, user, id, content| {
        let ids = meals.iter().find(|(u, _)| *u == user).unwrap().1.clone();
        async move {
            // A meal is prepared in one session only. The same meals in another order are the
            // same session.
            let chosen: Vec<Uuid> = match content {
                Content::First => vec![ids[1], ids[0]],
                Content::Changed => vec![ids[0], ids[1]],
                Content::Second => vec![ids[2], ids[3]],
            };
            let notes = match content {
                Content::Changed => Some("Other notes"),
                _ => Some("Soup day"),
            };
            planning::schedule_prep_session(
                &db,
                service::Actor::new(user),
                planning::NewPrepSession {
                    scheduled_at: at(1, 10),
                    planned_meal_ids: chosen.to_vec(),
                    notes: notes.map(str::to_owned),
                    id: Some(id),
                },
            )
            .await
        }
    })
    .await;
}

async fn shopping_lists_are_repeatable(t: &TestDb) {
    let (ada, eve) = two_users(t).await;
    let case = Case {
        table: "shopping_lists",
        what: Subject::ShoppingListId,
        side: &[],
    };
    repeatable(t, (ada, eve), case, |db, user, id, content| async move {
        let name = if content == Content::Changed {
            "Market"
        } else {
            " Groceries "
        };
        shopping::create_shopping_list(
            &db,
            service::Actor::new(user),
            shopping::NewShoppingList {
                name: name.to_owned(),
                id: Some(id),
            },
        )
        .await
    })
    .await;

    let soup = recipe(t, ada).await;
    let mut plans = Vec::new();
    for user in [ada, eve] {
        let plan = plan(t, user).await;
        planning::create_planned_meal(
            &t.db,
            service::Actor::new(user),
            plan,
            meal_input(soup, day(2), "2"),
        )
        .await
        .unwrap();
        plans.push((user, plan));
    }
    let case = Case {
        table: "shopping_lists",
        what: Subject::ShoppingListId,
        side: &["SELECT CAST(count(*) AS TEXT) FROM shopping_items"],
    };
    repeatable(t, (ada, eve), case, move |db, user, id, content| {
        let plan = plans.iter().find(|(u, _)| *u == user).unwrap().1;
        async move {
            let name = if content == Content::Changed {
                Some("Other")
            } else {
                None
            };
            shopping::create_shopping_list_from_plan(
                &db,
                service::Actor::new(user),
                plan,
                shopping::ListFromPlan {
                    name: name.map(str::to_owned),
                    today: day(1),
                    id: Some(id),
                },
            )
            .await
        }
    })
    .await;
}

async fn add_item_is_repeatable(t: &TestDb) {
    let (ada, eve) = two_users(t).await;
    let mut lists = Vec::new();
    for user in [ada, eve] {
        let list = shopping::create_shopping_list(
            &t.db,
            service::Actor::new(user),
            shopping::NewShoppingList {
                name: "Groceries".to_owned(),
                id: None,
            },
        );
        lists.push((user, list.await.unwrap().id));
    }
    let case = Case {
        table: "shopping_items",
        what: Subject::ShoppingItemId,
        side: &[],
    };
    repeatable(t, (ada, eve), case, move |db, user, id, content| {
        let list = lists.iter().find(|(u, _)| *u == user).unwrap().1;
        async move {
            let quantity = if content == Content::Changed {
                "2"
            } else {
                "1.5"
            };
            // An ingredient is on a list once per unit.
            let what = match content {
                Content::Second => ItemWhat::FreeText("Candles".into()),
                _ => ItemWhat::Ingredient(ing(FLOUR)),
            };
            shopping::create_shopping_item(
                &db,
                service::Actor::new(user),
                list,
                shopping::NewShoppingItem {
                    what,
                    quantity: num(quantity),
                    unit: Unit::Kg,
                    id: Some(id),
                },
            )
            .await
        }
    })
    .await;
}

async fn add_inventory_item_is_repeatable(t: &TestDb) {
    let users = two_users(t).await;
    let case = Case {
        table: "inventory_items",
        what: Subject::InventoryItemId,
        side: &[],
    };
    repeatable(t, users, case, |db, user, id, content| async move {
        let location = if content == Content::Changed {
            StorageLocation::Fridge
        } else {
            StorageLocation::Pantry
        };
        let item = NewInventoryItem {
            id: Some(id),
            ingredient_id: ing(FLOUR),
            quantity: num("500"),
            unit: Unit::G,
            location,
            best_before: Some(day(20)),
        };
        inventory::create_inventory_item(&db, service::Actor::new(user), item).await
    })
    .await;
}

fn card_keys() -> CardKeys {
    let key = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [9_u8; 32]);
    CardKeys::parse(&format!("1:{key}")).unwrap()
}

async fn add_card_is_repeatable(t: &TestDb) {
    let (ada, eve) = two_users(t).await;
    let keys = std::sync::Arc::new(card_keys());
    // A default card already: a repeat that made the new card the default again would take
    // it from this one.
    let existing = NewCard {
        id: None,
        number: "5555-5555-5555-4444".to_owned(),
        holder: "Ada".to_owned(),
        expires_month: 1,
        expires_year: Utc::now().year() + 2,
        make_default: true,
    };
    payments::create_card(&t.db, service::Actor::new(ada), &keys, existing.clone())
        .await
        .unwrap();
    let case = Case {
        table: "user_payment_methods",
        what: Subject::PaymentMethodId,
        side: &[
            "SELECT last_four || ' ' || CAST(is_default AS TEXT) || ' ' || CAST(updated_at AS TEXT) \
                 FROM user_payment_methods ORDER BY 1",
        ],
    };
    let year = existing.expires_year;
    repeatable(t, (ada, eve), case, move |db, user, id, content| {
        let keys = keys.clone();
        async move {
            let number = if content == Content::Changed {
                "4012 8888 8888 1881"
            } else {
                "4111-1111-1111-1111"
            };
            let card = NewCard {
                id: Some(id),
                number: number.to_owned(),
                holder: " Ada Lovelace ".to_owned(),
                expires_month: 6,
                expires_year: year,
                make_default: true,
            };
            payments::create_card(&db, service::Actor::new(user), &keys, card).await
        }
    })
    .await;
}

async fn record_activity_is_repeatable(t: &TestDb) {
    let users = two_users(t).await;
    let recipe = Uuid::new_v4();
    let case = Case {
        table: "user_activities",
        what: Subject::ActivityId,
        side: &[],
    };
    repeatable(t, users, case, move |db, user, id, content| async move {
        let metadata = serde_json::json!({"source": "search", "rank": if content == Content::Changed { 3 } else { 2 }});
        let activity = NewActivity {
            id: Some(id),
            activity_type: "recipe.viewed".to_owned(),
            entity: Some(("recipe".to_owned(), recipe)),
            metadata: Some(metadata),
            ..NewActivity::default()
        };
        operations::record_activity(&db, service::Actor::new(user), activity).await
    })
    .await;
}

async fn create_goal_is_repeatable(t: &TestDb) {
    let (ada, eve) = two_users(t).await;
    // An active goal already: a repeat that ran again would end the goal it stored.
    let earlier = NewGoal::new(NutritionGoalType::Maintenance, day(1));
    nutrition::create_goal(&t.db, service::Actor::new(ada), earlier)
        .await
        .unwrap();
    let case = Case {
        table: "nutrition_goals",
        what: Subject::NutritionGoalId,
        side: &[
            "SELECT CAST(is_active AS TEXT) || ' ' || CAST(updated_at AS TEXT) \
                 FROM nutrition_goals ORDER BY 1",
        ],
    };
    repeatable(t, (ada, eve), case, |db, user, id, content| async move {
        let calories = if content == Content::Changed {
            "1900"
        } else {
            "1800"
        };
        let goal = NewGoal {
            id: Some(id),
            target_calories: Some(num(calories)),
            ..NewGoal::new(NutritionGoalType::WeightLoss, day(5))
        };
        nutrition::create_goal(&db, service::Actor::new(user), goal).await
    })
    .await;
}

async fn create_fitness_goal_is_repeatable(t: &TestDb) {
    let (ada, eve) = two_users(t).await;
    for user in [ada, eve] {
        crate::harness::insert_profile(t, user).await;
    }
    let case = Case {
        table: "fitness_goals",
        what: Subject::FitnessGoalId,
        side: &[],
    };
    repeatable(t, (ada, eve), case, |db, user, id, content| async move {
        let steps = if content == Content::Changed {
            9000
        } else {
            8000
        };
        let goal = NewFitnessGoal {
            id: Some(id),
            daily_steps: Some(steps),
            ..NewFitnessGoal::new(FitnessGoalType::LoseWeight, day(2))
        };
        health::create_fitness_goal(&db, service::Actor::new(user), goal).await
    })
    .await;
}

dual!(
    log_meal_is_repeatable,
    recipe_create_is_repeatable,
    record_metric_is_repeatable,
    create_plan_is_repeatable,
    add_meal_is_repeatable,
    schedule_prep_session_is_repeatable,
    shopping_lists_are_repeatable,
    add_item_is_repeatable,
    add_inventory_item_is_repeatable,
    add_card_is_repeatable,
    record_activity_is_repeatable,
    create_goal_is_repeatable,
    create_fitness_goal_is_repeatable,
);
