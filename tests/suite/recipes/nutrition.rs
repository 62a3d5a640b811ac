//! A recipe's nutrition against values computed by hand, per serving as the servings change;
//! a line whose weight is unknown is refused; scaling is exact and stores nothing.
use entity::types::Unit;
use rust_decimal::Decimal;
use service::Error;
use service::recipes::{self, RecipeInput};

use super::{BUTTER, EGG, FLOUR, MILK, OLIVE_OIL, SPINACH, SUGAR, TOMATO, d, input, line};
use crate::harness::{TestDb, insert_user};

/// Pancakes for 4, with three tags of which two are the same once made a slug.
///
/// 1 cup flour = 240 ml x 0.53 g/ml = 127.2 g; 300 ml milk x 1.03 = 309 g; 2 eggs x 50 g;
/// 2 tbsp butter = 29.5735295625 ml x 0.911 = 26.9414854314375 g; 1 oz sugar =
/// 28.349523125 g. Energy: 463.008 + 188.49 + 143 + 193.170450543406875 +
/// 109.71265449375 = 1097.381105037156875 kcal, / 4 servings = 274.345... -> 274.35.
fn pancakes() -> RecipeInput {
    let mut pancakes = input(
        "Pancakes",
        vec![
            line(FLOUR, "1", Unit::Cup),
            line(MILK, "300", Unit::Ml),
            line(EGG, "2", Unit::Piece),
            line(BUTTER, "2", Unit::Tbsp),
            line(SUGAR, "1", Unit::Oz),
        ],
    );
    pancakes.tags = vec![
        "Breakfast".into(),
        " Quick & Easy ".into(),
        "breakfast".into(),
    ];
    pancakes
}

async fn nutrition_matches_hand_computed_values(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let made = recipes::create(&t.db, owner, &pancakes()).await.unwrap();
    let n = made.nutrition.clone().unwrap();
    let got = [
        n.energy_kcal,
        n.protein_g,
        n.carbs_g,
        n.fat_g,
        n.fiber_g,
        n.sugar_g,
        n.sodium_mg,
    ]
    .map(|v| v.value());
    let want = ["274.35", "8.92", "35.24", "10.66", "0.86", "11.16", "70.17"].map(d);
    assert_eq!(got, want);
    assert_eq!(
        made.recipe.calories_per_serving.unwrap().value(),
        d("274.35")
    );
    assert_eq!(made.recipe.tags.items(), ["breakfast", "quick-easy"]);
    assert_eq!(made.ingredients.len(), 5);
    assert_eq!(made.ingredients[3].unit, Unit::Tbsp);
    assert_eq!(made.ingredients[3].position, 4);
    // What was stored reads back the same.
    let stored = recipes::get(&t.db, owner, made.recipe.id).await.unwrap();
    assert_eq!(stored, made);
}

/// Twice the servings: half per serving, in the recipe's one nutrition row.
async fn twice_the_servings_halve_the_nutrition_per_serving(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let made = recipes::create(&t.db, owner, &pancakes()).await.unwrap();
    let mut eight = pancakes();
    eight.servings = 8;
    let updated = recipes::update(&t.db, owner, made.recipe.id, &eight)
        .await
        .unwrap();
    assert_eq!(updated.nutrition.unwrap().energy_kcal.value(), d("137.17"));
    assert_eq!(
        t.count("SELECT COUNT(*) FROM recipe_nutrition", vec![])
            .await,
        1
    );
}

async fn a_line_without_a_known_weight_is_refused_naming_it(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    // A cup of spinach: no density known.
    let mut bad = input(
        "Green",
        vec![
            line(TOMATO, "1", Unit::Piece),
            line(SPINACH, "1", Unit::Cup),
        ],
    );
    let error = recipes::create(&t.db, owner, &bad).await.unwrap_err();
    assert!(
        matches!(&error, Error::Validation { field, reason }
            if field == "ingredients[1].unit" && reason.contains("Spinach")),
        "{error:?}"
    );
    // In grams it is fine.
    bad.ingredients[1].unit = Unit::G;
    bad.ingredients[1].quantity = d("30");
    recipes::create(&t.db, owner, &bad).await.unwrap();
    // An olive oil "piece" has no weight either.
    let oil = input("Oil", vec![line(OLIVE_OIL, "1", Unit::Piece)]);
    assert!(matches!(
        recipes::create(&t.db, owner, &oil).await,
        Err(Error::Validation { field, .. }) if field == "ingredients[0].unit"
    ));
}

async fn scaling_is_exact_and_stores_nothing(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let made = recipes::create(
        &t.db,
        owner,
        &input(
            "Pancakes",
            vec![
                line(FLOUR, "250", Unit::G),
                line(EGG, "3", Unit::Piece),
                line(MILK, "0.125", Unit::L),
            ],
        ),
    )
    .await
    .unwrap();
    let six = recipes::scale(&t.db, owner, made.recipe.id, 6)
        .await
        .unwrap();
    let q: Vec<Decimal> = six.iter().map(|l| l.quantity).collect();
    assert_eq!(q, [d("375"), d("4.5"), d("0.1875")]);
    let one = recipes::scale(&t.db, owner, made.recipe.id, 1)
        .await
        .unwrap();
    assert_eq!(one[0].quantity, d("62.5"));
    assert_eq!(one[2].unit, Unit::L);
    assert!(matches!(
        recipes::scale(&t.db, owner, made.recipe.id, 0).await,
        Err(Error::Validation { ref field, .. }) if field == "servings"
    ));
    let stored = recipes::get(&t.db, owner, made.recipe.id).await.unwrap();
    assert_eq!(stored, made);
}

dual!(
    nutrition_matches_hand_computed_values,
    twice_the_servings_halve_the_nutrition_per_serving,
    a_line_without_a_known_weight_is_refused_naming_it,
    scaling_is_exact_and_stores_nothing,
);
