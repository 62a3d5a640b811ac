//! `recipe_facets` (PostgreSQL only, migration 23): each public recipe's search keys, kept in
//! step with `recipes` by a trigger whatever client writes the recipe, readable and not
//! writable by the application. Run as the application's login role, acting as the cook.
use sea_orm::{ConnectionTrait, DbErr, Value};
use uuid::Uuid;

use crate::harness::{LoginRole, TestDb, sqlstate};
use crate::row_security::acting;

/// The facets of `recipe`, sorted; `None` when it has no row.
async fn facets_of(t: &TestDb, recipe: Uuid) -> Option<Vec<String>> {
    let rows = t
        .query(
            "SELECT ARRAY(SELECT k FROM unnest(facets) k ORDER BY k) AS keys \
             FROM recipe_facets WHERE recipe_id = $1",
            vec![recipe.into()],
        )
        .await;
    rows.first()
        .map(|r| r.try_get::<Vec<String>>("", "keys").unwrap())
}

async fn write(app: &service::Db, actor: Uuid, sql: &str, values: Vec<Value>) {
    let txn = acting(app.primary(), Some(actor)).await;
    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
        sea_orm::DbBackend::Postgres,
        sql,
        values,
    ))
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
    txn.commit().await.unwrap();
}

/// The time buckets a 15-minute recipe carries: every one at or above 15.
const FROM_15: [&str; 9] = [
    "minutes<=120",
    "minutes<=15",
    "minutes<=180",
    "minutes<=20",
    "minutes<=240",
    "minutes<=30",
    "minutes<=45",
    "minutes<=60",
    "minutes<=90",
];

fn keys(named: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = named
        .iter()
        .chain(FROM_15.iter())
        .map(|k| (*k).to_owned())
        .collect();
    all.sort();
    all
}

async fn facets_follow_their_recipe(t: &TestDb) {
    let cook = crate::harness::insert_user(t, "cook", true).await.id();
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let (public, private) = (Uuid::new_v4(), Uuid::new_v4());
    let insert = "INSERT INTO recipes (id, user_id, name, prep_time_minutes, cook_time_minutes, \
                  is_public, cuisine_type, tags, difficulty_level) \
                  VALUES ($1, $2, 'Larb', 5, 10, $3, 'thai', '{spicy,quick}', 'beginner')";
    write(
        &app,
        cook,
        insert,
        vec![public.into(), cook.into(), true.into()],
    )
    .await;
    write(
        &app,
        cook,
        insert,
        vec![private.into(), cook.into(), false.into()],
    )
    .await;

    assert_eq!(
        facets_of(t, public).await,
        Some(keys(&[
            "cuisine:thai",
            "cuisine:thai/tag:quick",
            "cuisine:thai/tag:spicy",
            "difficulty:beginner",
            "tag:quick",
            "tag:spicy"
        ])),
        "a public recipe carries its tags, cuisine, the cuisine with each tag, difficulty and \
         every time bucket it fits"
    );
    assert_eq!(
        facets_of(t, private).await,
        None,
        "a private recipe has none"
    );

    let retag = "UPDATE recipes SET tags = '{mild}', cook_time_minutes = 25 WHERE id = $1";
    write(&app, cook, retag, vec![public.into()]).await;
    let now = facets_of(t, public).await.unwrap();
    assert!(now.contains(&"tag:mild".to_owned()), "{now:?}");
    assert!(!now.contains(&"tag:spicy".to_owned()), "{now:?}");
    assert!(
        !now.contains(&"minutes<=20".to_owned()) && now.contains(&"minutes<=30".to_owned()),
        "30 minutes now: {now:?}"
    );

    let visibility = "UPDATE recipes SET is_public = $2 WHERE id = $1";
    write(&app, cook, visibility, vec![public.into(), false.into()]).await;
    assert_eq!(facets_of(t, public).await, None, "made private");
    write(&app, cook, visibility, vec![private.into(), true.into()]).await;
    assert!(facets_of(t, private).await.is_some(), "made public");

    write(
        &app,
        cook,
        "DELETE FROM recipes WHERE id = $1",
        vec![private.into()],
    )
    .await;
    assert_eq!(facets_of(t, private).await, None, "deleted with its recipe");

    // The application reads the table and cannot write it: only the trigger does.
    let txn = acting(app.primary(), Some(cook)).await;
    txn.execute_unprepared("SELECT count(*) FROM recipe_facets")
        .await
        .unwrap();
    let refused: DbErr = txn
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "INSERT INTO recipe_facets (recipe_id, facets) VALUES ($1, '{tag:x}')",
            vec![public.into()],
        ))
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    drop(txn);

    // A query's keys are made the same way, its time limit rounded up to a bucket; a cuisine
    // with tags asks for the pairs (migration 24), not the single keys they hold.
    let rows = t
        .query(
            "SELECT recipe_search_keys('{a,b}', 'x', NULL, 40) AS pairs, \
                    recipe_search_keys('{a}', NULL, 'advanced', 40) AS tag, \
                    recipe_search_keys(NULL, 'x', 'advanced', 500) AS beyond",
            vec![],
        )
        .await;
    let pairs: Vec<String> = rows[0].try_get("", "pairs").unwrap();
    let tag: Vec<String> = rows[0].try_get("", "tag").unwrap();
    let beyond: Vec<String> = rows[0].try_get("", "beyond").unwrap();
    assert_eq!(pairs, ["cuisine:x/tag:a", "cuisine:x/tag:b", "minutes<=45"]);
    assert_eq!(tag, ["tag:a", "difficulty:advanced", "minutes<=45"]);
    assert_eq!(
        beyond,
        ["cuisine:x", "difficulty:advanced"],
        "no bucket above 240"
    );
    drop(app);
}

postgres_only!(facets_follow_their_recipe);
