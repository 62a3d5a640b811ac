//! A recommendation and its feedback (the restaurant and meal are catalogue rows, no one's).
use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: service::Actor) {
    let (restaurant, meal, recommendation) = (
        uuid::Uuid::new_v4(),
        uuid::Uuid::new_v4(),
        uuid::Uuid::new_v4(),
    );
    t.exec(
        "INSERT INTO restaurants (id, name, address, city, state, zip_code) VALUES ($1, 'Fixture', 'a', 'c', 's', 'z')",
        vec![restaurant.into()],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO meals (id, restaurant_id, name, price) VALUES ($1, $2, 'Dish', 10)",
        vec![meal.into(), restaurant.into()],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO recommendations (id, user_id, meal_id, restaurant_id, score, distance_km, reason, reason_details) \
         VALUES ($1, $2, $3, $4, 50, 1, 'fixture', $5)",
        vec![
            recommendation.into(),
            user.into(),
            meal.into(),
            restaurant.into(),
            sea_orm::Value::Json(Some(Box::new(serde_json::json!({})))),
        ],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO feedback (user_id, recommendation_id, meal_id, rating) VALUES ($1, $2, $3, 5)",
        vec![user.into(), recommendation.into(), meal.into()],
    )
    .await
    .unwrap();
}
