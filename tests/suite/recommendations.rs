//! Meal and menu verdicts, the user's profile in one query, recommendations (never unsafe,
//! never over the energy left, price and radius respected, a constant number of statements),
//! accepting, dismissing and feedback.
use chrono::{Datelike, Utc};
use entity::types::{
    ActivityLevel, Gender, MealSlot, NutritionGoalType, Severity, Timestamp, Unit,
};
use rust_decimal::Decimal;
use service::Error;
use service::Subject;
use service::recommendations::{self, FeedbackOn, LogAs, RecommendationRequest, Screening};
use service::restaurants::geo::{EARTH_RADIUS_KM, LatLon};
use service::restaurants::{
    self, Location, MealIngredientInput, MealNutrition, NewMeal, NewRestaurant,
};
use service::safety::Verdict;
use uuid::Uuid;

use crate::harness::{TestDb, verified_user};
use crate::recipes::{BREAD, OLIVE_OIL, PEANUT_BUTTER, TOMATO, allergic, ing};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A point `km` east of (0, 0) on the equator.
fn east(km: f64) -> Location {
    let degrees = km / (EARTH_RADIUS_KM * std::f64::consts::PI / 180.0);
    Location {
        latitude: "0".parse().unwrap(),
        longitude: entity::types::Numeric::new(Decimal::new((degrees * 1e8).round() as i64, 8))
            .unwrap(),
    }
}

async fn restaurant(t: &TestDb, name: &str, at: Location) -> Uuid {
    restaurants::create_restaurant(
        &t.db,
        NewRestaurant {
            name: name.into(),
            address: "1 Main St".into(),
            city: "Quito".into(),
            state: "P".into(),
            zip_code: "170150".into(),
            country: Some("EC".into()),
            location: Some(at),
            rating: Some("4.0".parse().unwrap()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

/// A meal of `kcal` at `price` made of `ingredients` (catalogue numbers, 100 g each).
async fn meal(
    t: &TestDb,
    restaurant: Uuid,
    name: &str,
    kcal: i32,
    price: &str,
    ingredients: &[u128],
) -> Uuid {
    let meal = restaurants::create_meal(
        &t.db,
        restaurant,
        NewMeal {
            name: name.into(),
            description: None,
            category: None,
            price: price.parse().unwrap(),
            nutrition: MealNutrition {
                energy_kcal: Some(kcal),
                protein_g: Some("20.0".parse().unwrap()),
                carbs_g: Some("30.0".parse().unwrap()),
                fat_g: Some("10.0".parse().unwrap()),
                ..Default::default()
            },
            image_url: None,
        },
    )
    .await
    .unwrap()
    .id;
    let lines: Vec<MealIngredientInput> = ingredients
        .iter()
        .map(|n| MealIngredientInput {
            ingredient_id: ing(*n),
            quantity: "100".parse().unwrap(),
            unit: Unit::G,
        })
        .collect();
    restaurants::replace_meal_ingredients(&t.db, meal, &lines)
        .await
        .unwrap();
    meal
}

/// Eve: peanuts SEVERE, wheat MILD; 2000 kcal a day, 800.75 eaten today.
pub(crate) async fn eve(t: &TestDb) -> Uuid {
    let eve = verified_user(t, "eve").await;
    allergic(
        t,
        eve.id(),
        &[("Peanuts", Severity::Severe), ("Wheat", Severity::Mild)],
    )
    .await;
    let today = Utc::now().date_naive();
    let goal = service::nutrition::NewGoal {
        target_calories: Some("2000".parse().unwrap()),
        target_protein_g: Some("100".parse().unwrap()),
        ..service::nutrition::NewGoal::new(NutritionGoalType::WeightLoss, today)
    };
    service::nutrition::create_goal(&t.db, eve, goal)
        .await
        .unwrap();
    for (name, kcal) in [("Breakfast", "500.50"), ("Snack", "300.25")] {
        let nutrition = service::nutrition::Nutrition {
            energy_kcal: dec(kcal),
            protein_g: dec("10"),
            ..Default::default()
        };
        service::nutrition::log_meal(
            &t.db,
            eve,
            service::nutrition::Tz::UTC,
            service::nutrition::NewMealLog::new(
                Timestamp::now(),
                MealSlot::Breakfast,
                service::nutrition::MealEntry::Free {
                    name: name.into(),
                    nutrition,
                },
            ),
        )
        .await
        .unwrap();
    }
    eve.id()
}

pub(crate) struct Menu {
    pub(crate) here: Uuid,
    pub(crate) peanut_noodles: Uuid,
    pub(crate) toast: Uuid,
    pub(crate) salad: Uuid,
    pub(crate) feast: Uuid,
    pub(crate) mystery: Uuid,
    pub(crate) caviar: Uuid,
    pub(crate) off_menu: Uuid,
    pub(crate) salad_b: Uuid,
    pub(crate) closed_salad: Uuid,
}

pub(crate) async fn menu(t: &TestDb) -> Menu {
    let here = restaurant(t, "Here", east(0.2)).await;
    let there = restaurant(t, "There", east(3.0)).await;
    let closed = restaurant(t, "Closed", east(0.5)).await;
    let m = Menu {
        here,
        peanut_noodles: meal(
            t,
            here,
            "Peanut noodles",
            500,
            "10.00",
            &[PEANUT_BUTTER, TOMATO],
        )
        .await,
        toast: meal(t, here, "Toast", 300, "5.00", &[BREAD]).await,
        salad: meal(t, here, "Salad", 400, "12.00", &[TOMATO, OLIVE_OIL]).await,
        feast: meal(t, here, "Feast", 1500, "30.00", &[TOMATO]).await,
        mystery: meal(t, here, "Mystery", 400, "9.00", &[]).await,
        caviar: meal(t, here, "Caviar", 400, "90.00", &[TOMATO]).await,
        off_menu: meal(t, here, "Off menu", 400, "9.00", &[TOMATO]).await,
        salad_b: meal(t, there, "Salad B", 400, "8.00", &[TOMATO]).await,
        closed_salad: meal(t, closed, "Closed salad", 400, "8.00", &[TOMATO]).await,
    };
    restaurants::deactivate_meal(&t.db, m.off_menu)
        .await
        .unwrap();
    restaurants::deactivate_restaurant(&t.db, closed)
        .await
        .unwrap();
    m
}

async fn meal_and_menu_verdicts(t: &TestDb) {
    let m = menu(t).await;
    let eve = eve(t).await;
    // Unknown meal or restaurant: not found, never safe.
    assert!(matches!(
        restaurants::get_meal_verdict(&t.db, service::Actor::new(eve), Uuid::new_v4()).await,
        Err(Error::NotFound {
            what: Subject::Meal
        })
    ));
    assert!(matches!(
        restaurants::list_menu_verdicts(&t.db, service::Actor::new(eve), Uuid::new_v4()).await,
        Err(Error::NotFound {
            what: Subject::Restaurant
        })
    ));
    // A severe match is a reason; a mild one a warning; nothing of hers: safe.
    match restaurants::get_meal_verdict(&t.db, service::Actor::new(eve), m.peanut_noodles)
        .await
        .unwrap()
    {
        Verdict::Unsafe { reasons, warnings } => {
            assert_eq!(reasons.len(), 1);
            assert_eq!(reasons[0].ingredient_id, ing(PEANUT_BUTTER));
            assert_eq!(reasons[0].allergen_name, "Peanuts");
            assert_eq!(reasons[0].severity, Severity::Severe);
            assert!(warnings.is_empty());
        }
        safe => panic!("peanuts are safe? {safe:?}"),
    }
    match restaurants::get_meal_verdict(&t.db, service::Actor::new(eve), m.toast)
        .await
        .unwrap()
    {
        Verdict::Safe { warnings } => {
            assert_eq!(warnings.len(), 1);
            assert_eq!(warnings[0].allergen_name, "Wheat");
            assert_eq!(warnings[0].severity, Severity::Mild);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        restaurants::get_meal_verdict(&t.db, service::Actor::new(eve), m.salad)
            .await
            .unwrap(),
        Verdict::Safe { warnings: vec![] }
    );
    // Someone without allergies: all safe.
    let bob = verified_user(t, "bob").await;
    assert!(
        restaurants::get_meal_verdict(&t.db, bob, m.peanut_noodles)
            .await
            .unwrap()
            .is_safe()
    );

    // The menu: available meals only, by name, the same verdicts, in one statement.
    let before = t.statement_count();
    let items = restaurants::list_menu_verdicts(&t.db, service::Actor::new(eve), m.here)
        .await
        .unwrap();
    assert_eq!(
        t.statement_count() - before,
        1,
        "one statement for the menu"
    );
    let names: Vec<&str> = items.iter().map(|i| i.meal.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Caviar",
            "Feast",
            "Mystery",
            "Peanut noodles",
            "Salad",
            "Toast"
        ]
    );
    for item in &items {
        let single = restaurants::get_meal_verdict(&t.db, service::Actor::new(eve), item.meal.id)
            .await
            .unwrap();
        assert_eq!(item.verdict, single, "{}", item.meal.name);
        assert_eq!(item.ingredients_listed, item.meal.id != m.mystery);
    }
    assert!(!items[3].verdict.is_safe());
    // A restaurant without an available meal has an empty menu.
    let empty = restaurant(t, "Empty", east(9.0)).await;
    assert!(
        restaurants::list_menu_verdicts(&t.db, service::Actor::new(eve), empty)
            .await
            .unwrap()
            .is_empty()
    );
    let _ = (m.feast, m.caviar, m.salad_b, m.closed_salad);
}

async fn meal_ingredients_are_replaced_as_a_whole(t: &TestDb) {
    let here = restaurant(t, "Here", east(0.2)).await;
    let dish = meal(t, here, "Dish", 300, "5.00", &[BREAD, TOMATO]).await;
    let line = |n: u128, q: &str| MealIngredientInput {
        ingredient_id: ing(n),
        quantity: q.parse().unwrap(),
        unit: Unit::G,
    };
    let count = || async {
        t.count(
            "SELECT COUNT(*) FROM meal_ingredients WHERE meal_id = $1",
            vec![dish.into()],
        )
        .await
    };
    assert_eq!(count().await, 2);
    restaurants::replace_meal_ingredients(&t.db, dish, &[line(OLIVE_OIL, "5")])
        .await
        .unwrap();
    assert_eq!(count().await, 1);
    for (lines, field) in [
        (
            vec![line(TOMATO, "1"), line(BREAD, "0")],
            "ingredients[1].quantity",
        ),
        (
            vec![line(TOMATO, "1"), line(TOMATO, "2")],
            "ingredients[1].ingredient_id",
        ),
        (
            vec![MealIngredientInput {
                ingredient_id: Uuid::new_v4(),
                ..line(TOMATO, "1")
            }],
            "ingredients[0].ingredient_id",
        ),
    ] {
        match restaurants::replace_meal_ingredients(&t.db, dish, &lines).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(count().await, 1, "a refused list changes nothing");
    assert!(matches!(
        restaurants::replace_meal_ingredients(&t.db, Uuid::new_v4(), &[line(TOMATO, "1")]).await,
        Err(Error::NotFound {
            what: Subject::Meal
        })
    ));
    restaurants::replace_meal_ingredients(&t.db, dish, &[])
        .await
        .unwrap();
    assert_eq!(count().await, 0);
    // An ingredient still listed by a meal cannot be deleted (a meal would look safer).
    restaurants::replace_meal_ingredients(&t.db, dish, &[line(TOMATO, "1")])
        .await
        .unwrap();
    crate::harness::assert_refused(
        t,
        "fk_meal_ingredients_ingredient",
        "DELETE FROM ingredients WHERE id = $1",
        vec![ing(TOMATO).into()],
    )
    .await;
    crate::harness::assert_refused(
        t,
        "chk_meal_ingredients_unit",
        "INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) VALUES ($1, $2, 1, 'bushel')",
        vec![dish.into(), ing(BREAD).into()],
    )
    .await;
    crate::harness::assert_refused(
        t,
        "chk_meal_ingredients_quantity",
        "INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) VALUES ($1, $2, 0, 'g')",
        vec![dish.into(), ing(BREAD).into()],
    )
    .await;
    crate::harness::assert_refused(
        t,
        "meal_ingredients_pkey",
        "INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) VALUES ($1, $2, 1, 'g')",
        vec![dish.into(), ing(TOMATO).into()],
    )
    .await;
    crate::harness::assert_refused(
        t,
        "fk_meal_ingredients_meal",
        "INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) VALUES ($1, $2, 1, 'g')",
        vec![Uuid::new_v4().into(), ing(TOMATO).into()],
    )
    .await;
    // Deleting the meal deletes its lines.
    t.exec("DELETE FROM meals WHERE id = $1", vec![dish.into()])
        .await
        .unwrap();
    assert_eq!(count().await, 0);
}

async fn user_profile_matches_hand_computed_values(t: &TestDb) {
    let today = Utc::now().date_naive();
    // Without a health profile, a goal or a log.
    let bob = verified_user(t, "bob").await;
    let p = recommendations::get_recommendation_profile(&t.db, bob, today)
        .await
        .unwrap();
    assert_eq!(
        (p.username.as_str(), p.email.as_str()),
        ("bob", "bob@example.com")
    );
    assert_eq!(
        (p.profile_id, p.bmr_calories, p.tdee_calories),
        (None, None, None)
    );
    assert_eq!(p.allergy_count, 0);
    assert_eq!(p.consumed, recommendations::Consumed::default());
    assert_eq!((p.goal, p.energy_left_kcal()), (None, None));

    // Eve: male, 180 cm, 80 kg, born 1990-06-15, moderately active, two allergies, 800.75 kcal
    // eaten of 2000.
    let eve = eve(t).await;
    service::health::set_profile(
        &t.db,
        service::Actor::new(eve),
        service::health::ProfileInput {
            height_cm: Some(180),
            weight_kg: Some("80.00".parse().unwrap()),
            date_of_birth: Some(chrono::NaiveDate::from_ymd_opt(1990, 6, 15).unwrap()),
            gender: Some(Gender::Male),
            activity_level: Some(ActivityLevel::Moderate),
        },
    )
    .await
    .unwrap();
    let before = t.statement_count();
    let p = recommendations::get_recommendation_profile(&t.db, service::Actor::new(eve), today)
        .await
        .unwrap();
    assert_eq!(t.statement_count() - before, 1, "one query");
    let age = today.year() - 1990 - i32::from((today.month(), today.day()) < (6, 15));
    // 10 * 80 + 6.25 * 180 - 5 * age + 5
    let bmr = 800 + 1125 - 5 * age + 5;
    assert_eq!(p.bmr_calories, Some(bmr));
    // BMR * 1.55, half away from zero: the .5 cases land on whole numbers only when bmr is
    // even, and bmr * 155 / 100 is computed exactly here.
    let tdee = (i64::from(bmr) * 155 + 50) / 100;
    assert_eq!(p.tdee_calories, Some(tdee as i32));
    assert_eq!(p.allergy_count, 2);
    assert_eq!(p.height_cm, Some(180));
    assert_eq!(p.activity_level, Some(ActivityLevel::Moderate));
    assert_eq!(p.consumed.energy_kcal, dec("800.75"));
    assert_eq!(p.consumed.protein_g, dec("20"));
    let goal = p.goal.unwrap();
    assert_eq!(goal.calories, Some(dec("2000")));
    assert_eq!(p.energy_left_kcal(), Some(dec("1199.25")));
    // Another day: nothing eaten.
    let tomorrow = today.succ_opt().unwrap();
    let p = recommendations::get_recommendation_profile(&t.db, service::Actor::new(eve), tomorrow)
        .await
        .unwrap();
    assert_eq!(p.consumed.energy_kcal, Decimal::ZERO);
    assert!(matches!(
        recommendations::get_recommendation_profile(
            &t.db,
            service::Actor::new(Uuid::new_v4()),
            today
        )
        .await,
        Err(Error::NotFound {
            what: Subject::User
        })
    ));
}

pub(crate) fn request(radius_km: f64) -> RecommendationRequest {
    RecommendationRequest {
        limit: 50,
        record: true,
        ..RecommendationRequest::new(
            LatLon::new(0.0, 0.0).unwrap(),
            radius_km,
            Utc::now().date_naive(),
        )
    }
}

async fn recommendations_are_safe_fit_and_filtered(t: &TestDb) {
    let m = menu(t).await;
    let eve = eve(t).await;
    let names = |found: &[recommendations::Recommended]| {
        let mut names: Vec<String> = found.iter().map(|r| r.meal_name.clone()).collect();
        names.sort();
        names
    };
    // Within 2 km: not the peanut noodles (unsafe), the feast (1500 kcal > 1199.25 left), the
    // mystery (no ingredient list), the meal off the menu, the closed restaurant's, nor the
    // one 3 km away.
    let found = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    assert_eq!(names(&found), ["Caviar", "Salad", "Toast"]);
    for r in &found {
        let rec = &r.recommendation;
        assert!(rec.distance_km.value() <= dec("2"));
        assert!(rec.reason.contains("Score"), "{}", rec.reason);
        assert!(rec.reason_details["parts"]["distance"].is_number());
        assert_eq!(rec.user_id, eve);
    }
    let toast = found
        .iter()
        .find(|r| r.recommendation.meal_id == m.toast)
        .unwrap();
    assert_eq!(toast.warnings.len(), 1, "the mild wheat allergy is named");
    assert!(toast.recommendation.reason.contains("Wheat"));
    for pair in found.windows(2) {
        assert!(pair[0].recommendation.score >= pair[1].recommendation.score);
    }
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM recommendations WHERE user_id = $1",
            vec![eve.into()]
        )
        .await,
        3,
        "stored"
    );
    // A wider radius reaches the other restaurant; a price range and a limit hold.
    let wide = recommendations::recommend(&t.db, service::Actor::new(eve), &request(5.0))
        .await
        .unwrap();
    assert_eq!(names(&wide), ["Caviar", "Salad", "Salad B", "Toast"]);
    let priced = RecommendationRequest {
        min_price: Some("6.00".parse().unwrap()),
        max_price: Some("50.00".parse().unwrap()),
        ..request(5.0)
    };
    let found = recommendations::recommend(&t.db, service::Actor::new(eve), &priced)
        .await
        .unwrap();
    assert_eq!(names(&found), ["Salad", "Salad B"]);
    let one = RecommendationRequest {
        limit: 1,
        ..request(5.0)
    };
    assert_eq!(
        recommendations::recommend(&t.db, service::Actor::new(eve), &one)
            .await
            .unwrap()
            .len(),
        1
    );
    // Bob has no allergy, no goal and no profile: no energy bound, peanuts and the feast are
    // fine; the mystery meal still is not (its ingredients are unknown).
    let bob = verified_user(t, "bob").await;
    let found = recommendations::recommend(&t.db, bob, &request(2.0))
        .await
        .unwrap();
    assert_eq!(
        names(&found),
        ["Caviar", "Feast", "Peanut noodles", "Salad", "Toast"]
    );
    let _ = (
        m.salad,
        m.feast,
        m.mystery,
        m.caviar,
        m.off_menu,
        m.salad_b,
        m.closed_salad,
        m.peanut_noodles,
        m.here,
    );

    for (bad, field) in [
        (
            RecommendationRequest {
                limit: 0,
                ..request(1.0)
            },
            "limit",
        ),
        (request(0.0), "radius_km"),
        (
            RecommendationRequest {
                min_price: Some("9.00".parse().unwrap()),
                max_price: Some("8.00".parse().unwrap()),
                ..request(1.0)
            },
            "max_price",
        ),
    ] {
        match recommendations::recommend(&t.db, service::Actor::new(eve), &bad).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

async fn over_the_energy_left_nothing_is_recommended(t: &TestDb) {
    let here = restaurant(t, "Here", east(0.2)).await;
    meal(t, here, "Salad", 1200, "12.00", &[TOMATO]).await;
    let eve = eve(t).await; // 1199.25 kcal left
    assert!(
        recommendations::recommend(&t.db, service::Actor::new(eve), &request(1.0))
            .await
            .unwrap()
            .is_empty()
    );
    meal(t, here, "Small salad", 1199, "12.00", &[TOMATO]).await;
    let found = recommendations::recommend(&t.db, service::Actor::new(eve), &request(1.0))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].meal_name, "Small salad");
}

/// Adds `n` meals of 400 kcal at 7.50, each made of `ingredient`, to a restaurant with raw SQL
/// (and their ingredient lines).
async fn bulk_meals(t: &TestDb, restaurant: Uuid, n: usize, ingredient: u128) {
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::new_v4()).collect();
    for chunk in ids.chunks(200) {
        let mut meals =
            String::from("INSERT INTO meals (id, restaurant_id, name, price, energy_kcal) VALUES ");
        let mut lines = String::from(
            "INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) VALUES ",
        );
        let (mut mv, mut lv) = (Vec::new(), Vec::new());
        for (i, id) in chunk.iter().enumerate() {
            let sep = if i > 0 { ", " } else { "" };
            meals.push_str(&format!(
                "{sep}(${}, ${}, 'Bulk', 7.5, 400)",
                2 * i + 1,
                2 * i + 2
            ));
            lines.push_str(&format!("{sep}(${}, ${}, 100, 'g')", 2 * i + 1, 2 * i + 2));
            mv.extend([sea_orm::Value::from(*id), restaurant.into()]);
            lv.extend([sea_orm::Value::from(*id), ing(ingredient).into()]);
        }
        t.exec(&meals, mv).await.unwrap();
        t.exec(&lines, lv).await.unwrap();
    }
}

async fn statements_do_not_grow_with_the_catalogue(t: &TestDb) {
    let eve = eve(t).await;
    let here = restaurant(t, "Here", east(0.2)).await;
    bulk_meals(t, here, 10, TOMATO).await;
    let count = |req: RecommendationRequest| async move {
        let before = t.statement_count();
        let found = recommendations::recommend(&t.db, service::Actor::new(eve), &req)
            .await
            .unwrap();
        (t.statement_count() - before, found.len())
    };
    // The profile, the candidates that fit, the verdicts of the best of them, the insert
    // (SQLite: and naming the acting user in `audit_context`).
    let statements = if t.is_pg() { 4 } else { 5 };
    let small = count(request(1.0)).await;
    assert_eq!(small, (statements, 10));
    bulk_meals(t, here, 990, TOMATO).await;
    for _ in 0..5 {
        restaurant(t, "Elsewhere", east(0.5)).await;
    }
    let large = count(request(1.0)).await;
    assert_eq!(
        large,
        (statements, 50),
        "the same statements for 10 and 1000 meals"
    );
    let before = t.statement_count();
    assert_eq!(
        restaurants::list_menu_verdicts(&t.db, service::Actor::new(eve), here)
            .await
            .unwrap()
            .len(),
        1000
    );
    assert_eq!(t.statement_count() - before, 1);
}

/// The first pass judges only the best-scoring few: when those are all unsafe (or have no
/// ingredient list), the second pass still finds the best safe meals further down, and a
/// request whose candidates were all judged needs no second pass.
async fn unsafe_best_scorers_do_not_hide_safe_meals(t: &TestDb) {
    let eve = eve(t).await;
    // Twelve peanut meals and one with no ingredient list, 100 m away, outscore everything
    // 900 m away on distance (27 of 30 points against 3).
    let near = restaurant(t, "Near", east(0.1)).await;
    bulk_meals(t, near, 12, PEANUT_BUTTER).await;
    let mystery = restaurants::create_meal(
        &t.db,
        near,
        NewMeal {
            name: "Mystery".into(),
            description: None,
            category: None,
            price: "7.50".parse().unwrap(),
            nutrition: MealNutrition {
                energy_kcal: Some(400),
                ..Default::default()
            },
            image_url: None,
        },
    )
    .await
    .unwrap();
    let far = restaurant(t, "Far", east(0.9)).await;
    meal(t, far, "Salad", 400, "7.50", &[TOMATO]).await;
    meal(t, far, "Soup", 450, "7.50", &[TOMATO, OLIVE_OIL]).await;
    let run = |limit: usize| async move {
        let before = t.statement_count();
        let found = recommendations::recommend(
            &t.db,
            service::Actor::new(eve),
            &RecommendationRequest {
                limit,
                ..request(1.0)
            },
        )
        .await
        .unwrap();
        let names: Vec<String> = found.iter().map(|r| r.meal_name.clone()).collect();
        (t.statement_count() - before, names)
    };
    let sqlite_extra = usize::from(!t.is_pg());
    // Two asked for: the best 8 are judged, all unsafe or unlisted, so the second pass asks
    // the database for the safe candidates and judges the best two of them.
    let (statements, names) = run(2).await;
    // The soup's 450 kcal are nearer a third of the day's 2000 than the salad's 400.
    assert_eq!(names, ["Soup", "Salad"]);
    assert_eq!(statements, 6 + sqlite_extra, "two passes");
    // Fifty asked for: all 15 candidates are judged in the first pass.
    let (statements, names) = run(50).await;
    assert_eq!(names, ["Soup", "Salad"]);
    assert_eq!(statements, 4 + sqlite_extra, "one pass");
    assert!(
        !recommendations::list_recommendations(&t.db, service::Actor::new(eve), 100)
            .await
            .unwrap()
            .iter()
            .any(|r| r.restaurant_id == near || r.meal_id == mystery.id),
        "nothing from the peanut kitchen was ever stored"
    );
}

/// A dismissed meal is not recommended again to that user for `DISMISSED_FOR_DAYS` days; other
/// users still get it.
async fn a_dismissed_meal_stays_away_for_a_while(t: &TestDb) {
    let m = menu(t).await;
    let eve = eve(t).await;
    let meal_ids = |found: &[recommendations::Recommended]| -> Vec<Uuid> {
        found.iter().map(|r| r.recommendation.meal_id).collect()
    };
    let found = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    let toast = found
        .iter()
        .find(|r| r.recommendation.meal_id == m.toast)
        .unwrap()
        .recommendation
        .id;
    recommendations::dismiss(&t.db, service::Actor::new(eve), toast)
        .await
        .unwrap();
    let again = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    assert!(!meal_ids(&again).contains(&m.toast), "dismissed");
    assert_eq!(again.len(), found.len() - 1, "the others stay");
    let bob = verified_user(t, "bob").await;
    let his = recommendations::recommend(&t.db, bob, &request(2.0))
        .await
        .unwrap();
    assert!(meal_ids(&his).contains(&m.toast), "eve's dismissal is hers");
    // A dismissal from a recommendation made longer ago than that no longer holds.
    let long_ago = Timestamp::now()
        .checked_sub(chrono::TimeDelta::days(
            recommendations::DISMISSED_FOR_DAYS + 1,
        ))
        .unwrap();
    t.exec(
        "UPDATE recommendations SET created_at = $1 WHERE id = $2",
        vec![long_ago.into(), toast.into()],
    )
    .await
    .unwrap();
    let later = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    assert!(meal_ids(&later).contains(&m.toast), "the dismissal expired");
}

async fn accepting_logs_the_meal_and_feedback_is_recorded(t: &TestDb) {
    let m = menu(t).await;
    let eve = eve(t).await;
    let found = recommendations::recommend(&t.db, service::Actor::new(eve), &request(2.0))
        .await
        .unwrap();
    let salad = found
        .iter()
        .find(|r| r.recommendation.meal_id == m.salad)
        .unwrap();
    let toast = found
        .iter()
        .find(|r| r.recommendation.meal_id == m.toast)
        .unwrap();
    let today = Utc::now().date_naive();
    let log_as = LogAs {
        id: Some(Uuid::new_v4()),
        logged_at: Timestamp::now(),
        meal_slot: MealSlot::Lunch,
        tz: service::nutrition::Tz::UTC,
    };
    let accept = || {
        recommendations::accept(
            &t.db,
            service::Actor::new(eve),
            salad.recommendation.id,
            Some(log_as),
        )
    };
    let log = accept().await.unwrap().unwrap();
    assert_eq!(log.name, "Salad at Here");
    // Accepted again with the same log id (a retry): the same log, the meal counted once.
    assert_eq!(accept().await.unwrap(), Some(log));
    let p = recommendations::get_recommendation_profile(&t.db, service::Actor::new(eve), today)
        .await
        .unwrap();
    assert_eq!(p.consumed.energy_kcal, dec("1200.75"));
    recommendations::dismiss(&t.db, service::Actor::new(eve), toast.recommendation.id)
        .await
        .unwrap();
    let latest = recommendations::list_recommendations(&t.db, service::Actor::new(eve), 10)
        .await
        .unwrap();
    let status = |id: Uuid| latest.iter().find(|r| r.id == id).unwrap().status;
    assert_eq!(
        status(salad.recommendation.id),
        entity::types::RecommendationStatus::Accepted
    );
    assert_eq!(
        status(toast.recommendation.id),
        entity::types::RecommendationStatus::Dismissed
    );
    for pair in latest.windows(2) {
        assert!(pair[0].created_at >= pair[1].created_at, "newest first");
    }

    // Feedback on a recommendation names its meal; once only.
    let given = recommendations::create_feedback(
        &t.db,
        service::Actor::new(eve),
        FeedbackOn::Recommendation(salad.recommendation.id),
        5,
        Some("fresh"),
    )
    .await
    .unwrap();
    assert_eq!(given.meal_id, m.salad);
    assert!(matches!(
        recommendations::create_feedback(
            &t.db,
            service::Actor::new(eve),
            FeedbackOn::Recommendation(salad.recommendation.id),
            4,
            None
        )
        .await,
        Err(Error::Conflict {
            what: Subject::FeedbackOnThisRecommendation
        })
    ));
    recommendations::create_feedback(
        &t.db,
        service::Actor::new(eve),
        FeedbackOn::Meal(m.toast),
        3,
        None,
    )
    .await
    .unwrap();
    assert!(matches!(
        recommendations::create_feedback(
            &t.db,
            service::Actor::new(eve),
            FeedbackOn::Meal(Uuid::new_v4()),
            3,
            None
        )
        .await,
        Err(Error::Validation { field, .. }) if field == "meal_id"
    ));
    for (rating, comment, field) in [
        (0, None, "rating"),
        (6, None, "rating"),
        (3, Some("x".repeat(2001)), "comment"),
    ] {
        match recommendations::create_feedback(
            &t.db,
            service::Actor::new(eve),
            FeedbackOn::Meal(m.toast),
            rating,
            comment.as_deref(),
        )
        .await
        {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    // Another user's recommendation is not found, for every function.
    let bob = verified_user(t, "bob").await;
    let id = salad.recommendation.id;
    assert!(matches!(
        recommendations::create_feedback(&t.db, bob, FeedbackOn::Recommendation(id), 3, None).await,
        Err(Error::NotFound {
            what: Subject::Recommendation
        })
    ));
    assert!(matches!(
        recommendations::dismiss(&t.db, bob, id).await,
        Err(Error::NotFound {
            what: Subject::Recommendation
        })
    ));
    assert!(matches!(
        recommendations::accept(&t.db, bob, id, None).await,
        Err(Error::NotFound {
            what: Subject::Recommendation
        })
    ));
    assert!(
        recommendations::list_recommendations(&t.db, bob, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn recommendation_candidates_use_the_indexes(t: &TestDb) {
    for (lat, lon) in [(40.75, -73.98), (0.0, 179.999)] {
        let req = RecommendationRequest::new(
            LatLon::new(lat, lon).unwrap(),
            2.0,
            Utc::now().date_naive(),
        );
        for screening in [Screening::Fit, Screening::FitAndSafe] {
            let stmt = recommendations::candidates_statement(
                t.backend,
                Uuid::new_v4(),
                &req,
                Some(900),
                screening,
            );
            let found = crate::query_plans::plan(t, stmt).await;
            if t.is_pg() {
                assert!(found.contains("idx_restaurants_location"), "{found}");
                assert!(found.contains("idx_meals_search"), "{found}");
                assert!(!found.contains("Seq Scan on meals"), "{found}");
            } else {
                assert!(
                    found.contains("SCAN restaurants_rtree VIRTUAL TABLE INDEX"),
                    "{found}"
                );
                assert!(found.contains("idx_meals_search"), "{found}");
            }
            // The user's recent dismissals: read once, from the partial index.
            assert!(found.contains("idx_recommendations_dismissed"), "{found}");
            // The first pass has no per-meal subquery: its cost is the meals in the boxes.
            assert_eq!(
                found.contains("meal_ingredients"),
                screening == Screening::FitAndSafe,
                "{found}"
            );
        }
    }
}

/// Without `record`, recommending reads only: the same meals as with it, no row stored, and no
/// insert among its statements.
async fn recommending_writes_only_when_asked(t: &TestDb) {
    menu(t).await;
    let eve = eve(t).await;
    let reading = RecommendationRequest {
        record: false,
        ..request(5.0)
    };
    let before = t.statement_count();
    let read = recommendations::recommend(&t.db, service::Actor::new(eve), &reading)
        .await
        .unwrap();
    let read_statements = t.statement_count() - before;
    assert!(!read.is_empty());
    assert_eq!(
        t.count("SELECT COUNT(*) FROM recommendations", vec![])
            .await,
        0
    );
    let before = t.statement_count();
    let recorded = recommendations::recommend(&t.db, service::Actor::new(eve), &request(5.0))
        .await
        .unwrap();
    let recorded_statements = t.statement_count() - before;
    let meals = |r: &[recommendations::Recommended]| {
        r.iter()
            .map(|r| r.recommendation.meal_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(meals(&read), meals(&recorded));
    assert_eq!(
        t.count("SELECT COUNT(*) FROM recommendations", vec![])
            .await,
        i64::try_from(recorded.len()).unwrap()
    );
    // The insert, and on SQLite the statement naming the acting user for the audit.
    let extra = if t.is_pg() { 1 } else { 2 };
    assert_eq!(recorded_statements, read_statements + extra);
}

/// A handler's use case spanning two calls: accepting a recommendation and logging the meal
/// commit together through one acting transaction, or roll back together; a failed call inside
/// it leaves the transaction usable (a savepoint), and a transaction acting as another user is
/// refused.
async fn calls_commit_or_roll_back_together_in_one_transaction(t: &TestDb) {
    use service::nutrition::{self, MealEntry, NewMealLog, Nutrition, Tz};
    let m = menu(t).await;
    let eve = service::Actor::new(eve(t).await);
    let found = recommendations::recommend(&t.db, eve, &request(2.0))
        .await
        .unwrap();
    let pick = |meal: Uuid| {
        found
            .iter()
            .find(|r| r.recommendation.meal_id == meal)
            .unwrap()
            .recommendation
            .id
    };
    let (salad, toast) = (pick(m.salad), pick(m.toast));
    let log = |name: &str| {
        NewMealLog::new(
            Timestamp::now(),
            MealSlot::Lunch,
            MealEntry::Free {
                name: name.into(),
                nutrition: Nutrition {
                    energy_kcal: dec("400"),
                    ..Default::default()
                },
            },
        )
    };
    // Through a read connection: on a SQLite file the write connection is the transaction's.
    let logs_named = |name: &'static str| async move {
        let sql = "SELECT COUNT(*) FROM meal_logs WHERE user_id = $1 AND name = $2";
        let values = [eve.id().into(), name.into()];
        let statement = sea_orm::Statement::from_sql_and_values(t.backend, sql, values);
        let row = sea_orm::ConnectionTrait::query_one_raw(t.db.reader(), statement)
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    };
    let status = |id: Uuid| async move {
        recommendations::list_recommendations(&t.db, eve, 50)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .unwrap()
            .status
    };

    // Committed together; a failed call in between (an unknown recommendation) rolls back to
    // its savepoint and the transaction goes on, on PostgreSQL too.
    let txn = service::begin(&t.db, eve).await.unwrap();
    recommendations::accept(&txn, eve, salad, None)
        .await
        .unwrap();
    let unknown = recommendations::accept(&txn, eve, Uuid::new_v4(), None).await;
    assert!(
        matches!(unknown, Err(Error::NotFound { .. })),
        "{unknown:?}"
    );
    nutrition::log_meal(&txn, eve, Tz::UTC, log("Salad, by hand"))
        .await
        .unwrap();
    assert_eq!(
        logs_named("Salad, by hand").await,
        0,
        "not visible before commit"
    );
    txn.commit().await.unwrap();
    assert_eq!(
        status(salad).await,
        entity::types::RecommendationStatus::Accepted
    );
    assert_eq!(logs_named("Salad, by hand").await, 1);

    // Rolled back together.
    let txn = service::begin(&t.db, eve).await.unwrap();
    recommendations::accept(&txn, eve, toast, None)
        .await
        .unwrap();
    nutrition::log_meal(&txn, eve, Tz::UTC, log("Toast, by hand"))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert_ne!(
        status(toast).await,
        entity::types::RecommendationStatus::Accepted
    );
    assert_eq!(logs_named("Toast, by hand").await, 0);

    // A transaction names one user: a call acting as another is refused, and writes nothing.
    let other = verified_user(t, "mallory").await;
    let txn = service::begin(&t.db, eve).await.unwrap();
    let refused = nutrition::log_meal(&txn, other, Tz::UTC, log("Not hers")).await;
    assert!(
        matches!(
            refused,
            Err(Error::Forbidden(service::Forbidden::OtherActor))
        ),
        "{refused:?}"
    );
    txn.commit().await.unwrap();
    assert_eq!(logs_named("Not hers").await, 0);
}

dual!(
    calls_commit_or_roll_back_together_in_one_transaction,
    recommending_writes_only_when_asked,
    meal_and_menu_verdicts,
    meal_ingredients_are_replaced_as_a_whole,
    user_profile_matches_hand_computed_values,
    recommendations_are_safe_fit_and_filtered,
    over_the_energy_left_nothing_is_recommended,
    statements_do_not_grow_with_the_catalogue,
    unsafe_best_scorers_do_not_hide_safe_meals,
    a_dismissed_meal_stays_away_for_a_while,
    accepting_logs_the_meal_and_feedback_is_recorded,
    recommendation_candidates_use_the_indexes,
);
