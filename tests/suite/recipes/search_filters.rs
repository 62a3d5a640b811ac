//! The search's filters (tags, cuisine, difficulty, time, name, only what is safe for the
//! viewer), its order and page size, and the indexes the filters use.
use entity::types::{Difficulty, Unit};
use service::Error;
use service::recipes::{self, RecipeInput, SearchQuery};
use uuid::Uuid;

use super::{BREAD, PEANUT_BUTTER, TOMATO, allergic, bulk_recipes, input, line, names};
use crate::harness::{TestDb, insert_user};
use crate::query_plans::plan;

/// A public recipe (or not) of one tomato, with these filters' values.
fn recipe_of(
    name: &str,
    cuisine: &str,
    difficulty: Difficulty,
    prep: i32,
    tags: &[&str],
    public: bool,
) -> RecipeInput {
    let mut r = input(name, vec![line(TOMATO, "1", Unit::Piece)]);
    r.cuisine_type = Some(cuisine.into());
    r.difficulty = difficulty;
    r.prep_time_minutes = prep;
    r.tags = tags.iter().map(|t| (*t).to_owned()).collect();
    r.is_public = public;
    r
}

/// The cook's "Margherita Pizza", "Pad Thai" and "Caprese" (public) and "Private Pizza"; and
/// eve, who searches them: (cook, eve). Cook time is 20 in every one.
async fn four_recipes(t: &TestDb) -> (service::Actor, service::Actor) {
    use Difficulty::{Advanced, Beginner, Intermediate};
    let owner = insert_user(t, "cook", true).await;
    let viewer = insert_user(t, "eve", true).await;
    for r in [
        recipe_of(
            "Margherita Pizza",
            "Italian",
            Intermediate,
            30,
            &["vegetarian", "baked"],
            true,
        ),
        recipe_of("Pad Thai", "thai", Advanced, 20, &["quick"], true),
        recipe_of(
            "Caprese",
            "italian",
            Beginner,
            5,
            &["vegetarian", "no-cook", "quick"],
            true,
        ),
        recipe_of(
            "Private Pizza",
            "italian",
            Beginner,
            5,
            &["vegetarian"],
            false,
        ),
    ] {
        recipes::create(&t.db, owner, &r).await.unwrap();
    }
    (owner, viewer)
}

/// The names `viewer` finds with `q`, sorted.
async fn found(t: &TestDb, viewer: service::Actor, q: SearchQuery) -> Vec<String> {
    let page = recipes::search(&t.db, viewer, &q).await.unwrap();
    let mut n = names(&page).await;
    n.sort();
    n
}

async fn every_public_recipe_is_found_without_a_filter(t: &TestDb) {
    let (_, viewer) = four_recipes(t).await;
    assert_eq!(
        found(t, viewer, SearchQuery::default()).await,
        ["Caprese", "Margherita Pizza", "Pad Thai"]
    );
}

async fn tags_cuisine_and_difficulty_filter_whatever_their_case(t: &TestDb) {
    let (_, viewer) = four_recipes(t).await;
    let tags = SearchQuery {
        tags: vec!["Vegetarian".into(), "quick".into()],
        ..Default::default()
    };
    assert_eq!(found(t, viewer, tags).await, ["Caprese"]);
    let cuisine = SearchQuery {
        cuisine: Some("ITALIAN".into()),
        ..Default::default()
    };
    assert_eq!(
        found(t, viewer, cuisine).await,
        ["Caprese", "Margherita Pizza"]
    );
    let difficulty = SearchQuery {
        difficulty: Some(Difficulty::Advanced),
        ..Default::default()
    };
    assert_eq!(found(t, viewer, difficulty).await, ["Pad Thai"]);
}

/// The total time and a part of the name filter; a `%` in the name is a character, not a
/// wildcard.
async fn total_time_and_name_filter(t: &TestDb) {
    let (_, viewer) = four_recipes(t).await;
    // Cook time is 20 in every one: total 25, 40, 50.
    let quick = SearchQuery {
        max_total_minutes: Some(40),
        ..Default::default()
    };
    assert_eq!(found(t, viewer, quick).await, ["Caprese", "Pad Thai"]);
    let pizza = SearchQuery {
        name_contains: Some("PIZZA".into()),
        ..Default::default()
    };
    assert_eq!(found(t, viewer, pizza).await, ["Margherita Pizza"]);
    let percent = SearchQuery {
        name_contains: Some("%".into()),
        ..Default::default()
    };
    assert_eq!(found(t, viewer, percent).await, Vec::<String>::new());
}

async fn the_owner_finds_their_private_recipe_too(t: &TestDb) {
    let (owner, _) = four_recipes(t).await;
    let italian = SearchQuery {
        cuisine: Some("italian".into()),
        ..Default::default()
    };
    let own = recipes::search(&t.db, owner, &italian).await.unwrap();
    assert_eq!(own.recipes.len(), 3);
}

/// Best rated first, unrated last; a page holds at most 100.
async fn the_best_rated_comes_first_in_pages_of_at_most_100(t: &TestDb) {
    let (_, viewer) = four_recipes(t).await;
    let pad_thai = SearchQuery {
        difficulty: Some(Difficulty::Advanced),
        ..Default::default()
    };
    let pad = recipes::search(&t.db, viewer, &pad_thai).await.unwrap();
    let pad: Uuid = pad.recipes[0].id;
    recipes::rate(&t.db, viewer, pad, 5, None).await.unwrap();
    let first = recipes::search(&t.db, viewer, &SearchQuery::default())
        .await
        .unwrap();
    assert_eq!(first.recipes[0].name, "Pad Thai");
    assert!(matches!(
        recipes::search(&t.db, viewer, &SearchQuery { limit: 101, ..Default::default() }).await,
        Err(Error::Validation { ref field, .. }) if field == "limit"
    ));
}

async fn search_only_safe(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let viewer = crate::harness::verified_user(t, "eve").await;
    allergic(
        t,
        viewer.id(),
        &[
            ("Peanuts", entity::types::Severity::Severe),
            ("Wheat", entity::types::Severity::Mild),
        ],
    )
    .await;
    for (name, lines) in [
        (
            "PB toast",
            vec![
                line(BREAD, "1", Unit::Piece),
                line(PEANUT_BUTTER, "20", Unit::G),
            ],
        ),
        ("Toast", vec![line(BREAD, "1", Unit::Piece)]),
        ("Salad", vec![line(TOMATO, "1", Unit::Piece)]),
    ] {
        recipes::create(&t.db, owner, &input(name, lines))
            .await
            .unwrap();
    }
    let page = recipes::search(
        &t.db,
        viewer,
        &SearchQuery {
            only_safe: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut n = names(&page).await;
    n.sort();
    assert_eq!(n, ["Salad", "Toast"], "a mild allergy does not exclude");
    let everyone = recipes::search(
        &t.db,
        owner,
        &SearchQuery {
            only_safe: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        everyone.recipes.len(),
        3,
        "no allergies: everything is safe"
    );
}

/// PostgreSQL's index of the public recipes' search keys (`recipe_facets`).
const FACETS_INDEX: &str = "idx_recipe_facets_facets";

async fn search_filters_use_indexes(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    bulk_recipes(t, owner.id(), 200).await;
    if t.is_pg() {
        t.exec("ANALYZE", vec![]).await.unwrap();
    }
    let viewer = Uuid::new_v4();
    let of = |q: SearchQuery| recipes::search_statement(t.backend, viewer, &q).unwrap();
    if t.is_pg() {
        let found = plan(
            t,
            of(SearchQuery {
                tags: vec!["quick".into()],
                ..Default::default()
            }),
        )
        .await;
        assert!(found.contains(FACETS_INDEX), "{found}");
    }
    for (query, index) in [
        (
            SearchQuery {
                cuisine: Some("thai".into()),
                ..Default::default()
            },
            "idx_recipes_cuisine_type",
        ),
        (
            SearchQuery {
                difficulty: Some(Difficulty::Advanced),
                ..Default::default()
            },
            "idx_recipes_difficulty",
        ),
        (
            SearchQuery {
                max_total_minutes: Some(12),
                ..Default::default()
            },
            "idx_recipes_total_time",
        ),
    ] {
        let found = plan(t, of(query)).await;
        // PostgreSQL may also find them through the facets' GIN index (migration 23: the one
        // index that combines filters under row-level security), whichever it prices lower.
        let index = if t.is_pg() && found.contains(FACETS_INDEX) {
            FACETS_INDEX
        } else {
            index
        };
        // SQLite serves a range filter by reading the page in rank order and stopping at the
        // page size (its planner's choice with a LIMIT): an index either way, never a scan of
        // the table.
        let ranged = !t.is_pg() && index == "idx_recipes_total_time";
        assert!(
            found.contains(index) || (ranged && found.contains("USING INDEX idx_recipes_rank")),
            "{index}: {found}"
        );
        let table_scan = found.contains("Seq Scan") || found.lines().any(|l| l.trim() == "SCAN r");
        assert!(!table_scan, "{found}");
    }
    // No filter: the page is read in index order, not sorted.
    let found = plan(t, of(SearchQuery::default())).await;
    assert!(found.contains("idx_recipes_rank"), "{found}");
}

dual!(
    every_public_recipe_is_found_without_a_filter,
    tags_cuisine_and_difficulty_filter_whatever_their_case,
    total_time_and_name_filter,
    the_owner_finds_their_private_recipe_too,
    the_best_rated_comes_first_in_pages_of_at_most_100,
    search_only_safe,
    search_filters_use_indexes,
);
