//! Rows whose parent does not exist (`migration::operator::orphans`, `migration check`). SQLite checks
//! foreign keys only on a connection that turns them on: a client that leaves them off (the
//! `sqlite3` shell, Python's `sqlite3`) writes such rows, as a connection opened here with
//! `foreign_keys(false)` does. On PostgreSQL they are written with the foreign-key triggers
//! off (`session_replication_role = replica`, as `copy` writes).
use migration::operator::orphans;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, TransactionTrait};
use uuid::Uuid;

use crate::cli::{one_error_line, run};
use crate::harness::{TestDb, insert_user};

/// A second connection to the SQLite file of `t`, as a client that leaves foreign keys off
/// (checked: sqlx would otherwise turn them on).
pub async fn without_foreign_keys(t: &TestDb) -> DatabaseConnection {
    let mut options = ConnectOptions::new(t.url.clone());
    options
        .max_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| o.foreign_keys(false));
    let db = Database::connect(options).await.unwrap();
    let on = db
        .query_one_raw(sea_orm::Statement::from_string(
            t.backend,
            "PRAGMA foreign_keys",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(on, 0, "foreign keys are still on");
    db
}

/// Runs `sql` as a client that does not check foreign keys: on SQLite a connection with them
/// off, on PostgreSQL a transaction in replica mode.
pub async fn write_unchecked(t: &TestDb, sql: &str, values: Vec<sea_orm::Value>) {
    let statement = sea_orm::Statement::from_sql_and_values(t.backend, sql, values);
    if t.is_pg() {
        let txn = t.db.begin().await.unwrap();
        txn.execute_unprepared("SET LOCAL session_replication_role = replica")
            .await
            .unwrap();
        txn.execute_raw(statement)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        txn.commit().await.unwrap();
    } else {
        let loose = without_foreign_keys(t).await;
        loose
            .execute_raw(statement)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        loose.close().await.unwrap();
    }
}

/// The two orphans of the issue: a meal log whose user does not exist and a recipe ingredient
/// line whose recipe does not exist. Returns (log id, missing user, line id, missing recipe).
pub async fn plant_orphans(t: &TestDb) -> (Uuid, Uuid, Uuid, Uuid) {
    let (log, user, line, recipe) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    write_unchecked(
        t,
        "INSERT INTO meal_logs (id, user_id, logged_at, local_date, meal_slot, name) \
         VALUES ($1, $2, '2026-01-05T12:00:00+00:00', '2026-01-05', 'lunch', 'Ghost lunch')",
        vec![log.into(), user.into()],
    )
    .await;
    write_unchecked(
        t,
        "INSERT INTO recipe_ingredients (id, recipe_id, ingredient_id, quantity, unit, position) \
         VALUES ($1, $2, (SELECT id FROM ingredients ORDER BY name LIMIT 1), 50, 'g', 1)",
        vec![line.into(), recipe.into()],
    )
    .await;
    (log, user, line, recipe)
}

dual!(
    orphans_are_found_named_and_counted,
    check_lists_orphans_and_exits_non_zero
);

async fn orphans_are_found_named_and_counted(t: &TestDb) {
    // A real user with a meal log of no recipe: MATCH SIMPLE, a NULL key references nothing.
    let ada = insert_user(t, "ada", true).await;
    t.exec(
        "INSERT INTO meal_logs (user_id, logged_at, local_date, meal_slot, name) \
         VALUES ($1, '2026-01-05T08:00:00+00:00', '2026-01-05', 'breakfast', 'Toast')",
        vec![ada.into()],
    )
    .await
    .unwrap();
    let clean = orphans::find(&t.db, orphans::SHOWN).await.unwrap();
    assert!(clean.is_empty(), "{clean}");
    assert!(clean.keys_checked > 50, "{clean}");

    let (log, user, line, recipe) = plant_orphans(t).await;
    let found = orphans::find(&t.db, orphans::SHOWN).await.unwrap();
    assert_eq!(found.count(), 2, "{found}");
    let schema = if t.is_pg() { "public." } else { "" };
    let keys: Vec<(String, Vec<String>, String, u64)> = found
        .by_key
        .iter()
        .map(|k| (k.table.clone(), k.columns.clone(), k.parent.clone(), k.rows))
        .collect();
    assert_eq!(
        keys,
        [
            (
                format!("{schema}meal_logs"),
                vec!["user_id".to_owned()],
                format!("{schema}users"),
                1
            ),
            (
                format!("{schema}recipe_ingredients"),
                vec!["recipe_id".to_owned()],
                format!("{schema}recipes"),
                1
            ),
        ]
    );
    let report = found.to_string();
    for line in [
        format!("{schema}meal_logs id={log}: user_id={user} has no row in {schema}users"),
        format!(
            "{schema}recipe_ingredients id={line}: recipe_id={recipe} has no row in {schema}recipes"
        ),
    ] {
        assert!(report.contains(&line), "{line} not in:\n{report}");
    }
    // The first N are named; the count covers every row.
    let one = orphans::find(&t.db, 1).await.unwrap();
    assert_eq!((one.first.len(), one.count()), (1, 2), "{one}");
}

/// `migration check`: the orphans on stdout, one error line, non-zero; then, once they are
/// gone, one line and zero.
async fn check_lists_orphans_and_exits_non_zero(t: &TestDb) {
    let clean = run(&["-u", &t.url, "check"], &[]);
    assert!(clean.ok, "{}", clean.stderr);
    assert!(
        clean.stdout.trim().starts_with("no orphan rows"),
        "{}",
        clean.stdout
    );
    assert_eq!(clean.stdout.trim().lines().count(), 1, "{}", clean.stdout);

    let (log, user, _, _) = plant_orphans(t).await;
    let dirty = run(&["-u", &t.url, "check"], &[]);
    let error = one_error_line(&dirty);
    assert!(
        error.contains("2 references to a parent row that does not exist"),
        "{error}"
    );
    let schema = if t.is_pg() { "public." } else { "" };
    for expected in [
        format!("{schema}meal_logs (user_id) -> {schema}users: 1 row"),
        format!("{schema}recipe_ingredients (recipe_id) -> {schema}recipes: 1 row"),
        format!("{schema}meal_logs id={log}: user_id={user} has no row in {schema}users"),
    ] {
        assert!(dirty.stdout.contains(&expected), "{}", dirty.stdout);
    }

    t.exec("DELETE FROM meal_logs WHERE name = 'Ghost lunch'", vec![])
        .await
        .unwrap();
    t.exec("DELETE FROM recipe_ingredients", vec![])
        .await
        .unwrap();
    let fixed = run(&["-u", &t.url, "check"], &[]);
    assert!(fixed.ok, "{}{}", fixed.stdout, fixed.stderr);
}

/// The proof on PostgreSQL reads each key's MATCH rule and columns from the catalog: MATCH
/// SIMPLE skips a key with any NULL column, MATCH FULL only an all-NULL one; a composite key is
/// compared column by column; a table without a primary key names its rows by `ctid`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_proof_follows_each_keys_match_rule() {
    let Some(t) = TestDb::postgres("orphans_match_rules").await else {
        return;
    };
    for sql in [
        "CREATE TABLE pair_parent (x int, y int, PRIMARY KEY (x, y))",
        "CREATE TABLE pair_full (id int PRIMARY KEY, x int, y int, \
         FOREIGN KEY (x, y) REFERENCES pair_parent MATCH FULL)",
        "CREATE TABLE pair_simple (x int, y int, FOREIGN KEY (x, y) REFERENCES pair_parent)",
        "INSERT INTO pair_parent VALUES (1, 1)",
    ] {
        t.exec(sql, vec![]).await.unwrap();
    }
    for sql in [
        "INSERT INTO pair_full VALUES (1, NULL, NULL), (2, 1, NULL), (3, 5, 5), (4, 1, 1)",
        "INSERT INTO pair_simple VALUES (1, NULL), (NULL, NULL), (5, 5), (1, 1)",
    ] {
        write_unchecked(&t, sql, vec![]).await;
    }
    let keys = orphans::postgres_keys(&t.db).await.unwrap();
    let pair_keys: Vec<_> = keys
        .into_iter()
        .filter(|k| k.table.starts_with("public.pair_"))
        .collect();
    assert_eq!(pair_keys.len(), 2);
    let found = orphans::prove(&t.db, &pair_keys, 10).await.unwrap();
    let rows: Vec<String> = found.first.iter().map(ToString::to_string).collect();
    assert_eq!(
        rows,
        [
            "public.pair_full id=2: x=1, y=NULL has no row in public.pair_parent",
            "public.pair_full id=3: x=5, y=5 has no row in public.pair_parent",
            "public.pair_simple ctid=(0,3): x=5, y=5 has no row in public.pair_parent",
        ],
        "{found}"
    );
}
