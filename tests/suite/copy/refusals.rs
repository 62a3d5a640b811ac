//! Copies refused before they write (databases at different migrations, a source with
//! orphans) and copies rolled back after (a key only the target has, broken by a copied row).
use migration::operator::copy::{self, CopyError, CopyOptions};
use migration::{Migrator, MigratorTrait};
use uuid::Uuid;

use super::{options, pair};

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
