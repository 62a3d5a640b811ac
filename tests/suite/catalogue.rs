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

/// The names of the ingredients `query` finds, in the order listed.
async fn ingredient_names(t: &TestDb, query: IngredientQuery) -> Vec<String> {
    let found = catalogue::list_ingredients(&t.db, &query).await.unwrap();
    names(&found, |i| &i.name)
}

/// A name is searched by part, trimmed and in any case, with `%` as text.
async fn ingredients_are_found_by_part_of_their_name(t: &TestDb) {
    let pasta = IngredientQuery {
        name: Some("  PASTA ".into()),
        ..IngredientQuery::default()
    };
    assert_eq!(
        ingredient_names(t, pasta).await,
        ["Dried durum wheat pasta", "Fresh egg pasta"]
    );
    let percent = IngredientQuery {
        name: Some("%".into()),
        ..IngredientQuery::default()
    };
    assert_eq!(
        ingredient_names(t, percent).await,
        ["Ground beef (85% lean)"]
    );
}

async fn ingredients_are_found_by_category_and_allergen(t: &TestDb) {
    let peanuts = allergen_id(t, "Peanuts").await;
    let nuts = IngredientQuery {
        category: Some(IngredientCategory::NutSeed),
        allergen: Some(peanuts),
        ..IngredientQuery::default()
    };
    assert_eq!(ingredient_names(t, nuts).await, ["Smooth peanut butter"]);
}

/// A page ends at its limit; the next starts after the last name of the one before.
async fn ingredients_come_one_page_at_a_time(t: &TestDb) {
    let page = |after: Option<&String>| IngredientQuery {
        limit: Some(2),
        after: after.cloned(),
        ..IngredientQuery::default()
    };
    let first = ingredient_names(t, page(None)).await;
    let next = ingredient_names(t, page(first.last())).await;
    assert_eq!(first, ["All-purpose wheat flour", "Almonds"]);
    assert_eq!(next, ["Apple", "Avocado"]);
}

async fn an_invalid_ingredient_query_names_its_field(t: &TestDb) {
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
    ingredients_are_found_by_part_of_their_name,
    ingredients_are_found_by_category_and_allergen,
    ingredients_come_one_page_at_a_time,
    an_invalid_ingredient_query_names_its_field,
);
