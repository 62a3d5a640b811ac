//! Issue 19: the online helpers (`migration::portable::online`) change a table while a writer
//! keeps inserting into it, fail fast when they cannot get their lock, and can be rerun.
//!
//! By topic: a million rows changed under a writer (`under_a_writer`), held and queued locks
//! (`locks`), reruns and the path each backend takes (`reruns`), and a migration using the
//! helpers run through the migrator (`migrator`). The helpers here read the catalog.
use migration::portable::Tbl;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::harness::TestDb;

mod locks;
mod migrator;
mod reruns;
mod under_a_writer;

const LOAD: Tbl = Tbl::new("public", "online_load");

/// `online_load` with a thousand rows, row `g` (1 to 1000) holding `n` = `n_of_g`.
async fn a_thousand_rows(t: &TestDb, n_of_g: &str) {
    t.exec(
        "CREATE TABLE public.online_load (id bigserial PRIMARY KEY, n bigint NOT NULL)",
        vec![],
    )
    .await
    .unwrap();
    t.exec(
        &format!(
            "INSERT INTO public.online_load (n) SELECT {n_of_g} FROM generate_series(1, 1000) g"
        ),
        vec![],
    )
    .await
    .unwrap();
}
const ROWS: i64 = 1_000_000;

/// One connection of its own: a writer that never waits for a pool slot, or a session that
/// holds a lock.
async fn own_connection(t: &TestDb) -> DatabaseConnection {
    let mut options = ConnectOptions::new(t.url.clone());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options).await.expect("connect")
}

async fn index_is_valid(t: &TestDb, name: &str) -> bool {
    let rows = t
        .query(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname = $1",
            vec![name.into()],
        )
        .await;
    assert_eq!(rows.len(), 1, "one index {name}");
    rows[0].try_get("", "indisvalid").expect("indisvalid")
}

async fn constraint_validated(t: &TestDb, name: &str) -> Option<bool> {
    t.query(
        "SELECT convalidated FROM pg_constraint WHERE conname = $1",
        vec![name.into()],
    )
    .await
    .first()
    .map(|row| row.try_get("", "convalidated").expect("convalidated"))
}
