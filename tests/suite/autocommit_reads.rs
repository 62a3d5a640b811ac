//! Reads made on a `Db` send each statement on its own, on PostgreSQL as one message with the
//! statement's values written into its text (`service/src/autocommit.rs`). These tests hold
//! that path to what binding gave: hostile text stays data and comes back exactly, on both
//! backends, and a value the text cannot carry takes the prepared path with the same result.
use service::accounts;
use service::recipes::{self, SearchQuery};

use crate::harness::{TestDb, verified_user};
use entity::types::Unit;

use crate::recipes::{TOMATO, input, line};

/// Names that would break a statement if they were pasted into it unescaped, or escaped the
/// wrong way for PostgreSQL.
const HOSTILE: &[&str] = &[
    "O'Brien's \"pie\"",
    "back\\slash \\' pie",
    "$1 and $2 pie",
    "semi; DROP TABLE recipes; -- pie",
    "/* not a comment */ pie",
    "E'x' \\x41 pie",
    "Crème brûlée ☕ pie",
    "tab\tnew\nline pie",
    "control \u{1a}\u{7f} pie",
];

async fn hostile_text_is_data_and_reads_back_exactly(t: &TestDb) {
    let cook = verified_user(t, "cook").await;
    for name in HOSTILE {
        recipes::create(
            &t.db,
            cook,
            &input(name, vec![line(TOMATO, "1", Unit::Piece)]),
        )
        .await
        .unwrap_or_else(|e| panic!("create {name:?}: {e}"));
    }
    for name in HOSTILE {
        let page = recipes::search(
            &t.db,
            cook,
            &SearchQuery {
                name_contains: Some((*name).into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|e| panic!("search {name:?}: {e}"));
        let names: Vec<&str> = page.recipes.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, [*name], "searching for {name:?}");
    }
    let injected = accounts::find_by_email(&t.db, "x' OR '1'='1")
        .await
        .unwrap();
    assert!(injected.is_none(), "an injected email matched a user");
    let all = recipes::search(&t.db, cook, &SearchQuery::default())
        .await
        .unwrap();
    assert_eq!(all.recipes.len(), HOSTILE.len(), "the table is whole");
}

dual!(hostile_text_is_data_and_reads_back_exactly);

/// A read runs with JIT compilation off, in its own transaction only: a plan priced past
/// `jit_above_cost` (the recipe search's fallback branch, say) would otherwise be compiled
/// for 100+ ms before every run. With and without values to bind; the connection's own setting
/// is left as it was.
async fn reads_run_without_jit(t: &TestDb) {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let cook = verified_user(t, "cook").await;
    let read = service::acting::read(&t.db, Some(cook)).await.unwrap();
    for statement in [
        Statement::from_string(DbBackend::Postgres, "SELECT current_setting('jit') AS jit"),
        Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT current_setting('jit') AS jit WHERE $1::text[] IS NOT NULL",
            [sea_orm::Value::Array(
                sea_orm::sea_query::ArrayType::String,
                Some(Box::new(vec!["a".into()])),
            )],
        ),
    ] {
        let row = read.query_one_raw(statement).await.unwrap().unwrap();
        assert_eq!(row.try_get::<String>("", "jit").unwrap(), "off");
    }
    read.commit().await.unwrap();
    let after = t
        .query("SELECT current_setting('jit') AS jit", vec![])
        .await;
    assert_eq!(after[0].try_get::<String>("", "jit").unwrap(), "on");
}

postgres_only!(reads_run_without_jit);

/// The recipe search runs with its generic plan from its first call (its planning cost more
/// than running it, and PostgreSQL, left to choose, planned it again on every call when its
/// custom plans were priced lower): the search's statement starts with the comment that asks
/// for it, a statement starting with that comment sees `plan_cache_mode =
/// force_generic_plan`, and any other read sees the connection's own `auto`.
async fn searches_run_with_their_generic_plan(t: &TestDb) {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    use service::recipes::{SearchQuery, search_statement};
    let cook = verified_user(t, "cook").await;
    let query = SearchQuery {
        cuisine: Some("thai".into()),
        ..Default::default()
    };
    let search = search_statement(DbBackend::Postgres, cook.id(), &query).unwrap();
    let marker = search
        .sql
        .split_inclusive("*/ ")
        .next()
        .filter(|m| m.starts_with("/*"))
        .unwrap_or_else(|| panic!("the search asks for no plan mode: {}", search.sql));
    let mode = "SELECT current_setting('plan_cache_mode') AS mode";
    let read = service::acting::read(&t.db, Some(cook)).await.unwrap();
    for (sql, expected) in [
        (format!("{marker}{mode}"), "force_generic_plan"),
        (mode.to_owned(), "auto"),
    ] {
        let row = read
            .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<String>("", "mode").unwrap(), expected);
    }
    read.commit().await.unwrap();
}

postgres_only!(searches_run_with_their_generic_plan);
