//! Every rule of the restaurants, meals, recommendations and feedback tables, refused and
//! accepted through raw SQL, as `rule_cases` tables.
use rust_decimal::Decimal;
use sea_orm::Value;
use uuid::Uuid;

use crate::harness::{TestDb, assert_refused, per_backend};
use crate::rule_cases::{self, Case, Row, Table};

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A restaurant with no location, rating, price range or hours.
fn restaurant_row(id: Uuid) -> Row {
    Row::new("restaurants")
        .col("id", id)
        .col("name", "R")
        .col("address", "a")
        .col("city", "c")
        .col("state", "s")
        .col("zip_code", "z")
        .col("country", "US")
}

fn meal_row(id: Uuid, restaurant: Uuid) -> Row {
    Row::new("meals")
        .col("id", id)
        .col("restaurant_id", restaurant)
        .col("name", "Dish")
        .col("price", dec("9.5"))
}

fn restaurant_cases(t: &TestDb) -> Table {
    let id = Uuid::new_v4();
    let mut cases = vec![
        Case::refused("chk_restaurants_rating").set("rating", dec("5.5")),
        Case::refused("chk_restaurants_price_range").set("price_range", 5_i32),
        Case::refused("chk_restaurants_coordinates")
            .set("latitude", dec("-90.5"))
            .set("longitude", dec("0")),
        Case::refused("chk_restaurants_coordinates")
            .set("latitude", dec("0"))
            .set("longitude", dec("180.5")),
        Case::refused("chk_restaurants_location_pair").set("latitude", dec("1")),
        Case::refused("chk_restaurants_name").set("name", "  "),
        Case::refused("chk_restaurants_country").set("country", "us"),
        Case::accepted("edge values")
            .set("country", "FR")
            .set("latitude", dec("90"))
            .set("longitude", dec("-180"))
            .set("rating", dec("0"))
            .set("price_range", 1_i32)
            .set(
                "hours",
                Value::Json(Some(Box::new(serde_json::json!({"mon": "9-17"})))),
            ),
        Case::refused("restaurants_pkey")
            .after(restaurant_row(id))
            .set("id", id)
            .set("name", "Again"),
    ];
    // Too many decimals: PostgreSQL's NUMERIC rounds them, SQLite's stand-in CHECK refuses.
    if !t.is_pg() {
        cases.push(
            Case::refused("chk_latitude_decimal")
                .set("latitude", dec("1.123456789"))
                .set("longitude", dec("1")),
        );
    }
    rule_cases::table(restaurant_row(Uuid::new_v4()), cases)
}

fn meal_cases(restaurant: Uuid, other: Uuid) -> Table {
    let id = Uuid::new_v4();
    rule_cases::table(
        meal_row(Uuid::new_v4(), restaurant),
        [
            Case::refused("chk_meals_price").set("price", dec("0")),
            Case::refused("chk_meals_energy").set("energy_kcal", 5001_i32),
            Case::refused("chk_meals_energy").set("energy_kcal", -1_i32),
            Case::refused("chk_meals_nutrients").set("protein_g", dec("-0.1")),
            Case::refused("chk_meals_nutrients").set("sodium_mg", -1_i32),
            Case::refused("chk_meals_name").set("name", ""),
            Case::refused("fk_meals_restaurant").set("restaurant_id", Uuid::new_v4()),
            Case::accepted("a meal at the limits")
                .set("price", dec("0.01"))
                .set("energy_kcal", 5000_i32)
                .set("protein_g", dec("0"))
                .set("sodium_mg", 0_i32),
            // The same id at another restaurant (at the same one, SQLite reports
            // uq_meals_restaurant, which the id's key implies).
            Case::refused("meals_pkey")
                .after(meal_row(id, restaurant))
                .set("id", id)
                .set("restaurant_id", other),
        ],
    )
}

async fn restaurant_and_meal_rules_refuse_and_accept(t: &TestDb) {
    let (restaurant, other) = (Uuid::new_v4(), Uuid::new_v4());
    for id in [restaurant, other] {
        rule_cases::insert(t, &restaurant_row(id)).await;
    }
    rule_cases::run(t, &[restaurant_cases(t), meal_cases(restaurant, other)]).await;
}

async fn restaurant_hours_that_are_not_json_are_refused(t: &TestDb) {
    // PostgreSQL's jsonb refuses the literal itself, SQLite's stand-in CHECK. A literal in the
    // SQL, since a bound text is no JSON value to PostgreSQL at all.
    assert_refused(
        t,
        per_backend("sqlstate:22P02", "chk_hours_json"),
        "INSERT INTO restaurants (id, name, address, city, state, zip_code, country, hours) \
         VALUES ($1, 'x', 'a', 'c', 's', 'z', 'US', '{not json}')",
        vec![Uuid::new_v4().into()],
    )
    .await;
}

async fn deleting_a_restaurant_deletes_its_meals(t: &TestDb) {
    let (restaurant, meal) = (Uuid::new_v4(), Uuid::new_v4());
    rule_cases::insert(t, &restaurant_row(restaurant)).await;
    rule_cases::insert(t, &meal_row(meal, restaurant)).await;
    t.exec(
        "DELETE FROM restaurants WHERE id = $1",
        vec![restaurant.into()],
    )
    .await
    .unwrap();
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM meals WHERE id = $1",
            vec![meal.into()]
        )
        .await,
        0
    );
}

/// The two restaurants, each with a meal, that recommendations and feedback refer to.
struct Menu {
    r1: Uuid,
    r2: Uuid,
    m1: Uuid,
    m2: Uuid,
}

fn recommendation_row(id: Uuid, user: Uuid, meal: Uuid, restaurant: Uuid) -> Row {
    Row::new("recommendations")
        .col("id", id)
        .col("user_id", user)
        .col("meal_id", meal)
        .col("restaurant_id", restaurant)
        .col("score", dec("1"))
        .col("distance_km", dec("1"))
        .col("reason", "why")
        .col(
            "reason_details",
            Value::Json(Some(Box::new(serde_json::json!({"parts": []})))),
        )
        .col("status", "shown")
}

fn feedback_row(user: Uuid, recommendation: Option<Uuid>, meal: Uuid) -> Row {
    Row::new("feedback")
        .col("id", Uuid::new_v4())
        .col("user_id", user)
        .col("recommendation_id", recommendation)
        .col("meal_id", meal)
        .col("rating", 3_i32)
}

fn recommendation_cases(ann: Uuid, bob: Uuid, menu: &Menu) -> Table {
    let Menu { r1, r2, m1, m2 } = *menu;
    let taken = Uuid::new_v4();
    let first = recommendation_row(taken, ann, m1, r1);
    rule_cases::table(
        recommendation_row(Uuid::new_v4(), ann, m1, r1),
        [
            Case::refused("chk_recommendations_score").set("score", dec("100.01")),
            Case::refused("chk_recommendations_score").set("score", dec("-1")),
            Case::refused("chk_recommendations_distance").set("distance_km", dec("-0.001")),
            Case::refused("chk_recommendations_status").set("status", "ignored"),
            // The meal is at another restaurant than the one named.
            Case::refused("fk_recommendations_meal").set("restaurant_id", r2),
            Case::refused("fk_recommendations_user").set("user_id", Uuid::new_v4()),
            Case::accepted("limits")
                .set("score", dec("100"))
                .set("distance_km", dec("0"))
                .set("status", "accepted"),
            Case::accepted("another user's")
                .set("user_id", bob)
                .set("meal_id", m2)
                .set("restaurant_id", r2)
                .set("score", dec("0"))
                .set("distance_km", dec("12.5"))
                .set("status", "dismissed"),
            // The same id for another meal: only the key is broken.
            Case::refused("recommendations_pkey")
                .after(first.clone())
                .set("id", taken)
                .set("user_id", bob)
                .set("meal_id", m2)
                .set("restaurant_id", r2),
            // The same id, user and meal: SQLite names the composite unique the key implies.
            Case::refused(per_backend(
                "recommendations_pkey",
                "uq_recommendations_owner",
            ))
            .after(first)
            .set("id", taken),
        ],
    )
}

fn feedback_cases(ann: Uuid, menu: &Menu, ann_rec: Uuid, bob_rec: Uuid) -> Table {
    let Menu { m1, m2, .. } = *menu;
    rule_cases::table(
        feedback_row(ann, None, m1),
        [
            Case::refused("chk_feedback_rating").set("rating", 0_i32),
            Case::refused("chk_feedback_rating").set("rating", 6_i32),
            Case::refused("chk_feedback_comment").set("comment", "x".repeat(2001)),
            Case::refused("fk_feedback_meal").set("meal_id", Uuid::new_v4()),
            Case::refused("fk_feedback_user").set("user_id", Uuid::new_v4()),
            // Bob's recommendation, or Ann's about another meal.
            Case::refused("fk_feedback_recommendation")
                .set("recommendation_id", bob_rec)
                .set("meal_id", m2),
            Case::refused("fk_feedback_recommendation")
                .set("recommendation_id", ann_rec)
                .set("meal_id", m2),
            Case::accepted("on a recommendation")
                .set("recommendation_id", ann_rec)
                .set("rating", 5_i32)
                .set("comment", "x".repeat(2000)),
            Case::accepted("on a meal, twice")
                .after_the_good_row()
                .set("id", Uuid::new_v4())
                .set("rating", 1_i32),
            Case::refused("uq_feedback_recommendation")
                .after(feedback_row(ann, Some(ann_rec), m1))
                .set("recommendation_id", ann_rec),
            Case::refused("feedback_pkey").after_the_good_row(),
        ],
    )
}

async fn recommendation_and_feedback_rules_refuse_and_accept(t: &TestDb) {
    let ann = crate::harness::insert_user(t, "ann", true).await.id();
    let bob = crate::harness::insert_user(t, "bob", true).await.id();
    let menu = Menu {
        r1: Uuid::new_v4(),
        r2: Uuid::new_v4(),
        m1: Uuid::new_v4(),
        m2: Uuid::new_v4(),
    };
    for (m, r) in [(menu.m1, menu.r1), (menu.m2, menu.r2)] {
        rule_cases::insert(t, &restaurant_row(r)).await;
        rule_cases::insert(t, &meal_row(m, r)).await;
    }
    let (ann_rec, bob_rec) = (Uuid::new_v4(), Uuid::new_v4());
    rule_cases::insert(t, &recommendation_row(ann_rec, ann, menu.m1, menu.r1)).await;
    rule_cases::insert(t, &recommendation_row(bob_rec, bob, menu.m2, menu.r2)).await;
    rule_cases::run(
        t,
        &[
            recommendation_cases(ann, bob, &menu),
            feedback_cases(ann, &menu, ann_rec, bob_rec),
        ],
    )
    .await;

    // Cascades: a recommendation takes its feedback; a meal its recommendations and feedback;
    // a user theirs.
    rule_cases::insert(t, &feedback_row(ann, Some(ann_rec), menu.m1)).await;
    for _ in 0..3 {
        rule_cases::insert(t, &feedback_row(ann, None, menu.m1)).await;
    }
    let count = |table: &'static str| async move {
        t.count(&format!("SELECT COUNT(*) FROM {table}"), vec![])
            .await
    };
    assert_eq!(
        (count("recommendations").await, count("feedback").await),
        (2, 4)
    );
    t.exec(
        "DELETE FROM recommendations WHERE id = $1",
        vec![ann_rec.into()],
    )
    .await
    .unwrap();
    assert_eq!(count("feedback").await, 3);
    t.exec("DELETE FROM meals WHERE id = $1", vec![menu.m1.into()])
        .await
        .unwrap();
    assert_eq!(count("feedback").await, 0);
    rule_cases::insert(t, &feedback_row(bob, Some(bob_rec), menu.m2)).await;
    t.exec("DELETE FROM users WHERE id = $1", vec![bob.into()])
        .await
        .unwrap();
    assert_eq!(
        (count("recommendations").await, count("feedback").await),
        (0, 0)
    );
    assert_eq!(count("meals").await, 1, "catalogue rows stay");
}

dual!(
    restaurant_and_meal_rules_refuse_and_accept,
    restaurant_hours_that_are_not_json_are_refused,
    deleting_a_restaurant_deletes_its_meals,
    recommendation_and_feedback_rules_refuse_and_accept,
);
