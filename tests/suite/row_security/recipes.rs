//! Recipes through the application login (PostgreSQL): a rater updates the rating of someone
//! else's recipe only through the (SECURITY DEFINER) trigger; a public recipe is read by
//! everyone, a private one by its owner; verdicts and the safe-only search see the acting
//! user's allergies; the ingredient catalogue and tags are read, not written, by the
//! application; a recipe's lines, steps and nutrition follow their recipe.
use entity::types::{Severity, Unit};
use sea_orm::ConnectionTrait;
use service::recipes::{self, SearchQuery};
use service::{Error, Subject, safety};
use uuid::Uuid;

use super::{acting, count, execute};
use crate::harness::{LoginRole, TestDb, sqlstate, verified_user};
use crate::recipes::{BREAD, PEANUT_BUTTER, allergic, input, line};

/// A cook's public "PB toast" (`open`) and private "Toast" (`secret`), made through the
/// application's login role (`app`); and eve, allergic to peanuts. Bind `_role` where this is
/// taken apart: the role dropped, its connection may read nothing.
struct CooksRecipes {
    cook: service::Actor,
    eve: service::Actor,
    open: Uuid,
    secret: Uuid,
    app: service::Db,
    _role: LoginRole,
}

async fn cooks_recipes(t: &TestDb) -> CooksRecipes {
    let cook = verified_user(t, "cook").await;
    let eve = verified_user(t, "eve").await;
    allergic(t, eve.id(), &[("Peanuts", Severity::Severe)]).await;
    let role = LoginRole::create(t, "eatsential_write").await;
    let app = role.connect(t).await;
    let pb_toast = vec![
        line(BREAD, "1", Unit::Piece),
        line(PEANUT_BUTTER, "20", Unit::G),
    ];
    let open = input("PB toast", pb_toast);
    let open = recipes::create(&app, cook, &open).await.unwrap().recipe.id;
    let mut secret = input("Toast", vec![line(BREAD, "1", Unit::Piece)]);
    secret.is_public = false;
    let secret = recipes::create(&app, cook, &secret).await.unwrap();
    let secret = secret.recipe.id;
    CooksRecipes {
        cook,
        eve,
        open,
        secret,
        app,
        _role: role,
    }
}

fn is_no_recipe<T>(result: Result<T, Error>) -> bool {
    matches!(
        result,
        Err(Error::NotFound {
            what: Subject::Recipe
        })
    )
}

async fn a_public_recipe_is_rated_not_changed_by_others_and_a_private_one_is_hidden(t: &TestDb) {
    let CooksRecipes {
        eve,
        open,
        secret,
        app,
        _role,
        ..
    } = cooks_recipes(t).await;
    recipes::rate(&app, eve, open, 4, Some("Good"))
        .await
        .unwrap();
    let seen = recipes::get(&app, eve, open).await.unwrap();
    assert_eq!(seen.recipe.rating_count, 1);
    assert!(is_no_recipe(recipes::get(&app, eve, secret).await));
    let mine = input("Mine", vec![line(BREAD, "1", Unit::Piece)]);
    assert!(is_no_recipe(recipes::update(&app, eve, open, &mine).await));
    app.close().await.unwrap();
}

async fn search_and_verdicts_see_the_acting_users_allergies(t: &TestDb) {
    let CooksRecipes {
        cook,
        eve,
        open,
        secret,
        app,
        _role,
        ..
    } = cooks_recipes(t).await;
    let page = recipes::search(&app, eve, &SearchQuery::default())
        .await
        .unwrap();
    let ids: Vec<Uuid> = page.recipes.iter().map(|r| r.id).collect();
    assert_eq!(ids, [open]);
    let own = recipes::search(&app, cook, &SearchQuery::default())
        .await
        .unwrap();
    assert_eq!(own.recipes.len(), 2);
    let only_safe = SearchQuery {
        only_safe: true,
        ..Default::default()
    };
    let safe = recipes::search(&app, eve, &only_safe).await.unwrap();
    assert!(
        safe.recipes.is_empty(),
        "her peanut allergy is seen under row security"
    );
    let verdict = safety::get_recipe_verdict(&app, eve, open).await.unwrap();
    assert!(!verdict.is_safe());
    assert!(is_no_recipe(
        safety::get_recipe_verdict(&app, eve, secret).await
    ));
    app.close().await.unwrap();
}

/// Reference data: read by the application, written by the admin only.
async fn ingredients_and_tags_are_read_not_written_by_the_application(t: &TestDb) {
    let CooksRecipes {
        eve, app, _role, ..
    } = cooks_recipes(t).await;
    let txn = acting(&app, Some(eve.id())).await;
    let ingredients = count(&txn, "SELECT COUNT(*) FROM ingredients", vec![]).await;
    assert_eq!(ingredients.unwrap(), 48);
    let refused = txn
        .execute_unprepared("UPDATE ingredients SET energy_kcal = 0")
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    assert!(
        matches!(
            service::Error::from(refused),
            service::Error::Forbidden(service::Forbidden::NotPermitted)
        ),
        "a refusal by row security is Forbidden, never Db"
    );
    txn.rollback().await.unwrap();
    let txn = acting(&app, Some(eve.id())).await;
    let refused = txn
        .execute_unprepared("DELETE FROM recipe_tags")
        .await
        .unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    txn.rollback().await.unwrap();
    app.close().await.unwrap();
}

/// A recipe's lines, steps and nutrition follow their recipe (`Conventions::part_of`): eve
/// reads those of the public recipe, not the private one's, and writes none of them; the cook
/// reads their private recipe's.
async fn a_recipes_parts_follow_their_recipe(t: &TestDb) {
    let CooksRecipes {
        cook,
        eve,
        open,
        secret,
        app,
        _role,
        ..
    } = cooks_recipes(t).await;
    let txn = acting(&app, Some(eve.id())).await;
    let lines = "SELECT COUNT(*) FROM recipe_ingredients WHERE recipe_id = $1";
    assert_eq!(count(&txn, lines, vec![open.into()]).await.unwrap(), 2);
    assert_eq!(count(&txn, lines, vec![secret.into()]).await.unwrap(), 0);
    let nutrition = "SELECT COUNT(*) FROM recipe_nutrition WHERE recipe_id = $1";
    assert_eq!(count(&txn, nutrition, vec![open.into()]).await.unwrap(), 1);
    let secrets = count(&txn, nutrition, vec![secret.into()]).await.unwrap();
    assert_eq!(secrets, 0);
    let delete = "DELETE FROM recipe_ingredients WHERE recipe_id = $1";
    let deleted = execute(&txn, delete, vec![open.into()]).await.unwrap();
    let deleted = deleted.rows_affected();
    assert_eq!(deleted, 0, "eve deletes none of cook's lines");
    let step = "INSERT INTO recipe_steps (recipe_id, step_number, instruction) \
                VALUES ($1, 99, 'Add salt')";
    let refused = execute(&txn, step, vec![open.into()]).await.unwrap_err();
    assert_eq!(sqlstate(&refused).as_deref(), Some("42501"), "{refused}");
    txn.rollback().await.unwrap();
    let txn = acting(&app, Some(cook.id())).await;
    assert_eq!(count(&txn, lines, vec![secret.into()]).await.unwrap(), 1);
    txn.rollback().await.unwrap();
    app.close().await.unwrap();
}

postgres_only!(
    a_public_recipe_is_rated_not_changed_by_others_and_a_private_one_is_hidden,
    search_and_verdicts_see_the_acting_users_allergies,
    ingredients_and_tags_are_read_not_written_by_the_application,
    a_recipes_parts_follow_their_recipe,
);
