//! The rating trigger keeps each recipe's rating, count and sum, whoever writes the ratings:
//! raw SQL, the service, or 20 raters at once.
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, Statement, TransactionTrait, Value};
use service::recipes;
use service::{Error, Subject};
use uuid::Uuid;

use super::{d, public_recipe};
use crate::harness::{TestDb, insert_user};

async fn rating(t: &TestDb, id: Uuid) -> (Option<Decimal>, i64, i64) {
    let rows = t
        .query(
            "SELECT rating, rating_count, rating_sum FROM recipes WHERE id = $1",
            vec![id.into()],
        )
        .await;
    let r = &rows[0];
    let mean: Option<f64> = if t.is_pg() {
        r.try_get::<Option<Decimal>>("", "rating")
            .unwrap()
            .map(|d| d.to_string().parse().unwrap())
    } else {
        r.try_get("", "rating").unwrap()
    };
    (
        mean.map(|m| Decimal::from_f64_retain(m).unwrap().round_dp(2)),
        r.try_get::<i32>("", "rating_count").unwrap().into(),
        r.try_get::<i32>("", "rating_sum").unwrap().into(),
    )
}

/// The rating, count and sum follow each rating added, changed, moved to another recipe and
/// deleted; the last delete makes the recipe unrated again.
async fn the_rating_follows_each_rating_added_changed_moved_or_deleted(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let ann = insert_user(t, "ann", true).await;
    let ben = insert_user(t, "ben", true).await;
    let cat = insert_user(t, "cat", true).await;
    let id = public_recipe(t, owner.id()).await;
    let other = public_recipe(t, owner.id()).await;
    assert_eq!(rating(t, id).await, (None, 0, 0));
    t.exec(RATE, vec![id.into(), ann.into(), 5.into()])
        .await
        .unwrap();
    assert_eq!(rating(t, id).await, (Some(d("5")), 1, 5));
    for user in [ben, cat] {
        t.exec(RATE, vec![id.into(), user.into(), 4.into()])
            .await
            .unwrap();
    }
    // 13 / 3 = 4.333... -> 4.33
    assert_eq!(rating(t, id).await, (Some(d("4.33")), 3, 13));
    // A change: 5 + 4 + 5 = 14 / 3 = 4.666... -> 4.67 (half away from zero, on both)
    let change = "UPDATE recipe_ratings SET rating = 5 WHERE user_id = $1";
    t.exec(change, vec![cat.into()]).await.unwrap();
    assert_eq!(rating(t, id).await, (Some(d("4.67")), 3, 14));
    // Moved to another recipe: both parents follow.
    let moved = "UPDATE recipe_ratings SET recipe_id = $1 WHERE user_id = $2";
    t.exec(moved, vec![other.into(), ben.into()]).await.unwrap();
    assert_eq!(rating(t, id).await, (Some(d("5")), 2, 10));
    assert_eq!(rating(t, other).await, (Some(d("4")), 1, 4));
    // A delete; the last delete makes it unrated again.
    let by_user = "DELETE FROM recipe_ratings WHERE user_id = $1";
    t.exec(by_user, vec![ann.into()]).await.unwrap();
    assert_eq!(rating(t, id).await, (Some(d("5")), 1, 5));
    let by_recipe = "DELETE FROM recipe_ratings WHERE recipe_id = $1";
    t.exec(by_recipe, vec![id.into()]).await.unwrap();
    assert_eq!(rating(t, id).await, (None, 0, 0));
}

const RATE: &str = "INSERT INTO recipe_ratings (recipe_id, user_id, rating) VALUES ($1, $2, $3)";

/// Eight raters of `recipe` through raw SQL: 5 + 5 + 4 + 4 + 4 + 4 + 4 + 4 = 34.
async fn eight_raters(t: &TestDb, recipe: Uuid) -> Vec<service::Actor> {
    let mut users = Vec::new();
    for (i, stars) in [5, 5, 4, 4, 4, 4, 4, 4].into_iter().enumerate() {
        let u = insert_user(t, &format!("rater{i}"), true).await;
        t.exec(RATE, vec![recipe.into(), u.into(), stars.into()])
            .await
            .unwrap();
        users.push(u);
    }
    users
}

/// A midpoint: 1 + 2 + 2 + 2 (7 / 4 = 1.75) is exact; 2.345 needs 200 ratings: the rounding
/// is checked on 34 / 8 = 4.25 exactly.
async fn a_mean_on_a_midpoint_is_kept_exact(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let id = public_recipe(t, owner.id()).await;
    eight_raters(t, id).await;
    assert_eq!(rating(t, id).await, (Some(d("4.25")), 8, 34));
}

/// Through the service: a rater changes their rating and removes it (once), and a rating
/// out of 1 to 5 is refused naming the field.
async fn the_service_changes_and_removes_a_rating(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let id = public_recipe(t, owner.id()).await;
    let users = eight_raters(t, id).await;
    recipes::rate(&t.db, users[0], id, 1, None).await.unwrap();
    assert_eq!(rating(t, id).await, (Some(d("3.75")), 8, 30));
    recipes::delete_rating(&t.db, users[0], id).await.unwrap();
    assert_eq!(rating(t, id).await, (Some(d("4.14")), 7, 29));
    assert!(matches!(
        recipes::delete_rating(&t.db, users[0], id).await,
        Err(Error::NotFound {
            what: Subject::Rating
        })
    ));
    assert!(matches!(
        recipes::rate(&t.db, users[0], id, 6, None).await,
        Err(Error::Validation { ref field, .. }) if field == "rating"
    ));
}

/// 20 raters at the same moment: `rating_count` is 20 and the mean exact. On PostgreSQL each
/// rater is its own connection and transaction, all started before any commits (a barrier;
/// the service's PostgreSQL pool holds 20 connections by default, so all 20 are open at once);
/// on SQLite the writes serialise on the database lock.
async fn concurrent_raters_keep_an_exact_count(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let id = public_recipe(t, owner.id()).await;
    let mut raters = Vec::new();
    for i in 0..20 {
        raters.push(insert_user(t, &format!("rater{i}"), true).await);
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    let mut tasks = Vec::new();
    for (i, user) in raters.into_iter().enumerate() {
        let db = t.db.clone();
        let backend = t.backend;
        let barrier = barrier.clone();
        let stars = (i % 5) as i32 + 1; // four of each: sum 60, mean 3
        tasks.push(tokio::spawn(async move {
            if backend == sea_orm::DbBackend::Postgres {
                let txn = db.begin().await.unwrap();
                barrier.wait().await;
                txn.execute_raw(Statement::from_sql_and_values(
                    backend,
                    "INSERT INTO recipe_ratings (recipe_id, user_id, rating) VALUES ($1, $2, $3)",
                    [Value::from(id), user.into(), stars.into()],
                ))
                .await
                .unwrap();
                txn.commit().await.unwrap();
            } else {
                barrier.wait().await;
                recipes::rate(&db, user, id, stars, None).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(rating(t, id).await, (Some(d("3")), 20, 60));
    assert_eq!(
        t.count(
            "SELECT COUNT(*) FROM recipe_ratings WHERE recipe_id = $1",
            vec![id.into()]
        )
        .await,
        20
    );
}

dual!(
    the_rating_follows_each_rating_added_changed_moved_or_deleted,
    a_mean_on_a_midpoint_is_kept_exact,
    the_service_changes_and_removes_a_rating,
    concurrent_raters_keep_an_exact_count,
);
