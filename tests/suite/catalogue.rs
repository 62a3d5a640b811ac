//! The reference catalogues through the service: listed in order, ingredients searched by part
//! of a name (in any case, `%` and `_` as text), category and allergen, one page at a time.
use entity::types::IngredientCategory;
use service::Error;
use service::catalogue::{self, IngredientQuery};

use crate::harness::{TestDb, allergen_id};

fn names<T>(rows: &[T], name: impl Fn(&T) -> &str) -> Vec<String> {
    rows.iter().map(|r| name(r).to_owned()).collect()
}

async fn reference_lists_come_sorted(t: &TestDb) {
    let allergens = catalogue::list_allergens(&t.db).await.unwrap();
    assert!(allergens.iter().any(|a| a.name == "Peanuts"));
    let listed = names(&allergens, |a| &a.name);
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    assert!(
        !catalogue::list_medical_conditions(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !catalogue::list_dietary_restrictions(&t.db)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(!catalogue::list_tags(&t.db).await.unwrap().is_empty());
}

async fn ingredients_are_searched_and_paged(t: &TestDb) {
    let by_name = catalogue::list_ingredients(
        &t.db,
        &IngredientQuery {
            name: Some("  PASTA ".into()),
            ..IngredientQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        names(&by_name, |i| &i.name),
        ["Dried durum wheat pasta", "Fresh egg pasta"]
    );
    let percent = catalogue::list_ingredients(
        &t.db,
        &IngredientQuery {
            name: Some("%".into()),
            ..IngredientQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(names(&percent, |i| &i.name), ["Ground beef (85% lean)"]);

    let peanuts = allergen_id(t, "Peanuts").await;
    let nuts = catalogue::list_ingredients(
        &t.db,
        &IngredientQuery {
            category: Some(IngredientCategory::NutSeed),
            allergen: Some(peanuts),
            ..IngredientQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(names(&nuts, |i| &i.name), ["Smooth peanut butter"]);

    let first = catalogue::list_ingredients(
        &t.db,
        &IngredientQuery {
            limit: Some(2),
            ..IngredientQuery::default()
        },
    )
    .await
    .unwrap();
    let next = catalogue::list_ingredients(
        &t.db,
        &IngredientQuery {
            limit: Some(2),
            after: first.last().map(|i| i.name.clone()),
            ..IngredientQuery::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        names(&first, |i| &i.name),
        ["All-purpose wheat flour", "Almonds"]
    );
    assert_eq!(names(&next, |i| &i.name), ["Apple", "Avocado"]);

    for (query, field) in [
        (
            IngredientQuery {
                limit: Some(0),
                ..IngredientQuery::default()
            },
            "limit",
        ),
        (
            IngredientQuery {
                name: Some("a\0b".into()),
                ..IngredientQuery::default()
            },
            "name",
        ),
    ] {
        match catalogue::list_ingredients(&t.db, &query).await {
            Err(Error::Validation { field: f, .. }) if f == field => {}
            other => panic!("expected {field} refused, got {other:?}"),
        }
    }
}

dual!(
    reference_lists_come_sorted,
    ingredients_are_searched_and_paged
);
