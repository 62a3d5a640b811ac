//! A private recipe (row security lets others read public ones) and its rating.
use super::TestDb;

pub(super) async fn rows(t: &TestDb, user: service::Actor) {
    let recipe = uuid::Uuid::new_v4();
    t.exec(
        "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes) \
         VALUES ($1, $2, 'Fixture stew', 10, 20)",
        vec![recipe.into(), user.into()],
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO recipe_ratings (recipe_id, user_id, rating) VALUES ($1, $2, 4)",
        vec![recipe.into(), user.into()],
    )
    .await
    .unwrap();
}
