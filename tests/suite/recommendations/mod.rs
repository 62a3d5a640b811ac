//! Restaurants' meals for a user, on both backends, by topic: meal and menu verdicts
//! (`meal_and_menu_verdicts`), a meal's ingredient lines (`meal_ingredients`), the user's
//! profile in one query (`profile`), recommendations (never unsafe, never over the energy
//! left, price and radius respected, dismissals: `recommending`), a constant number of
//! statements and the indexes (`statements`), accepting and feedback (`accepting`), and calls
//! in one transaction (`transactions`). The helpers here make what they all need: restaurants,
//! meals, eve and a menu.
use chrono::Utc;
use entity::types::{MealSlot, NutritionGoalType, Severity, Timestamp, Unit};
use rust_decimal::Decimal;
use service::recommendations::RecommendationRequest;
use service::restaurants::geo::{EARTH_RADIUS_KM, LatLon};
use service::restaurants::{
    self, Location, MealIngredientInput, MealNutrition, NewMeal, NewRestaurant,
};
use uuid::Uuid;

use crate::harness::{TestDb, verified_user};
use crate::recipes::{BREAD, OLIVE_OIL, PEANUT_BUTTER, TOMATO, allergic, ing};

mod accepting;
mod meal_and_menu_verdicts;
mod meal_ingredients;
mod profile;
mod recommending;
mod statements;
mod transactions;

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
