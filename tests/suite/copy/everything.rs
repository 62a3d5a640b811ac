//! What a copy carries, and how it is checked: a filled database arrives field by field, a
//! table no code knows about is copied too, the CLI copies once, and a changed field in the
//! target is found by the checksum.
use migration::operator::copy::{self, CopyError, CopyOptions};
use uuid::Uuid;

use super::{fill, options, pair};
use crate::harness::TestDb;

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
    every_field_arrived(&source, &target, report.tables.len()).await;
    triggers_rewrote_nothing(&source, &target, users[1]).await;
    the_service_reads_the_same(&source, &target, &users).await;
    the_search_keys_are_refilled(&source, &target, users[1]).await;

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

/// Every table, every row, every field, read back the same way on both sides: the `tables`
/// of the copy's report, none of them empty.
async fn every_field_arrived(source: &TestDb, target: &TestDb, tables: usize) {
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
    assert_eq!(walked, tables);
    // No table may be empty: a table the fixture forgets would pass unchecked (a new table
    // gets its row in `fill` or in `user_with_a_row_everywhere`).
    assert!(
        empty.is_empty(),
        "tables left empty by the fixture: {empty:?}"
    );
}

/// Triggers did not rewrite what was copied: `bob`'s `updated_at`, set long after his row was
/// made, is the source's, and the copy wrote no audit row.
async fn triggers_rewrote_nothing(source: &TestDb, target: &TestDb, bob: Uuid) {
    let sql = "SELECT updated_at FROM users WHERE id = $1";
    let stamp = |rows: Vec<sea_orm::QueryResult>| {
        rows[0]
            .try_get::<entity::types::Timestamp>("", "updated_at")
            .unwrap()
    };
    assert_eq!(
        stamp(source.query(sql, vec![bob.into()]).await),
        stamp(target.query(sql, vec![bob.into()]).await)
    );
    let audit = "SELECT COUNT(*) FROM data_changes";
    assert_eq!(
        source.count(audit, vec![]).await,
        target.count(audit, vec![]).await
    );
}

/// The service reads the same values on both.
async fn the_service_reads_the_same(source: &TestDb, target: &TestDb, users: &[Uuid]) {
    for user in users {
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
}

/// The search keys PostgreSQL derives from the recipes (left out of the copy, refilled at its
/// end): a filtered search finds the same recipes on both. `bob` sees Ada's public recipe only
/// through those keys on PostgreSQL.
async fn the_search_keys_are_refilled(source: &TestDb, target: &TestDb, bob: Uuid) {
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
    let on = |db| service::recipes::search(db, service::Actor::new(bob), &quick);
    let (a, b) = (on(&source.db).await.unwrap(), on(&target.db).await.unwrap());
    assert!(a.recipes.iter().any(|r| r.name == "Flatbread"), "{a:?}");
    assert_eq!(
        a.recipes.iter().map(|r| r.id).collect::<Vec<_>>(),
        b.recipes.iter().map(|r| r.id).collect::<Vec<_>>()
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
