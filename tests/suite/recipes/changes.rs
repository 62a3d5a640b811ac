//! Changing recipes: a bad field is refused naming it, and only the owner changes or deletes
//! a recipe; another user reads and rates a public one only.
use entity::types::Unit;
use service::recipes::{self, RecipeInput, StepInput};
use service::{Error, Subject};
use uuid::Uuid;

use super::{BREAD, BUTTER, EGG, d, ing, input, line};
use crate::harness::{TestDb, insert_user};

/// A change that spoils one field of a recipe.
type Change = Box<dyn Fn(&mut RecipeInput)>;

async fn validation_names_the_field(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let base = input(
        "Toast",
        vec![line(BREAD, "2", Unit::Piece), line(BUTTER, "10", Unit::G)],
    );
    let cases: Vec<(&str, Change)> = vec![
        ("name", Box::new(|r| r.name = "  ".into())),
        ("servings", Box::new(|r| r.servings = 0)),
        ("prep_time_minutes", Box::new(|r| r.prep_time_minutes = -5)),
        ("ingredients", Box::new(|r| r.ingredients.clear())),
        (
            "ingredients[1].quantity",
            Box::new(|r| r.ingredients[1].quantity = d("0")),
        ),
        (
            "ingredients[1].quantity",
            Box::new(|r| r.ingredients[1].quantity = d("1.0001")),
        ),
        (
            "ingredients[1].ingredient_id",
            Box::new(|r| r.ingredients[1].ingredient_id = Uuid::new_v4()),
        ),
        (
            "ingredients[0].note",
            Box::new(|r| r.ingredients[0].note = Some("a\0b".into())),
        ),
        (
            "steps[0].instruction",
            Box::new(|r| r.steps[0].instruction = " ".into()),
        ),
        (
            "tags[1]",
            Box::new(|r| r.tags = vec!["ok".into(), "!!".into()]),
        ),
        (
            "cost_estimate",
            Box::new(|r| r.cost_estimate = Some(d("-1"))),
        ),
        (
            "source_url",
            Box::new(|r| r.source_url = Some("ftp://x".into())),
        ),
    ];
    for (field, change) in cases {
        let mut bad = base.clone();
        change(&mut bad);
        match recipes::create(&t.db, owner, &bad).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(t.count("SELECT COUNT(*) FROM recipes", vec![]).await, 0);
    assert!(matches!(
        recipes::create(&t.db, service::Actor::new(Uuid::new_v4()), &base).await,
        Err(Error::NotFound { .. })
    ));
}

/// The cook's private "Secret" (`secret`, made from `private`) and public "Open" (`open`);
/// and eve (`other`), who owns neither.
struct SecretAndOpen {
    owner: service::Actor,
    other: service::Actor,
    private: RecipeInput,
    secret: Uuid,
    open: Uuid,
}

async fn secret_and_open(t: &TestDb) -> SecretAndOpen {
    let owner = insert_user(t, "cook", true).await;
    let other = insert_user(t, "eve", true).await;
    let mut private = input("Secret", vec![line(BREAD, "1", Unit::Piece)]);
    private.is_public = false;
    let secret = recipes::create(&t.db, owner, &private).await.unwrap();
    let open = input("Open", vec![line(BREAD, "1", Unit::Piece)]);
    let open = recipes::create(&t.db, owner, &open).await.unwrap();
    SecretAndOpen {
        owner,
        other,
        private,
        secret: secret.recipe.id,
        open: open.recipe.id,
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

async fn another_user_neither_changes_nor_deletes_a_recipe(t: &TestDb) {
    let r = secret_and_open(t).await;
    for id in [r.secret, r.open] {
        let update = recipes::update(&t.db, r.other, id, &r.private).await;
        assert!(is_no_recipe(update));
        assert!(is_no_recipe(recipes::delete(&t.db, r.other, id).await));
    }
}

async fn another_user_reads_and_rates_a_public_recipe_only(t: &TestDb) {
    let r = secret_and_open(t).await;
    assert!(is_no_recipe(recipes::get(&t.db, r.other, r.secret).await));
    let rated = recipes::rate(&t.db, r.other, r.secret, 5, None).await;
    assert!(is_no_recipe(rated));
    let open = recipes::get(&t.db, r.other, r.open).await.unwrap();
    assert_eq!(open.recipe.name, "Open");
    recipes::rate(&t.db, r.other, r.open, 4, Some("Nice"))
        .await
        .unwrap();
}

/// The owner replaces ingredients and steps as a whole (the ratings stay), and deletes.
async fn the_owner_replaces_lines_and_steps_as_a_whole_and_deletes(t: &TestDb) {
    let r = secret_and_open(t).await;
    recipes::rate(&t.db, r.other, r.open, 4, Some("Nice"))
        .await
        .unwrap();
    let mut changed = input("Open", vec![line(EGG, "3", Unit::Piece)]);
    changed.steps = vec![
        StepInput {
            instruction: "Crack.".into(),
            duration_minutes: None,
        },
        StepInput {
            instruction: "Whisk.".into(),
            duration_minutes: Some(1),
        },
    ];
    let after = recipes::update(&t.db, r.owner, r.open, &changed)
        .await
        .unwrap();
    assert_eq!(after.ingredients.len(), 1);
    assert_eq!(after.ingredients[0].ingredient_id, ing(EGG));
    let steps: Vec<_> = after.steps.iter().map(|s| s.step_number).collect();
    assert_eq!(steps, [1, 2]);
    assert_eq!(after.recipe.rating_count, 1, "ratings survive an update");
    recipes::delete(&t.db, r.owner, r.open).await.unwrap();
    assert!(matches!(
        recipes::get(&t.db, r.owner, r.open).await,
        Err(Error::NotFound { .. })
    ));
}

dual!(
    validation_names_the_field,
    another_user_neither_changes_nor_deletes_a_recipe,
    another_user_reads_and_rates_a_public_recipe_only,
    the_owner_replaces_lines_and_steps_as_a_whole_and_deletes,
);
