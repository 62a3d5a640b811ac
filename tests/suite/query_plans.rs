//! The indexes the hot lookups rely on are the ones the planner picks, on both backends.
//! PostgreSQL runs with `enable_seqscan = off` so that a tiny test table does not make a scan
//! look cheaper: the question is whether the index can serve the query at all.
use entity::types::TextList;
use entity::{allergens, user_allergies, users};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryTrait, Statement, TransactionTrait,
};

use service::recipes::{self, SearchQuery};

use crate::harness::TestDb;

/// The plan of `query` (PostgreSQL with `enable_seqscan = off`: a test table is small enough
/// for a scan to look cheaper than any index; the question is whether an index can serve it).
pub async fn plan(t: &TestDb, query: Statement) -> String {
    let txn = t.db.begin().await.unwrap();
    let prefix = if t.is_pg() {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
        "EXPLAIN "
    } else {
        "EXPLAIN QUERY PLAN "
    };
    let explain = Statement {
        sql: format!("{prefix}{}", query.sql),
        ..query
    };
    let rows = txn.query_all_raw(explain).await.unwrap();
    let column = if t.is_pg() { "QUERY PLAN" } else { "detail" };
    let lines: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", column).unwrap())
        .collect();
    txn.rollback().await.unwrap();
    lines.join("\n")
}

async fn lookups_use_their_indexes(t: &TestDb) {
    let by_email = users::Entity::find()
        .filter(Expr::expr(Func::lower(Expr::col(users::Column::Email))).eq("bob@example.com"))
        .filter(users::Column::DeletedAt.is_null())
        .build(t.backend);
    let found = plan(t, by_email).await;
    assert!(found.contains("uq_users_email_active"), "{found}");

    let allergies = user_allergies::Entity::find()
        .filter(user_allergies::Column::UserId.eq(uuid::Uuid::new_v4()))
        .find_also_related(allergens::Entity)
        .build(t.backend);
    let found = plan(t, allergies).await;
    assert!(
        found.contains("uq_user_allergen") || found.contains("idx_user_allergies_lookup"),
        "{found}"
    );

    if t.is_pg() {
        let by_food = allergens::Entity::find()
            .filter(TextList::contains(
                t.backend,
                allergens::Column::CommonFoods,
                "Pasta",
            ))
            .build(t.backend);
        let found = plan(t, by_food).await;
        assert!(
            found.contains("idx_allergens_common_foods"),
            "the GIN index serves contains: {found}"
        );
    }
}

dual!(lookups_use_their_indexes);

/// For each plan node that reads `index`: the rows it returned and the rows it went through
/// (returned plus removed by its filter), from `EXPLAIN ANALYZE` output.
fn rows_read_through(plan: &str, index: &str) -> Vec<(u64, u64)> {
    let lines: Vec<&str> = plan.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.contains(&format!("using {index} ")) {
            continue;
        }
        let returned = line
            .split("(actual ")
            .nth(1)
            .and_then(|a| a.split("rows=").nth(1))
            .and_then(|r| r.split_whitespace().next())
            .and_then(|r| r.parse::<u64>().ok())
            .unwrap_or(0);
        // The node's own detail lines follow it, up to the next node.
        let removed: u64 = lines[i + 1..]
            .iter()
            .take_while(|l| !l.contains("->"))
            .filter_map(|l| l.trim().strip_prefix("Rows Removed by Filter: "))
            .filter_map(|n| n.trim().parse::<u64>().ok())
            .sum();
        out.push((returned, returned + removed));
    }
    out
}

/// 1,200 recipes of `owner`, one in ten private: odd ones `italian`, even ones `nordic` and
/// tagged `spicy` (so no recipe is both, though each is common: a planner multiplying shares
/// expects a quarter of the catalogue to be both), all tagged `quick` and one in 100 `smoked`;
/// 10 to 69 minutes; ratings 1 to 5 with one in seven unrated (many ties, so the id decides).
async fn catalogue_of_1200(t: &TestDb, owner: uuid::Uuid) {
    let tags = if t.is_pg() {
        "CAST(CASE WHEN i % 100 = 0 THEN '{quick,smoked,spicy}' \
                   WHEN i % 2 = 0 THEN '{quick,spicy}' ELSE '{quick}' END AS text[])"
    } else {
        "CASE WHEN i % 100 = 0 THEN '[\"quick\",\"smoked\",\"spicy\"]' \
              WHEN i % 2 = 0 THEN '[\"quick\",\"spicy\"]' ELSE '[\"quick\"]' END"
    };
    t.exec(
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) \
             INSERT INTO recipes (user_id, name, prep_time_minutes, cook_time_minutes, \
                                  is_public, cuisine_type, tags, rating, difficulty_level) \
             SELECT $1, 'Bulk ' || i, i % 60, 10, i % 10 <> 3, \
                    CASE WHEN i % 2 = 0 THEN 'nordic' ELSE 'italian' END, {tags}, \
                    CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 5) + 1 END, \
                    CASE WHEN i % 3 = 0 THEN 'beginner' ELSE 'advanced' END FROM n"
        ),
        vec![owner.into()],
    )
    .await
    .unwrap();
    t.exec("ANALYZE", vec![]).await.unwrap();
}

/// `catalogue_of_1200` of `owner`; `stranger`, who owns none of it; and the application's
/// connection (as its login role on PostgreSQL), for searches under row-level security. Bind
/// `_role` where this is taken apart: the role dropped, its connection may read nothing.
struct Searched {
    owner: service::Actor,
    stranger: service::Actor,
    app: service::Db,
    _role: Option<crate::harness::LoginRole>,
}

async fn catalogue_as_the_application(t: &TestDb) -> Searched {
    let owner = crate::harness::insert_user(t, "cook", true).await;
    let stranger = crate::harness::insert_user(t, "eve", true).await;
    catalogue_of_1200(t, owner.id()).await;
    let (role, app) = crate::harness::as_application(t).await;
    Searched {
        owner,
        stranger,
        app,
        _role: role,
    }
}

/// Five recipes of `cuisine` (and `tag`) within `max` minutes a page.
fn selective(cuisine: &str, tag: Option<&str>, max: i32) -> SearchQuery {
    SearchQuery {
        cuisine: Some(cuisine.into()),
        tags: tag.map(|t| vec![t.to_owned()]).unwrap_or_default(),
        max_total_minutes: Some(max),
        limit: 5,
        ..Default::default()
    }
}

/// What `viewer` may see of `q` (cuisine, time, tags and difficulty only), by a full sort in
/// rank order.
async fn fully_sorted(t: &TestDb, viewer: service::Actor, q: &SearchQuery) -> Vec<uuid::Uuid> {
    let mut sql = format!(
        "SELECT r.id FROM recipes r WHERE (r.is_public OR r.user_id = $1) \
         AND r.cuisine_type = '{}' AND r.total_time_minutes <= {}",
        q.cuisine.as_deref().unwrap(),
        q.max_total_minutes.unwrap()
    );
    for tag in &q.tags {
        if t.is_pg() {
            sql.push_str(&format!(" AND r.tags @> ARRAY['{tag}']::text[]"));
        } else {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM json_each(r.tags) WHERE value = '{tag}')"
            ));
        }
    }
    if q.difficulty.is_some() {
        sql.push_str(" AND r.difficulty_level = 'beginner'");
    }
    sql.push_str(" ORDER BY coalesce(r.rating, -1) DESC, r.id");
    t.query(&sql, vec![viewer.id().into()])
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect()
}

/// Every page of `q` for `viewer`, one after the other.
async fn every_page(app: &service::Db, viewer: service::Actor, q: &SearchQuery) -> Vec<uuid::Uuid> {
    let mut found = Vec::new();
    let mut page_query = q.clone();
    loop {
        let page = recipes::search(app, viewer, &page_query).await.unwrap();
        found.extend(page.recipes.iter().map(|r| r.id));
        match page.next {
            Some(next) => page_query.after = Some(next),
            None => break,
        }
    }
    found
}

/// A search with filters that few recipes match, or many, pages through what a full sort
/// gives, to a stranger and to the owner of the private recipes. Run as the application's
/// login role, under row-level security.
async fn selective_search_pages_are_what_a_full_sort_gives(t: &TestDb) {
    let Searched {
        owner,
        stranger,
        app,
        _role,
        ..
    } = catalogue_as_the_application(t).await;
    for (q, expected_matches) in [
        // None: no italian recipe is spicy.
        (selective("italian", Some("spicy"), 69), Some(0)),
        // A few: nordic and smoked, at most 12 minutes.
        (selective("nordic", Some("smoked"), 12), Some(4)),
        // Nordic in at most 40 minutes: many, every page from the first 500 in rank order
        // but the last ones, found through the indexes.
        (selective("nordic", None, 40), None),
        // Most recipes: every page from the first 500 in rank order.
        (selective("italian", Some("quick"), 69), None),
        // Four filters: nordic, smoked, beginner (every third), at most 40 minutes.
        (
            SearchQuery {
                difficulty: Some(entity::types::Difficulty::Beginner),
                ..selective("nordic", Some("smoked"), 40)
            },
            Some(4),
        ),
    ] {
        for viewer in [stranger, owner] {
            let expected = fully_sorted(t, viewer, &q).await;
            if let (Some(n), true) = (expected_matches, viewer == stranger) {
                assert_eq!(expected.len(), n, "{q:?}");
            }
            let found = every_page(&app, viewer, &q).await;
            assert_eq!(found, expected, "{q:?}: every page as a full sort gives it");
        }
    }
}

/// A search with filters that few recipes match reads a bounded number of recipes in rank
/// order (at most 500) and finds the rest through an index that holds the filters (on
/// PostgreSQL the facets' GIN index, which row-level security lets the application's role
/// use; on SQLite a filter's own index), instead of walking `idx_recipes_rank` over the whole
/// catalogue. Run as the application's login role, under row-level security.
async fn selective_search_is_bounded_by_its_matches(t: &TestDb) {
    let Searched {
        stranger,
        app,
        _role,
        ..
    } = catalogue_as_the_application(t).await;
    // The plan of the search that matches nothing though the planner expects a quarter of the
    // catalogue to match: the walk in rank order stops at 500, and the matches are found
    // through an index. (The statement before read the rank index to its end.)
    let mut none = selective("italian", Some("spicy"), 69);
    none.only_safe = true;
    let statement = recipes::search_statement(t.backend, stranger.id(), &none).unwrap();
    if t.is_pg() {
        let found = analyzed_as_viewer(&app, stranger.id(), statement).await;
        // Now the walk stops at 500 the viewer may see (others' private ones are passed over
        // too), short of the 1,200.
        let walked = rows_read_through(&found, "idx_recipes_rank");
        assert!(
            walked
                .iter()
                .all(|&(shown, read)| shown <= 500 && read < 1_200),
            "the rank index is walked past 500 recipes: {walked:?}\n{found}"
        );
        // The combination, intersected in the facets' GIN index; the viewer's own private
        // recipes through theirs.
        assert!(
            found.contains("idx_recipe_facets_facets"),
            "the facets' index does not find the matches: {found}"
        );
        assert!(found.contains("idx_recipes_user"), "{found}");
        assert!(!found.contains("Seq Scan on recipe"), "{found}");
    } else {
        let found = plan(t, statement).await;
        let filter_indexes = [
            "idx_recipes_cuisine_type",
            "idx_recipes_tags",
            "idx_recipes_total_time",
        ];
        assert!(
            filter_indexes.iter().any(|i| found.contains(i)),
            "no filter's index finds the matches: {found}"
        );
        assert!(!found.lines().any(|l| l.trim() == "SCAN r"), "{found}");
    }
}

dual!(
    selective_search_pages_are_what_a_full_sort_gives,
    selective_search_is_bounded_by_its_matches
);

/// PostgreSQL: `EXPLAIN (ANALYZE, BUFFERS)` of `statement` as the application (`app`), acting
/// as `viewer`: the policies decide which conditions may reach an index (only leakproof ones),
/// so a plan made as the superuser says nothing. With `enable_seqscan = off`, as the other
/// plans here: whether the indexes can serve it, not whether a scan of a test-sized table
/// looks cheaper.
async fn analyzed_as_viewer(app: &service::Db, viewer: uuid::Uuid, statement: Statement) -> String {
    let txn = app.primary().begin().await.unwrap();
    txn.execute_unprepared(&format!(
        "SET LOCAL enable_seqscan = off; SET LOCAL app.current_user_id = '{viewer}'"
    ))
    .await
    .unwrap();
    let explain = Statement {
        sql: format!("EXPLAIN (ANALYZE, BUFFERS) {}", statement.sql),
        ..statement
    };
    let found: Vec<String> = txn
        .query_all_raw(explain)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "QUERY PLAN").unwrap())
        .collect();
    txn.rollback().await.unwrap();
    found.join("\n")
}

/// A search whose filters many recipes match stops reading in rank order at its page's last
/// match, and does not start the search through the filters' indexes. Before, the walk's 500
/// recipes were all filtered (the safety check's probes included) and sorted: ordered by an
/// expression over the walk, neither planner saw that its rows already came in that order;
/// and SQLite tested the second part's gate on every row of a filter's index.
async fn common_search_stops_at_its_page(t: &TestDb) {
    let Searched {
        stranger,
        app,
        _role,
        ..
    } = catalogue_as_the_application(t).await;
    // Half the catalogue is italian, all of it quick, and most within the hour.
    let common = SearchQuery {
        cuisine: Some("italian".into()),
        tags: vec!["quick".into()],
        max_total_minutes: Some(60),
        only_safe: true,
        limit: 5,
        ..Default::default()
    };
    let page = recipes::search(&app, stranger, &common).await.unwrap();
    assert_eq!(page.recipes.len(), 5);
    let statement = recipes::search_statement(t.backend, stranger.id(), &common).unwrap();
    if t.is_pg() {
        let found = analyzed_as_viewer(&app, stranger.id(), statement).await;
        let walked = rows_read_through(&found, "idx_recipes_rank");
        assert!(
            walked.iter().all(|&(_, read)| read <= 20),
            "the walk in rank order goes past its page: {walked:?}\n{found}"
        );
        assert!(
            !found.contains("idx_recipe_facets_facets")
                || found
                    .lines()
                    .filter(|l| l.contains("idx_recipe_facets_facets"))
                    .all(|l| l.contains("never executed")),
            "the second part ran though the first held the page: {found}"
        );
    } else {
        let found = plan(t, statement).await;
        let lines: Vec<&str> = found.lines().map(str::trim).collect();
        let at = |detail: &str| lines.iter().position(|l| l.starts_with(detail));
        let (head, head_read) = (at("MATERIALIZE head"), at("SCAN head"));
        let (Some(head), Some(head_read)) = (head, head_read) else {
            panic!("no materialised head: {found}");
        };
        assert!(
            !lines[head..head_read]
                .iter()
                .any(|l| l.contains("TEMP B-TREE")),
            "the head sorts its walk instead of taking it in order: {found}"
        );
        let (gate, search) = (at("SCAN gate"), at("SEARCH r USING INDEX"));
        assert!(
            matches!((gate, search), (Some(g), Some(s)) if g < s),
            "the second part's gate is not its outer loop: {found}"
        );
    }
}

dual!(common_search_stops_at_its_page);

/// The verdicts for a page of recipes read those recipes' lines, once, whatever the catalogue
/// holds: not, for each ingredient of the user's allergens, its lines across the whole
/// catalogue (which PostgreSQL did when the statement let it start from the allergens: 5,213
/// lines per ingredient on the scale bench's catalogue).
async fn verdicts_read_only_their_dishes_lines(t: &TestDb) {
    use entity::types::Severity;
    use service::safety;
    let owner = crate::harness::insert_user(t, "cook", true).await;
    let eve = crate::harness::insert_user(t, "eve", true).await;
    crate::recipes::allergic(t, eve.id(), &[("Peanuts", Severity::Severe)]).await;
    catalogue_of_1200(t, owner.id()).await;
    // Every recipe has a line of an ingredient that carries peanuts.
    t.exec(
        "INSERT INTO recipe_ingredients (recipe_id, ingredient_id, quantity, unit, position) \
         SELECT r.id, (SELECT ia.ingredient_id FROM ingredient_allergens ia \
                       JOIN allergens a ON a.id = ia.allergen_id \
                       WHERE a.name = 'Peanuts' ORDER BY ia.ingredient_id LIMIT 1), \
                10, 'g', 1 \
         FROM recipes r",
        vec![],
    )
    .await
    .unwrap();
    t.exec("ANALYZE", vec![]).await.unwrap();
    let page: Vec<uuid::Uuid> = t
        .query(
            "SELECT id FROM recipes WHERE is_public ORDER BY id LIMIT 3",
            vec![],
        )
        .await
        .iter()
        .map(|r| r.try_get("", "id").unwrap())
        .collect();
    let verdicts = safety::list_recipe_verdicts(&t.db, eve, &page)
        .await
        .unwrap();
    assert!(verdicts.iter().all(|(_, v)| !v.is_safe()), "{verdicts:?}");
    let statement = safety::recipe_verdicts_statement(t.backend, eve.id(), &page);
    let found = plan(t, statement).await;
    // A table this small does not show the difference in the planner's choice (the scale
    // bench does: docs/SPEED.md): what is checked is that the dishes' lines are a set of their
    // own, read before anything joins them, on both backends.
    let materialized = if t.is_pg() {
        "CTE dish_lines"
    } else {
        "MATERIALIZE dish_lines"
    };
    assert!(
        found.contains(materialized),
        "the dishes' lines are not read first: {found}"
    );
    assert!(
        !found.contains("idx_recipe_ingredients_ingredient"),
        "the lines are found by ingredient across the catalogue: {found}"
    );
}

dual!(verdicts_read_only_their_dishes_lines);
