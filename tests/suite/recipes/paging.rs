//! The search's pages: keyset pages have no gaps or repeats while recipes are added between
//! them, and a page is one statement whatever the catalogue's size.
use rust_decimal::Decimal;
use service::recipes::{self, Cursor, SearchQuery};
use uuid::Uuid;

use super::{allergic, bulk_recipes};
use crate::harness::{TestDb, insert_user};

async fn keyset_pages_have_no_gaps_or_repeats(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let viewer = insert_user(t, "eve", true).await;
    bulk_recipes(t, owner.id(), 30).await;
    // Ratings with ties: 0 to 5 by steps of one, unrated for every fifth.
    t.exec(
        "UPDATE recipes SET rating = CAST(prep_time_minutes % 6 AS INTEGER) \
         WHERE prep_time_minutes % 5 <> 0",
        vec![],
    )
    .await
    .unwrap();
    let before: std::collections::BTreeSet<Uuid> = t
        .query("SELECT id FROM recipes", vec![])
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let mut seen = Vec::new();
    let mut after: Option<Cursor> = None;
    let mut pages = 0;
    loop {
        let page = recipes::search(
            &t.db,
            viewer,
            &SearchQuery {
                limit: 7,
                after,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        seen.extend(
            page.recipes
                .iter()
                .map(|r| (r.rating.map(|x| x.value()), r.id)),
        );
        pages += 1;
        // Between pages, someone adds recipes: best rated, unrated and in between.
        t.exec(
            "INSERT INTO recipes (user_id, name, prep_time_minutes, cook_time_minutes, is_public, rating) \
             VALUES ($1, 'New', 1, 1, true, 5), ($1, 'New', 1, 1, true, NULL), ($1, 'New', 1, 1, true, 2.5)",
            vec![owner.into()],
        )
        .await
        .unwrap();
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
        assert!(pages < 100, "paging does not end");
    }
    let ids: Vec<Uuid> = seen.iter().map(|s| s.1).collect();
    let unique: std::collections::BTreeSet<Uuid> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a recipe came twice");
    assert!(before.is_subset(&unique), "a recipe was skipped");
    // In order: rating descending (unrated last), then id.
    let key = |(rating, id): &(Option<Decimal>, Uuid)| {
        (
            std::cmp::Reverse(rating.unwrap_or(Decimal::NEGATIVE_ONE)),
            *id,
        )
    };
    assert!(
        seen.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "out of order"
    );
}

async fn search_is_one_statement_per_page_whatever_the_size(t: &TestDb) {
    let owner = insert_user(t, "cook", true).await;
    let viewer = crate::harness::verified_user(t, "eve").await;
    allergic(
        t,
        viewer.id(),
        &[("Peanuts", entity::types::Severity::Severe)],
    )
    .await;
    let query = SearchQuery {
        tags: vec!["quick".into()],
        cuisine: None,
        max_total_minutes: Some(1000),
        name_contains: Some("bulk".into()),
        only_safe: true,
        limit: 50,
        ..Default::default()
    };
    let mut counts = Vec::new();
    for n in [10, 990] {
        bulk_recipes(t, owner.id(), n).await;
        let tags = if t.is_pg() {
            "'{quick}'"
        } else {
            "'[\"quick\"]'"
        };
        t.exec(&format!("UPDATE recipes SET tags = {tags}"), vec![])
            .await
            .unwrap();
        let start = t.statement_count();
        let page = recipes::search(&t.db, viewer, &query).await.unwrap();
        counts.push(t.statement_count() - start);
        assert_eq!(page.recipes.len(), if n == 10 { 10 } else { 50 });
    }
    assert_eq!(counts, [1, 1], "statements for 10 and for 1,000 recipes");
}

dual!(
    keyset_pages_have_no_gaps_or_repeats,
    search_is_one_statement_per_page_whatever_the_size,
);
