//! Issue 10: moving a SQLite database to PostgreSQL (`migration::operator::copy`). A SQLite database is
//! filled through the service with every kind of row, copied into a freshly migrated
//! PostgreSQL database, and both are read back table by table, field by field. Each test uses
//! both backends at once (it is about going from one to the other); without
//! `TEST_POSTGRES_URL` it says it is skipped, as the harness does.
use migration::operator::copy::{self, CopyError, CopyOptions};
use migration::{Migrator, MigratorTrait};
use uuid::Uuid;

use crate::harness::{TestDb, user_with_a_row_everywhere};

/// A SQLite source and a PostgreSQL target, both migrated; `None` without PostgreSQL.
async fn pair(test: &str) -> Option<(TestDb, TestDb)> {
    let target = TestDb::postgres(test).await?;
    let source = TestDb::sqlite(test).await;
    Some((source, target))
}

/// Fills a database with every kind of row the service writes: users with a row in every
/// user-owned table (`harness::user_with_a_row_everywhere`, which each domain extends, so the
/// copy covers their tables too), the audit rows those writes leave, and rows of tables no user
/// owns. Extend it with a line per table that `user_with_a_row_everywhere` does not reach.
pub async fn fill(t: &TestDb) -> Vec<Uuid> {
    let ada = user_with_a_row_everywhere(t, "ada").await;
    let bob = user_with_a_row_everywhere(t, "bob").await;
    for (name, value) in [("db.pool.wait_ms", 0.125_f64), ("api.p99_ms", 412.5)] {
        t.exec(
            "INSERT INTO performance_metrics (metric_name, metric_value, unit, tags) VALUES ($1, $2, 'ms', '{\"host\": \"a\"}')",
            vec![name.into(), value.into()],
        )
        .await
        .unwrap();
    }
    service::operations::record_activity(
        &t.db,
        ada,
        service::operations::NewActivity {
            activity_type: "recipe.viewed".to_owned(),
            entity: Some(("recipe".to_owned(), Uuid::new_v4())),
            metadata: Some(serde_json::json!({"rank": 1, "query": "dal"})),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    t.exec(
        "INSERT INTO access_logs (endpoint, method, status_code, error_message) VALUES ('/api/login', 'POST', 401, 'bad password')",
        vec![],
    )
    .await
    .unwrap();
    catalogue_rows(t, ada.id()).await;
    // A row updated long after it was made: the copy must keep its updated_at as it is.
    t.exec(
        "UPDATE users SET updated_at = '2025-01-02T03:04:05.678901+00:00' WHERE id = $1",
        vec![bob.into()],
    )
    .await
    .unwrap();
    vec![ada.id(), bob.id()]
}

/// Through the service, the rows the user fixture leaves out: a recipe with its ingredient
/// lines, steps and computed nutrition, a restaurant meal's ingredient list, and a price.
async fn catalogue_rows(t: &TestDb, user: Uuid) {
    use entity::types::{Numeric, Unit};
    use rust_decimal::Decimal;
    use service::recipes::{self, IngredientLine, RecipeInput, StepInput};
    let flour = t
        .query(
            "SELECT id FROM ingredients WHERE lower(name) LIKE '%flour%' ORDER BY name",
            vec![],
        )
        .await[0]
        .try_get::<Uuid>("", "id")
        .unwrap();
    let mut bread = RecipeInput::new("Flatbread", 10, 5, 4);
    bread.is_public = true; // so that PostgreSQL derives its search keys (`recipe_facets`)
    bread.ingredients.push(IngredientLine {
        ingredient_id: flour,
        quantity: Decimal::new(250, 0),
        unit: Unit::G,
        note: Some("sifted".to_owned()),
    });
    bread.steps.push(StepInput {
        instruction: "Knead, rest and bake.".to_owned(),
        duration_minutes: Some(15),
    });
    recipes::create(&t.db, service::Actor::new(user), &bread)
        .await
        .unwrap();

    let meal = t.query("SELECT id FROM meals", vec![]).await[0]
        .try_get::<Uuid>("", "id")
        .unwrap();
    let line = service::restaurants::MealIngredientInput {
        ingredient_id: flour,
        quantity: Numeric::new(Decimal::new(1205, 1)).unwrap(),
        unit: Unit::G,
    };
    service::restaurants::replace_meal_ingredients(&t.db, meal, &[line])
        .await
        .unwrap();
    let price = service::shopping::NewPrice {
        ingredient_id: flour,
        store: Some("Corner shop".to_owned()),
        price: Numeric::new(Decimal::new(249, 2)).unwrap(),
        quantity: Numeric::new(Decimal::new(1, 0)).unwrap(),
        unit: Unit::Kg,
        observed_at: None,
    };
    service::shopping::record_price(&t.db, Some(service::Actor::new(user)), price)
        .await
        .unwrap();
}

fn options() -> CopyOptions {
    CopyOptions {
        batch_rows: 3, // several batches even for a few rows
        progress: false,
        ..CopyOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filled_sqlite_database_arrives_field_by_field_and_a_second_copy_is_refused() {
    let Some((source, target)) = pair("copy_everything").await else {
        return;
    };
    let users = fill(&source).await;
    let report = copy::copy(&source.db, &target.db, &options())
        .await
        .unwrap();
    assert!(report.verified(), "{report}");
    let copied: u64 = report.tables.iter().map(|t| t.copied).sum();
    assert!(copied > 50, "{report}");

    // Every table, every row, every field, read back the same way on both sides.
    let mut walked = 0;
    let mut empty = Vec::new();
    for table in copy::read_both(&source.db, &target.db).await.unwrap() {
        walked += 1;
        assert_eq!(
            table.source.len(),
            table.target.len(),
            "{}: row counts",
            table.table
        );
        if table.source.is_empty() {
            empty.push(table.table.clone());
        }
        for (row, (s, d)) in table.source.iter().zip(&table.target).enumerate() {
            for (i, column) in table.columns.iter().enumerate() {
                assert_eq!(s[i], d[i], "{}.{column} (row {row})", table.table);
            }
        }
    }
    assert_eq!(walked, report.tables.len());
    // No table may be empty: a table the fixture forgets would pass unchecked (a new table
    // gets its row in `fill` or in `user_with_a_row_everywhere`).
    assert!(
        empty.is_empty(),
        "tables left empty by the fixture: {empty:?}"
    );

    // Triggers did not rewrite what was copied.
    let sql = "SELECT updated_at FROM users WHERE id = $1";
    let stamp = |rows: Vec<sea_orm::QueryResult>| {
        rows[0]
            .try_get::<entity::types::Timestamp>("", "updated_at")
            .unwrap()
    };
    assert_eq!(
        stamp(source.query(sql, vec![users[1].into()]).await),
        stamp(target.query(sql, vec![users[1].into()]).await)
    );
    let audit = "SELECT COUNT(*) FROM data_changes";
    assert_eq!(
        source.count(audit, vec![]).await,
        target.count(audit, vec![]).await
    );

    // The service reads the same values on both.
    for user in &users {
        let a = service::health::list_allergies(&source.db, service::Actor::new(*user))
            .await
            .unwrap();
        let b = service::health::list_allergies(&target.db, service::Actor::new(*user))
            .await
            .unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        let a = service::payments::list_cards(&source.db, service::Actor::new(*user))
            .await
            .unwrap();
        let b = service::payments::list_cards(&target.db, service::Actor::new(*user))
            .await
            .unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    // The search keys PostgreSQL derives from the recipes (left out of the copy, refilled at
    // its end): a filtered search finds the same recipes on both.
    assert_eq!(
        target
            .count("SELECT COUNT(*) FROM recipe_facets", vec![])
            .await,
        target
            .count("SELECT COUNT(*) FROM recipes WHERE is_public", vec![])
            .await
    );
    let quick = service::recipes::SearchQuery {
        max_total_minutes: Some(60),
        ..Default::default()
    };
    // Bob sees Ada's public recipe only through those keys on PostgreSQL.
    let on = |db| service::recipes::search(db, service::Actor::new(users[1]), &quick);
    let (a, b) = (on(&source.db).await.unwrap(), on(&target.db).await.unwrap());
    assert!(a.recipes.iter().any(|r| r.name == "Flatbread"), "{a:?}");
    assert_eq!(
        a.recipes.iter().map(|r| r.id).collect::<Vec<_>>(),
        b.recipes.iter().map(|r| r.id).collect::<Vec<_>>()
    );

    // Again: the target is no longer empty.
    match copy::copy(&source.db, &target.db, &options()).await {
        Err(CopyError::Refused(why)) => assert!(why.contains("not empty"), "{why}"),
        other => panic!("a second copy was not refused: {other:?}"),
    }
    assert!(
        copy::verify(&source.db, &target.db)
            .await
            .unwrap()
            .verified()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupted_target_is_reported_by_the_checksum() {
    let Some((source, target)) = pair("copy_corrupted").await else {
        return;
    };
    fill(&source).await;
    let per_table = CopyOptions {
        one_transaction: false,
        ..options()
    };
    assert!(
        copy::copy(&source.db, &target.db, &per_table)
            .await
            .unwrap()
            .verified()
    );
    // Same row count, one field changed.
    target
        .exec(
            "UPDATE api_requests SET duration_ms = duration_ms + 1 WHERE ctid = (SELECT ctid FROM api_requests LIMIT 1)",
            vec![],
        )
        .await
        .unwrap();
    let report = copy::verify(&source.db, &target.db).await.unwrap();
    let bad: Vec<&str> = report
        .mismatched()
        .iter()
        .map(|t| t.table.as_str())
        .collect();
    assert_eq!(bad, ["public.api_requests"], "{report}");
    let row = report.mismatched()[0];
    assert_eq!(row.source_rows, row.target_rows);
    assert_ne!(row.source_checksum, row.target_checksum);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn databases_at_different_migrations_are_refused() {
    let Some((source, target)) = pair("copy_versions").await else {
        return;
    };
    Migrator::down(target.db.primary(), Some(1)).await.unwrap();
    match copy::copy(&source.db, &target.db, &options()).await {
        Err(CopyError::Refused(why)) => assert!(why.contains("different migrations"), "{why}"),
        other => panic!("not refused: {other:?}"),
    }
    assert_eq!(target.count("SELECT COUNT(*) FROM users", vec![]).await, 0);
}

/// `migration copy --from URL --to URL`: a report line per table, then refused the second time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_copies_once_and_refuses_again() {
    use crate::cli::{one_error_line, run};
    let Some((source, target)) = pair("copy_cli").await else {
        return;
    };
    fill(&source).await;
    let args = [
        "copy",
        "--from",
        &source.url,
        "--to",
        &target.url,
        "--batch",
        "7",
    ];
    let first = run(&args, &[]);
    assert!(first.ok, "{}{}", first.stdout, first.stderr);
    assert!(first.stdout.contains("public.users"), "{}", first.stdout);
    assert!(
        first
            .stdout
            .trim_end()
            .ends_with("row counts and checksums match"),
        "{}",
        first.stdout
    );
    let second = run(&args, &[]);
    assert!(
        one_error_line(&second).contains("not empty"),
        "{}",
        second.stderr
    );
    let check = run(
        &[
            "copy",
            "--from",
            &source.url,
            "--to",
            &target.url,
            "--verify-only",
        ],
        &[],
    );
    assert!(check.ok, "{}", check.stderr);
}

/// A table no code knows about (as a later migration would add), `WITHOUT ROWID` on SQLite,
/// with a type the copy does not know (`interval`, carried as text and cast): copied and
/// verified without a change to the copy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_added_later_is_copied_without_a_change() {
    let Some((source, target)) = pair("copy_new_table").await else {
        return;
    };
    source
        .exec(
            "CREATE TABLE extra_settings (name TEXT PRIMARY KEY, every TEXT NOT NULL, weight REAL, \
             on_at TEXT) WITHOUT ROWID",
            vec![],
        )
        .await
        .unwrap();
    target
        .exec(
            "CREATE TABLE public.extra_settings (name text PRIMARY KEY, every interval NOT NULL, \
             weight numeric(6, 3), on_at timestamptz)",
            vec![],
        )
        .await
        .unwrap();
    for (name, every, weight) in [
        ("a", "1 day", 1.25_f64),
        ("b", "02:00:00", 0.5),
        ("c", "3 days", 100.125),
    ] {
        source
            .exec(
                "INSERT INTO extra_settings VALUES ($1, $2, $3, '2026-11-22T10:00:00.5+00:00')",
                vec![name.into(), every.into(), weight.into()],
            )
            .await
            .unwrap();
    }
    let report = copy::copy(&source.db, &target.db, &options())
        .await
        .unwrap();
    let row = report
        .tables
        .iter()
        .find(|t| t.table == "public.extra_settings")
        .expect("the new table is walked");
    assert_eq!((row.copied, row.target_rows), (3, 3), "{report}");
    assert!(report.verified(), "{report}");
    let weight = target
        .query(
            "SELECT weight::text AS w FROM extra_settings WHERE name = 'c'",
            vec![],
        )
        .await;
    assert_eq!(weight[0].try_get::<String>("", "w").unwrap(), "100.125");
}

/// A source written by a client with foreign keys off (a meal log whose user does not exist, an
/// ingredient line whose recipe does not exist): refused before anything is written, naming
/// the tables, the missing parents and the count, from the library and from the CLI.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_with_orphans_is_refused_and_nothing_is_written() {
    use crate::cli::{one_error_line, run};
    let Some((source, target)) = pair("copy_orphans").await else {
        return;
    };
    crate::harness::insert_user(&source, "ada", true).await;
    let (log, user, _, _) = crate::orphans::plant_orphans(&source).await;
    let err = match copy::copy(&source.db, &target.db, &options()).await {
        Err(err @ CopyError::Orphans(_)) => err,
        other => panic!("orphans were not refused: {other:?}"),
    };
    if let CopyError::Orphans(found) = &err {
        assert_eq!(found.count(), 2, "{found}");
    }
    let message = err.to_string();
    for expected in [
        "nothing was written",
        "2 references to a parent row that does not exist (under 2 foreign keys)",
        "meal_logs (user_id) -> users: 1 row",
        "recipe_ingredients (recipe_id) -> recipes: 1 row",
        &format!("meal_logs id={log}: user_id={user} has no row in users"),
    ] {
        assert!(message.contains(expected), "{expected} not in: {message}");
    }
    for table in ["users", "meal_logs", "recipe_ingredients"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        assert_eq!(target.count(&sql, vec![]).await, 0, "{table}");
    }

    let cli = run(&["copy", "--from", &source.url, "--to", &target.url], &[]);
    let line = one_error_line(&cli);
    assert!(
        line.contains("meal_logs (user_id) -> users: 1 row"),
        "{line}"
    );
    assert!(cli.stdout.is_empty(), "{}", cli.stdout);
    assert_eq!(target.count("SELECT COUNT(*) FROM users", vec![]).await, 0);
}

/// The proof after writing: a foreign key only the target has (`user_notes.user_id`, added on
/// PostgreSQL and not on SQLite, so the source check cannot see it) is broken by a copied row.
/// The copy is rolled back before COMMIT; with a transaction per table, that table is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_broken_by_the_copy_rolls_it_back_before_commit() {
    let Some((source, target)) = pair("copy_broken_key").await else {
        return;
    };
    let ada = crate::harness::insert_user(&source, "ada", true).await;
    let ghost = Uuid::new_v4();
    source
        .exec(
            "CREATE TABLE user_notes (id INTEGER PRIMARY KEY, user_id BLOB, note TEXT)",
            vec![],
        )
        .await
        .unwrap();
    target
        .exec(
            "CREATE TABLE public.user_notes (id integer PRIMARY KEY, \
             user_id uuid REFERENCES public.users (id), note text)",
            vec![],
        )
        .await
        .unwrap();
    for (id, user) in [(1, Some(ada.id())), (2, Some(ghost)), (3, None)] {
        source
            .exec(
                "INSERT INTO user_notes VALUES ($1, $2, 'note')",
                vec![id.into(), user.into()],
            )
            .await
            .unwrap();
    }

    match copy::copy(&source.db, &target.db, &options()).await {
        Err(CopyError::BrokenKeys {
            rolled_back,
            orphans,
        }) => {
            assert_eq!(rolled_back, "the whole copy");
            assert_eq!(orphans.count(), 1, "{orphans}");
            assert_eq!(
                orphans.first[0].to_string(),
                format!("public.user_notes id=2: user_id={ghost} has no row in public.users")
            );
        }
        other => panic!("the broken key was not caught: {other:?}"),
    }
    // Nothing stays: not the notes, not the users written earlier in the same transaction.
    assert_eq!(target.count("SELECT COUNT(*) FROM users", vec![]).await, 0);
    assert_eq!(
        target
            .count("SELECT COUNT(*) FROM user_notes", vec![])
            .await,
        0
    );

    let per_table = CopyOptions {
        one_transaction: false,
        ..options()
    };
    match copy::copy(&source.db, &target.db, &per_table).await {
        Err(err @ CopyError::BrokenKeys { .. }) => {
            let message = err.to_string();
            assert!(
                message.contains("so public.user_notes (the tables before it were committed"),
                "{message}"
            );
        }
        other => panic!("the broken key was not caught: {other:?}"),
    }
    assert_eq!(target.count("SELECT COUNT(*) FROM users", vec![]).await, 1);
    assert_eq!(
        target
            .count("SELECT COUNT(*) FROM user_notes", vec![])
            .await,
        0
    );
}
