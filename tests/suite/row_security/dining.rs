//! Restaurants, menus and recommendations through the service as the application's login
//! (PostgreSQL): the catalogue is written and read, the user's allergies and goal are seen
//! under row security, and a user's recommendations and feedback are theirs alone.
use chrono::NaiveDate;
use entity::types::{MealSlot, NutritionGoalType, Severity, Timestamp, Unit};
use service::health::{self, AllergenRef, AllergyInput, ProfileInput};
use service::nutrition::{self, NewGoal};
use service::recommendations::{self, FeedbackOn, LogAs, RecommendationRequest};
use service::restaurants::geo::LatLon;
use service::restaurants::{
    self, Location, MealIngredientInput, MealNutrition, NearbyQuery, NewMeal, NewRestaurant,
};
use service::{Error, Subject};
use uuid::Uuid;

use super::{acting, count, execute};
use crate::harness::{LoginRole, TestDb, sqlstate, verified_user};
use crate::recipes::{PEANUT_BUTTER, TOMATO, ing};

/// Eve (allergic to peanuts, 2,000 kcal a day) and bob (no allergy); the restaurant "Here"
/// with a salad and peanut noodles; all made through the application's login role (`app`,
/// kept with its role).
struct Dining {
    eve: service::Actor,
    bob: service::Actor,
    here: Uuid,
    salad: Uuid,
    noodles: Uuid,
    today: NaiveDate,
    app: service::Db,
    _role: LoginRole,
}

/// Where "Here" is: 0.001 degrees of longitude (about 110 m) east of it.
fn center() -> LatLon {
    LatLon::new(0.0, 0.0).unwrap()
}

async fn dining(t: &TestDb) -> Dining {
    let eve = verified_user(t, "eve").await;
    let bob = verified_user(t, "bob").await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let today = chrono::Utc::now().date_naive();
    health::set_profile(&app, eve, ProfileInput::default())
        .await
        .unwrap();
    let peanuts = AllergenRef::Name("Peanuts".into());
    health::create_allergy(&app, eve, peanuts, AllergyInput::new(Severity::Severe))
        .await
        .unwrap();
    let goal = NewGoal {
        target_calories: Some("2000".parse().unwrap()),
        ..NewGoal::new(NutritionGoalType::Maintenance, today)
    };
    nutrition::create_goal(&app, eve, goal).await.unwrap();
    let (here, salad, noodles) = restaurant_with_salad_and_peanut_noodles(&app).await;
    Dining {
        eve,
        bob,
        here,
        salad,
        noodles,
        today,
        app,
        _role: role,
    }
}

/// The catalogue, written by the application's role: "Here", its salad (tomato) and peanut
/// noodles, 500 kcal each.
async fn restaurant_with_salad_and_peanut_noodles(app: &service::Db) -> (Uuid, Uuid, Uuid) {
    let here = NewRestaurant {
        name: "Here".into(),
        address: "1 Main St".into(),
        city: "Quito".into(),
        state: "P".into(),
        zip_code: "170150".into(),
        location: Some(Location {
            latitude: "0".parse().unwrap(),
            longitude: "0.001".parse().unwrap(),
        }),
        ..Default::default()
    };
    let here = restaurants::create_restaurant(app, here).await.unwrap().id;
    let mut meals = Vec::new();
    for (name, ingredient) in [("Salad", TOMATO), ("Peanut noodles", PEANUT_BUTTER)] {
        let meal = NewMeal {
            name: name.into(),
            description: None,
            category: None,
            price: "9.50".parse().unwrap(),
            nutrition: MealNutrition {
                energy_kcal: Some(500),
                ..Default::default()
            },
            image_url: None,
        };
        let meal = restaurants::create_meal(app, here, meal).await.unwrap().id;
        let line = MealIngredientInput {
            ingredient_id: ing(ingredient),
            quantity: "100".parse().unwrap(),
            unit: Unit::G,
        };
        restaurants::replace_meal_ingredients(app, meal, &[line])
            .await
            .unwrap();
        meals.push(meal);
    }
    (here, meals[0], meals[1])
}

/// A recorded request for what is within 1 km of the center today.
fn request(d: &Dining) -> RecommendationRequest {
    RecommendationRequest {
        record: true,
        ..RecommendationRequest::new(center(), 1.0, d.today)
    }
}

/// Eve is recommended the salad alone, accepts it (logged as her lunch) and rates the
/// recommendation; its id.
async fn eve_accepts_the_salad_and_rates_it(d: &Dining) -> Uuid {
    let picked = recommendations::recommend(&d.app, d.eve, &request(d))
        .await
        .unwrap();
    let meals: Vec<Uuid> = picked.iter().map(|r| r.recommendation.meal_id).collect();
    assert_eq!(meals, [d.salad]);
    let rec = picked[0].recommendation.id;
    let log = LogAs {
        id: None,
        logged_at: Timestamp::now(),
        meal_slot: MealSlot::Lunch,
        tz: nutrition::Tz::UTC,
    };
    let logged = recommendations::accept(&d.app, d.eve, rec, Some(log))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(logged.name, "Salad at Here");
    let on = FeedbackOn::Recommendation(rec);
    recommendations::create_feedback(&d.app, d.eve, on, 5, None)
        .await
        .unwrap();
    rec
}

async fn the_catalogue_is_written_and_read_as_the_application_login(t: &TestDb) {
    let d = dining(t).await;
    let near = restaurants::search_nearby(&d.app, &NearbyQuery::new(center(), 1.0))
        .await
        .unwrap();
    let found: Vec<Uuid> = near.iter().map(|n| n.restaurant.id).collect();
    assert_eq!(found, [d.here]);
    d.app.close().await.unwrap();
}

async fn the_menu_and_the_profile_see_the_users_allergies_and_goal(t: &TestDb) {
    let d = dining(t).await;
    let menu = restaurants::list_menu_verdicts(&d.app, d.eve, d.here)
        .await
        .unwrap();
    let safe = |meal: Uuid| {
        menu.iter()
            .find(|item| item.meal.id == meal)
            .map(|item| item.verdict.is_safe())
    };
    assert_eq!(
        (safe(d.salad), safe(d.noodles)),
        (Some(true), Some(false)),
        "her peanut allergy is seen under row security"
    );
    let profile = recommendations::get_recommendation_profile(&d.app, d.eve, d.today)
        .await
        .unwrap();
    assert_eq!(profile.allergy_count, 1);
    assert_eq!(profile.energy_left_kcal(), Some("2000".parse().unwrap()));
    d.app.close().await.unwrap();
}

async fn a_recommendation_is_accepted_and_rated_as_the_application_login(t: &TestDb) {
    let d = dining(t).await;
    eve_accepts_the_salad_and_rates_it(&d).await;
    let txn = acting(&d.app, Some(d.eve.id())).await;
    let accepted = "SELECT COUNT(*) FROM recommendations WHERE user_id = $1 \
                    AND status = 'accepted'";
    let accepted = count(&txn, accepted, vec![d.eve.into()]).await.unwrap();
    assert_eq!(accepted, 1);
    txn.rollback().await.unwrap();
    d.app.close().await.unwrap();
}

/// Bob: no allergy, so both meals; none of eve's rows, through the service or raw SQL.
async fn another_user_reaches_none_of_the_users_recommendations(t: &TestDb) {
    let d = dining(t).await;
    let (app, bob) = (&d.app, d.bob);
    let rec = eve_accepts_the_salad_and_rates_it(&d).await;
    let his = recommendations::recommend(app, bob, &request(&d)).await;
    assert_eq!(his.unwrap().len(), 2);
    let latest = recommendations::list_recommendations(app, bob, 10)
        .await
        .unwrap();
    assert!(latest.iter().all(|r| r.user_id == bob.id()) && latest.len() == 2);
    let accepted = recommendations::accept(app, bob, rec, None).await;
    assert!(matches!(
        accepted,
        Err(Error::NotFound {
            what: Subject::Recommendation
        })
    ));
    let on = FeedbackOn::Recommendation(rec);
    let feedback = recommendations::create_feedback(app, bob, on, 1, None).await;
    assert!(matches!(
        feedback,
        Err(Error::NotFound {
            what: Subject::Recommendation
        })
    ));
    let txn = acting(app, Some(bob.id())).await;
    for table in ["recommendations", "feedback"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        let seen = count(&txn, &sql, vec![d.eve.into()]).await.unwrap();
        assert_eq!(seen, 0, "{table}");
    }
    let planted = "INSERT INTO recommendations (user_id, meal_id, restaurant_id, score, \
                   distance_km, reason, reason_details) \
                   VALUES ($1, $2, $3, 99, 0.1, 'planted', '{}')";
    let values = vec![d.eve.into(), d.noodles.into(), d.here.into()];
    let refused = execute(&txn, planted, values).await.unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    txn.rollback().await.unwrap();
    d.app.close().await.unwrap();
}

postgres_only!(
    the_catalogue_is_written_and_read_as_the_application_login,
    the_menu_and_the_profile_see_the_users_allergies_and_goal,
    a_recommendation_is_accepted_and_rated_as_the_application_login,
    another_user_reaches_none_of_the_users_recommendations,
);
