//! A meal's ingredient lines: replaced as a whole, each refused naming its field, held to
//! their table's rules, and deleted with their meal.
use entity::types::Unit;
use service::restaurants::{self, MealIngredientInput};
use service::{Error, Subject};
use uuid::Uuid;

use super::{east, meal, restaurant};
use crate::harness::{TestDb, assert_refused};
use crate::recipes::{BREAD, OLIVE_OIL, TOMATO, ing};

/// A dish of bread and tomato, 100 g each, at "Here".
async fn dish(t: &TestDb) -> Uuid {
    let here = restaurant(t, "Here", east(0.2)).await;
    meal(t, here, "Dish", 300, "5.00", &[BREAD, TOMATO]).await
}

/// `quantity` grams of the catalogue's ingredient `n`.
fn grams(n: u128, quantity: &str) -> MealIngredientInput {
    MealIngredientInput {
        ingredient_id: ing(n),
        quantity: quantity.parse().unwrap(),
        unit: Unit::G,
    }
}

async fn lines_of(t: &TestDb, dish: Uuid) -> i64 {
    let sql = "SELECT COUNT(*) FROM meal_ingredients WHERE meal_id = $1";
    t.count(sql, vec![dish.into()]).await
}

async fn a_meals_lines_are_replaced_as_a_whole_or_not_at_all(t: &TestDb) {
    let dish = dish(t).await;
    assert_eq!(lines_of(t, dish).await, 2);
    restaurants::replace_meal_ingredients(&t.db, dish, &[grams(OLIVE_OIL, "5")])
        .await
        .unwrap();
    assert_eq!(lines_of(t, dish).await, 1);
    for (lines, field) in [
        (
            vec![grams(TOMATO, "1"), grams(BREAD, "0")],
            "ingredients[1].quantity",
        ),
        (
            vec![grams(TOMATO, "1"), grams(TOMATO, "2")],
            "ingredients[1].ingredient_id",
        ),
        (
            vec![MealIngredientInput {
                ingredient_id: Uuid::new_v4(),
                ..grams(TOMATO, "1")
            }],
            "ingredients[0].ingredient_id",
        ),
    ] {
        match restaurants::replace_meal_ingredients(&t.db, dish, &lines).await {
            Err(Error::Validation { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let refused = "a refused list changes nothing";
    assert_eq!(lines_of(t, dish).await, 1, "{refused}");
    let unknown = [grams(TOMATO, "1")];
    assert!(matches!(
        restaurants::replace_meal_ingredients(&t.db, Uuid::new_v4(), &unknown).await,
        Err(Error::NotFound {
            what: Subject::Meal
        })
    ));
    restaurants::replace_meal_ingredients(&t.db, dish, &[])
        .await
        .unwrap();
    assert_eq!(lines_of(t, dish).await, 0);
}

async fn meal_ingredient_rules_refuse_bad_rows(t: &TestDb) {
    let dish = dish(t).await;
    // An ingredient still listed by a meal cannot be deleted (a meal would look safer).
    let delete = "DELETE FROM ingredients WHERE id = $1";
    let fk = "fk_meal_ingredients_ingredient";
    assert_refused(t, fk, delete, vec![ing(TOMATO).into()]).await;
    let insert = |rest: &str| {
        format!("INSERT INTO meal_ingredients (meal_id, ingredient_id, quantity, unit) {rest}")
    };
    for (rule, values, meal, ingredient) in [
        (
            "chk_meal_ingredients_unit",
            "VALUES ($1, $2, 1, 'bushel')",
            dish,
            OLIVE_OIL,
        ),
        (
            "chk_meal_ingredients_quantity",
            "VALUES ($1, $2, 0, 'g')",
            dish,
            OLIVE_OIL,
        ),
        (
            "meal_ingredients_pkey",
            "VALUES ($1, $2, 1, 'g')",
            dish,
            TOMATO,
        ),
        (
            "fk_meal_ingredients_meal",
            "VALUES ($1, $2, 1, 'g')",
            Uuid::new_v4(),
            TOMATO,
        ),
    ] {
        let values_of = vec![meal.into(), ing(ingredient).into()];
        assert_refused(t, rule, &insert(values), values_of).await;
    }
}

/// Deleting the meal deletes its lines.
async fn a_meals_lines_go_with_it(t: &TestDb) {
    let dish = dish(t).await;
    t.exec("DELETE FROM meals WHERE id = $1", vec![dish.into()])
        .await
        .unwrap();
    assert_eq!(lines_of(t, dish).await, 0);
}

dual!(
    a_meals_lines_are_replaced_as_a_whole_or_not_at_all,
    meal_ingredient_rules_refuse_bad_rows,
    a_meals_lines_go_with_it,
);
