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

/// The cook, the application's connection as its login role (kept with the role), and the
/// cook's "Larb" (thai, spicy and quick, 15 minutes, for beginners) made public or private,
/// written through it.
struct Larb {
    cook: Uuid,
    app: service::Db,
    _role: LoginRole,
}

impl Larb {
    async fn new(t: &TestDb) -> Self {
        let cook = crate::harness::insert_user(t, "cook", true).await.id();
        let role = LoginRole::create(t, "eatsential_write").await;
        let app = role.connect(t).await;
        Self {
            cook,
            app,
            _role: role,
        }
    }

    /// A new recipe of the cook's, public or not; its id.
    async fn recipe(&self, public: bool) -> Uuid {
        let id = Uuid::new_v4();
        let insert = "INSERT INTO recipes (id, user_id, name, prep_time_minutes, \
                      cook_time_minutes, is_public, cuisine_type, tags, difficulty_level) \
                      VALUES ($1, $2, 'Larb', 5, 10, $3, 'thai', '{spicy,quick}', 'beginner')";
        let values = vec![id.into(), self.cook.into(), public.into()];
        write(&self.app, self.cook, insert, values).await;
        id
    }

    /// `sql` on the recipe `id` (`$1`) and `more` values, as the cook.
    async fn change(&self, sql: &str, id: Uuid, more: Vec<Value>) {
        let values = std::iter::once(id.into()).chain(more).collect();
        write(&self.app, self.cook, sql, values).await;
    }
}

async fn a_public_recipe_carries_its_facets_and_a_private_one_none(t: &TestDb) {
    let larb = Larb::new(t).await;
    let (public, private) = (larb.recipe(true).await, larb.recipe(false).await);
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
}

async fn facets_follow_a_change_of_tags_and_time(t: &TestDb) {
    let larb = Larb::new(t).await;
    let public = larb.recipe(true).await;
    let retag = "UPDATE recipes SET tags = '{mild}', cook_time_minutes = 25 WHERE id = $1";
    larb.change(retag, public, vec![]).await;
    let now = facets_of(t, public).await.unwrap();
    assert!(now.contains(&"tag:mild".to_owned()), "{now:?}");
    assert!(!now.contains(&"tag:spicy".to_owned()), "{now:?}");
    assert!(
        !now.contains(&"minutes<=20".to_owned()) && now.contains(&"minutes<=30".to_owned()),
        "30 minutes now: {now:?}"
    );
}

async fn facets_follow_visibility_and_go_with_their_recipe(t: &TestDb) {
    let larb = Larb::new(t).await;
    let (public, private) = (larb.recipe(true).await, larb.recipe(false).await);
    let visibility = "UPDATE recipes SET is_public = $2 WHERE id = $1";
    larb.change(visibility, public, vec![false.into()]).await;
    assert_eq!(facets_of(t, public).await, None, "made private");
    larb.change(visibility, private, vec![true.into()]).await;
    assert!(facets_of(t, private).await.is_some(), "made public");
    let delete = "DELETE FROM recipes WHERE id = $1";
    larb.change(delete, private, vec![]).await;
    assert_eq!(facets_of(t, private).await, None, "deleted with its recipe");
}

/// The application reads the table and cannot write it: only the trigger does.
async fn the_application_reads_facets_and_cannot_write_them(t: &TestDb) {
    let larb = Larb::new(t).await;
    let public = larb.recipe(true).await;
    let txn = acting(larb.app.primary(), Some(larb.cook)).await;
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
}

/// A query's keys are made the same way, its time limit rounded up to a bucket; a cuisine
/// with tags asks for the pairs (migration 24), not the single keys they hold.
async fn a_querys_keys_are_made_as_a_recipes(t: &TestDb) {
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
}

postgres_only!(
    a_public_recipe_carries_its_facets_and_a_private_one_none,
    facets_follow_a_change_of_tags_and_time,
    facets_follow_visibility_and_go_with_their_recipe,
    the_application_reads_facets_and_cannot_write_them,
    a_querys_keys_are_made_as_a_recipes,
);
