//! Dates and times in the range both backends store (`service::input::dates`): every function
//! taking a date or time refuses one outside it, and the tighter rules of its domain, with the
//! same `Validation` error naming the field on SQLite and on PostgreSQL (each test body runs on
//! both), and writes nothing. BMR never goes below zero, in Rust or in the view.
use std::fmt::Debug;

use chrono::{Days, Months, NaiveDate, TimeDelta, TimeZone, Utc};
use entity::types::{
    FitnessGoalType, Gender, HealthMetric, MealSlot, MetricUnit, NutritionGoalType, Severity,
    StorageLocation, Timestamp, Unit,
};
use service::health::{
    self, AllergenRef, AllergyChange, AllergyInput, ConditionChange, ConditionInput, ConditionRef,
    FitnessGoalChange, NewFitnessGoal, ProfileInput,
};
use service::input::dates;
use service::inventory::{self, NewInventoryItem};
use service::nutrition::{
    self, GoalChange, MealEntry, MealLogChange, NewGoal, NewMealLog, NewMeasurement, Nutrition, Tz,
};
use service::operations::{self, Maintenance};
use service::planning::{self, MealInput, NewPlan, PlanChange};
use service::recommendations::{self, LogAs, RecommendationRequest};
use service::restaurants::geo::LatLon;
use service::shopping::{self, NewPrice, Stock};
use service::{Error, Patch};
use uuid::Uuid;

use crate::harness::{TestDb, verified_user};

const OUT_OF_RANGE: &str = "must be between 0001-01-01 and 9999-12-31";
const FUTURE: &str = "must not be in the future";
const TOO_OLD: &str = "gives an age over 130 years";
const BEFORE_ANYONE: &str = "must not be more than 130 years ago";
const AHEAD: &str = "must not be more than 24 hours ahead of now";

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn years_ago(years: u32) -> NaiveDate {
    today().checked_sub_months(Months::new(years * 12)).unwrap()
}

/// Year 1 and 9999-12-31: the ends of what both backends store.
fn first_day() -> NaiveDate {
    ymd(1, 1, 1)
}

fn last_day() -> NaiveDate {
    ymd(9999, 12, 31)
}

fn from_now(delta: TimeDelta) -> Timestamp {
    Timestamp::now().checked_add(delta).unwrap()
}

/// Asserts a `Validation` error on exactly `field` with exactly `reason`.
#[track_caller]
fn refused<T: Debug>(result: service::Result<T>, field: &str, reason: &str) {
    match result {
        Err(Error::Validation {
            field: f,
            reason: r,
        }) => {
            assert_eq!((f.as_ref(), r.as_ref()), (field, reason));
        }
        other => panic!("expected a validation error on {field} ({reason}), got {other:?}"),
    }
}

async fn count(t: &TestDb, table: &str, user: Uuid) -> i64 {
    t.count(
        &format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1"),
        vec![user.into()],
    )
    .await
}

fn female(weight: &str, height: i32, born: NaiveDate) -> ProfileInput {
    ProfileInput {
        height_cm: Some(height),
        weight_kg: Some(weight.parse().unwrap()),
        date_of_birth: Some(born),
        gender: Some(Gender::Female),
        activity_level: None,
    }
}

async fn a_date_of_birth_gives_a_human_age(t: &TestDb) {
    let user = verified_user(t, "born").await;
    let tomorrow = today() + Days::new(1);
    for (born, reason) in [
        (NaiveDate::MIN, OUT_OF_RANGE),
        (NaiveDate::MAX, OUT_OF_RANGE),
        (first_day(), TOO_OLD),
        (last_day(), FUTURE),
        (tomorrow, FUTURE),
        (years_ago(131), TOO_OLD),
        (years_ago(12), "the user must be at least 13 years old"),
    ] {
        let input = female("60.00", 165, born);
        refused(
            health::set_profile(&t.db, user, input).await,
            "date_of_birth",
            reason,
        );
    }
    assert_eq!(
        count(t, "health_profiles", user.id()).await,
        0,
        "nothing written"
    );

    // 130 is the oldest accepted, and then the lightest, shortest profile has a BMR of
    // 10*20 + 6.25*50 - 5*130 - 161 = -298.5: zero, in Rust and in the view.
    let oldest = female("20.00", 50, years_ago(130));
    let saved = health::set_profile(&t.db, user, oldest).await.unwrap();
    assert_eq!(health::bmr_calories(&saved, today()), Some(0));
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), Some(0));
}

/// A date of birth of year 1 stored before the service refused it (the column takes it) gave
/// a BMR of about -8,524 from the view; it is zero now, on both backends.
async fn the_bmr_view_never_goes_below_zero(t: &TestDb) {
    let user = verified_user(t, "ancient").await;
    health::set_profile(&t.db, user, female("60.00", 165, years_ago(40)))
        .await
        .unwrap();
    assert!(health::read_bmr(&t.db, user).await.unwrap().unwrap() > 0);
    t.exec(
        "UPDATE health_profiles SET date_of_birth = $1 WHERE user_id = $2",
        vec![first_day().into(), user.into()],
    )
    .await
    .unwrap();
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), Some(0));
    let stored = health::get_profile(&t.db, user).await.unwrap();
    assert_eq!(health::bmr_calories(&stored, today()), Some(0));
    // A missing term is still no BMR, not zero (GREATEST would have made it 0 on PostgreSQL).
    t.exec(
        "UPDATE health_profiles SET weight_kg = NULL WHERE user_id = $1",
        vec![user.into()],
    )
    .await
    .unwrap();
    assert_eq!(health::read_bmr(&t.db, user).await.unwrap(), None);
}

async fn a_diagnosis_is_in_the_users_past(t: &TestDb) {
    let user = verified_user(t, "diagnosed").await;
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();
    let tomorrow = today() + Days::new(1);
    let cases = [
        (NaiveDate::MIN, OUT_OF_RANGE),
        (NaiveDate::MAX, OUT_OF_RANGE),
        (first_day(), BEFORE_ANYONE),
        (years_ago(131), BEFORE_ANYONE),
        (last_day(), FUTURE),
        (tomorrow, FUTURE),
    ];
    for (date, reason) in cases {
        let allergy = AllergyInput {
            diagnosed_date: Some(date),
            ..AllergyInput::new(Severity::Mild)
        };
        refused(
            health::create_allergy(&t.db, user, AllergenRef::Name("Peanuts".into()), allergy).await,
            "diagnosed_date",
            reason,
        );
        let condition = ConditionInput {
            diagnosed_date: Some(date),
            ..ConditionInput::default()
        };
        refused(
            health::create_condition(&t.db, user, ConditionRef::Name("Gout".into()), condition)
                .await,
            "diagnosed_date",
            reason,
        );
    }
    assert_eq!(
        count(t, "user_allergies", user.id()).await,
        0,
        "nothing written"
    );
    assert_eq!(count(t, "user_medical_conditions", user.id()).await, 0);

    // Today is the latest diagnosis; a change to a refused date leaves the stored one.
    let allergy = AllergyInput {
        diagnosed_date: Some(today()),
        ..AllergyInput::new(Severity::Mild)
    };
    health::create_allergy(&t.db, user, AllergenRef::Name("Peanuts".into()), allergy)
        .await
        .unwrap();
    health::create_condition(
        &t.db,
        user,
        ConditionRef::Name("Gout".into()),
        Default::default(),
    )
    .await
    .unwrap();
    for (date, reason) in cases {
        let change = AllergyChange {
            diagnosed_date: Patch::Set(date),
            ..Default::default()
        };
        refused(
            health::update_allergy(&t.db, user, AllergenRef::Name("Peanuts".into()), change).await,
            "diagnosed_date",
            reason,
        );
        let change = ConditionChange {
            diagnosed_date: Patch::Set(date),
            ..Default::default()
        };
        refused(
            health::update_condition(&t.db, user, ConditionRef::Name("Gout".into()), change).await,
            "diagnosed_date",
            reason,
        );
    }
    let allergies = health::list_allergies(&t.db, user).await.unwrap();
    assert_eq!(allergies[0].allergy.diagnosed_date, Some(today()));
    let conditions = health::list_conditions(&t.db, user).await.unwrap();
    assert_eq!(conditions[0].condition.diagnosed_date, None);
}

async fn goals_take_storable_dates(t: &TestDb) {
    let user = verified_user(t, "goals").await;
    health::set_profile(&t.db, user, ProfileInput::default())
        .await
        .unwrap();
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

    // The ends of the range are dates like any other, on both backends.
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

    // Reading a range or a day takes the same dates.
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

    // Plans on the first and the last storable day.
    let first = planning::create_plan(&t.db, user, NewPlan::new("First", first_day(), first_day()))
        .await
        .unwrap();
    let last = planning::create_plan(&t.db, user, NewPlan::new("Last", last_day(), last_day()))
        .await
        .unwrap();
    assert_eq!((last.start_date, last.end_date), (last_day(), last_day()));
    assert_eq!(
        planning::get_plan_nutrition(&t.db, user, last.id)
            .await
            .unwrap()
            .len(),
        1
    );
    let change = PlanChange {
        end_date: Some(max),
        ..Default::default()
    };
    refused(
        planning::update_plan(&t.db, user, first.id, change).await,
        "end_date",
        OUT_OF_RANGE,
    );

    let recipe = Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes) \
         VALUES ($1, $2, 'Porridge', 5, 5)",
        vec![recipe.into(), user.into()],
    )
    .await
    .unwrap();
    let meal = |date| MealInput {
        id: None,
        date,
        slot: MealSlot::Breakfast,
        recipe_id: recipe,
        servings: "1".parse().unwrap(),
    };
    refused(
        planning::create_planned_meal(&t.db, user, last.id, meal(max)).await,
        "date",
        OUT_OF_RANGE,
    );
    assert_eq!(
        count(t, "planned_meals", user.id()).await,
        0,
        "nothing written"
    );
    let planned = planning::create_planned_meal(&t.db, user, last.id, meal(last_day()))
        .await
        .unwrap();
    refused(
        planning::move_planned_meal(&t.db, user, planned.id, min, MealSlot::Lunch).await,
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
    refused(
        shopping::create_shopping_list_from_plan(
            &t.db,
            user,
            last.id,
            shopping::ListFromPlan {
                name: None,
                today: min,
                id: None,
            },
        )
        .await,
        "today",
        OUT_OF_RANGE,
    );
    assert_eq!(
        count(t, "shopping_lists", user.id()).await,
        0,
        "nothing written"
    );
}

async fn the_pantry_takes_storable_dates(t: &TestDb) {
    let user = verified_user(t, "pantry").await;
    let oats = Uuid::new_v4();
    t.exec(
        "INSERT INTO ingredients (id, name, category, energy_kcal, protein_g, carbs_g, fat_g, \
         fiber_g, sugar_g, sodium_mg) VALUES ($1, 'Dated oats', 'grain', 0, 0, 0, 0, 0, 0, 0)",
        vec![oats.into()],
    )
    .await
    .unwrap();
    let item = |best_before| NewInventoryItem {
        id: None,
        ingredient_id: oats,
        quantity: "100".parse().unwrap(),
        unit: Unit::G,
        location: StorageLocation::Pantry,
        best_before,
    };
    for outside in [NaiveDate::MIN, NaiveDate::MAX] {
        refused(
            inventory::create_inventory_item(&t.db, user, item(Some(outside))).await,
            "best_before",
            OUT_OF_RANGE,
        );
        refused(
            inventory::list_expiring_items(&t.db, user, outside, 1).await,
            "today",
            OUT_OF_RANGE,
        );
        let stock = Stock {
            location: StorageLocation::Fridge,
            best_before: Some(outside),
        };
        refused(
            shopping::check_shopping_item(&t.db, user, Uuid::new_v4(), true, Some(stock)).await,
            "stock.best_before",
            OUT_OF_RANGE,
        );
    }
    assert_eq!(
        count(t, "inventory_items", user.id()).await,
        0,
        "nothing written"
    );

    // Kept until the last storable day: found from a month before it, however many days are
    // asked for (a bound past 9999-12-31 would compare as text before it on SQLite).
    let kept = inventory::create_inventory_item(&t.db, user, item(Some(last_day())))
        .await
        .unwrap();
    for days in [31, 60, u32::MAX] {
        let found = inventory::list_expiring_items(&t.db, user, ymd(9999, 12, 1), days)
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![kept.id],
            "{days} days"
        );
    }
}

async fn what_was_eaten_measured_or_seen_is_not_ahead(t: &TestDb) {
    let user = verified_user(t, "eater").await;
    let apple = || MealEntry::Free {
        name: "Apple".into(),
        nutrition: Nutrition {
            energy_kcal: "52".parse().unwrap(),
            ..Default::default()
        },
    };
    let end_of_time =
        Timestamp::new(Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 0).unwrap()).unwrap();
    let two_years = from_now(TimeDelta::days(730));
    let a_day_and_an_hour = from_now(TimeDelta::hours(25));
    let priced = Uuid::new_v4();
    for ahead in [end_of_time, two_years, a_day_and_an_hour, Timestamp::MAX] {
        refused(
            nutrition::log_meal(
                &t.db,
                user,
                Tz::UTC,
                NewMealLog::new(ahead, MealSlot::Snack, apple()),
            )
            .await,
            "logged_at",
            AHEAD,
        );
        let weight = NewMeasurement::new(
            HealthMetric::Weight,
            "70.5".parse().unwrap(),
            MetricUnit::Kg,
            ahead,
        );
        refused(
            nutrition::record_metric(&t.db, user, weight).await,
            "measured_at",
            AHEAD,
        );
        let price = NewPrice {
            ingredient_id: priced,
            store: None,
            price: "1.00".parse().unwrap(),
            quantity: "1".parse().unwrap(),
            unit: Unit::Piece,
            observed_at: Some(ahead),
        };
        refused(
            shopping::record_price(&t.db, Some(user), price).await,
            "observed_at",
            AHEAD,
        );
        // The log's time is checked before the recommendation is looked up or changed.
        let log = LogAs {
            id: None,
            logged_at: ahead,
            meal_slot: MealSlot::Lunch,
            tz: Tz::UTC,
        };
        refused(
            recommendations::accept(&t.db, user, Uuid::new_v4(), Some(log)).await,
            "logged_at",
            AHEAD,
        );
    }
    // Year 1 in UTC is a storable day; in New York (then its local mean time, UTC-4:56) it is
    // still year 0.
    let new_york: Tz = "America/New_York".parse().unwrap();
    refused(
        nutrition::log_meal(
            &t.db,
            user,
            new_york,
            NewMealLog::new(Timestamp::MIN, MealSlot::Snack, apple()),
        )
        .await,
        "logged_at",
        "its local date must be between 0001-01-01 and 9999-12-31",
    );
    assert_eq!(count(t, "meal_logs", user.id()).await, 0, "nothing written");
    assert_eq!(count(t, "health_metrics", user.id()).await, 0);
    let prices = "SELECT COUNT(*) FROM ingredient_prices WHERE ingredient_id = $1";
    assert_eq!(t.count(prices, vec![priced.into()]).await, 0);

    // Within a day of now is accepted (a clock a little ahead); moving it years ahead is not.
    let soon = from_now(TimeDelta::hours(23));
    let log = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(soon, MealSlot::Snack, apple()),
    )
    .await
    .unwrap();
    let first = nutrition::log_meal(
        &t.db,
        user,
        Tz::UTC,
        NewMealLog::new(Timestamp::MIN, MealSlot::Snack, apple()),
    )
    .await
    .unwrap();
    assert_eq!(first.local_date, first_day());
    let change = MealLogChange {
        logged_at: Some(two_years),
        ..Default::default()
    };
    refused(
        nutrition::update_meal_log(&t.db, user, Tz::UTC, log.id, change).await,
        "logged_at",
        AHEAD,
    );
    let logs = nutrition::list_meal_logs(&t.db, user, Timestamp::MIN, Timestamp::MAX)
        .await
        .unwrap();
    assert_eq!(
        logs.iter().map(|l| l.logged_at).collect::<Vec<_>>(),
        vec![Timestamp::MIN, soon]
    );
}

async fn maintenance_counts_from_a_storable_day(t: &TestDb) {
    for today in [NaiveDate::MIN, NaiveDate::MAX] {
        let options = Maintenance {
            today,
            ..Maintenance::default()
        };
        refused(
            operations::maintain(&t.db, &options).await,
            "today",
            OUT_OF_RANGE,
        );
    }
    let options = Maintenance {
        today: ymd(9999, 11, 15),
        months_ahead: 2,
        ..Maintenance::default()
    };
    refused(
        operations::maintain(&t.db, &options).await,
        "months_ahead",
        "reaches past 9999-12-31",
    );
}

#[test]
fn the_constants_are_the_documented_ones() {
    assert_eq!(dates::EARLIEST_DATE, first_day());
    assert_eq!(dates::LATEST_DATE, last_day());
    assert_eq!(dates::MAX_AGE_YEARS, 130);
    assert_eq!(dates::MAX_AHEAD, TimeDelta::hours(24));
}

dual!(
    a_date_of_birth_gives_a_human_age,
    the_bmr_view_never_goes_below_zero,
    a_diagnosis_is_in_the_users_past,
    goals_take_storable_dates,
    plans_take_storable_dates,
    the_pantry_takes_storable_dates,
    what_was_eaten_measured_or_seen_is_not_ahead,
    maintenance_counts_from_a_storable_day,
);
