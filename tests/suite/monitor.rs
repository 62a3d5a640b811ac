//! `migration monitor` and `service::operations::monitor`: the monitoring views on both
//! backends, as text an operator reads, with no password and no statement's values in it.
use sea_orm::ConnectionTrait;
use service::operations::{self, Monitor, SlowStatements};

use crate::cli::run;
use crate::harness::{LoginRole, TestDb, verified_user};

async fn monitor_reports_sizes_and_activity(t: &TestDb) {
    // Something in the tables, and on SQLite in the write-ahead log.
    verified_user(t, "watched").await;
    match operations::monitor(t.db.primary(), 5).await.unwrap() {
        Monitor::Postgres(pg) => {
            assert!(t.is_pg());
            assert!(pg.database_bytes > 0);
            let users = pg.tables.iter().find(|table| table.name == "public.users");
            let users = users.expect("public.users is listed");
            assert_eq!(users.total_bytes, users.table_bytes + users.index_bytes);
            assert!(users.index_bytes > 0, "users has indexes");
            assert!(
                pg.tables
                    .windows(2)
                    .all(|pair| pair[0].total_bytes >= pair[1].total_bytes),
                "largest first"
            );
            // A partitioned table is listed once, its partitions counted in it.
            assert!(
                pg.tables
                    .iter()
                    .any(|table| table.name == "audit.access_logs")
            );
            assert!(
                !pg.tables
                    .iter()
                    .any(|table| table.name.ends_with("access_logs_default")),
                "partitions are not listed on their own"
            );
            let active = pg.connections.iter().find(|(state, _)| state == "active");
            assert!(
                active.is_some_and(|(_, count)| *count >= 1),
                "the monitor's own connection is active: {:?}",
                pg.connections
            );
        }
        Monitor::Sqlite(sqlite) => {
            assert!(!t.is_pg());
            assert!(sqlite.file.is_some());
            assert!(sqlite.file_bytes.is_some_and(|bytes| bytes > 0));
            assert!(sqlite.page_count > 0 && sqlite.page_size > 0);
            assert!(sqlite.free_pages >= 0);
            assert!(sqlite.wal_bytes.is_some_and(|bytes| bytes > 0), "WAL mode");
            let pages = sqlite.pages.expect("the bundled SQLite has dbstat");
            let users = pages.iter().find(|object| object.name == "users");
            assert!(users.is_some_and(|users| users.kind == "table" && users.pages >= 1));
            assert!(
                pages.iter().any(|object| object.kind == "index"),
                "indexes are listed too"
            );
            assert!(pages.windows(2).all(|pair| pair[0].pages >= pair[1].pages));
        }
    }
}

async fn the_command_prints_the_views(t: &TestDb) {
    let monitored = run(&["monitor"], &[("DATABASE_URL", &t.url)]);
    assert!(monitored.ok, "{}{}", monitored.stdout, monitored.stderr);
    let out = &monitored.stdout;
    if t.is_pg() {
        for expected in [
            "database es_",
            "tables, largest first (total = table + indexes):",
            "public.users ",
            "connections to this database, by state:",
            "active: ",
        ] {
            assert!(out.contains(expected), "{expected:?} in:\n{out}");
        }
    } else {
        for expected in [
            "database file ",
            "pages: ",
            "(page size 4.0 KiB)",
            "write-ahead log: ",
            "pages per table and index, most first (dbstat):",
            "users ",
        ] {
            assert!(out.contains(expected), "{expected:?} in:\n{out}");
        }
    }
}

dual!(
    monitor_reports_sizes_and_activity,
    the_command_prints_the_views
);

postgres_only!(pg_stat_statements_missing_or_not_loaded_is_explained);
/// Without the extension the report says how to enable it; installed but not loaded
/// (`shared_preload_libraries`, a restart) it says the server's reason. This test server does
/// not preload the library, so a listing is checked only where one does.
async fn pg_stat_statements_missing_or_not_loaded_is_explained(t: &TestDb) {
    let role = LoginRole::create(t, "eatsential_write").await;
    let url = role.url(t);
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(credentials, _)| credentials.split_once(':'))
        .map(|(_, password)| password.to_owned())
        .expect("the login role's URL has a password");

    // As the application's login: no superuser needed to read the views.
    let missing = run(&["monitor"], &[("DATABASE_URL", &url)]);
    assert!(missing.ok, "{}{}", missing.stdout, missing.stderr);
    assert!(
        missing.stdout.contains(
            "slowest statements: pg_stat_statements is not installed in this database; \
             to enable it, add pg_stat_statements to shared_preload_libraries"
        ),
        "{}",
        missing.stdout
    );
    assert!(!missing.stdout.contains(&password) && !missing.stderr.contains(&password));

    t.db.execute_unprepared("CREATE EXTENSION pg_stat_statements")
        .await
        .unwrap();
    let preloaded = {
        let rows = t.query("SHOW shared_preload_libraries", vec![]).await;
        rows[0]
            .try_get_by_index::<String>(0)
            .unwrap()
            .contains("pg_stat_statements")
    };
    if preloaded {
        // A utility statement keeps its constants in pg_stat_statements: the report masks them.
        t.db.execute_unprepared("DO $$ BEGIN PERFORM 'monitor-secret-literal'; END $$")
            .await
            .unwrap();
        let listed = run(&["monitor", "--top", "50"], &[("DATABASE_URL", &t.url)]);
        assert!(listed.ok, "{}{}", listed.stdout, listed.stderr);
        assert!(
            listed
                .stdout
                .contains("slowest statements (pg_stat_statements, by mean execution time):"),
            "{}",
            listed.stdout
        );
        assert!(!listed.stdout.contains("monitor-secret-literal"));
    } else {
        crate::harness::notice(
            "pg_stat_statements_missing_or_not_loaded_is_explained: the server does not preload \
             pg_stat_statements; the listing is not checked",
        );
        match operations::monitor(t.db.primary(), 5).await.unwrap() {
            Monitor::Postgres(pg) => match pg.statements {
                SlowStatements::Unreadable(why) => {
                    assert!(why.contains("shared_preload_libraries"), "{why}")
                }
                other => panic!("expected the view to be unreadable, got {other:?}"),
            },
            Monitor::Sqlite(_) => panic!("a PostgreSQL URL"),
        }
        let unreadable = run(&["monitor"], &[("DATABASE_URL", &t.url)]);
        assert!(unreadable.ok, "{}{}", unreadable.stdout, unreadable.stderr);
        assert!(
            unreadable
                .stdout
                .contains("slowest statements: pg_stat_statements is installed but cannot be read"),
            "{}",
            unreadable.stdout
        );
    }
}
