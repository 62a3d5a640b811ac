//! The migrated schema is pinned: `migration/schema/<backend>.sql` holds what the migrations
//! build, as `migration::operator::dump::schema_dump` prints it, and a test fails on any difference,
//! including one a change to a shared helper in `migration::portable` makes to a released
//! migration. After an intended change, regenerate both files with
//!
//! ```text
//! BLESS_SCHEMA=1 TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo test -p eatsential-tests --test suite schema_is_pinned
//! ```
//!
//! and commit them with the migration: the diff is the review of what the schema gained.
//!
//! Each migration is also taken up and down alone, and must leave the schema as it found it.
use std::path::PathBuf;

use migration::operator::dump::{line_diff, schema_dump};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};

use crate::harness::TestDb;

const REGENERATE: &str = "BLESS_SCHEMA=1 TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
                          cargo test -p eatsential-tests --test suite schema_is_pinned";

/// The head of each pinned file, so a reader knows where it comes from and how to regenerate it.
/// It is compared too: the file is byte for byte what a regenerate writes.
fn header(backend: DbBackend) -> String {
    format!(
        "-- The schema the migrations build on {backend:?}, as migration::operator::dump::schema_dump prints it.\n\
         -- Generated: do not edit. tests/suite/pinned.rs fails when the migrations build anything\n\
         -- else; after an intended change regenerate with\n\
         --   {REGENERATE}\n\n"
    )
}

fn pinned_path(backend: DbBackend) -> PathBuf {
    let file = match backend {
        DbBackend::Postgres => "postgres.sql",
        _ => "sqlite.sql",
    };
    // The tests crate is `tests/`; the dumps live beside the migrations they pin.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("migration")
        .join("schema")
        .join(file)
}

fn blessing() -> bool {
    let bless = std::env::var("BLESS_SCHEMA").is_ok_and(|v| v == "1");
    // Blessing in CI would make the check pass whatever the migrations build.
    assert!(
        !(bless && std::env::var("CI").is_ok_and(|v| v == "true")),
        "BLESS_SCHEMA=1 is for regenerating the pinned files locally, not for CI"
    );
    bless
}

async fn dump(t: &TestDb) -> String {
    schema_dump(t.db.primary())
        .await
        .unwrap_or_else(|e| panic!("{:?}: schema dump failed: {e}", t.backend))
}

async fn schema_is_pinned(t: &TestDb) {
    let actual = format!("{}{}", header(t.backend), dump(t).await);
    let path = pinned_path(t.backend);
    if blessing() {
        std::fs::create_dir_all(path.parent().expect("a parent directory"))
            .expect("create migration/schema");
        std::fs::write(&path, &actual).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{:?}: cannot read the pinned schema {}: {e}\nGenerate it with:\n  {REGENERATE}",
            t.backend,
            path.display()
        )
    });
    if expected != actual {
        // The server deparses the PostgreSQL dump; a new major version may word it differently.
        let server = if t.is_pg() {
            let rows = t.query("SHOW server_version", vec![]).await;
            let version: String = rows[0].try_get_by_index(0).expect("server_version");
            format!(" (dumped by PostgreSQL {version})")
        } else {
            String::new()
        };
        panic!(
            "{:?}: the migrations no longer build the pinned schema {}{server}.\n\
             `-` is pinned, `+` is what the migrations build now:\n\n{}\n\
             If the change is intended, regenerate the pinned files and commit them:\n  {REGENERATE}",
            t.backend,
            path.display(),
            line_diff(&expected, &actual)
        );
    }
}

/// Panics with a diff when `actual` differs from `expected`.
fn assert_same_schema(expected: &str, actual: &str, what: &str) {
    if expected != actual {
        panic!(
            "{what}\n`-` expected, `+` found:\n\n{}",
            line_diff(expected, actual)
        );
    }
}

/// Migrations that make roles, grants, row-level security or SECURITY DEFINER functions only:
/// nothing of them exists on SQLite, where they rightly change nothing.
const POSTGRES_ONLY_MIGRATIONS: &[&str] = &[
    "m20261122_000007_create_roles_and_row_security",
    "m20261122_000011_create_erasure_record",
    "m20261122_000020_session_in_one_statement",
    "m20261122_000021_login_lookups_keep_their_plans",
    "m20261122_000022_search_path_is_the_databases",
    "m20261122_000023_recipe_search_facets",
    "m20261122_000024_recipe_facet_pairs",
];

/// Takes the next migration, `name`, up, down and up again: it changes the schema (unless it
/// is PostgreSQL's only), its down restores the schema it found, and its second up builds
/// what the first did.
async fn step_up_down_and_up_again(t: &TestDb, name: &str) {
    let before = dump(t).await;
    Migrator::up(t.db.primary(), Some(1))
        .await
        .unwrap_or_else(|e| panic!("{:?}: up {name}: {e}", t.backend));
    let after = dump(t).await;
    if t.is_pg() || !POSTGRES_ONLY_MIGRATIONS.contains(&name) {
        assert_ne!(before, after, "{:?}: {name} changed nothing", t.backend);
    }

    Migrator::down(t.db.primary(), Some(1))
        .await
        .unwrap_or_else(|e| panic!("{:?}: down {name}: {e}", t.backend));
    assert_same_schema(
        &before,
        &dump(t).await,
        &format!(
            "{:?}: down of {name} does not restore the schema it found",
            t.backend
        ),
    );

    Migrator::up(t.db.primary(), Some(1))
        .await
        .unwrap_or_else(|e| panic!("{:?}: up {name} after its down: {e}", t.backend));
    assert_same_schema(
        &after,
        &dump(t).await,
        &format!(
            "{:?}: {name} builds something else the second time",
            t.backend
        ),
    );
}

async fn migrations_step_up_and_down_one_at_a_time(t: &TestDb) {
    let straight_up = dump(t).await;
    Migrator::reset(t.db.primary()).await.expect("reset");
    let empty = dump(t).await;
    // What a database has before any migration: PostgreSQL's `public` schema and built-in
    // plpgsql, SQLite nothing at all.
    let nothing = if t.is_pg() {
        "extension plpgsql in schema pg_catalog\nschema public\n"
    } else {
        ""
    };
    assert_same_schema(
        nothing,
        &empty,
        &format!("{:?}: reset left objects behind", t.backend),
    );

    for migration in Migrator::migrations() {
        step_up_down_and_up_again(t, migration.name()).await;
    }

    assert!(
        Migrator::get_pending_migrations(&t.db)
            .await
            .expect("pending migrations")
            .is_empty()
    );
    assert_same_schema(
        &straight_up,
        &dump(t).await,
        &format!(
            "{:?}: one step at a time builds another schema than all at once",
            t.backend
        ),
    );
}

/// The dump may run inside a caller's transaction: it reads the same, and leaves the
/// transaction writable and its `search_path` as it was (the dump's own are rolled back).
async fn schema_dump_inside_a_transaction_leaves_it_as_it_was(t: &TestDb) {
    let outside = dump(t).await;
    let txn = t.db.begin().await.unwrap();
    let search_path = async |txn: &sea_orm::DatabaseTransaction| -> Option<String> {
        if !t.is_pg() {
            return None;
        }
        let rows = txn
            .query_all_raw(Statement::from_string(t.backend, "SHOW search_path"))
            .await
            .unwrap();
        Some(rows[0].try_get_by_index(0).unwrap())
    };
    let path_before = search_path(&txn).await;
    let inside = schema_dump(&txn).await.unwrap();
    assert_same_schema(
        &outside,
        &inside,
        &format!("{:?}: the dump differs inside a transaction", t.backend),
    );
    assert_eq!(
        search_path(&txn).await,
        path_before,
        "{:?}: the dump leaked its search_path into the caller's transaction",
        t.backend
    );
    txn.execute_unprepared("CREATE TABLE dump_probe (x INTEGER)")
        .await
        .unwrap_or_else(|e| {
            panic!(
                "{:?}: the transaction is no longer writable: {e}",
                t.backend
            )
        });
    txn.rollback().await.unwrap();
}

dual!(
    schema_is_pinned,
    migrations_step_up_and_down_one_at_a_time,
    schema_dump_inside_a_transaction_leaves_it_as_it_was,
);
